package io.payhook.local.cli;

import io.payhook.local.ArchiveTool;
import io.payhook.local.LocalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code ./payhook archive get <id>}, {@code ./payhook archive restore --since T}: the local archive (docs/ARCHIVE.md). */
@Command(name = "archive", header = "Read the archive of expired transactions, or re-import it into the table.",
        description = {"The archive lives under the data directory in the S3 key layout (archive/transactions/v1/...). "
                + "`get` prints a transaction's newest archived record; `restore` puts archived transactions back into the "
                + "table (serve must be stopped)."},
        subcommands = {ArchiveCommand.Get.class, ArchiveCommand.Restore.class})
public final class ArchiveCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("payhook archive: say get <id> or restore --since <time> (payhook archive --help)");
        return PayhookCli.USAGE;
    }

    @Command(name = "get", header = "Print a transaction's newest archived record (one JSON line, personal data sealed).")
    static final class Get implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Parameters(paramLabel = "ID", description = "The transaction id.")
        String id;

        @Override
        public Integer call() {
            return ArchiveTool.get(data.dataDir(), id, System.out, System.err);
        }
    }

    @Command(name = "restore", header = "Re-import the archived transactions changed since a time into the table.",
            description = {"Puts every archived transaction whose last change is at or after --since back into the data "
                    + "directory's table (created if there is none), unless its items are there already: running it twice "
                    + "changes nothing. Restored items expire the retention (PAYHOOK_RETENTION) after the restore. Stop serve first."})
    static final class Restore implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = "--since", required = true, paramLabel = "TIME", converter = Values.Since.class,
                description = "Transactions changed at or after: an ISO-8601 instant (2026-11-22T10:00:00Z) or a time ago (90s, 30m, 2h, 1d).")
        Instant since;

        @Override
        public Integer call() throws Exception {
            LocalConfig config;
            try {
                config = LocalConfig.fromEnvironment(System.getenv(), 0, data.dataDir());
            } catch (IllegalArgumentException e) {
                System.err.println("payhook archive restore: " + e.getMessage());
                return 2;
            }
            return ArchiveTool.restore(config, since, System.out, System.err);
        }
    }
}

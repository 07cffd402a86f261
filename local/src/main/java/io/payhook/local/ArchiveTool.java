package io.payhook.local;

import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.core.archive.ArchiveCodec;
import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.model.Ids;
import io.payhook.core.usecase.RestoreArchive;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** {@code ./payhook archive get|restore} on a data dir (docs/ARCHIVE.md, docs/OPERATIONS.md). */
public final class ArchiveTool {
    private ArchiveTool() {}

    /**
     * Prints the newest archived record of a transaction (one JSON line, personal data sealed). Reads only the archive
     * folder, so it works beside a running {@code serve}. Exit 0, 1 when the archive has no record of it, 2 for a bad id.
     */
    public static int get(Path dataDir, String id, PrintStream out, PrintStream err) {
        if (!Ids.isValid(id)) {
            err.println("payhook archive get: the transaction id is malformed");
            return 2;
        }
        FolderArchive archive = new FolderArchive(dataDir.toAbsolutePath().resolve(LocalSystem.ARCHIVE_DIR), Clock.systemUTC());
        Optional<ArchiveRecord> r = RestoreArchive.newest(archive, id);
        if (r.isEmpty()) {
            err.println("payhook archive get: no archived record of " + id + " under " + archive.root());
            return 1;
        }
        out.print(new String(ArchiveCodec.line(r.get()), StandardCharsets.UTF_8));
        return 0;
    }

    /**
     * Re-imports the archived transactions changed at or after {@code since} into the data dir's table (created if the
     * data dir has none). The table file is for one process: {@code serve} must be stopped. Exit 0, 2 when it cannot run.
     */
    public static int restore(LocalConfig config, Instant since, PrintStream out, PrintStream err) throws IOException {
        Path data = config.dataDir().toAbsolutePath();
        Files.createDirectories(data);
        try (LocalSystem.DataDirLock lock = LocalSystem.DataDirLock.acquire(data);
             LocalDynamo dynamo = new LocalDynamo(data.resolve("dynamodb"))) {
            dynamo.ensureTable(LocalSystem.TABLE);
            Clock clock = Clock.systemUTC();
            var store = new DynamoDbTransactionStore(dynamo.client(), LocalSystem.TABLE, clock, config.retention());
            var archive = new FolderArchive(data.resolve(LocalSystem.ARCHIVE_DIR), clock);
            RestoreArchive.Result r = new RestoreArchive(store, archive, config.retention(), clock).restore(since);
            out.println("restored " + r.transactions() + " transactions (" + r.items() + " items written) changed since " + since
                    + " into " + data);
            return 0;
        } catch (LocalSystem.DataDirInUseException e) {
            err.println("payhook archive restore: " + e.getMessage());
            return 2;
        }
    }
}

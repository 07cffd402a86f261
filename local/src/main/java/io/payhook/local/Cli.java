package io.payhook.local;

import io.payhook.local.cli.PayhookCli;

import java.nio.file.Path;

/**
 * The former entry point, kept only so that callers outside the CLI still work until they move:
 * {@code RestartIT} starts {@code io.payhook.local.Cli serve ...} in a child JVM and
 * {@code FaultInjectionIT} hands {@link Args} to {@link InvariantChecker#run(Args)}. The command line
 * is {@link PayhookCli}.
 *
 * @deprecated use {@link PayhookCli} (and {@link InvariantChecker#run(Path)})
 */
@Deprecated
public final class Cli {
    private Cli() {}

    public static void main(String[] args) {
        PayhookCli.main(args);
    }

    /** Only {@code --data-dir DIR}. @deprecated pass the directory to {@link InvariantChecker#run(Path)} */
    @Deprecated
    record Args(Path dataDir) {
        static Args parse(String[] args) {
            String dir = System.getenv().getOrDefault("PAYHOOK_DATA_DIR", ".payhook/data");
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("--data-dir")) dir = args[i + 1];
            }
            return new Args(Path.of(dir));
        }
    }
}

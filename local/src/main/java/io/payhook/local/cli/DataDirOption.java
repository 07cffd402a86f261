package io.payhook.local.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data-dir}: where a local system keeps its table, mail, key and outbox position. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PAYHOOK_DATA_DIR:-.payhook/data}",
            description = "Data directory (table, mail, key, outbox position). Default: $PAYHOOK_DATA_DIR or .payhook/data.")
    Path dataDir;

    public Path dataDir() { return dataDir; }
}

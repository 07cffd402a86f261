package io.payhook.core.usecase;

import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.model.Retention;
import io.payhook.core.port.Archive;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Re-imports archived transactions into the table ({@code ./payhook archive restore --since T}; docs/OPERATIONS.md): the
 * newest record of every transaction whose last change is at or after {@code since}, each put back through the store's
 * conditional puts (running it twice changes nothing; an item still in the table is kept as it is). Restored items
 * expire the retention after the restore, not after their last change (which may be past its retention already).
 * The newest records are gathered in memory first: one entry per transaction restored.
 */
public final class RestoreArchive {
    private final TransactionStore store;
    private final Archive archive;
    private final Retention retention;
    private final Clock clock;

    /** What a restore did. */
    public record Result(int transactions, int items) {}

    public RestoreArchive(TransactionStore store, Archive archive, Retention retention, Clock clock) {
        this.store = store;
        this.archive = archive;
        this.retention = retention;
        this.clock = clock;
    }

    public Result restore(Instant since) {
        Map<String, ArchiveRecord> newest = new HashMap<>();
        archive.forEachSince(since, r -> {
            if (r.lastChange().isBefore(since)) return;
            newest.merge(r.transactionId(), r, (a, b) -> b.newer(a) ? b : a);
        });
        Instant expiresAt = retention.expiresAt(clock.instant());
        int items = 0;
        for (ArchiveRecord r : newest.values()) items += store.restore(r.transaction(), expiresAt);
        return new Result(newest.size(), items);
    }

    /** The newest record of one transaction in the archive, reading all of it (the local {@code archive get}). */
    public static Optional<ArchiveRecord> newest(Archive archive, String transactionId) {
        ArchiveRecord[] found = new ArchiveRecord[1];
        archive.forEachSince(Instant.EPOCH, r -> {
            if (r.transactionId().equals(transactionId) && (found[0] == null || r.newer(found[0]))) found[0] = r;
        });
        return Optional.ofNullable(found[0]);
    }
}

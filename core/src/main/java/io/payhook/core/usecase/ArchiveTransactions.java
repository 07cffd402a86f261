package io.payhook.core.usecase;

import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.model.Notification;
import io.payhook.core.model.Retention;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Archive;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The archiver (docs/ARCHIVE.md): a transaction is archived when a change leaves it in a
 * {@linkplain ArchiveRecord#isTerminal terminal} status, and when its items expire — then the record is the union of
 * the last archived record, the items removed and what the table still holds, and the transaction's pointer is written
 * after the archive holds the record. A batch's records go into one archive object. After archiving, the items of a
 * changed transaction that would expire before the retention after its last change get their expiry moved forward.
 * Every step is idempotent, so a failed batch is simply retried; nothing is deleted here.
 */
public final class ArchiveTransactions {
    /** Items of one transaction that were removed (the stream's old images). */
    public record Removed(List<StoredEvent> events, List<Notification> notifications) {
        public static final Removed NONE = new Removed(List.of(), List.of());

        public Removed {
            events = List.copyOf(events);
            notifications = List.copyOf(notifications);
        }
    }

    private final TransactionStore store;
    private final Archive archive;
    private final Retention retention;
    private final Clock clock;

    /** @param retention the table's retention, or null when items never expire (then no expiry is moved) */
    public ArchiveTransactions(TransactionStore store, Archive archive, Retention retention, Clock clock) {
        this.store = store;
        this.archive = archive;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * One batch of the table's stream.
     *
     * @param changed ids of transactions an item of which was created or changed
     * @param removed per transaction, the items removed (expired), possibly none known (keys only)
     * @return how many records were archived
     */
    public int handle(Set<String> changed, Map<String, Removed> removed) {
        Set<String> ids = new LinkedHashSet<>(changed);
        ids.addAll(removed.keySet());
        if (ids.isEmpty()) return 0;
        Map<String, Transaction> current = new java.util.HashMap<>(store.loadAll(ids));
        List<ArchiveRecord> records = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        // changed transactions whose items expired before (pointers: one batched read for the batch; most have none)
        List<String> live = changed.stream().filter(id -> !removed.containsKey(id) && current.containsKey(id)).toList();
        Map<String, Archive.Location> pointers = live.isEmpty() ? Map.of() : store.archivedAll(live);
        for (String id : changed) {
            if (removed.containsKey(id)) continue; // archived below, as expired
            Transaction t = resurrect(current.get(id), pointers.get(id));
            if (t != current.get(id)) current.put(id, t);
            if (t != null && ArchiveRecord.isTerminal(t.status())) records.add(new ArchiveRecord(t, ArchiveRecord.Reason.TERMINAL, clock.instant()));
        }
        for (Map.Entry<String, Removed> e : removed.entrySet()) {
            Optional<Transaction> merged = merge(e.getKey(), e.getValue(), current.get(e.getKey()));
            if (merged.isEmpty()) continue;
            records.add(new ArchiveRecord(merged.get(), ArchiveRecord.Reason.EXPIRED, clock.instant()));
            expired.add(e.getKey());
        }
        if (!records.isEmpty()) {
            List<Archive.Location> at = archive.put(records);
            // pointers only once the archive holds the records
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).reason() == ArchiveRecord.Reason.EXPIRED) store.recordArchived(records.get(i).transactionId(), at.get(i));
            }
        }
        if (retention != null) {
            for (String id : changed) {
                Transaction t = current.get(id);
                if (t == null || removed.containsKey(id)) continue;
                Instant target = retention.expiresAt(ArchiveRecord.lastChange(t));
                // each item was given the expiry of its own write: read and move them only when one lags (rounded to a
                // day for long retentions, a transaction whose items were all written on one day never does)
                if (earliestWrittenExpiry(t).isBefore(target)) store.extendExpiry(id, target);
            }
        }
        return records.size();
    }

    /**
     * A transaction that changes after its items expired (a late refund or chargeback, or a change that landed while
     * TTL was deleting its items) gets the expired items back from the archive (conditional puts: what the table holds
     * stays), so the table holds all of it again, with the retention running from now: its history, its status and
     * {@code GET} are whole again.
     */
    private Transaction resurrect(Transaction inTable, Archive.Location at) {
        if (inTable == null || at == null) return inTable;
        Transaction archived = archive.read(at).transaction();
        Map<String, StoredEvent> events = new LinkedHashMap<>();
        Map<String, Notification> notifications = new LinkedHashMap<>();
        add(archived.events(), archived.notifications(), events, notifications);
        add(inTable.events(), inTable.notifications(), events, notifications);
        if (events.size() == inTable.events().size() && notifications.size() == inTable.notifications().size()) return inTable;
        Transaction whole = Transaction.fold(List.copyOf(events.values()), List.copyOf(notifications.values()));
        store.restore(whole, retention == null ? clock.instant() : retention.expiresAt(clock.instant()));
        return whole;
    }

    /**
     * A lower bound of the earliest expiry the transaction's items were written with: each event's from its receipt,
     * each notification's from its request (an outcome written later only moved that one further).
     */
    private Instant earliestWrittenExpiry(Transaction t) {
        Instant min = null;
        for (StoredEvent e : t.events()) {
            Instant x = retention.expiresAt(e.receivedAt());
            if (min == null || x.isBefore(min)) min = x;
        }
        for (Notification n : t.notifications()) {
            Instant x = retention.expiresAt(n.requestedAt());
            if (min == null || x.isBefore(min)) min = x;
        }
        return min == null ? Instant.MIN : min;
    }

    /**
     * Archives a transaction whose items are about to be deleted (the local sweep, before it deletes them); returns once
     * the archive holds it and its pointer is written. Throws when either cannot be written: then nothing may be deleted.
     */
    public void beforeRemoval(String transactionId) {
        handle(Set.of(), Map.of(transactionId, Removed.NONE));
    }

    /** Last archived record ∪ removed items ∪ what the table holds; the later source wins for an item in several. */
    private Optional<Transaction> merge(String id, Removed removed, Transaction inTable) {
        Map<String, StoredEvent> events = new LinkedHashMap<>();
        Map<String, Notification> notifications = new LinkedHashMap<>();
        store.archived(id).map(archive::read).ifPresent(r -> add(r.transaction().events(), r.transaction().notifications(), events, notifications));
        add(removed.events(), removed.notifications(), events, notifications);
        if (inTable != null) add(inTable.events(), inTable.notifications(), events, notifications);
        if (events.isEmpty()) return Optional.empty();
        return Optional.of(Transaction.fold(List.copyOf(events.values()), List.copyOf(notifications.values())));
    }

    private static void add(List<StoredEvent> es, List<Notification> ns, Map<String, StoredEvent> events, Map<String, Notification> notifications) {
        for (StoredEvent e : es) events.put(e.provider() + "#" + e.eventId(), e);
        for (Notification n : ns) notifications.put(n.notificationId(), n);
    }
}

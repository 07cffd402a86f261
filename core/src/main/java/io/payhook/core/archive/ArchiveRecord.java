package io.payhook.core.archive;

import io.payhook.core.model.Notification;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * One transaction as the archive keeps it: self-contained (its events and notifications, personal data still sealed,
 * card data masked as stored). Records are immutable; a transaction archived again gets a newer record, and a reader
 * keeps the one with the latest {@link #lastChange} (then {@link #archivedAt}) — see {@link #newer}.
 *
 * @param transaction the transaction as it was when archived
 * @param reason      why it was archived
 * @param archivedAt  when the record was written
 */
public record ArchiveRecord(Transaction transaction, Reason reason, Instant archivedAt) {
    /** The record format (the {@code format} field of the JSON). */
    public static final String FORMAT = "payhook.archive/1";

    /** Why a record was written. */
    public enum Reason {
        /** A change left the transaction in a {@linkplain #isTerminal terminal} status. */
        TERMINAL,
        /** Its items expired (the stream's TTL REMOVE records, or the local sweep). */
        EXPIRED;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * Statuses after which a transaction is archived: those that confirm to the customer (FAILED, CANCELED, SUCCEEDED,
     * PARTIALLY_REFUNDED, REFUNDED). PENDING and AUTHORIZED are on their way, DISPUTED is open. Not final: a refund, a
     * reversal or a dispute may follow, and every change that leaves the transaction in one of these writes a new record.
     */
    public static final Set<Status> TERMINAL = Set.copyOf(EnumSet.of(Status.FAILED, Status.CANCELED, Status.SUCCEEDED,
            Status.PARTIALLY_REFUNDED, Status.REFUNDED));

    public ArchiveRecord {
        if (transaction == null || reason == null || archivedAt == null) throw new IllegalArgumentException("incomplete archive record");
    }

    public static boolean isTerminal(Status s) { return s != null && TERMINAL.contains(s); }

    public String transactionId() { return transaction.transactionId(); }

    /** The transaction's last change: its latest event, or the latest request or sending of one of its notifications. */
    public Instant lastChange() { return lastChange(transaction); }

    /** {@link #lastChange()} of a transaction. */
    public static Instant lastChange(Transaction t) {
        Instant last = t.updatedAt();
        for (Notification n : t.notifications()) {
            if (n.requestedAt() != null && n.requestedAt().isAfter(last)) last = n.requestedAt();
            if (n.sentAt() != null && n.sentAt().isAfter(last)) last = n.sentAt();
        }
        return last;
    }

    /** Whether this record supersedes {@code other} (same transaction): later last change, then later archiving. */
    public boolean newer(ArchiveRecord other) {
        int c = lastChange().compareTo(other.lastChange());
        if (c != 0) return c > 0;
        c = Integer.compare(transaction.events().size() + transaction.notifications().size(),
                other.transaction.events().size() + other.transaction.notifications().size());
        if (c != 0) return c > 0;
        return archivedAt.isAfter(other.archivedAt);
    }
}

package io.payhook.core.port;

import io.payhook.core.audit.AuditRecord;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail (PCI DSS 10.2): append-only records of who read or changed payment data. In AWS the
 * {@code payment_audit-<env>} table, written only by conditional puts; the function roles may not update or delete.
 */
public interface AuditLog {
    /**
     * Appends a record; never replaces one (a record with the same target and sort key is refused).
     *
     * @throws io.payhook.core.error.AuditUnavailableException when the record was not written, for whatever reason
     */
    void append(AuditRecord record);

    /**
     * The records of one target or one principal, newest first: at most {@code limit}, from the record after
     * {@code after} (exclusive; null: from the newest), with {@code from ≤ at < to}.
     *
     * @throws io.payhook.core.error.AuditUnavailableException when the trail cannot be read
     */
    List<AuditRecord> query(Query query);

    /** How a query finds its records. */
    enum By { TARGET, PRINCIPAL }

    /**
     * @param by    the target's partition, or the principal's index
     * @param value the target ({@code txn#<id>}) or the principal
     * @param from  inclusive lower bound of {@code at}, or null
     * @param to    exclusive upper bound of {@code at}, or null
     * @param limit at most this many records, at least 1
     * @param after the last record of the previous page, or null
     */
    record Query(By by, String value, Instant from, Instant to, int limit, AuditRecord.Key after) {
        public Query {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(value, "value");
            if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        }

        /** Whether a record lies within {@code from}/{@code to}. */
        public boolean inWindow(Instant at) {
            return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }
    }
}

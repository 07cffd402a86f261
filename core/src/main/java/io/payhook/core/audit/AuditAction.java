package io.payhook.core.audit;

/**
 * What an audited call did (PCI DSS 10.2: every access to payment data). The {@link #wire} name is stored
 * in each record and filterable by nothing but what {@code GET /audit} returns.
 */
public enum AuditAction {
    /** {@code GET /transactions/{id}}: one transaction read. */
    GET("get"),
    /** {@code GET /transactions}: a search; the target is {@link AuditTarget#SEARCH}, the filter in the record's query. */
    SEARCH("search"),
    /** {@code POST /transactions/{id}/notify}: a notification requested. */
    NOTIFY("notify"),
    /** {@code POST /notifications/redrive}: dead-lettered notifications moved back to the queue. */
    REDRIVE("redrive"),
    /** {@code GET /notifications/redrive}: the latest redrive's progress read. */
    REDRIVE_GET("redrive.get"),
    /** {@code GET /notifications}: the notifications in one status listed; the target names the status. */
    LIST_NOTIFICATIONS("notifications.list"),
    /** A bulk re-notify job started. */
    REPLAY_CREATE("replay.create"),
    /** A bulk re-notify job's progress read. */
    REPLAY_GET("replay.get"),
    /** {@code GET /audit}: the audit trail read (it is audited too). */
    AUDIT_READ("audit.read");

    public final String wire;

    AuditAction(String wire) { this.wire = wire; }

    /** The action of a stored wire name. */
    public static AuditAction fromWire(String wire) {
        for (AuditAction a : values()) if (a.wire.equals(wire)) return a;
        throw new IllegalArgumentException("unknown audit action '" + wire + "'");
    }
}

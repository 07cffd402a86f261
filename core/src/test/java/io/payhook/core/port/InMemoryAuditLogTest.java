package io.payhook.core.port;

/** The audit log contract against the in-memory log the unit tests use. */
class InMemoryAuditLogTest extends AuditLogContract {
    private final InMemoryAuditLog log = new InMemoryAuditLog();

    @Override
    protected AuditLog log() { return log; }
}

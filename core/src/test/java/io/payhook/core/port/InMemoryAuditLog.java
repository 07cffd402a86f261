package io.payhook.core.port;

import io.payhook.core.audit.AuditRecord;
import io.payhook.core.error.AuditUnavailableException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The audit log of the unit tests: a map keyed like the table (target, sort key); held to {@link AuditLogContract}. */
public final class InMemoryAuditLog implements AuditLog {
    private final ConcurrentMap<AuditRecord.Key, AuditRecord> records = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** While down, every call fails as an unreachable table does. */
    public void down(boolean down) { this.down = down; }

    public List<AuditRecord> all() { return List.copyOf(records.values()); }

    @Override
    public void append(AuditRecord record) {
        if (down) throw new AuditUnavailableException("the audit log is down", null);
        if (records.putIfAbsent(record.key(), record) != null) {
            throw new AuditUnavailableException("an audit record with this key exists", null);
        }
    }

    @Override
    public List<AuditRecord> query(Query q) {
        if (down) throw new AuditUnavailableException("the audit log is down", null);
        Comparator<AuditRecord> newestFirst = Comparator.comparing(AuditRecord::sortKey).thenComparing(AuditRecord::target).reversed();
        List<AuditRecord> matching = new ArrayList<>(records.values().stream()
                .filter(r -> q.by() == By.TARGET ? r.target().equals(q.value()) : r.principal().equals(q.value()))
                .filter(r -> q.inWindow(r.at()))
                .sorted(newestFirst).toList());
        if (q.after() != null) {
            AuditRecord.Key a = q.after();
            matching.removeIf(r -> {
                int c = r.sortKey().compareTo(a.sortKey());
                return c > 0 || (c == 0 && r.target().compareTo(a.target()) >= 0);
            });
        }
        return List.copyOf(matching.subList(0, Math.min(q.limit(), matching.size())));
    }
}

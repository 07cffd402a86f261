package io.payhook.core.usecase;

import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.error.AuditUnavailableException;
import io.payhook.core.port.AuditLog;

import java.time.Clock;
import java.util.Objects;

/**
 * Writes one call's audit record before the call is answered. Any failure to write it is an
 * {@link AuditUnavailableException}: the caller's answer is then withheld (503 {@code audit_unavailable}).
 */
public final class RecordAudit {
    private final AuditLog log;
    private final Clock clock;

    public RecordAudit(AuditLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What an audited route declares about a call before it is answered.
     *
     * @param target the record's partition ({@link io.payhook.core.audit.AuditTarget})
     * @param query  the canonical filter ({@link io.payhook.core.audit.AuditTarget#query}), or empty
     */
    public record Entry(AuditAction action, String target, String query) {
        public Entry {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            query = query == null ? "" : query;
        }
    }

    /**
     * Appends the record of a call answered with {@code httpStatus} (and {@code error}, its code, when it failed).
     *
     * @return the record written
     * @throws AuditUnavailableException when it could not be written
     */
    public AuditRecord record(Entry entry, String principal, String requestId, int httpStatus, String error) {
        AuditRecord r = new AuditRecord(principal, entry.action(), entry.target(), entry.query(), clock.instant(), requestId,
                AuditRecord.outcome(httpStatus), error);
        try {
            log.append(r);
        } catch (AuditUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AuditUnavailableException("the audit record could not be written: " + e.getClass().getSimpleName(), e);
        }
        return r;
    }
}

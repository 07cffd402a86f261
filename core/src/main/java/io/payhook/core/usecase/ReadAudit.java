package io.payhook.core.usecase;

import io.payhook.core.audit.AuditRecord;
import io.payhook.core.audit.AuditTarget;
import io.payhook.core.error.AuditUnavailableException;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.paging.Cursors;
import io.payhook.core.port.AuditLog;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /audit}: the records of one transaction or one principal, newest first, paged with {@link Cursors}
 * (a cursor opens only under the same filter). Exactly one of {@code transaction_id} and {@code principal};
 * {@code from} (inclusive) and {@code to} (exclusive) ISO-8601 instants; {@code limit} 1–100 (default 25).
 */
public final class ReadAudit {
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    static final Set<String> PARAMETERS = Set.of("transaction_id", "principal", "from", "to", "limit", "cursor");
    private static final String SORT_KEY = "sort_key";
    private static final String TARGET = "target";

    private final AuditLog log;
    private final Cursors cursors;

    public ReadAudit(AuditLog log, Cursors cursors) {
        this.log = Objects.requireNonNull(log, "log");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
    }

    /** One page, and the cursor of the next (null after the last). */
    public record Page(List<AuditRecord> records, String nextCursor) {}

    /**
     * @param parameters the query string's parameters (null: none)
     * @throws PayhookException 400 for a missing, unknown or bad parameter or a cursor of another query;
     *                          503 {@code audit_unavailable} when the trail cannot be read
     */
    public Page handle(Map<String, String> parameters) {
        Map<String, String> p = parameters == null ? Map.of() : parameters;
        for (String name : p.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new PayhookException(ErrorCode.INVALID_FIELD, "Unknown query parameter; use transaction_id or principal, from, to, limit, cursor.");
            }
        }
        String txn = p.get("transaction_id");
        String principal = p.get("principal");
        if ((txn == null) == (principal == null)) {
            throw new PayhookException(txn == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
                    "Exactly one of the query parameters transaction_id and principal is required.");
        }
        AuditLog.By by;
        String value;
        if (txn != null) {
            if (!Ids.isValid(txn)) throw new PayhookException(ErrorCode.INVALID_ID, "The transaction id is malformed.");
            by = AuditLog.By.TARGET;
            value = AuditTarget.transaction(txn);
        } else {
            if (principal.isBlank() || principal.length() > 2048 || principal.chars().anyMatch(Character::isISOControl)) {
                throw new PayhookException(ErrorCode.INVALID_FIELD, "Query parameter 'principal' must be an IAM ARN or an access key id.");
            }
            by = AuditLog.By.PRINCIPAL;
            value = principal;
        }
        Instant from = instant(p, "from");
        Instant to = instant(p, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Query parameter 'from' must be before 'to'.");
        }
        int limit = limit(p.get("limit"));
        // the filter (the principal encoded: its text never reads as another parameter)
        String scope = "GET /audit?by=" + by + "&value=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                + "&from=" + (from == null ? "" : from) + "&to=" + (to == null ? "" : to);
        AuditRecord.Key after = null;
        if (p.containsKey("cursor")) {
            Map<String, String> position = cursors.open(scope, p.get("cursor"));
            if (!position.containsKey(TARGET) || !position.containsKey(SORT_KEY)) throw new PayhookException(ErrorCode.INVALID_CURSOR);
            after = new AuditRecord.Key(position.get(TARGET), position.get(SORT_KEY));
        }
        List<AuditRecord> found;
        try {
            found = log.query(new AuditLog.Query(by, value, from, to, limit + 1, after));
        } catch (AuditUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AuditUnavailableException("the audit trail could not be read: " + e.getClass().getSimpleName(), e);
        }
        if (found.size() <= limit) return new Page(List.copyOf(found), null);
        List<AuditRecord> page = List.copyOf(found.subList(0, limit));
        AuditRecord.Key last = page.get(limit - 1).key();
        return new Page(page, cursors.seal(scope, Map.of(TARGET, last.target(), SORT_KEY, last.sortKey())));
    }

    private static Instant instant(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new PayhookException(ErrorCode.INVALID_FIELD,
                    "Query parameter '" + name + "' must be an ISO-8601 instant, e.g. 2026-12-02T07:00:00Z.");
        }
    }

    private static int limit(String v) {
        if (v == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new PayhookException(ErrorCode.INVALID_FIELD, "Query parameter 'limit' must be an integer from 1 to " + MAX_LIMIT + ".");
    }
}

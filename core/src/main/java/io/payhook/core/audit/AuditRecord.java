package io.payhook.core.audit;

import io.payhook.core.protection.CardData;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One audited call (PCI DSS 10.2.1–10.2.2, 10.3): who, what, on which target, when, under which request, and how it
 * ended. It holds no personal data and no card number: targets and queries are built by {@link AuditTarget}, the
 * principal is an IAM ARN or an access key id (card numbers masked all the same).
 *
 * @param principal the caller: the IAM user or role ARN API Gateway authorised (locally the SigV4 access key id)
 * @param action    what the call did
 * @param target    the partition the record is kept under ({@link AuditTarget})
 * @param query     the canonical filter of a search or audit read ({@link AuditTarget#query}), else empty
 * @param at        when the call was answered (milliseconds kept)
 * @param requestId the API Gateway request id (the log lines' {@code request_id})
 * @param outcome   the answer's HTTP status class: {@code 2xx}, {@code 4xx} or {@code 5xx}
 * @param error     the answer's error code ({@code not_found}), or null for a success
 */
public record AuditRecord(String principal, AuditAction action, String target, String query, Instant at, String requestId,
                          String outcome, String error) {
    /** Longest principal kept (IAM ARNs are at most 2048 characters). */
    static final int MAX_PRINCIPAL = 2048;
    private static final java.util.regex.Pattern UUID_SHAPE =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public AuditRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        if (!outcome.matches("[1-5]xx")) throw new IllegalArgumentException("outcome must be a status class like 2xx");
        principal = principal == null || principal.isBlank() ? "unknown" : CardData.maskPans(principal.length() > MAX_PRINCIPAL
                ? principal.substring(0, MAX_PRINCIPAL) : principal);
        // a UUID (API Gateway's and the local gateway's request ids) is kept as it is: its hex digits can pass the card
        // number check by chance, and a masked id no longer joins the record to its log lines
        requestId = requestId == null || requestId.isBlank() ? "-"
                : UUID_SHAPE.matcher(requestId).matches() ? requestId : CardData.maskPans(requestId);
        query = query == null ? "" : query;
        at = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The status class of an HTTP status: {@code 503} → {@code 5xx}. */
    public static String outcome(int httpStatus) {
        if (httpStatus < 100 || httpStatus > 599) throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        return (httpStatus / 100) + "xx";
    }

    /** The sort key within a target (and within a principal): {@code <at, fixed-width ISO-8601 UTC>#<request id>}. */
    public String sortKey() { return time(at) + "#" + requestId; }

    /** Where a record is in its target's (and its principal's) order: what a cursor holds. */
    public Key key() { return new Key(target, sortKey()); }

    /** {@code 2026-12-02T07:00:00.000Z}: fixed width, so the string order is the time order. */
    public static String time(Instant t) { return FIXED.format(t); }

    /** A record's place: its target and its sort key. */
    public record Key(String target, String sortKey) {
        public Key {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(sortKey, "sortKey");
        }
    }
}

package io.payhook.core.model;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * How long a transaction's items stay in the table after its last change ({@code PAYHOOK_RETENTION}, an ISO-8601
 * duration such as {@code P90D} or {@code PT30S}); then they expire (DynamoDB TTL, or the local sweep) and the
 * transaction is read from the archive (docs/ARCHIVE.md).
 *
 * @param period the retention, positive
 */
public record Retention(Duration period) {
    /** From this retention on, expiry times are rounded up to a whole UTC day (items of one day expire together). */
    public static final Duration DAY_ROUNDING_FROM = Duration.ofDays(7);

    public Retention {
        if (period == null || period.isNegative() || period.isZero()) throw new IllegalArgumentException("the retention must be positive");
    }

    /** Parses an ISO-8601 duration ({@code P90D}, {@code P400D}, {@code PT10S}); days are 24 hours. */
    public static Retention parse(String iso) {
        if (iso == null || iso.isBlank()) throw new IllegalArgumentException("the retention is empty");
        try {
            return new Retention(Duration.parse(iso.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the retention is not an ISO-8601 duration (e.g. P90D, PT30S): " + iso.trim());
        }
    }

    /**
     * When an item changed at {@code changedAt} expires: {@code changedAt} + the retention, rounded up to the next
     * whole UTC day when the retention is {@link #DAY_ROUNDING_FROM} or more, else to the next whole second.
     */
    public Instant expiresAt(Instant changedAt) {
        Instant t = changedAt.plus(period);
        ChronoUnit unit = period.compareTo(DAY_ROUNDING_FROM) >= 0 ? ChronoUnit.DAYS : ChronoUnit.SECONDS;
        Instant floor = t.truncatedTo(unit);
        return floor.equals(t) ? t : floor.plus(1, unit);
    }

    @Override
    public String toString() { return period.toString(); }
}

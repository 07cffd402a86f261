package io.payhook.core.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What search returns of a transaction: its current state without its history — the projection the search indexes
 * are built on ({@link io.payhook.core.usecase.ProjectTransactionSummary} keeps it from the stored events).
 *
 * @param status     the transaction's status name, or {@link #NO_STATUS} while every event so far was ignored
 * @param customerId as the protection gate let it through (masked), or null
 * @param eventCount how many events the fold that made it had: its version — a summary never replaces one with more
 * @param risk       the risk level of the transaction's last screen ({@code low}, {@code elevated}, {@code high}), or null
 *                   before its first
 * @param riskVersion the version of that finding ({@link Risk#version}), 0 without one: with as many events, a summary
 *                   replaces one with an older finding
 */
public record TransactionSummary(
        String transactionId,
        String provider,
        String merchant,
        String status,
        Money amount,
        String customerId,
        Instant createdAt,
        Instant updatedAt,
        long eventCount,
        String risk,
        long riskVersion) {

    /** A summary of a transaction not screened yet. */
    public TransactionSummary(String transactionId, String provider, String merchant, String status, Money amount,
                              String customerId, Instant createdAt, Instant updatedAt, long eventCount) {
        this(transactionId, provider, merchant, status, amount, customerId, createdAt, updatedAt, eventCount, null, 0);
    }

    /**
     * Whether this summary is newer than {@code other} (a summary of the same transaction): more events, or as many and a
     * newer risk finding. {@link io.payhook.core.port.SummaryStore#put} writes only a newer one.
     */
    public boolean newerThan(TransactionSummary other) {
        return other == null || eventCount > other.eventCount || (eventCount == other.eventCount && riskVersion > other.riskVersion);
    }

    /** The status of a transaction none of whose events reported one (every event ignored). */
    public static final String NO_STATUS = "NONE";

    /** Fixed width, so keys sort as times do: {@code 2026-12-02T07:26:57.000000000Z}. */
    private static final DateTimeFormatter KEY_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The summary of a folded transaction. */
    public static TransactionSummary of(Transaction t) {
        return new TransactionSummary(t.transactionId(), t.provider(), t.merchant(),
                t.status() == null ? NO_STATUS : t.status().name(), t.amount(), t.customerId(), t.createdAt(), t.updatedAt(),
                t.events().size(), t.risk() == null ? null : t.risk().level().wire(), t.risk() == null ? 0 : t.risk().version());
    }

    /** The sort key of every created-ordered index: {@code <created_at fixed width>#<transaction id>}, never changes. */
    public String createdKey() { return keyTime(createdAt) + "#" + transactionId; }

    /** The sort key of {@code by_updated_day}: {@code <updated_at fixed width>#<transaction id>}. */
    public String updatedKey() { return keyTime(updatedAt) + "#" + transactionId; }

    /** The partition of {@code by_updated_day}: {@code yyyy-MM-dd} (UTC) of updated_at. */
    public String updatedDay() { return day(updatedAt); }

    /** A time as it starts a sort key. */
    public static String keyTime(Instant i) { return KEY_TIME.format(i); }

    /** A time's day as {@code by_updated_day} partitions it. */
    public static String day(Instant i) { return DAY.format(i); }
}

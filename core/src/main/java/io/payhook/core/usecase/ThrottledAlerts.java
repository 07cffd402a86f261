package io.payhook.core.usecase;

import io.payhook.core.port.Alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Aggregates bursts: at most one alert per kind and payment (or provider) per window — the first of
 * the window is delivered, the rest of it are counted by nobody and dropped. The window's claim is kept
 * by a ledger with an atomic "first one wins" (a conditional write in the table, across every function
 * instance).
 */
public final class ThrottledAlerts implements Alerts {

    /** Claims the window of an aggregation key. */
    public interface Ledger {
        /** Atomically records that {@code key} alerted in the window starting at {@code windowStart}; false if one already did. */
        boolean claim(String key, Instant windowStart, Instant expiresAt);
    }

    private final Alerts delivery;
    private final Ledger ledger;
    private final Duration window;
    private final Clock clock;

    public ThrottledAlerts(Alerts delivery, Ledger ledger, Duration window, Clock clock) {
        this.delivery = delivery;
        this.ledger = ledger;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean raise(Alert alert) {
        long w = window.toMillis();
        Instant now = clock.instant();
        Instant start = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), w));
        try {
            if (!ledger.claim(alert.aggregationKey(), start, start.plus(window).plus(window))) return false;
            return delivery.raise(alert);
        } catch (RuntimeException e) {
            return false; // an alert that cannot be sent never fails the work that raised it
        }
    }

    /** A ledger in memory (one process: tests, tools). */
    public static Ledger inMemory() {
        java.util.Map<String, Instant> claimed = new java.util.concurrent.ConcurrentHashMap<>();
        Function<String, String> k = s -> s;
        return (key, windowStart, expiresAt) -> claimed.putIfAbsent(k.apply(key) + "@" + windowStart.toEpochMilli(), expiresAt) == null;
    }
}

package io.payhook.core.usecase;

import io.payhook.core.port.TransactionSearch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * After an outage: request the customer notification again for every transaction that
 * received an event at or after {@code since}. Each request is a new notification (the
 * operator decided to re-send); it flows through the outbox like any other. The transactions come from the
 * summary projection's {@code by_updated_day} index (no scan), so an event stored in the last moment before
 * the call (the projection's lag, docs/BENCHMARKS.md) may be left out.
 */
public final class ReplayNotifications {
    private final TransactionSearch summaries;
    private final RequestNotification notifications;
    private final Clock clock;

    public ReplayNotifications(TransactionSearch summaries, RequestNotification notifications, Clock clock) {
        this.summaries = summaries;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * @param progress called with the running count after each request
     * @return how many notifications were requested
     */
    public int handle(Instant since, IntConsumer progress) {
        List<String> ids = new ArrayList<>();
        summaries.forEachUpdatedSince(since, clock.instant(), ids::add);
        int n = 0;
        for (String id : ids) {
            notifications.handle(id, "replay since " + since);
            progress.accept(++n);
        }
        return n;
    }
}

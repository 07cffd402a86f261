package io.payhook.core.usecase;

import io.payhook.core.port.TransactionStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * After an outage: request the customer notification again for every transaction that
 * received an event at or after {@code since}. Each request is a new notification (the
 * operator decided to re-send); it flows through the outbox like any other.
 */
public final class ReplayNotifications {
    private final TransactionStore store;
    private final RequestNotification notifications;

    public ReplayNotifications(TransactionStore store, RequestNotification notifications) {
        this.store = store;
        this.notifications = notifications;
    }

    /**
     * @param progress called with the running count after each request
     * @return how many notifications were requested
     */
    public int handle(Instant since, IntConsumer progress) {
        List<String> ids = new ArrayList<>();
        store.forEachTransactionChangedSince(since, ids::add);
        int n = 0;
        for (String id : ids) {
            notifications.handle(id, "replay since " + since);
            progress.accept(++n);
        }
        return n;
    }
}

package io.payhook.core.usecase;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.NotificationQueue;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;

/**
 * Turns the store's changes (its stream: the outbox) into notification work. Every step is
 * idempotent, so a change seen twice — a stream redelivery, a replay after a crash — has no
 * second effect:
 * <ul>
 *   <li>an event stored → if the transaction now has a customer-relevant status and an email,
 *       record the automatic confirmation for that status (deterministic id, conditional create);</li>
 *   <li>a notification recorded as QUEUED → put it on the queue (the sender skips sent ones).</li>
 * </ul>
 * A failure (queue down) is thrown so the caller does not advance past the change.
 */
public final class ProcessOutbox {

    /** A change seen on the store's stream. */
    public sealed interface Change {
        String transactionId();
    }

    /** A new event item was written. */
    public record EventStored(String transactionId) implements Change {}

    /** A notification item was written or changed; {@code status} is its new status. */
    public record NotificationChanged(String transactionId, String notificationId, NotificationStatus status,
                                      boolean created) implements Change {}

    private final TransactionStore store;
    private final NotificationQueue queue;
    private final Clock clock;

    public ProcessOutbox(TransactionStore store, NotificationQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    public void handle(Change change) {
        switch (change) {
            case EventStored e -> onEvent(e.transactionId());
            case NotificationChanged n -> {
                if (n.created() && n.status() == NotificationStatus.QUEUED) {
                    queue.enqueue(new NotificationQueue.Message(n.transactionId(), n.notificationId()));
                }
            }
        }
    }

    /** Records the automatic confirmation for the transaction's current status, if one is due. */
    public void onEvent(String transactionId) {
        Transaction t = store.load(transactionId).orElse(null);
        if (t == null || t.status() == null || !t.status().notifiesCustomer() || t.customerEmail() == null) return;
        String id = Transaction.autoNotificationId(t.transactionId(), t.status());
        if (t.notifications().stream().anyMatch(n -> n.notificationId().equals(id))) return;
        store.createNotification(new Notification(id, t.transactionId(), "email", NotificationStatus.QUEUED,
                "status_changed", t.status(), clock.instant(), null, 0));
    }

    /**
     * Recovery after a restart of a system whose queue does not survive one (local mode): every
     * notification still QUEUED is queued again, every transaction gets its due confirmation.
     *
     * @return how many notifications were queued again
     */
    public int recover() {
        store.forEachTransactionChangedSince(java.time.Instant.EPOCH, this::onEvent);
        int[] n = {0};
        store.forEachNotification(NotificationStatus.QUEUED, q -> {
            queue.enqueue(new NotificationQueue.Message(q.transactionId(), q.notificationId()));
            n[0]++;
        });
        return n[0];
    }
}

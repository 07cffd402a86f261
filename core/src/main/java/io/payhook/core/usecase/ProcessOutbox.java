package io.payhook.core.usecase;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.NotificationQueue;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * A new event item was written.
     *
     * @param mayMakeConfirmationDue false only for an event with neither a customer-notifying status,
     *     nor a reversal, nor a customer email: the transaction's status is then unchanged or moved to a
     *     status that confirms nothing, and its email comes from its events, so such an event cannot make
     *     a confirmation due that was not due before — the transaction is not read for it (one store
     *     read less per event)
     */
    public record EventStored(String transactionId, boolean mayMakeConfirmationDue, Dispute dispute) implements Change {
        public EventStored(String transactionId, boolean mayMakeConfirmationDue) { this(transactionId, mayMakeConfirmationDue, null); }

        /**
         * From what the stored event itself says; a dispute or chargeback is named for the operations alert.
         *
         * @param reverses whether the event takes statuses back (a reversal moves the transaction's status)
         */
        public static EventStored of(String transactionId, String provider, String eventId, Status status, boolean reverses,
                                     boolean hasEmail) {
            return new EventStored(transactionId, hasEmail || reverses || (status != null && status.notifiesCustomer()),
                    status == Status.DISPUTED ? new Dispute(provider, eventId) : null);
        }
    }

    /** The event reported a dispute or chargeback (operations hear of it, naming the payment). */
    public record Dispute(String provider, String eventId) {}

    /** A notification item was written or changed; {@code status} is its new status. */
    public record NotificationChanged(String transactionId, String notificationId, NotificationStatus status,
                                      boolean created) implements Change {}

    private final TransactionStore store;
    private final NotificationQueue queue;
    private final Clock clock;
    private final Alerts alerts;

    /** Without operations alerts (unit tests). */
    public ProcessOutbox(TransactionStore store, NotificationQueue queue, Clock clock) {
        this(store, queue, clock, Alerts.NONE);
    }

    public ProcessOutbox(TransactionStore store, NotificationQueue queue, Clock clock, Alerts alerts) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.alerts = alerts;
    }

    /** One change on its own: a transaction it may make a confirmation due for is read now. */
    public void handle(Change change) { handle(change, NOTHING_READ); }

    /**
     * What a batch of changes needs read: the transactions its events may make a confirmation due
     * for, read together ({@link TransactionStore#loadAll}) after every change in the batch was
     * written, so one look per transaction covers all of the batch's events.
     */
    public ReadAhead readAhead(List<? extends Change> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (Change c : batch) {
            if (c instanceof EventStored e && e.mayMakeConfirmationDue()) ids.add(e.transactionId());
        }
        return new ReadAhead(ids, ids.isEmpty() ? Map.of() : store.loadAll(ids), new HashSet<>());
    }

    /** Transactions read for one batch; each is looked at once. */
    public record ReadAhead(Set<String> read, Map<String, Transaction> transactions,
                            Set<String> done) {}

    private static final ReadAhead NOTHING_READ = new ReadAhead(Set.of(), Map.of(), Set.of());

    /** {@link #handle} for a change of a batch whose transactions were read by {@link #readAhead}. */
    public void handle(Change change, ReadAhead ahead) {
        switch (change) {
            case EventStored e -> {
                if (e.dispute() != null) {
                    alerts.raise(new Alerts.Alert(Alerts.Kind.DISPUTE, e.dispute().provider(), e.transactionId(), e.dispute().eventId(),
                            "a dispute or chargeback was reported for the payment"));
                }
                if (!e.mayMakeConfirmationDue()) return;
                String id = e.transactionId();
                if (!ahead.read().contains(id)) {
                    onEvent(id);
                } else if (ahead.done().add(id)) {
                    confirmIfDue(ahead.transactions().get(id));
                }
            }
            case NotificationChanged n -> {
                if (n.created() && n.status() == NotificationStatus.QUEUED) {
                    queue.enqueue(new NotificationQueue.Message(n.transactionId(), n.notificationId()));
                }
            }
        }
    }

    /** Records the automatic confirmation for the transaction's current status, if one is due. */
    public void onEvent(String transactionId) {
        confirmIfDue(store.load(transactionId).orElse(null));
    }

    private void confirmIfDue(Transaction t) {
        if (t == null || t.status() == null || !t.status().notifiesCustomer() || t.customerEmail() == null) return;
        String id = Transaction.autoNotificationId(t.transactionId(), t.status());
        if (t.notifications().stream().anyMatch(n -> n.notificationId().equals(id))) return;
        store.createNotification(new Notification(id, t.transactionId(), "email", NotificationStatus.QUEUED,
                "status_changed", t.status(), clock.instant(), null, 0));
    }

    /**
     * Recovery after a restart of a system whose queue does not survive one (local mode): every notification
     * still QUEUED is queued again, read from the store's index of open notifications — what is open, not the
     * table. Events stored but not yet handled are not looked for here: the stream still holds them and its
     * reader resumes from its checkpoint ({@link #catchUp} covers a stream that dropped them).
     *
     * @return how many notifications were queued again
     */
    public int recover() {
        int[] n = {0};
        store.forEachNotification(NotificationStatus.QUEUED, q -> {
            queue.enqueue(new NotificationQueue.Message(q.transactionId(), q.notificationId()));
            n[0]++;
        });
        return n[0];
    }

    /**
     * Every transaction that received an event at or after {@code since} gets the confirmation it is due, as if
     * its events came on the stream again: for a stream reader that finds records it had not handled gone (the
     * stream keeps them 24 hours). Reads the transactions changed since then — never at start, never per event.
     *
     * @return how many transactions were looked at
     */
    public int catchUp(java.time.Instant since) {
        int[] n = {0};
        store.forEachTransactionChangedSince(since, id -> {
            onEvent(id);
            n[0]++;
        });
        return n[0];
    }
}

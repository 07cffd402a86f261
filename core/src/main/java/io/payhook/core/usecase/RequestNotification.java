package io.payhook.core.usecase;

import io.payhook.core.protection.CardData;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Ask for the customer notification of a transaction's current state to be sent (again). The
 * request is written to the store — the outbox — and the store's change stream queues it, so a
 * 202 never depends on the queue being up.
 */
public final class RequestNotification {
    private static final int MAX_REASON = 200;

    private final GetTransaction transactions;
    private final TransactionStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    /** @param ids source of new notification ids (random in production, fixed in tests) */
    public RequestNotification(TransactionStore store, Clock clock, Supplier<String> ids) {
        this.transactions = new GetTransaction(store);
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /** A recorded request: its id, and QUEUED, or NO_RECIPIENT when the transaction has no customer email. */
    public record Requested(String notificationId, NotificationStatus status) {}

    /**
     * Records the request. A transaction with no customer email gets a notification recorded NO_RECIPIENT
     * (nothing is queued or sent), so the caller can say so instead of accepting work that cannot happen.
     */
    public Requested handle(String transactionId, String reason) {
        return handle(transactionId, ids.get(), reason);
    }

    /**
     * {@link #handle(String, String)} with the notification's id given: a second call with the same id changes nothing
     * (the create is conditional) and answers what the first one recorded — for a caller that may repeat itself, such
     * as a bulk re-notify job's step.
     */
    public Requested handle(String transactionId, String notificationId, String reason) {
        Transaction t = transactions.handle(transactionId);
        String why = reason(reason);
        boolean noRecipient = t.customerEmail() == null;
        Notification n = new Notification(notificationId, t.transactionId(), "email",
                noRecipient ? NotificationStatus.NO_RECIPIENT : NotificationStatus.QUEUED, why == null ? "requested" : why, t.status(),
                clock.instant(), null, 0, noRecipient ? DeliverNotification.NO_CUSTOMER_EMAIL : null, null);
        store.createNotification(n);
        return new Requested(n.notificationId(), n.status());
    }

    /**
     * An operator's reason as it is recorded: stripped, card numbers scrubbed; null when none was given.
     *
     * @throws PayhookException {@code invalid_field} when it is longer than {@value #MAX_REASON} characters
     */
    public static String reason(String reason) {
        if (reason == null || reason.isBlank()) return null;
        String why = CardData.scrubText(reason.strip());
        if (why.length() > MAX_REASON) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'reason' is longer than " + MAX_REASON + " characters.");
        return why;
    }
}

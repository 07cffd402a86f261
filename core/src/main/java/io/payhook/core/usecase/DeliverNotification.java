package io.payhook.core.usecase;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.Notifier;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Send one queued notification and record the outcome. Idempotent: a notification already SENT
 * is not sent again (a queue redelivery has no second effect), and an attempt first claims the
 * notification, so two copies of one message handled at the same time send once. Throws when the
 * attempt failed, or another holds the claim, and should be retried by the queue.
 */
public final class DeliverNotification {

    /** What became of one attempt. */
    public enum Outcome { SENT, ALREADY_SENT, NO_RECIPIENT }

    /** Another attempt holds the notification (a duplicate message, handled at the same time): try again later. */
    public static final class ClaimedElsewhereException extends RuntimeException {
        public ClaimedElsewhereException() { super("another delivery attempt holds this notification", null, false, false); }
    }

    /** The message refers to nothing we know: retrying cannot help. */
    public static final class PoisonMessageException extends RuntimeException {
        public PoisonMessageException(String message) { super(message, null, false, false); }
    }

    private final TransactionStore store;
    private final FieldCipher cipher;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration claim;

    /** With a 60 s claim per attempt (AWS: longer than one sender invocation, shorter than the first retry's 30 s + backoff). */
    public DeliverNotification(TransactionStore store, FieldCipher cipher, Notifier notifier, Clock clock) {
        this(store, cipher, notifier, clock, Duration.ofSeconds(60));
    }

    /**
     * @param claim how long one attempt holds the notification if it never records an outcome (it
     *              crashed): a copy of the message that comes back later than that may send again
     */
    public DeliverNotification(TransactionStore store, FieldCipher cipher, Notifier notifier, Clock clock, Duration claim) {
        this.store = store;
        this.cipher = cipher;
        this.notifier = notifier;
        this.clock = clock;
        this.claim = claim;
    }

    /**
     * @param receiveCount how many times the queue has handed out this message (1 on the first try)
     * @param maxAttempts  receives after which the queue dead-letters it; the last failure is recorded as FAILED
     */
    public Outcome handle(String transactionId, String notificationId, int receiveCount, int maxAttempts) {
        Transaction t = store.load(transactionId).orElseThrow(() -> new PoisonMessageException("unknown transaction"));
        Notification n = t.notifications().stream().filter(x -> x.notificationId().equals(notificationId)).findFirst()
                .orElseThrow(() -> new PoisonMessageException("unknown notification"));
        if (n.status() == NotificationStatus.SENT) return Outcome.ALREADY_SENT;
        if (t.customerEmail() == null) {
            store.recordNotificationOutcome(transactionId, notificationId, NotificationStatus.FAILED, null, receiveCount);
            return Outcome.NO_RECIPIENT;
        }
        Instant now = clock.instant();
        if (!store.claimNotification(transactionId, notificationId, now, now.plus(claim))) {
            // a copy of this message is being handled right now (or was just sent): the queue brings it back
            throw new ClaimedElsewhereException();
        }
        String recipient;
        try {
            recipient = cipher.open(t.customerEmail(), FieldCipher.context(transactionId, "customer_email"));
            notifier.send(render(t, n, recipient));
        } catch (RuntimeException e) {
            NotificationStatus s = receiveCount >= maxAttempts ? NotificationStatus.FAILED : NotificationStatus.QUEUED;
            store.recordNotificationOutcome(transactionId, notificationId, s, null, receiveCount); // ends the claim
            throw e;
        }
        store.recordNotificationOutcome(transactionId, notificationId, NotificationStatus.SENT, clock.instant(), receiveCount);
        return Outcome.SENT;
    }

    /** The confirmation text: amount in the currency's format, masked payment method, transaction id; nothing secret. */
    static Notifier.Confirmation render(Transaction t, Notification n, String recipient) {
        Status s = t.status();
        String word = s == null ? "update" : switch (s) {
            case SUCCEEDED -> "received";
            case FAILED -> "failed";
            case CANCELED -> "canceled";
            case REFUNDED -> "refunded";
            case PARTIALLY_REFUNDED -> "partially refunded";
            case AUTHORIZED -> "authorized";
            case PENDING -> "pending";
            case DISPUTED -> "disputed";
        };
        String amount = t.amount() == null ? "(amount not stated)" : t.amount().format();
        String subject = "Your payment " + amount + " was " + word;
        StringBuilder body = new StringBuilder()
                .append("Hello,\n\n")
                .append("Your payment of ").append(amount).append(" was ").append(word).append(".\n\n")
                .append("Transaction: ").append(t.transactionId()).append('\n')
                .append("Status: ").append(s == null ? "UNKNOWN" : s.name()).append('\n');
        if (t.paymentMethod() != null) body.append("Payment method: ").append(t.paymentMethod()).append('\n');
        body.append("Notification: ").append(n.notificationId()).append("\n\n")
                .append("This message was sent by payhook on behalf of the merchant.\n");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("status", s == null ? "UNKNOWN" : s.name());
        attributes.put("provider", t.provider());
        if (t.amount() != null) attributes.put("currency", t.amount().currency());
        attributes.put("notification_id", n.notificationId());
        attributes.put("transaction_id", t.transactionId());
        return new Notifier.Confirmation(n.notificationId(), recipient, subject, body.toString(), attributes);
    }
}

package io.payhook.core.usecase;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Transaction;
import io.payhook.core.notification.ConfirmationRenderer;
import io.payhook.core.port.AddressKeys;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.Metrics;
import io.payhook.core.port.Notifier;
import io.payhook.core.port.SuppressionList;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Send one queued notification and record the outcome. Idempotent: a notification that is already
 * final (sent, or impossible to send) is not sent again (a queue redelivery has no second effect), and
 * an attempt first claims the notification, so two copies of one message handled at the same time send
 * once. A transaction with no customer email is recorded NO_RECIPIENT, an address on the suppression
 * list SUPPRESSED — neither is sent. Throws when the attempt failed, or another holds the claim, and
 * should be retried by the queue; the last allowed attempt's failure is recorded FAILED (the queue
 * dead-letters the message) and raises an operations alert naming the payment.
 */
public final class DeliverNotification {

    /** What became of one attempt. */
    public enum Outcome { SENT, ALREADY_DONE, NO_RECIPIENT, SUPPRESSED }

    /** Another attempt holds the notification (a duplicate message, handled at the same time): try again later. */
    public static final class ClaimedElsewhereException extends RuntimeException {
        public ClaimedElsewhereException() { super("another delivery attempt holds this notification", null, false, false); }
    }

    /** The message refers to nothing we know: retrying cannot help. */
    public static final class PoisonMessageException extends RuntimeException {
        public PoisonMessageException(String message) { super(message, null, false, false); }
    }

    /** What a delivery needs. */
    public record Parts(TransactionStore store, FieldCipher cipher, Notifier notifier, ConfirmationRenderer renderer,
                        SuppressionList suppressions, AddressKeys addressKeys, Metrics metrics, Alerts alerts, Clock clock) {
        public Parts {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(cipher, "cipher");
            Objects.requireNonNull(notifier, "notifier");
            Objects.requireNonNull(renderer, "renderer");
            Objects.requireNonNull(suppressions, "suppressions");
            Objects.requireNonNull(addressKeys, "addressKeys");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(alerts, "alerts");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** Why a notification was not sent, as recorded on it. */
    public static final String NO_CUSTOMER_EMAIL = "no_customer_email";
    public static final String SUPPRESSED_ADDRESS = "suppressed_address";

    private final Parts p;
    private final Duration claim;

    /** With a 60 s claim per attempt (AWS: longer than one sender invocation, shorter than the first retry's 30 s + backoff). */
    public DeliverNotification(Parts parts) { this(parts, Duration.ofSeconds(60)); }

    /**
     * @param claim how long one attempt holds the notification if it never records an outcome (it
     *              crashed): a copy of the message that comes back later than that may send again
     */
    public DeliverNotification(Parts parts, Duration claim) {
        this.p = parts;
        this.claim = claim;
    }

    /**
     * @param receiveCount how many times the queue has handed out this message (1 on the first try)
     * @param maxAttempts  receives after which the queue dead-letters it; the last failure is recorded as FAILED
     */
    public Outcome handle(String transactionId, String notificationId, int receiveCount, int maxAttempts) {
        Transaction t = p.store().load(transactionId).orElseThrow(() -> new PoisonMessageException("unknown transaction"));
        Notification n = t.notifications().stream().filter(x -> x.notificationId().equals(notificationId)).findFirst()
                .orElseThrow(() -> new PoisonMessageException("unknown notification"));
        if (n.status().isFinal()) return Outcome.ALREADY_DONE;
        Instant now = p.clock().instant();
        // every attempt claims first (the claim counts it): a copy of this message being handled right now, or
        // just finished, sends nothing; the queue brings this one back
        if (!p.store().claimNotification(transactionId, notificationId, now, now.plus(claim))) throw new ClaimedElsewhereException();
        if (t.customerEmail() == null) {
            p.store().recordNotificationOutcome(transactionId, notificationId,
                    new TransactionStore.Attempt(NotificationStatus.NO_RECIPIENT, null, NO_CUSTOMER_EMAIL, null));
            p.metrics().notification(p.notifier().channel(), Metrics.Delivery.NO_RECIPIENT);
            return Outcome.NO_RECIPIENT;
        }
        String messageId;
        try {
            String recipient = p.cipher().open(t.customerEmail(), FieldCipher.context(transactionId, "customer_email"));
            if (p.suppressions().isSuppressed(p.addressKeys().keyOf(recipient))) {
                p.store().recordNotificationOutcome(transactionId, notificationId,
                        new TransactionStore.Attempt(NotificationStatus.SUPPRESSED, null, SUPPRESSED_ADDRESS, null));
                p.metrics().notification(p.notifier().channel(), Metrics.Delivery.SUPPRESSED);
                return Outcome.SUPPRESSED;
            }
            messageId = p.notifier().send(p.renderer().render(t, n, recipient));
        } catch (RuntimeException e) {
            boolean last = receiveCount >= maxAttempts;
            // ends the claim; the last attempt's failure is final until a redrive
            p.store().recordNotificationOutcome(transactionId, notificationId,
                    last ? NotificationStatus.FAILED : NotificationStatus.QUEUED, null);
            p.metrics().notification(p.notifier().channel(), Metrics.Delivery.FAILED);
            if (last) {
                p.metrics().notification(p.notifier().channel(), Metrics.Delivery.DEAD_LETTERED);
                p.alerts().raise(new Alerts.Alert(Alerts.Kind.NOTIFICATION_DEAD_LETTERED, t.provider(), transactionId, notificationId,
                        "delivery failed " + receiveCount + " times (" + e.getClass().getSimpleName() + "); the message is in the dead-letter queue"));
            }
            throw e;
        }
        p.store().recordNotificationOutcome(transactionId, notificationId,
                new TransactionStore.Attempt(NotificationStatus.SENT, p.clock().instant(), null, messageId));
        p.metrics().notification(p.notifier().channel(), Metrics.Delivery.SENT);
        return Outcome.SENT;
    }
}

package io.payhook.core.model;

import java.time.Instant;

/**
 * One request to tell the customer about a transaction, and its outcome.
 *
 * @param notificationId unique id; deterministic for automatic confirmations (one per transaction and status)
 * @param transactionId  the transaction it is about
 * @param channel        {@code email}
 * @param status         see {@link NotificationStatus}
 * @param reason         why it was requested ({@code status_changed}, or the operator's reason)
 * @param forStatus      the transaction status it confirms
 * @param requestedAt    when it was requested
 * @param sentAt         when the channel accepted it, or null
 * @param attempts       delivery attempts so far
 * @param detail         what became of it, as a stable code when there is more to say than the status
 *                       ({@code no_customer_email}, {@code suppressed_address}, {@code bounce_permanent_general},
 *                       {@code complaint_abuse}), or null
 * @param messageId      the channel's id of the sent message (SES message id), for its feedback; or null
 */
public record Notification(
        String notificationId,
        String transactionId,
        String channel,
        NotificationStatus status,
        String reason,
        Status forStatus,
        Instant requestedAt,
        Instant sentAt,
        int attempts,
        String detail,
        String messageId) {

    /** A notification with nothing more to say than its status. */
    public Notification(String notificationId, String transactionId, String channel, NotificationStatus status, String reason,
                        Status forStatus, Instant requestedAt, Instant sentAt, int attempts) {
        this(notificationId, transactionId, channel, status, reason, forStatus, requestedAt, sentAt, attempts, null, null);
    }
}

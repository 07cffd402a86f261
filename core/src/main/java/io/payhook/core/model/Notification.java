package io.payhook.core.model;

import java.time.Instant;

/**
 * One request to tell the customer about a transaction, and its outcome.
 *
 * @param notificationId unique id; deterministic for automatic confirmations (one per transaction and status)
 * @param transactionId  the transaction it is about
 * @param channel        {@code email}
 * @param status         QUEUED, SENT or FAILED
 * @param reason         why it was requested ({@code status_changed}, or the operator's reason)
 * @param forStatus      the transaction status it confirms
 * @param requestedAt    when it was requested
 * @param sentAt         when the notifier accepted it, or null
 * @param attempts       delivery attempts so far
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
        int attempts) {
}

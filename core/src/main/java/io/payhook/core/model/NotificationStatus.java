package io.payhook.core.model;

/**
 * Lifecycle of one customer notification. QUEUED is waiting for (another) delivery attempt; FAILED is
 * the outcome of the last attempt the queue allows (the message is dead-lettered; a redrive tries
 * again). The rest are final: nothing more is sent.
 */
public enum NotificationStatus {
    /** Waiting for a delivery attempt. */
    QUEUED,
    /** The channel accepted it. */
    SENT,
    /** The last allowed attempt failed; the message is in the dead-letter queue (a redrive tries again). */
    FAILED,
    /** The transaction has no customer email: nothing can be sent. */
    NO_RECIPIENT,
    /** The address bounced or complained before: not sent (the suppression list). */
    SUPPRESSED,
    /** Sent, then the receiving mail server refused it for good (a hard bounce). */
    BOUNCED,
    /** Sent, then the recipient marked it as spam. */
    COMPLAINED;

    /** Whether the email went out (it may have bounced or drawn a complaint since). */
    public boolean wasSent() { return this == SENT || this == BOUNCED || this == COMPLAINED; }

    /**
     * Whether the store keeps notifications in this status in its index by status
     * ({@code TransactionStore#forEachNotification}, {@code #recentNotifications}): the open ones (QUEUED, FAILED), which
     * recovery and redrive act on, and the problems an operator looks into (SUPPRESSED, BOUNCED, COMPLAINED); not SENT
     * nor NO_RECIPIENT, the bulk of every table.
     */
    public boolean isIndexed() { return this != SENT && this != NO_RECIPIENT; }

    /** Whether nothing more will be attempted: sent (and its feedback), or impossible to send. */
    public boolean isFinal() { return wasSent() || this == NO_RECIPIENT || this == SUPPRESSED; }
}

package io.payhook.core.port;

import java.util.Map;

/**
 * Sends one customer confirmation (SES and/or SNS in AWS, the SMTP sink locally). Throws
 * {@link NotifierException} when the channel cannot take it now (the caller retries).
 */
public interface Notifier {

    /**
     * A rendered confirmation: a multipart email (plain text and HTML alternatives).
     *
     * @param recipient  clear-text customer email; only the notifier sees it
     * @param subject    one line, no personal data
     * @param text       the plain-text part
     * @param html       the HTML part (the same content)
     * @param attributes filterable metadata (status, provider, currency, notification_id, transaction_id)
     */
    record Confirmation(String notificationId, String transactionId, String recipient, String subject, String text, String html,
                        Map<String, String> attributes) {
        @Override
        public String toString() { return "Confirmation[" + notificationId + "]"; }
    }

    /**
     * Sends it.
     *
     * @return the channel's id of the message (for its bounce and complaint feedback), or null when the
     *         channel has none
     */
    String send(Confirmation confirmation);

    /** The channel's name as metrics and logs show it ({@code ses}, {@code sns}, {@code smtp}). */
    String channel();

    /** The channel refused or could not be reached; retryable. */
    class NotifierException extends RuntimeException {
        public NotifierException(String message, Throwable cause) { super(message, cause); }
    }
}

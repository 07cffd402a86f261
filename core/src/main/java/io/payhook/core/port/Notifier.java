package io.payhook.core.port;

import java.util.Map;

/**
 * Sends one customer confirmation (SMTP locally, SNS or SES in AWS). Throws
 * {@link NotifierException} when the channel cannot take it now (the caller retries).
 */
public interface Notifier {

    /**
     * A rendered confirmation.
     *
     * @param recipient  clear-text customer email; only the notifier sees it
     * @param subject    one line, no personal data
     * @param body       plain text, no personal data beyond what the customer already knows
     * @param attributes filterable metadata (status, provider, currency, notification_id)
     */
    record Confirmation(String notificationId, String recipient, String subject, String body,
                        Map<String, String> attributes) {
        @Override
        public String toString() { return "Confirmation[" + notificationId + "]"; }
    }

    void send(Confirmation confirmation);

    /** The channel refused or could not be reached; retryable. */
    class NotifierException extends RuntimeException {
        public NotifierException(String message, Throwable cause) { super(message, cause); }
    }
}

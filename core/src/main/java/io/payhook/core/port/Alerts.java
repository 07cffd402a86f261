package io.payhook.core.port;

/**
 * Operations alerts that name the payment (SNS operations topic in AWS, an email to the operations
 * mailbox locally). An alert carries ids, a provider and a reason code — never personal data.
 * Implementations deliver at most one alert per kind and subject in a window (bursts are aggregated).
 */
public interface Alerts {

    /** What happened. */
    enum Kind {
        /** A customer confirmation failed its last attempt and was dead-lettered. */
        NOTIFICATION_DEAD_LETTERED,
        /** A dispute or chargeback arrived for a payment. */
        DISPUTE,
        /** Deliveries are refused because their provider has no secret configured. */
        PROVIDER_NOT_CONFIGURED,
        /** The risk screen found a payment's risk high (the reason lists the rules that fired). */
        HIGH_RISK
    }

    /**
     * One alert.
     *
     * @param provider      the provider, or null
     * @param transactionId the payment, or null (a refused delivery names none)
     * @param subjectId     the event or notification id, or null
     * @param reason        a stable code or a short sentence with no personal data
     */
    record Alert(Kind kind, String provider, String transactionId, String subjectId, String reason) {
        /** What aggregation groups by: the kind and the payment (or the provider when no payment is named). */
        public String aggregationKey() {
            return kind.name() + "|" + (transactionId != null ? "txn:" + transactionId : "provider:" + provider);
        }
    }

    /** Raises it; returns whether it was delivered now (false: aggregated into one raised in this window). */
    boolean raise(Alert alert);

    /** Raises nothing (unit tests). */
    Alerts NONE = a -> false;
}

package io.payhook.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One provider event, verified and normalised to the canonical model, as parsed — before
 * personal data is sealed. Lives only in memory on the ingest path.
 *
 * @param provider       provider name ({@code stripe}, {@code adyen}, {@code standard_webhooks}, {@code generic})
 * @param eventId        the provider's event id (dedupe key)
 * @param transactionId  the provider's payment reference exactly as written
 * @param type           the provider's event type, e.g. {@code payment_intent.succeeded}
 * @param status         canonical status, or null when the event type is acknowledged but ignored
 * @param amount         payment amount, may be null when the event carries none
 * @param customerId     provider's customer reference, may be null
 * @param customerEmail  clear-text email, may be null; sealed before it is stored
 * @param paymentMethod  masked payment method (brand and last 4 at most), may be null
 * @param occurredAt     when the provider says it happened
 */
public record PaymentEvent(
        String provider,
        String eventId,
        String transactionId,
        String type,
        Status status,
        Money amount,
        String customerId,
        String customerEmail,
        String paymentMethod,
        Instant occurredAt) {

    public PaymentEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!Ids.isValid(eventId)) throw new IllegalArgumentException("invalid event id");
        if (!Ids.isValid(transactionId)) throw new IllegalArgumentException("invalid transaction id");
    }

    /** An event whose type we acknowledge but do not map to a status. */
    public boolean ignored() { return status == null; }

    @Override
    public String toString() {
        return "PaymentEvent[provider=" + provider + ", eventId=" + eventId + ", transactionId=" + transactionId
                + ", type=" + type + ", status=" + status + "]";
    }
}

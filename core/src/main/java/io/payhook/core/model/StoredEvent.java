package io.payhook.core.model;

import java.time.Instant;

/**
 * A payment event as it is kept: personal data sealed, card data masked.
 *
 * @param receivedAt when payhook stored it
 */
public record StoredEvent(
        String provider,
        String eventId,
        String transactionId,
        String type,
        Status status,
        Money amount,
        String customerId,
        SealedValue customerEmail,
        String paymentMethod,
        Instant occurredAt,
        Instant receivedAt) {

    public static StoredEvent of(PaymentEvent e, SealedValue email, Instant receivedAt) {
        return new StoredEvent(e.provider(), e.eventId(), e.transactionId(), e.type(), e.status(), e.amount(),
                e.customerId(), email, e.paymentMethod(), e.occurredAt(), receivedAt);
    }
}

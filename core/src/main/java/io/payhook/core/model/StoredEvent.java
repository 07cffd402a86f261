package io.payhook.core.model;

import java.time.Instant;
import java.util.Set;

/**
 * A payment event as it is kept: personal data sealed, card data masked.
 *
 * @param reverses      statuses the event takes back ({@link PaymentEvent#reverses})
 * @param ignoredReason why an ignored event is ignored ({@link PaymentEvent#ignoredReason}), or null
 * @param receivedAt    when payhook stored it
 * @param merchant      the merchant account the event belongs to: the one its payload named, if the protection gate
 *                      accepted it as an account id, else the provider's configured label, else {@code default}
 *                      ({@link io.payhook.core.protection.MerchantLabels}); null only for an event stored before payhook
 *                      recorded merchants
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
        Set<Status> reverses,
        String ignoredReason,
        Instant receivedAt,
        String merchant) {

    public StoredEvent {
        reverses = reverses == null ? Set.of() : Set.copyOf(reverses);
    }

    /** An event without a merchant (one stored before payhook recorded merchants). */
    public StoredEvent(String provider, String eventId, String transactionId, String type, Status status, Money amount,
                       String customerId, SealedValue customerEmail, String paymentMethod, Instant occurredAt,
                       Set<Status> reverses, String ignoredReason, Instant receivedAt) {
        this(provider, eventId, transactionId, type, status, amount, customerId, customerEmail, paymentMethod, occurredAt,
                reverses, ignoredReason, receivedAt, null);
    }

    /** An event that reverses nothing and is not ignored for a reason. */
    public StoredEvent(String provider, String eventId, String transactionId, String type, Status status, Money amount,
                       String customerId, SealedValue customerEmail, String paymentMethod, Instant occurredAt, Instant receivedAt) {
        this(provider, eventId, transactionId, type, status, amount, customerId, customerEmail, paymentMethod, occurredAt,
                Set.of(), status == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : null, receivedAt, null);
    }

    /** The event as kept: {@code email} sealed, {@code merchant} as the protection gate resolved it. */
    public static StoredEvent of(PaymentEvent e, SealedValue email, Instant receivedAt, String merchant) {
        return new StoredEvent(e.provider(), e.eventId(), e.transactionId(), e.type(), e.status(), e.amount(),
                e.customerId(), email, e.paymentMethod(), e.occurredAt(), e.reverses(), e.ignoredReason(), receivedAt, merchant);
    }

    /** An event we acknowledge but that changes nothing. */
    public boolean ignored() { return status == null && reverses.isEmpty(); }

    /** {@link #outcome()} of an event that changes nothing. */
    public static final String IGNORED = "IGNORED";
    /** {@link #outcome()} of an event that only takes statuses back (a failed refund, a reversed capture). */
    public static final String REVERSAL = "REVERSAL";

    /**
     * What the event did, as the API reports it (the ingest answer and the transaction view): the
     * status it reported, else {@link #REVERSAL} when it takes statuses back, else {@link #IGNORED}.
     */
    public String outcome() {
        if (status != null) return status.name();
        return reverses.isEmpty() ? IGNORED : REVERSAL;
    }
}

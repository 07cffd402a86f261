package io.payhook.core.webhook.square;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Map;
import java.util.Set;

/**
 * The Square event types payhook maps, and what the state of the object each carries reports — as data.
 * A type not listed ({@code order.*}, {@code customer.*}, {@code payout.*}, {@code invoice.*},
 * {@code dispute.evidence.*}, {@code webhooks.test_notification}...) is acknowledged and kept as ignored;
 * a state not listed is kept as ignored with {@code unknown_status}. Sources: Square's webhook event
 * reference and the {@code Payment}, {@code PaymentRefund} and {@code Dispute} objects of its API
 * specification ({@code square/connect-api-specification} {@code api.json}); the decisions: docs/providers/square.md.
 */
public final class SquareEventTypes {
    private SquareEventTypes() {}

    /** Which object an event type carries in {@code data.object}, and so which state table reads it. */
    public enum Kind {
        /** {@code data.object.payment}: its {@code status} ({@link #PAYMENT_STATUS}), then its {@code refunded_money}. */
        PAYMENT,
        /** {@code data.object.refund}: its {@code status} ({@link #REFUND_STATUS}). */
        REFUND,
        /** {@code data.object.dispute}: its {@code state} ({@link #DISPUTE_STATE}). */
        DISPUTE
    }

    /**
     * What one state reports: a status (null: the event is kept, but changes nothing — a refund still
     * pending) and what it takes back.
     */
    public record Effect(Status status, Set<Status> reverses) {
        static Effect of(Status s) { return new Effect(s, Set.of()); }

        static final Effect NO_STATE_CHANGE = new Effect(null, Set.of());
    }

    public static final Map<String, Kind> TYPES = Map.of(
            "payment.created", Kind.PAYMENT,
            "payment.updated", Kind.PAYMENT,
            "refund.created", Kind.REFUND,
            "refund.updated", Kind.REFUND,
            "dispute.created", Kind.DISPUTE,
            "dispute.state.updated", Kind.DISPUTE,
            // the older name of dispute.state.updated, still delivered to older subscriptions
            "dispute.state.changed", Kind.DISPUTE);

    /**
     * {@code Payment.status}. APPROVED is an authorisation (delayed capture: {@code card_details.status}
     * AUTHORIZED) — never SUCCEEDED; COMPLETED is captured. A COMPLETED payment whose
     * {@code refunded_money} is positive is refined by amount: REFUNDED when it reaches the payment's
     * total, else PARTIALLY_REFUNDED.
     */
    public static final Map<String, Effect> PAYMENT_STATUS = Map.of(
            "PENDING", Effect.of(Status.PENDING),
            "APPROVED", Effect.of(Status.AUTHORIZED),
            "COMPLETED", Effect.of(Status.SUCCEEDED),
            "CANCELED", Effect.of(Status.CANCELED),
            "FAILED", Effect.of(Status.FAILED));

    /**
     * {@code PaymentRefund.status}. A refund event carries the refund, not the payment's total, so a
     * completed refund reports PARTIALLY_REFUNDED; the {@code payment.updated} Square sends with the
     * payment's new {@code refunded_money} says REFUNDED when the whole total went back (REFUNDED outranks
     * PARTIALLY_REFUNDED, so both orders end the same). A refund that failed or was rejected takes the
     * refunds back: the payment is captured, not refunded.
     */
    public static final Map<String, Effect> REFUND_STATUS = Map.of(
            "PENDING", Effect.NO_STATE_CHANGE,
            "COMPLETED", Effect.of(Status.PARTIALLY_REFUNDED),
            "FAILED", new Effect(Status.SUCCEEDED, ProviderMapping.REFUNDS),
            "REJECTED", new Effect(Status.SUCCEEDED, ProviderMapping.REFUNDS));

    /**
     * {@code DisputeState}. Every open state — an inquiry included — is DISPUTED; LOST and ACCEPTED (the
     * seller accepted it) stay DISPUTED, the money is gone; WON and INQUIRY_CLOSED (the inquiry ended
     * without a chargeback) take the dispute back.
     */
    public static final Map<String, Effect> DISPUTE_STATE = Map.of(
            "INQUIRY_EVIDENCE_REQUIRED", Effect.of(Status.DISPUTED),
            "INQUIRY_PROCESSING", Effect.of(Status.DISPUTED),
            "EVIDENCE_REQUIRED", Effect.of(Status.DISPUTED),
            "PROCESSING", Effect.of(Status.DISPUTED),
            "LOST", Effect.of(Status.DISPUTED),
            "ACCEPTED", Effect.of(Status.DISPUTED),
            "WON", new Effect(Status.SUCCEEDED, ProviderMapping.DISPUTES),
            "INQUIRY_CLOSED", new Effect(Status.SUCCEEDED, ProviderMapping.DISPUTES));

    /** The state table for a kind. */
    public static Map<String, Effect> states(Kind kind) {
        return switch (kind) {
            case PAYMENT -> PAYMENT_STATUS;
            case REFUND -> REFUND_STATUS;
            case DISPUTE -> DISPUTE_STATE;
        };
    }
}

package io.payhook.core.webhook.checkout;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Map;
import java.util.Set;

/**
 * The Checkout.com event types payhook maps — as data: the status each reports, what it takes back, and
 * how {@code data.balances} (present on current-platform payment events) refines it. A type not listed
 * ({@code card_verified}, {@code payment_capture_pending}, {@code payment_refund_pending},
 * {@code payment_void_declined}, {@code payment_returned}, payouts, issuing, balances...) is acknowledged and
 * kept as ignored. Sources: Checkout.com's webhook event type reference and its "Format the amount value"
 * page; the decisions: docs/providers/checkout.md.
 */
public final class CheckoutEventTypes {
    private CheckoutEventTypes() {}

    /** How the payload refines a type's status, and which id is the payment. */
    public enum Refinement {
        /** The type says it all. */
        NONE,
        /**
         * A capture: {@code data.amount} is that capture's amount; with balances, the amount is
         * {@code total_captured} (several partial captures: the payment's captured total).
         */
        CAPTURE,
        /**
         * A declined capture captured nothing, so no capture report exists to take back. With balances:
         * {@code total_captured} &gt; 0 — an earlier capture stands: SUCCEEDED; nothing captured and nothing
         * left to capture ({@code available_to_capture} 0) — the authorisation is used up: FAILED, taking
         * back AUTHORIZED (and SUCCEEDED). Otherwise FAILED, taking nothing back: the authorisation may
         * still be captured, and AUTHORIZED outranks FAILED.
         */
        CAPTURE_DECLINED,
        /**
         * A refund that went through ({@code data.amount} is the refund's amount): REFUNDED when
         * {@code balances.total_refunded} reaches {@code total_captured} (or nothing is left to refund),
         * else PARTIALLY_REFUNDED; without balances PARTIALLY_REFUNDED (a later event with balances says
         * REFUNDED, which outranks it).
         */
        REFUND_BALANCES,
        /**
         * A declined refund: SUCCEEDED, taking the refunds back — unless the balances show refunds that
         * still stand ({@code total_refunded} &gt; 0): then what they show (the refund rule above), taking
         * nothing back.
         */
        REFUND_DECLINED,
        /** A dispute event: the payment is {@code data.payment_id} ({@code data.id} is the dispute's {@code dsp_…}). */
        DISPUTE
    }

    /** A mapped type: the status it reports, what it takes back, and its refinement. */
    public record Rule(Status status, Set<Status> reverses, Refinement refinement) {
        static Rule of(Status s) { return new Rule(s, Set.of(), Refinement.NONE); }

        static Rule of(Status s, Refinement r) { return new Rule(s, Set.of(), r); }
    }

    private static final Rule DISPUTE_OPEN = Rule.of(Status.DISPUTED, Refinement.DISPUTE);
    private static final Rule DISPUTE_TAKEN_BACK = new Rule(Status.SUCCEEDED, ProviderMapping.DISPUTES, Refinement.DISPUTE);

    public static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("payment_pending", Rule.of(Status.PENDING)),
            // authorised; with automatic capture a payment_captured follows
            Map.entry("payment_approved", Rule.of(Status.AUTHORIZED)),
            Map.entry("payment_captured", Rule.of(Status.SUCCEEDED, Refinement.CAPTURE)),
            // an alternative payment method's payment completed (the funds arrived)
            Map.entry("payment_paid", Rule.of(Status.SUCCEEDED)),
            Map.entry("payment_declined", Rule.of(Status.FAILED)),
            Map.entry("payment_authentication_failed", Rule.of(Status.FAILED)),
            Map.entry("payment_voided", Rule.of(Status.CANCELED)),
            Map.entry("payment_canceled", Rule.of(Status.CANCELED)),
            // the authorisation (or the payment session) expired uncaptured; a capture outranks CANCELED
            Map.entry("payment_expired", Rule.of(Status.CANCELED)),
            Map.entry("payment_capture_declined", Rule.of(Status.FAILED, Refinement.CAPTURE_DECLINED)),
            Map.entry("payment_refunded", Rule.of(Status.REFUNDED, Refinement.REFUND_BALANCES)),
            Map.entry("payment_refund_declined", new Rule(Status.SUCCEEDED, ProviderMapping.REFUNDS, Refinement.REFUND_DECLINED)),
            Map.entry("dispute_received", DISPUTE_OPEN),
            // "your account has been debited the disputed amount"
            Map.entry("dispute_evidence_required", DISPUTE_OPEN),
            Map.entry("dispute_evidence_submitted", DISPUTE_OPEN),
            Map.entry("dispute_evidence_acknowledged_by_scheme", DISPUTE_OPEN),
            Map.entry("dispute_accepted", DISPUTE_OPEN),
            Map.entry("dispute_lost", DISPUTE_OPEN),
            // the time to respond passed: lost
            Map.entry("dispute_expired", DISPUTE_OPEN),
            Map.entry("dispute_arbitration_lost", DISPUTE_OPEN),
            // "your account has been credited back the disputed amount"
            Map.entry("dispute_won", DISPUTE_TAKEN_BACK),
            Map.entry("dispute_arbitration_won", DISPUTE_TAKEN_BACK),
            // canceled by the issuer, the account credited back
            Map.entry("dispute_canceled", DISPUTE_TAKEN_BACK),
            // resolved by Checkout.com because the payment was already refunded: no chargeback (the refund reports itself)
            Map.entry("dispute_resolved", DISPUTE_TAKEN_BACK));

    /** The status each mapped type reports before refinement (for tests and docs). */
    public static Status status(String type) {
        Rule r = RULES.get(type);
        return r == null ? null : r.status();
    }
}

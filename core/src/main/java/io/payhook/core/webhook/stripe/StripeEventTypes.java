package io.payhook.core.webhook.stripe;

import io.payhook.core.model.Status;

import java.util.Map;

/**
 * The Stripe event types payhook maps — as data: the status each reports, and which of the object's
 * fields may refine it. A type not listed is acknowledged and kept as ignored ({@code customer.*},
 * {@code invoice.*}, {@code charge.dispute.updated}...). Sources: Stripe's event type descriptions and
 * object field documentation (docs/PROVIDERS.md).
 */
public final class StripeEventTypes {
    private StripeEventTypes() {}

    /** How the object's fields refine an event type's status. */
    public enum Refinement {
        /** The type says it all. */
        NONE,
        /**
         * A charge's own state: {@code status} {@code succeeded} with {@code captured:false} is an authorisation
         * (manual capture: nothing captured yet), with {@code captured:true} a capture; {@code pending} and
         * {@code failed} as they say. The amount of a capture is {@code amount_captured} (a partial capture).
         */
        CHARGE_STATE,
        /**
         * {@code refunded:true} (the whole charge refunded — all a legacy charge says) or {@code amount_refunded} ≥ the
         * amount captured: REFUNDED; else PARTIALLY_REFUNDED. {@code amount_refunded} is needed only when {@code refunded}
         * is not true.
         */
        REFUND_AMOUNTS,
        /** A refund object: {@code status} {@code failed} or {@code canceled} takes the refunds back; otherwise no change. */
        REFUND_OUTCOME,
        /** A dispute object: {@code status} {@code won}, {@code warning_closed} or {@code prevented} takes the dispute back; {@code lost} stays DISPUTED. */
        DISPUTE_OUTCOME
    }

    /** A mapped type: the status it reports, and its refinement. */
    public record Rule(Status status, Refinement refinement) {}

    public static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("payment_intent.created", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("payment_intent.processing", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("payment_intent.requires_action", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("payment_intent.partially_funded", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("payment_intent.amount_capturable_updated", new Rule(Status.AUTHORIZED, Refinement.NONE)),
            Map.entry("payment_intent.succeeded", new Rule(Status.SUCCEEDED, Refinement.NONE)),
            Map.entry("payment_intent.payment_failed", new Rule(Status.FAILED, Refinement.NONE)),
            Map.entry("payment_intent.canceled", new Rule(Status.CANCELED, Refinement.NONE)),
            Map.entry("charge.pending", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("charge.succeeded", new Rule(Status.SUCCEEDED, Refinement.CHARGE_STATE)),
            Map.entry("charge.captured", new Rule(Status.SUCCEEDED, Refinement.CHARGE_STATE)),
            Map.entry("charge.updated", new Rule(Status.SUCCEEDED, Refinement.CHARGE_STATE)),
            Map.entry("charge.failed", new Rule(Status.FAILED, Refinement.NONE)),
            Map.entry("charge.expired", new Rule(Status.CANCELED, Refinement.NONE)),
            Map.entry("charge.refunded", new Rule(Status.REFUNDED, Refinement.REFUND_AMOUNTS)),
            Map.entry("charge.refund.updated", new Rule(Status.SUCCEEDED, Refinement.REFUND_OUTCOME)),
            Map.entry("refund.created", new Rule(Status.SUCCEEDED, Refinement.REFUND_OUTCOME)),
            Map.entry("refund.updated", new Rule(Status.SUCCEEDED, Refinement.REFUND_OUTCOME)),
            Map.entry("refund.failed", new Rule(Status.SUCCEEDED, Refinement.REFUND_OUTCOME)),
            Map.entry("charge.dispute.created", new Rule(Status.DISPUTED, Refinement.NONE)),
            Map.entry("charge.dispute.funds_withdrawn", new Rule(Status.DISPUTED, Refinement.NONE)),
            Map.entry("charge.dispute.closed", new Rule(Status.DISPUTED, Refinement.DISPUTE_OUTCOME)),
            Map.entry("charge.dispute.funds_reinstated", new Rule(Status.SUCCEEDED, Refinement.DISPUTE_OUTCOME)));

    /** The status each mapped type reports before refinement (for tests and docs). */
    public static Status status(String type) {
        Rule r = RULES.get(type);
        return r == null ? null : r.status();
    }
}

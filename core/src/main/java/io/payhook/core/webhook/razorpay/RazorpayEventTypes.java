package io.payhook.core.webhook.razorpay;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Map;
import java.util.Set;

/**
 * The Razorpay event types payhook maps — as data: the status each reports, what it takes back, and
 * which entity of the payload gives its amount. A type not listed ({@code payment.downtime.*},
 * {@code refund.speed_changed}, {@code invoice.*}, {@code subscription.*}, {@code settlement.*},
 * {@code payment_link.*}...) is acknowledged and kept as ignored. Sources: Razorpay's webhook pages
 * (Payments, Orders, Refunds, Disputes) and the dispute entity's status list; the decisions:
 * docs/providers/razorpay.md.
 */
public final class RazorpayEventTypes {
    private RazorpayEventTypes() {}

    /** Which entity gives the amount, and how the payload refines the status. */
    public enum Refinement {
        /** The type says it all; the amount is the payment's ({@code payload.payment.entity}). */
        PAYMENT,
        /**
         * A refund that went through (created or processed): REFUNDED when the payment's
         * {@code amount_refunded} reaches its {@code amount} (or {@code refund_status} is {@code full}),
         * else PARTIALLY_REFUNDED; without the payment in the payload, PARTIALLY_REFUNDED. The amount is the refund's.
         */
        REFUND_AMOUNTS,
        /** The status as given; the amount is the refund's ({@code payload.refund.entity}). */
        REFUND,
        /** The status as given; the amount is the dispute's ({@code payload.dispute.entity}). */
        DISPUTE
    }

    /** A mapped type: the status it reports, what it takes back, and its refinement. */
    public record Rule(Status status, Set<Status> reverses, Refinement refinement) {
        static Rule of(Status s, Refinement r) { return new Rule(s, Set.of(), r); }
    }

    public static final Map<String, Rule> RULES = Map.ofEntries(
            // cash on delivery on Standard Checkout: created, not yet paid
            Map.entry("payment.pending", Rule.of(Status.PENDING, Refinement.PAYMENT)),
            // may arrive after payment.captured (the payload is a snapshot): AUTHORIZED never outranks SUCCEEDED
            Map.entry("payment.authorized", Rule.of(Status.AUTHORIZED, Refinement.PAYMENT)),
            Map.entry("payment.captured", Rule.of(Status.SUCCEEDED, Refinement.PAYMENT)),
            Map.entry("payment.failed", Rule.of(Status.FAILED, Refinement.PAYMENT)),
            // Razorpay: "triggered when the payment associated with the order is captured" — the same news as
            // payment.captured under its own event id; the transaction is the payment in the payload
            Map.entry("order.paid", Rule.of(Status.SUCCEEDED, Refinement.PAYMENT)),
            // the payment's amount_refunded and refund_status change when a refund is created
            Map.entry("refund.created", Rule.of(Status.REFUNDED, Refinement.REFUND_AMOUNTS)),
            Map.entry("refund.processed", Rule.of(Status.REFUNDED, Refinement.REFUND_AMOUNTS)),
            // "we are not able to process a refund": the payment is captured, not refunded
            Map.entry("refund.failed", new Rule(Status.SUCCEEDED, ProviderMapping.REFUNDS, Refinement.REFUND)),
            Map.entry("payment.dispute.created", Rule.of(Status.DISPUTED, Refinement.DISPUTE)),
            Map.entry("payment.dispute.under_review", Rule.of(Status.DISPUTED, Refinement.DISPUTE)),
            Map.entry("payment.dispute.action_required", Rule.of(Status.DISPUTED, Refinement.DISPUTE)),
            // amount_deducted: the money is gone; the dispute stays in force
            Map.entry("payment.dispute.lost", Rule.of(Status.DISPUTED, Refinement.DISPUTE)),
            Map.entry("payment.dispute.won", new Rule(Status.SUCCEEDED, ProviderMapping.DISPUTES, Refinement.DISPUTE)),
            // dispute status closed: "a fraudulent transaction closed after you provided the details of the
            // transaction or made a refund" — no chargeback; a refund made reports itself (refund.*)
            Map.entry("payment.dispute.closed", new Rule(Status.SUCCEEDED, ProviderMapping.DISPUTES, Refinement.DISPUTE)));

    /** The status each mapped type reports before refinement (for tests and docs). */
    public static Status status(String type) {
        Rule r = RULES.get(type);
        return r == null ? null : r.status();
    }
}

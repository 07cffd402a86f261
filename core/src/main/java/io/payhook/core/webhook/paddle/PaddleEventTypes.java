package io.payhook.core.webhook.paddle;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Map;
import java.util.Set;

/**
 * The Paddle Billing event types payhook maps, and what each reports — as data, decided from Paddle's
 * documentation of the transaction and adjustment entities (statuses, actions) and its event types (the
 * decisions and their reasons: docs/providers/paddle.md).
 *
 * <p>Paddle has no separate authorisation step: a transaction is {@code paid} once the payment is captured, then
 * {@code completed} once Paddle has processed it. Refunds and chargebacks are <em>adjustments</em> to a billed or
 * completed transaction ({@code data.transaction_id}), whose {@code action} and {@code status} say what happened.
 * A type not listed ({@code subscription.*}, {@code customer.*}, {@code price.*}, {@code payout.*}...) is acknowledged
 * and kept as ignored ({@code unmapped_event_type}).
 */
public final class PaddleEventTypes {
    private PaddleEventTypes() {}


    /** How an event type's status is found. */
    public enum Refinement {
        /** The type says it all ({@code transaction.paid}, {@code transaction.payment_failed}...). */
        NONE,
        /** The transaction's own {@code data.status}, read by {@link #TRANSACTION_STATUSES}. */
        TRANSACTION_STATUS,
        /** An adjustment: {@code data.action} and {@code data.status}, read by {@link #ADJUSTMENTS}. */
        ADJUSTMENT
    }

    /** A mapped type: the status it reports (for {@link Refinement#NONE}) and how it is refined. */
    public record Rule(Status status, Refinement refinement) {}

    public static final Map<String, Rule> RULES = Map.ofEntries(
            // created, updated and revised can find the transaction in any status: its own status says where it is
            Map.entry("transaction.created", new Rule(null, Refinement.TRANSACTION_STATUS)),
            Map.entry("transaction.updated", new Rule(null, Refinement.TRANSACTION_STATUS)),
            Map.entry("transaction.revised", new Rule(null, Refinement.TRANSACTION_STATUS)),
            Map.entry("transaction.ready", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("transaction.billed", new Rule(Status.PENDING, Refinement.NONE)),
            Map.entry("transaction.paid", new Rule(Status.SUCCEEDED, Refinement.NONE)),
            Map.entry("transaction.completed", new Rule(Status.SUCCEEDED, Refinement.NONE)),
            // an attempt failed; the transaction stays ready/billed and the customer may pay later (SUCCEEDED outranks it)
            Map.entry("transaction.payment_failed", new Rule(Status.FAILED, Refinement.NONE)),
            // a renewal (automatic collection) that could not be collected; Paddle's dunning may still collect it
            Map.entry("transaction.past_due", new Rule(Status.FAILED, Refinement.NONE)),
            Map.entry("transaction.canceled", new Rule(Status.CANCELED, Refinement.NONE)),
            Map.entry("adjustment.created", new Rule(null, Refinement.ADJUSTMENT)),
            Map.entry("adjustment.updated", new Rule(null, Refinement.ADJUSTMENT)));

    /** A transaction's {@code status} → the status it reports. */
    public static final Map<String, Status> TRANSACTION_STATUSES = Map.of(
            "draft", Status.PENDING, // opened (e.g. checkout), no customer details or payment yet
            "ready", Status.PENDING, // has what it needs to be paid
            "billed", Status.PENDING, // invoiced, awaiting payment
            "paid", Status.SUCCEEDED, // payment captured, not yet processed by Paddle
            "completed", Status.SUCCEEDED, // paid and processed
            "past_due", Status.FAILED, // the payment for a billed renewal failed; dunning may follow
            "canceled", Status.CANCELED);

    /**
     * What an adjustment reports: its status (null: kept as ignored with {@link io.payhook.core.model.PaymentEvent#NO_STATE_CHANGE}), what it takes
     * back, and the reason.
     */
    public record Effect(Status status, Set<Status> reverses, String why) {
        static Effect reports(Status status, String why) { return new Effect(status, Set.of(), why); }

        static Effect takesBack(Status status, Set<Status> reverses, String why) { return new Effect(status, reverses, why); }

        static Effect none(String why) { return new Effect(null, Set.of(), why); }

        /** A refund's effect: REFUNDED, made PARTIALLY_REFUNDED by the adjustment's type (see {@link PaddleProvider}). */
        boolean refund() { return status == Status.REFUNDED; }
    }

    private static final Effect DISPUTE_WON = Effect.takesBack(Status.SUCCEEDED, ProviderMapping.DISPUTES,
            "the chargeback (or its warning) was reversed in the merchant's favour: the payment is collected again");

    /** An adjustment, keyed {@code <action>:<status>}. A pair not listed is kept as ignored ({@code unmapped_event_type}). */
    public static final Map<String, Effect> ADJUSTMENTS = Map.ofEntries(
            Map.entry("refund:approved", Effect.reports(Status.REFUNDED,
                    "Paddle approved the refund: REFUNDED for a full adjustment, PARTIALLY_REFUNDED otherwise")),
            Map.entry("refund:pending_approval", Effect.none("a refund requested, awaiting Paddle's approval: no money moved")),
            Map.entry("refund:rejected", Effect.none("Paddle rejected the refund: no money moved")),
            Map.entry("chargeback:approved", Effect.reports(Status.DISPUTED,
                    "the customer disputed the charge with their card issuer and the money was taken back")),
            Map.entry("chargeback:reversed", DISPUTE_WON),
            Map.entry("chargeback_warning:approved", Effect.reports(Status.DISPUTED,
                    "the issuer warned of an upcoming chargeback (an early dispute)")),
            Map.entry("chargeback_warning:reversed", DISPUTE_WON),
            Map.entry("chargeback_reverse:approved", DISPUTE_WON),
            Map.entry("chargeback_warning_reverse:approved", DISPUTE_WON),
            Map.entry("credit:approved", Effect.none("a credit to the customer's balance: no money returned to the payment method")),
            Map.entry("credit:reversed", Effect.none("a balance credit reversed: no money moved on the payment")),
            Map.entry("credit_reverse:approved", Effect.none("a balance credit reversed: no money moved on the payment")));

    /** The adjustment effect of {@code action} and {@code status}, or null (not mapped). */
    public static Effect adjustment(String action, String status) {
        return action == null || status == null ? null : ADJUSTMENTS.get(action + ":" + status);
    }
}

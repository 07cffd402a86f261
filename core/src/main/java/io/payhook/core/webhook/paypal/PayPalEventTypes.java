package io.payhook.core.webhook.paypal;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Map;
import java.util.Set;

/**
 * The PayPal event types payhook maps — as data: the status each reports, which payment it belongs
 * to, where its amount is, and what of the resource may refine the status. A type not listed
 * ({@code PAYMENTS.PAYMENT.CREATED}, {@code BILLING.*}, {@code PAYMENT.PAYOUTS*}, {@code CHECKOUT.ORDER.SAVED},
 * {@code MERCHANT.*}, {@code VAULT.*} ...) is acknowledged and kept as ignored. The decisions and their
 * sources: docs/providers/paypal.md.
 *
 * <p><b>Which payment an event belongs to.</b> The transaction is PayPal's payment transaction — the
 * <em>capture</em> (v2) or <em>sale</em> (v1): the id PayPal shows as "transaction ID", the one a refund
 * ({@code links[rel=up]} → {@code /v2/payments/captures/{id}}, v1 {@code sale_id}), a reversal and a dispute
 * ({@code disputed_transactions[].seller_transaction_id}) name. Those are the events that move money,
 * and PayPal's refund and dispute resources name nothing else (no order id): keyed by the order, every
 * refund and dispute would land on a transaction of its own. Before a capture exists the transaction is
 * what there is: the authorization ({@code PAYMENT.AUTHORIZATION.*}) or the order
 * ({@code CHECKOUT.ORDER.APPROVED}); an order event that lists exactly one capture (or, without captures,
 * exactly one authorization) goes to that payment.
 */
public final class PayPalEventTypes {
    private PayPalEventTypes() {}

    /** Which id of the resource is the transaction. */
    public enum Reference {
        /** The resource itself: a capture, an authorization, a v1 sale. */
        RESOURCE,
        /** A refund or reversal: the capture or sale it takes money from. */
        REFUNDED_PAYMENT,
        /** An order: its single capture, else its single authorization, else the order itself. */
        ORDER_PAYMENT,
        /** {@code CHECKOUT.PAYMENT-APPROVAL.REVERSED}: {@code resource.order_id}. */
        ORDER_ID,
        /** A dispute: the seller's transaction id of the (first) disputed transaction. */
        DISPUTED_TRANSACTION
    }

    /** How the resource refines the type's status. */
    public enum Refinement {
        /** The type says it all. */
        NONE,
        /**
         * {@code CHECKOUT.ORDER.COMPLETED}: the status of the payment the order lists — a capture
         * {@code COMPLETED} (or since refunded) SUCCEEDED, {@code PENDING} PENDING, {@code DECLINED}/{@code FAILED}
         * FAILED; an authorization (no capture yet) AUTHORIZED, {@code VOIDED}/{@code EXPIRED} CANCELED,
         * {@code DENIED} FAILED. No payment listed: no state change (ignored).
         */
        ORDER_PAYMENT_STATUS,
        /**
         * A refund resource's {@code status}: {@code COMPLETED} (or absent) as the type says; {@code PENDING}
         * no state change yet (ignored); {@code FAILED}/{@code CANCELLED} takes the refunds back.
         */
        REFUND_STATUS,
        /**
         * A dispute: open ({@code status} other than {@code RESOLVED}) DISPUTED; resolved, by
         * {@code dispute_outcome.outcome_code} — {@code RESOLVED_SELLER_FAVOUR}, {@code RESOLVED_WITH_PAYOUT}
         * (PayPal paid the buyer itself), {@code CANCELED_BY_BUYER}, {@code DENIED} are won: SUCCEEDED, taking
         * the dispute back; {@code RESOLVED_BUYER_FAVOUR}, {@code ACCEPTED}, {@code NONE} or none stay DISPUTED.
         */
        DISPUTE_OUTCOME
    }

    /** Where the event's amount is. */
    public enum AmountSource {
        /** {@code resource.amount}: v2 {@code {value, currency_code}}, v1 {@code {total, currency}}. */
        RESOURCE,
        /** A refund: {@code seller_payable_breakdown.total_refunded_amount} (all refunded so far), else {@code amount}. */
        REFUNDED_TOTAL,
        /** An order: the amount of the payment it lists, else of its single purchase unit. */
        ORDER,
        /** {@code resource.dispute_amount}, else the disputed transaction's {@code gross_amount}. */
        DISPUTE,
        /** No amount is read. */
        NONE
    }

    /**
     * A mapped type.
     *
     * @param status      the status it reports before refinement
     * @param reverses    what it takes back (see {@link io.payhook.core.model.PaymentEvent#reverses})
     * @param reference   which id is the transaction
     * @param amount      where its amount is
     * @param refinement  how the resource refines the status
     */
    public record Rule(Status status, Set<Status> reverses, Reference reference, AmountSource amount, Refinement refinement) {
        static Rule of(Status status, Reference reference, AmountSource amount) {
            return new Rule(status, Set.of(), reference, amount, Refinement.NONE);
        }
    }

    public static final Map<String, Rule> RULES = Map.ofEntries(
            // --- Orders v2: before a capture the order (or its one authorization) is the payment
            // approval is not an authorisation, let alone a capture: the merchant still has to authorize or capture
            Map.entry("CHECKOUT.ORDER.APPROVED", Rule.of(Status.PENDING, Reference.ORDER_PAYMENT, AmountSource.ORDER)),
            Map.entry("CHECKOUT.ORDER.COMPLETED", new Rule(Status.SUCCEEDED, Set.of(), Reference.ORDER_PAYMENT, AmountSource.ORDER,
                    Refinement.ORDER_PAYMENT_STATUS)),
            Map.entry("CHECKOUT.ORDER.VOIDED", Rule.of(Status.CANCELED, Reference.ORDER_PAYMENT, AmountSource.ORDER)),
            // not captured in time: PayPal cancels the order and returns the buyer's money
            Map.entry("CHECKOUT.PAYMENT-APPROVAL.REVERSED", Rule.of(Status.CANCELED, Reference.ORDER_ID, AmountSource.NONE)),
            // --- Payments v2 (and v1 authorizations: same names, same meaning)
            Map.entry("PAYMENT.AUTHORIZATION.CREATED", Rule.of(Status.AUTHORIZED, Reference.RESOURCE, AmountSource.RESOURCE)),
            // voided by the merchant, or expired after its validity period: CANCELED, which a capture outranks
            Map.entry("PAYMENT.AUTHORIZATION.VOIDED", Rule.of(Status.CANCELED, Reference.RESOURCE, AmountSource.RESOURCE)),
            Map.entry("PAYMENT.CAPTURE.PENDING", Rule.of(Status.PENDING, Reference.RESOURCE, AmountSource.RESOURCE)),
            Map.entry("PAYMENT.CAPTURE.COMPLETED", Rule.of(Status.SUCCEEDED, Reference.RESOURCE, AmountSource.RESOURCE)),
            // the capture did not take the money: FAILED, and a report that it had (SUCCEEDED) no longer counts
            Map.entry("PAYMENT.CAPTURE.DENIED", new Rule(Status.FAILED, ProviderMapping.CAPTURE, Reference.RESOURCE, AmountSource.RESOURCE,
                    Refinement.NONE)),
            Map.entry("PAYMENT.CAPTURE.DECLINED", new Rule(Status.FAILED, ProviderMapping.CAPTURE, Reference.RESOURCE, AmountSource.RESOURCE,
                    Refinement.NONE)),
            // a refund cannot tell full from partial (it names no captured amount): REFUNDED, the total refunded as amount
            Map.entry("PAYMENT.CAPTURE.REFUNDED", new Rule(Status.REFUNDED, Set.of(), Reference.REFUNDED_PAYMENT, AmountSource.REFUNDED_TOTAL,
                    Refinement.REFUND_STATUS)),
            // PayPal took the money back without the merchant refunding (a chargeback, a bank reversal): like a chargeback
            Map.entry("PAYMENT.CAPTURE.REVERSED", Rule.of(Status.DISPUTED, Reference.REFUNDED_PAYMENT, AmountSource.RESOURCE)),
            // --- Payments v1 (sales)
            Map.entry("PAYMENT.SALE.PENDING", Rule.of(Status.PENDING, Reference.RESOURCE, AmountSource.RESOURCE)),
            Map.entry("PAYMENT.SALE.COMPLETED", Rule.of(Status.SUCCEEDED, Reference.RESOURCE, AmountSource.RESOURCE)),
            Map.entry("PAYMENT.SALE.DENIED", new Rule(Status.FAILED, ProviderMapping.CAPTURE, Reference.RESOURCE, AmountSource.RESOURCE,
                    Refinement.NONE)),
            Map.entry("PAYMENT.SALE.REFUNDED", new Rule(Status.REFUNDED, Set.of(), Reference.REFUNDED_PAYMENT, AmountSource.REFUNDED_TOTAL,
                    Refinement.REFUND_STATUS)),
            Map.entry("PAYMENT.SALE.REVERSED", Rule.of(Status.DISPUTED, Reference.REFUNDED_PAYMENT, AmountSource.RESOURCE)),
            // --- Disputes (v1 customer disputes, for v1 and v2 payments alike)
            Map.entry("CUSTOMER.DISPUTE.CREATED", new Rule(Status.DISPUTED, Set.of(), Reference.DISPUTED_TRANSACTION, AmountSource.DISPUTE,
                    Refinement.DISPUTE_OUTCOME)),
            Map.entry("CUSTOMER.DISPUTE.UPDATED", new Rule(Status.DISPUTED, Set.of(), Reference.DISPUTED_TRANSACTION, AmountSource.DISPUTE,
                    Refinement.DISPUTE_OUTCOME)),
            Map.entry("CUSTOMER.DISPUTE.RESOLVED", new Rule(Status.DISPUTED, Set.of(), Reference.DISPUTED_TRANSACTION, AmountSource.DISPUTE,
                    Refinement.DISPUTE_OUTCOME)));

    /** Dispute outcomes in the merchant's favour: the money stays with the merchant. */
    public static final Set<String> DISPUTE_WON = Set.of("RESOLVED_SELLER_FAVOUR", "RESOLVED_WITH_PAYOUT", "CANCELED_BY_BUYER", "DENIED");

    /** The status each mapped type reports before refinement (for tests and docs), or null. */
    public static Status status(String type) {
        Rule r = RULES.get(type);
        return r == null ? null : r.status();
    }
}

package io.payhook.core.webhook.gocardless;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Map;
import java.util.Set;

/**
 * The GoCardless event actions payhook maps, keyed {@code <resource_type>.<action>}, and what each reports — as
 * data, each with the reason for the decision. Decided from GoCardless's event-action reference
 * (developer.gocardless.com/api-reference, "Event actions"; the descriptions are quoted in docs/providers/gocardless.md).
 *
 * <p>GoCardless collects by bank debit (Bacs, SEPA Core, ACH, BECS, PAD, Autogiro, Betalingsservice) and by
 * instant bank pay. A debit is not money when it is <em>submitted</em>: the payer's bank can return it for days,
 * so only {@code confirmed} ("collected from the customer's bank account") is SUCCEEDED. A bank can still return a
 * confirmed, even a paid-out, debit: such a <em>late failure</em> arrives as {@code failed} after {@code confirmed},
 * then {@code late_failure_settled} when it is debited from a payout — both take the collection back
 * ({@link ProviderMapping#CAPTURE}), so a late failure ends FAILED although SUCCEEDED outranks FAILED. A resubmitted
 * payment that is then confirmed again is SUCCEEDED again: the new {@code confirmed} occurred after the failure.
 *
 * <p>A type not listed ({@code mandates.*}, {@code subscriptions.*}, {@code payouts.*}, {@code billing_requests.*},
 * {@code creditors.*}, {@code instalment_schedules.*}, {@code exports.*}, unknown payment actions...) is acknowledged
 * and kept as ignored ({@code unmapped_event_type}); a listed rule without a status is kept as ignored with its reason.
 */
public final class GoCardlessEventActions {
    private GoCardlessEventActions() {}


    /**
     * What one event action reports.
     *
     * @param status   the status it reports, or null: kept as ignored with {@link io.payhook.core.model.PaymentEvent#NO_STATE_CHANGE}
     * @param reverses the statuses it takes back (see {@link io.payhook.core.model.PaymentEvent#reverses})
     * @param why      the reason for the decision, as written in docs/providers/gocardless.md
     */
    public record Rule(Status status, Set<Status> reverses, String why) {
        static Rule reports(Status status, String why) { return new Rule(status, Set.of(), why); }

        static Rule takesBack(Status status, Set<Status> reverses, String why) { return new Rule(status, reverses, why); }

        static Rule noStateChange(String why) { return new Rule(null, Set.of(), why); }
    }

    public static final Map<String, Rule> RULES = Map.ofEntries(
            // --- payments (links.payment is the transaction)
            Map.entry("payments.created", Rule.reports(Status.PENDING,
                    "created (by the API, a subscription or an instalment schedule); not yet submitted to the banks")),
            Map.entry("payments.customer_approval_granted", Rule.reports(Status.PENDING,
                    "the customer approved the payment; it can now be submitted")),
            Map.entry("payments.customer_approval_denied", Rule.reports(Status.FAILED,
                    "the customer denied the approval the payment needed; it will not be collected")),
            Map.entry("payments.submitted", Rule.reports(Status.PENDING,
                    "submitted to the banks: a bank debit can still fail for days, so this is not money yet")),
            Map.entry("payments.confirmed", Rule.reports(Status.SUCCEEDED,
                    "collected from the customer's bank account and held by GoCardless: the money is taken")),
            Map.entry("payments.paid_out", Rule.reports(Status.SUCCEEDED,
                    "paid out to the merchant's bank account: still collected")),
            Map.entry("payments.failed", Rule.takesBack(Status.FAILED, ProviderMapping.CAPTURE,
                    "could not be collected (a retry may follow when details.will_attempt_retry is true); after confirmed "
                            + "or paid_out this is a late failure, which takes the collection back")),
            Map.entry("payments.late_failure_settled", Rule.takesBack(Status.FAILED, ProviderMapping.CAPTURE,
                    "a late failure of a paid-out payment, debited from a payout: the collection is taken back")),
            Map.entry("payments.cancelled", Rule.reports(Status.CANCELED,
                    "cancelled before collection (by the merchant, the mandate's cancellation or the customer's bank)")),
            Map.entry("payments.resubmission_requested", Rule.reports(Status.PENDING,
                    "a retry was requested (by the API or intelligent retries); a new submission follows")),
            Map.entry("payments.charged_back", Rule.reports(Status.DISPUTED,
                    "the customer's bank returned the money to the customer under the Direct Debit Guarantee")),
            Map.entry("payments.chargeback_settled", Rule.reports(Status.DISPUTED,
                    "the chargeback of a paid-out payment was debited from a payout: still charged back")),
            Map.entry("payments.chargeback_cancelled", Rule.takesBack(Status.SUCCEEDED, ProviderMapping.DISPUTES,
                    "the customer's bank cancelled the chargeback: the payment is collected after all")),
            Map.entry("payments.surcharge_fee_debited", Rule.noStateChange(
                    "a fee charged to the merchant for a failed or charged-back payment; the payment itself is unchanged")),
            Map.entry("payments.surcharge_fee_credited", Rule.noStateChange(
                    "a surcharge fee credited back to the merchant; the payment itself is unchanged")),
            // --- refunds (the refund applies to the payment named in links.payment; see GoCardlessProvider)
            Map.entry("refunds.created", Rule.noStateChange(
                    "a refund was created and will be submitted in the next batch: no money has been returned yet")),
            Map.entry("refunds.paid", Rule.reports(Status.PARTIALLY_REFUNDED,
                    "the refund was paid to the customer; the event carries no amount, so a full refund cannot be told "
                            + "from a partial one: PARTIALLY_REFUNDED is the claim that holds either way")),
            Map.entry("refunds.refund_settled", Rule.noStateChange(
                    "the refund was deducted from a payout (settlement; a refund can still fail after it settled)")),
            Map.entry("refunds.failed", Rule.takesBack(Status.SUCCEEDED, ProviderMapping.REFUNDS,
                    "the refund did not reach the customer and its funds go back to the merchant: the payment is "
                            + "collected, not refunded")),
            Map.entry("refunds.funds_returned", Rule.takesBack(Status.SUCCEEDED, ProviderMapping.REFUNDS,
                    "the funds of a refund that failed were credited back to the merchant: not refunded")));

    /** The status a {@code <resource_type>.<action>} reports, or null (ignored). */
    public static Status status(String type) {
        Rule r = RULES.get(type);
        return r == null ? null : r.status();
    }
}

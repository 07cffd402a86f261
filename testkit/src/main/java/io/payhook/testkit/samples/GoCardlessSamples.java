package io.payhook.testkit.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;
import io.payhook.testkit.Signatures;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.testkit.samples.Samples.*;

/**
 * GoCardless webhooks as GoCardless sends them: a batch {@code {"events": [...], "meta": {"webhook_id"}}} signed with
 * {@code Webhook-Signature} (hex HMAC-SHA256 of the body). One event per type {@code <resource_type>.<action>}, plus:
 * <ul>
 *   <li>{@code batch.payment_lifecycle} — one delivery of several events: the mandate activated, the payment
 *       created, submitted and confirmed;</li>
 *   <li>{@code refunds.paid.refund_link_only} — a refund event naming only {@code links.refund}, as GoCardless's
 *       documentation shows them (the other refund samples also name {@code links.payment}, the payment refunded);</li>
 *   <li>{@code mandates.active} — not a payment event.</li>
 * </ul>
 * GoCardless events carry no amount, currency or customer (they are on the Payment resource): the options' amount,
 * currency and email are not written; a negative amount or a currency that is not ISO 4217 is refused
 * ({@link IllegalArgumentException}), as nothing in the delivery could carry it. The transaction id is the payment
 * ({@code PM…}); the event id the first event's id ({@code EV…}; later events of a batch get {@code _2}, {@code _3}...).
 */
public final class GoCardlessSamples implements ProviderSamples {
    /** resource_type.action → origin, cause, description (GoCardless's own wording). */
    private static final Map<String, String[]> DETAILS = Map.ofEntries(
            Map.entry("payments.created", new String[] {"api", "payment_created", "Payment created via the API."}),
            Map.entry("payments.customer_approval_granted", new String[] {"customer", "customer_approval_granted",
                    "The customer granted approval for this payment"}),
            Map.entry("payments.customer_approval_denied", new String[] {"customer", "customer_approval_denied",
                    "The customer denied approval for this payment"}),
            Map.entry("payments.submitted", new String[] {"gocardless", "payment_submitted",
                    "Payment submitted to the banks. As a result, it can no longer be cancelled."}),
            Map.entry("payments.confirmed", new String[] {"gocardless", "payment_confirmed",
                    "Enough time has passed since the payment was submitted for the banks to return an error, so this payment is now confirmed."}),
            Map.entry("payments.paid_out", new String[] {"gocardless", "payment_paid_out", "The payment has been paid out by GoCardless."}),
            Map.entry("payments.failed", new String[] {"bank", "insufficient_funds",
                    "The customer's account had insufficient funds to make this payment."}),
            Map.entry("payments.late_failure_settled", new String[] {"gocardless", "late_failure_settled",
                    "This late failed payment has been settled against a payout."}),
            Map.entry("payments.cancelled", new String[] {"api", "payment_cancelled", "This payment was cancelled at your request."}),
            Map.entry("payments.resubmission_requested", new String[] {"api", "payment_retried", "An attempt to retry this payment was requested."}),
            Map.entry("payments.charged_back", new String[] {"bank", "refund_requested",
                    "This payment was charged back by the customer's bank at the customer's request within the 8 week cool-off period."}),
            Map.entry("payments.chargeback_settled", new String[] {"gocardless", "chargeback_settled",
                    "This charged back payment has been settled against a payout."}),
            Map.entry("payments.chargeback_cancelled", new String[] {"bank", "payment_confirmed", "The chargeback for this payment was reversed"}),
            Map.entry("payments.surcharge_fee_debited", new String[] {"gocardless", "surcharge_fee_debited",
                    "A surcharge fee has been charged for a payment."}),
            Map.entry("refunds.created", new String[] {"api", "refund_created",
                    "The refund has been created, and will be submitted in the next batch."}),
            Map.entry("refunds.paid", new String[] {"gocardless", "refund_paid", "The refund has been paid to your customer."}),
            Map.entry("refunds.refund_settled", new String[] {"gocardless", "refund_settled", "The refund has been deducted from a payout."}),
            Map.entry("refunds.failed", new String[] {"gocardless", "refund_failed",
                    "The refund did not reach your customer, the funds will be returned to you."}),
            Map.entry("refunds.funds_returned", new String[] {"gocardless", "refund_funds_returned",
                    "The funds for the refund have been returned to you."}),
            Map.entry("mandates.active", new String[] {"gocardless", "mandate_activated",
                    "The time window after submission for the banks to refuse a mandate has ended without any errors being received, so this mandate is now active."}));

    /** Bank-reported events name the scheme and its reason code. */
    private static final Map<String, String> REASON_CODES = Map.of(
            "payments.failed", "AM04", "payments.charged_back", "MD06", "payments.chargeback_cancelled", "MD06");

    static final List<String> TYPES = List.of("payments.created", "payments.customer_approval_granted",
            "payments.customer_approval_denied", "payments.submitted", "payments.confirmed", "payments.paid_out",
            "payments.failed", "payments.late_failure_settled", "payments.cancelled", "payments.resubmission_requested",
            "payments.charged_back", "payments.chargeback_settled", "payments.chargeback_cancelled",
            "payments.surcharge_fee_debited", "refunds.created", "refunds.paid", "refunds.refund_settled", "refunds.failed",
            "refunds.funds_returned", "refunds.paid.refund_link_only", "mandates.active", "batch.payment_lifecycle");

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override public String provider() { return "gocardless"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) {
        if (o.amountMinor() < 0) throw new IllegalArgumentException("a GoCardless event carries no amount; a negative one cannot be sent");
        if (o.currency() != null) {
            try {
                java.util.Currency.getInstance(o.currency().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a GoCardless event carries no currency; '" + o.currency() + "' is not ISO 4217 either");
            }
        }
        String payment = o.transactionId() != null ? o.transactionId() : "PM" + random(UPPER_ALNUM, 12);
        String firstId = o.eventId() != null ? o.eventId() : "EV" + random(UPPER_ALNUM, 12);
        String mandate = "MD" + random(UPPER_ALNUM, 12);
        String order = "order-" + random(UPPER_ALNUM, 8);

        List<String> actions = type.equals("batch.payment_lifecycle")
                ? List.of("mandates.active", "payments.created", "payments.submitted", "payments.confirmed")
                : List.of(type);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode events = root.putArray("events");
        for (int i = 0; i < actions.size(); i++) {
            String a = actions.get(i);
            boolean refundLinkOnly = a.equals("refunds.paid.refund_link_only");
            String key = refundLinkOnly ? "refunds.paid" : a;
            String resourceType = key.substring(0, key.indexOf('.'));
            String action = key.substring(key.indexOf('.') + 1);
            String id = i == 0 ? firstId : o.eventId() != null ? firstId + "_" + (i + 1) : "EV" + random(UPPER_ALNUM, 12);
            ObjectNode e = events.addObject();
            e.put("id", id);
            // a batch's events occurred in order, a second apart; the last at "now"
            e.put("created_at", MILLIS.format(now.minusSeconds(actions.size() - 1 - i)));
            e.put("resource_type", resourceType);
            e.put("action", action);
            ObjectNode links = e.putObject("links");
            switch (resourceType) {
                case "payments" -> links.put("payment", payment);
                case "refunds" -> {
                    links.put("refund", "RF" + random(UPPER_ALNUM, 12));
                    if (!refundLinkOnly) links.put("payment", payment);
                }
                default -> links.put("mandate", mandate);
            }
            String[] d = DETAILS.get(key);
            ObjectNode details = e.putObject("details");
            details.put("origin", d[0]);
            details.put("cause", d[1]);
            if (REASON_CODES.containsKey(key)) {
                details.put("scheme", "sepa_core");
                details.put("reason_code", REASON_CODES.get(key));
            }
            details.put("description", d[2]);
            if (key.equals("payments.failed")) details.put("will_attempt_retry", false);
            e.putObject("metadata");
            ObjectNode resourceMetadata = e.putObject("resource_metadata");
            if (!resourceType.equals("mandates")) resourceMetadata.put("order_id", order);
        }
        root.putObject("meta").put("webhook_id", "WB" + random(UPPER_ALNUM, 12));
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("User-Agent", "gocardless-webhook-service/1.1");
        h.put("Webhook-Signature", Signatures.goCardless(secret, b));
        return new Delivery(h, b);
    }
}

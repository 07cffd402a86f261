package io.payhook.testkit.samples;

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
 * Stripe events as Stripe sends them, signed with {@code Stripe-Signature}. Beyond the mapped types: {@code
 * charge.refunded.partial} (a {@code charge.refunded} refunding half), {@code charge.succeeded.uncaptured} (manual
 * capture: the charge is only authorised), {@code charge.dispute.closed.won} (the dispute was won; {@code
 * charge.dispute.closed} is a lost one), and {@code customer.created} (not a payment event).
 */
public final class StripeSamples implements ProviderSamples {
    static final List<String> TYPES = List.of("payment_intent.created", "payment_intent.processing",
            "payment_intent.requires_action", "payment_intent.amount_capturable_updated", "payment_intent.succeeded",
            "payment_intent.payment_failed", "payment_intent.canceled", "charge.succeeded", "charge.succeeded.uncaptured",
            "charge.captured", "charge.failed", "charge.expired", "charge.refunded", "charge.refunded.partial", "refund.failed",
            "charge.dispute.created", "charge.dispute.closed", "charge.dispute.closed.won", "customer.created");

    @Override public String provider() { return "stripe"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) { return stripe(type, o, secret, now); }

    static Delivery stripe(String type, SampleOptions o, String secret, Instant now) {
        String pi = o.transactionId() != null ? o.transactionId() : "pi_3" + random(ALNUM, 23);
        String currency = currency(o).toLowerCase(Locale.ROOT);
        boolean partial = type.equals("charge.refunded.partial");
        boolean uncaptured = type.equals("charge.succeeded.uncaptured") || type.equals("charge.expired");
        boolean won = type.equals("charge.dispute.closed.won");
        String stripeType = partial ? "charge.refunded" : uncaptured && !type.equals("charge.expired") ? "charge.succeeded"
                : won ? "charge.dispute.closed" : type;
        long created = now.getEpochSecond();
        String customer = "cus_" + random(ALNUM, 14);
        String charge = "ch_3" + random(ALNUM, 23);

        ObjectNode root = JSON.createObjectNode();
        root.put("id", o.eventId() != null ? o.eventId() : "evt_3" + random(ALNUM, 23));
        root.put("object", "event");
        root.put("api_version", "2024-06-20");
        root.put("created", created); // the envelope's "created" comes first in the body
        ObjectNode object = root.putObject("data").putObject("object");
        root.put("livemode", false);
        root.put("pending_webhooks", 1);
        ObjectNode request = root.putObject("request");
        request.put("id", "req_" + random(ALNUM, 14));
        request.put("idempotency_key", "idem-" + random(ALNUM, 20));
        root.put("type", stripeType);

        if (stripeType.startsWith("payment_intent.")) {
            String status = switch (stripeType) {
                case "payment_intent.succeeded" -> "succeeded";
                case "payment_intent.canceled" -> "canceled";
                case "payment_intent.processing" -> "processing";
                case "payment_intent.amount_capturable_updated" -> "requires_capture";
                case "payment_intent.requires_action" -> "requires_action";
                case "payment_intent.payment_failed" -> "requires_payment_method";
                default -> "requires_confirmation";
            };
            boolean manual = stripeType.equals("payment_intent.amount_capturable_updated");
            object.put("id", pi);
            object.put("object", "payment_intent");
            object.put("amount", o.amountMinor());
            object.put("amount_capturable", manual ? o.amountMinor() : 0);
            object.put("amount_received", status.equals("succeeded") ? o.amountMinor() : 0);
            if (status.equals("canceled")) {
                object.put("canceled_at", created);
                object.put("cancellation_reason", "requested_by_customer");
            } else {
                object.putNull("canceled_at");
                object.putNull("cancellation_reason");
            }
            object.put("capture_method", manual ? "manual" : "automatic_async");
            object.put("confirmation_method", "automatic");
            object.put("created", created - 5);
            object.put("currency", currency);
            object.put("customer", customer);
            object.put("description", "Order " + random(UPPER_ALNUM, 8));
            if (stripeType.equals("payment_intent.payment_failed")) {
                ObjectNode err = object.putObject("last_payment_error");
                err.put("code", "card_declined");
                err.put("decline_code", "generic_decline");
                err.put("message", "Your card was declined.");
                err.put("type", "card_error");
                ObjectNode pm = err.putObject("payment_method");
                pm.put("id", "pm_" + random(ALNUM, 24));
                pm.put("object", "payment_method");
                pm.put("type", "card");
                card(pm.putObject("card"), "0002");
            } else {
                object.putNull("last_payment_error");
            }
            if (status.equals("succeeded") || manual) object.put("latest_charge", charge); else object.putNull("latest_charge");
            object.put("livemode", false);
            object.putObject("metadata").put("order_id", "order-" + random(UPPER_ALNUM, 8));
            if (stripeType.equals("payment_intent.requires_action")) {
                ObjectNode next = object.putObject("next_action");
                next.put("type", "use_stripe_sdk");
            } else {
                object.putNull("next_action");
            }
            object.put("payment_method", "pm_" + random(ALNUM, 24));
            object.putArray("payment_method_types").add("card");
            if (o.email() != null) object.put("receipt_email", o.email()); else object.putNull("receipt_email");
            object.put("status", status);
        } else if (stripeType.equals("customer.created")) {
            // not a payment event: Stripe delivers whatever the endpoint subscribed to
            object.put("id", customer);
            object.put("object", "customer");
            object.put("created", created);
            object.put("description", "Customer " + random(UPPER_ALNUM, 6));
            if (o.email() != null) object.put("email", o.email()); else object.putNull("email");
            object.put("livemode", false);
            object.putObject("metadata");
        } else if (stripeType.equals("refund.failed")) {
            object.put("id", "re_3" + random(ALNUM, 23));
            object.put("object", "refund");
            object.put("amount", o.amountMinor());
            object.put("charge", charge);
            object.put("created", created - 3_600);
            object.put("currency", currency);
            object.put("failure_reason", "expired_or_canceled_card");
            object.putObject("metadata");
            object.put("payment_intent", pi);
            object.put("reason", "requested_by_customer");
            object.put("status", "failed");
        } else if (stripeType.startsWith("charge.dispute.")) {
            boolean closed = stripeType.endsWith("closed");
            object.put("id", "du_" + random(ALNUM, 24));
            object.put("object", "dispute");
            object.put("amount", o.amountMinor());
            object.putArray("balance_transactions");
            object.put("charge", charge);
            object.put("created", created - 60);
            object.put("currency", currency);
            ObjectNode evidence = object.putObject("evidence_details");
            evidence.put("due_by", created + 7 * 86_400);
            evidence.put("has_evidence", closed);
            evidence.put("past_due", false);
            evidence.put("submission_count", closed ? 1 : 0);
            object.put("is_charge_refundable", false);
            object.put("livemode", false);
            object.putObject("metadata");
            object.put("payment_intent", pi);
            object.put("reason", "fraudulent");
            object.put("status", won ? "won" : closed ? "lost" : "needs_response");
        } else {
            boolean failed = stripeType.equals("charge.failed");
            boolean refunded = stripeType.equals("charge.refunded");
            boolean expired = stripeType.equals("charge.expired");
            long amountRefunded = refunded ? (partial ? o.amountMinor() / 2 : o.amountMinor()) : expired ? o.amountMinor() : 0;
            object.put("id", charge);
            object.put("object", "charge");
            object.put("amount", o.amountMinor());
            object.put("amount_captured", failed || uncaptured ? 0 : o.amountMinor());
            object.put("amount_refunded", amountRefunded);
            object.put("balance_transaction", failed ? null : "txn_3" + random(ALNUM, 23));
            ObjectNode billing = object.putObject("billing_details");
            ObjectNode address = billing.putObject("address");
            address.put("country", "NL");
            address.putNull("postal_code");
            if (o.email() != null) billing.put("email", o.email()); else billing.putNull("email");
            billing.putNull("name");
            billing.putNull("phone");
            object.put("captured", !failed && !uncaptured);
            object.put("created", created - 2);
            object.put("currency", currency);
            object.put("customer", customer);
            object.put("description", "Order " + random(UPPER_ALNUM, 8));
            if (failed) {
                object.put("failure_code", "card_declined");
                object.put("failure_message", "Your card was declined.");
            } else {
                object.putNull("failure_code");
                object.putNull("failure_message");
            }
            object.put("livemode", false);
            object.putObject("metadata");
            ObjectNode outcome = object.putObject("outcome");
            outcome.put("network_status", failed ? "declined_by_network" : "approved_by_network");
            outcome.put("reason", failed ? "generic_decline" : null);
            outcome.put("risk_level", "normal");
            outcome.put("seller_message", failed ? "The bank did not return any further details with this decline." : "Payment complete.");
            outcome.put("type", failed ? "issuer_declined" : "authorized");
            object.put("paid", !failed);
            object.put("payment_intent", pi);
            object.put("payment_method", "pm_" + random(ALNUM, 24));
            ObjectNode details = object.putObject("payment_method_details");
            card(details.putObject("card"), failed ? "0002" : "4242");
            details.put("type", "card");
            if (o.email() != null) object.put("receipt_email", o.email()); else object.putNull("receipt_email");
            // an uncaptured charge that expired is released: Stripe shows it refunded in full
            object.put("refunded", (refunded && !partial) || expired);
            object.put("status", failed ? "failed" : "succeeded");
        }
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("Stripe-Signature", Signatures.timestampedV1(secret, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    /** A Stripe card object: test Visa (4242 succeeds, 0002 is declined), brand and last 4 only. */
    static void card(ObjectNode card, String last4) {
        card.put("brand", "visa");
        ObjectNode checks = card.putObject("checks");
        checks.putNull("address_line1_check");
        checks.putNull("address_postal_code_check");
        checks.put("cvc_check", "pass");
        card.put("country", "US");
        card.put("exp_month", 12);
        card.put("exp_year", 2034);
        card.put("funding", "credit");
        card.put("last4", last4);
        card.put("network", "visa");
    }

}

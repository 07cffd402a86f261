package io.payhook.testkit.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;
import io.payhook.testkit.Signatures;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.testkit.samples.Samples.*;

/**
 * Razorpay webhook events as Razorpay sends them ({@code {entity: "event", account_id, event, contains,
 * payload: {payment | refund | dispute | order: {entity}}, created_at}}), signed with
 * {@code X-Razorpay-Signature} (hex HMAC-SHA256 of the body); the event id travels in
 * {@code x-razorpay-event-id} ({@code eventId} of the options, else a fresh one). Types beyond Razorpay's own
 * names: {@code refund.processed.partial} (a refund of half the payment); {@code payment.downtime.started}
 * is not a payment event. Test card data only (Razorpay's test Visa ending 1111).
 */
public final class RazorpaySamples implements ProviderSamples {
    public static final String SIGNATURE_HEADER = "X-Razorpay-Signature";
    public static final String EVENT_ID_HEADER = "x-razorpay-event-id";

    static final List<String> TYPES = List.of("payment.pending", "payment.authorized", "payment.captured", "payment.failed", "order.paid",
            "refund.created", "refund.processed", "refund.processed.partial", "refund.failed", "payment.dispute.created",
            "payment.dispute.under_review", "payment.dispute.action_required", "payment.dispute.won", "payment.dispute.lost",
            "payment.dispute.closed", "payment.downtime.started");

    private static final String ACCOUNT = "acc_PayhookTest0001";

    @Override public String provider() { return "razorpay"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) {
        String payment = o.transactionId() != null ? o.transactionId() : "pay_" + random(ALNUM, 14);
        boolean partial = type.equals("refund.processed.partial");
        String event = partial ? "refund.processed" : type;
        long created = now.getEpochSecond();

        ObjectNode root = JSON.createObjectNode();
        root.put("entity", "event");
        root.put("account_id", ACCOUNT);
        root.put("event", event);
        ArrayNode contains = root.putArray("contains");
        ObjectNode payload = root.putObject("payload");
        if (event.startsWith("refund.")) {
            contains.add("refund").add("payment");
            long refunded = partial ? o.amountMinor() / 2 : o.amountMinor();
            ObjectNode r = payload.putObject("refund").putObject("entity");
            r.put("id", "rfnd_" + random(ALNUM, 14));
            r.put("entity", "refund");
            r.put("amount", refunded);
            r.put("currency", currency(o).toUpperCase(Locale.ROOT));
            r.put("payment_id", payment);
            r.putObject("notes").put("comment", "Returned goods");
            r.putNull("receipt");
            r.putObject("acquirer_data").putNull("arn");
            r.put("created_at", created - 5);
            r.putNull("batch_id");
            r.put("status", event.equals("refund.failed") ? "failed" : event.equals("refund.created") ? "pending" : "processed");
            r.put("speed_processed", "normal");
            r.put("speed_requested", "optimum");
            payment(payload.putObject("payment").putObject("entity"), payment, "captured", event.equals("refund.failed") ? 0 : refunded, o, created);
        } else if (event.startsWith("payment.dispute.")) {
            contains.add("payment").add("dispute");
            payment(payload.putObject("payment").putObject("entity"), payment, "captured", 0, o, created);
            ObjectNode d = payload.putObject("dispute").putObject("entity");
            String status = event.substring("payment.dispute.".length());
            d.put("id", "disp_" + random(ALNUM, 14));
            d.put("entity", "dispute");
            d.put("payment_id", payment);
            d.put("amount", o.amountMinor());
            d.put("currency", currency(o).toUpperCase(Locale.ROOT));
            d.put("amount_deducted", status.equals("lost") ? o.amountMinor() : 0);
            d.put("reason_code", "goods_or_services_not_received_or_partially_received");
            d.put("respond_by", created + 7 * 86_400);
            d.put("status", switch (status) {
                case "created", "action_required" -> "open";
                default -> status;
            });
            d.put("phase", status.equals("closed") ? "fraud" : "chargeback");
            d.put("created_at", created - 60);
        } else if (event.equals("payment.downtime.started")) {
            // not a payment event: a payment method's downtime, delivered to the same endpoint
            contains.add("payment.downtime");
            ObjectNode d = payload.putObject("payment.downtime").putObject("entity");
            d.put("id", "down_" + random(ALNUM, 14));
            d.put("entity", "payment.downtime");
            d.put("method", "netbanking");
            d.put("begin", created);
            d.putNull("end");
            d.put("status", "started");
            d.put("scheduled", false);
            d.put("severity", "high");
            d.putObject("instrument").put("bank", "HDFC");
            d.putArray("instrument_schema").add("bank");
            d.put("created_at", created);
            d.put("updated_at", created);
        } else {
            contains.add("payment");
            String status = switch (event) {
                case "payment.pending" -> "pending";
                case "payment.authorized" -> "authorized";
                case "payment.failed" -> "failed";
                default -> "captured";
            };
            payment(payload.putObject("payment").putObject("entity"), payment, status, 0, o, created);
            if (event.equals("order.paid")) {
                contains.add("order");
                ObjectNode order = payload.putObject("order").putObject("entity");
                order.put("id", payload.path("payment").path("entity").path("order_id").asText());
                order.put("entity", "order");
                order.put("amount", o.amountMinor());
                order.put("amount_paid", o.amountMinor());
                order.put("amount_due", 0);
                order.put("currency", currency(o).toUpperCase(Locale.ROOT));
                order.put("receipt", "rcpt-" + random(UPPER_ALNUM, 8));
                order.put("status", "paid");
                order.put("attempts", 1);
                order.putArray("notes");
                order.put("created_at", created - 120);
            }
        }
        root.put("created_at", created);

        byte[] body = bytes(root);
        Map<String, String> headers = json();
        headers.put(SIGNATURE_HEADER, Signatures.hexOfBody(secret, body));
        headers.put(EVENT_ID_HEADER, o.eventId() != null ? o.eventId() : random(ALNUM, 14));
        return new Delivery(headers, body);
    }

    private static void payment(ObjectNode p, String id, String status, long refunded, SampleOptions o, long created) {
        boolean failed = status.equals("failed");
        p.put("id", id);
        p.put("entity", "payment");
        p.put("amount", o.amountMinor());
        p.put("currency", currency(o).toUpperCase(Locale.ROOT));
        p.put("status", refunded >= o.amountMinor() && refunded > 0 ? "refunded" : status);
        p.put("order_id", "order_" + random(ALNUM, 14));
        p.putNull("invoice_id");
        p.put("international", false);
        p.put("method", "card");
        p.put("amount_refunded", refunded);
        if (refunded == 0) p.putNull("refund_status"); else p.put("refund_status", refunded >= o.amountMinor() ? "full" : "partial");
        p.put("captured", status.equals("captured"));
        p.put("description", "Order " + random(UPPER_ALNUM, 8));
        p.put("card_id", "card_" + random(ALNUM, 14));
        ObjectNode card = p.putObject("card");
        card.put("id", p.get("card_id").asText());
        card.put("entity", "card");
        card.put("name", "");
        card.put("last4", "1111");
        card.put("network", "Visa");
        card.put("type", "credit");
        card.putNull("issuer");
        card.put("international", false);
        card.put("emi", false);
        p.putNull("bank");
        p.putNull("wallet");
        p.putNull("vpa");
        p.put("email", o.email() != null ? o.email() : "");
        p.put("contact", "+910000000000");
        p.put("customer_id", "cust_" + random(ALNUM, 14));
        p.putArray("notes");
        if (failed) {
            p.put("error_code", "BAD_REQUEST_ERROR");
            p.put("error_description", "Payment failed");
            p.put("error_source", "bank");
            p.put("error_step", "payment_authorization");
            p.put("error_reason", "payment_failed");
        } else {
            p.putNull("error_code");
            p.putNull("error_description");
        }
        p.put("created_at", created - 30);
    }
}

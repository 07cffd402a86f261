package io.payhook.testkit.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;
import io.payhook.testkit.Signatures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.testkit.samples.Samples.*;

/**
 * Checkout.com webhook events in the shapes its event-type reference documents (the current platform:
 * {@code {id, type, version, created_on, data: {id, action_id, amount, currency, balances, customer, source,
 * ...}, _links}}; dispute events {@code data: {id: dsp_…, payment_id, amount, currency, payment_method, ...}}),
 * signed with {@code Cko-Signature} (hex HMAC-SHA256 of the body). {@code amountMinor} is the amount in
 * Checkout.com's own format (the same as ISO minor units for every current currency but CLP, UYI and CLF).
 * Types beyond Checkout.com's own names: {@code payment_captured.partial} (half captured, the rest still
 * capturable), {@code payment_refunded.partial} (half refunded); {@code card_verified} is not a payment event.
 * Test card data only (Checkout.com's test Visa 4242).
 */
public final class CheckoutSamples implements ProviderSamples {
    public static final String SIGNATURE_HEADER = "Cko-Signature";

    static final List<String> TYPES = List.of("payment_pending", "payment_approved", "payment_captured", "payment_captured.partial",
            "payment_paid", "payment_declined", "payment_authentication_failed", "payment_voided", "payment_canceled", "payment_expired",
            "payment_capture_declined", "payment_refunded", "payment_refunded.partial", "payment_refund_declined", "dispute_received",
            "dispute_evidence_required", "dispute_evidence_submitted", "dispute_evidence_acknowledged_by_scheme", "dispute_accepted",
            "dispute_lost", "dispute_expired", "dispute_arbitration_lost", "dispute_won", "dispute_arbitration_won", "dispute_canceled",
            "dispute_resolved", "card_verified");

    /** Checkout.com ids: a prefix and 26 characters of lower-case base32. */
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    @Override public String provider() { return "checkout"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) {
        String payment = o.transactionId() != null ? o.transactionId() : id("pay_");
        boolean partial = type.endsWith(".partial");
        String event = partial ? type.substring(0, type.indexOf('.')) : type;
        long a = o.amountMinor();
        String currency = currency(o).toUpperCase(Locale.ROOT);
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);

        ObjectNode root = JSON.createObjectNode();
        root.put("id", o.eventId() != null ? o.eventId() : id("evt_"));
        if (event.startsWith("dispute_")) root.put("source", "dispute");
        root.put("type", event);
        root.put("version", event.startsWith("dispute_") ? "1.0.6" : "1.0.29");
        root.put("created_on", at.toString());
        ObjectNode data = root.putObject("data");
        if (event.startsWith("dispute_")) {
            data.put("id", id("dsp_"));
            data.put("date", at.minusSeconds(1).toString());
            data.put("category", "fraudulent");
            data.put("amount", a);
            data.put("currency", currency);
            data.put("reason_code", "10.4");
            data.put("payment_id", payment);
            data.put("payment_action_id", id("act_"));
            data.put("payment_reference", "ORD-" + random(UPPER_ALNUM, 8));
            data.put("payment_method", "VISA");
            data.put("evidence_required_by", at.plus(14, ChronoUnit.DAYS).toString());
            data.put("processing_channel_id", "pc_" + random(BASE32, 26));
            data.put("entity_id", "ent_" + random(BASE32, 26));
            if (event.equals("dispute_resolved")) data.put("resolved_reason", "already_refunded");
        } else if (event.equals("card_verified")) {
            // not a payment event: a card verification (amount 0), delivered to the same endpoint
            data.put("id", payment);
            data.put("action_id", id("act_"));
            data.put("reference", "VERIFY-" + random(UPPER_ALNUM, 6));
            data.put("amount", 0);
            data.put("currency", currency);
            data.put("response_code", "10000");
            data.put("response_summary", "Approved");
            source(data.putObject("source"));
        } else {
            long amount = partial ? a / 2 : a;
            data.put("id", payment);
            data.put("action_id", id("act_"));
            data.put("reference", "ORD-" + random(UPPER_ALNUM, 8));
            data.put("amount", amount);
            data.put("currency", currency);
            data.put("processed_on", at.minusSeconds(2).toString());
            boolean declined = event.contains("declined") || event.equals("payment_authentication_failed");
            data.put("response_code", declined ? "20005" : "10000");
            data.put("response_summary", declined ? "Declined - Do Not Honour" : "Approved");
            if (!event.equals("payment_declined") && !event.equals("payment_authentication_failed") && !event.equals("payment_pending")) {
                balances(data.putObject("balances"), event, a, partial);
            }
            ObjectNode customer = data.putObject("customer");
            customer.put("id", id("cus_"));
            if (o.email() != null) customer.put("email", o.email());
            customer.put("name", "Test Customer");
            source(data.putObject("source"));
            data.putObject("metadata").put("order_id", "order-" + random(UPPER_ALNUM, 8));
            ObjectNode processing = data.putObject("processing");
            processing.put("acquirer_transaction_id", random("0123456789", 12));
            processing.put("retrieval_reference_number", random("0123456789", 12));
        }
        ObjectNode links = root.putObject("_links");
        links.putObject("self").put("href", "https://api.sandbox.checkout.com/workflows/events/" + root.get("id").asText());
        links.putObject("payment").put("href", "https://api.sandbox.checkout.com/payments/" + payment);

        byte[] body = bytes(root);
        Map<String, String> headers = json();
        headers.put(SIGNATURE_HEADER, Signatures.hexOfBody(secret, body));
        return new Delivery(headers, body);
    }

    /** {@code data.balances} as the payment stands after the event. */
    private static void balances(ObjectNode b, String event, long a, boolean partial) {
        long captured = switch (event) {
            case "payment_captured" -> partial ? a / 2 : a;
            case "payment_paid", "payment_refunded", "payment_refund_declined" -> a;
            default -> 0;
        };
        long refunded = event.equals("payment_refunded") ? (partial ? a / 2 : a) : 0;
        boolean voided = event.equals("payment_voided") || event.equals("payment_canceled") || event.equals("payment_expired");
        long availableToCapture = event.equals("payment_approved") || event.equals("payment_capture_declined") ? a
                : event.equals("payment_captured") && partial ? a - a / 2 : 0;
        b.put("total_authorized", a);
        b.put("total_voided", voided ? a : 0);
        b.put("available_to_void", availableToCapture);
        b.put("total_captured", captured);
        b.put("available_to_capture", availableToCapture);
        b.put("total_refunded", refunded);
        b.put("available_to_refund", captured - refunded);
    }

    private static void source(ObjectNode s) {
        s.put("id", id("src_"));
        s.put("type", "card");
        s.put("expiry_month", 6);
        s.put("expiry_year", 2030);
        s.put("scheme", "Visa");
        s.put("last_4", "4242");
        s.put("fingerprint", random(BASE32, 52));
        s.put("bin", "424242");
        s.put("card_type", "CREDIT");
        s.put("issuer_country", "GB");
    }

    static String id(String prefix) { return prefix + random(BASE32, 26); }
}

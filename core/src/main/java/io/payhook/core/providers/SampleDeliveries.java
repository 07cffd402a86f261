package io.payhook.core.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Realistic, correctly signed deliveries for tests, the bench and {@code ./payhook send}: the
 * payload shapes each provider sends for the event types payhook maps, signed with the same
 * algorithms the verifiers check. Test card data only (last 4 {@code 4242} / {@code 1111}).
 */
public final class SampleDeliveries {
    private SampleDeliveries() {}

    /** A built delivery: headers (with Content-Type and the provider signature) and the exact body. */
    public record Delivery(Map<String, String> headers, byte[] body) {}

    /**
     * What the caller wants in the payload; null fields get realistic defaults.
     *
     * @param amountMinor amount in minor units
     */
    public record SampleOptions(String transactionId, long amountMinor, String currency, String email, String eventId) {}

    private static final List<String> STATUSES = List.of("pending", "authorized", "succeeded", "failed", "canceled",
            "partially_refunded", "refunded", "disputed");
    private static final List<String> STRIPE = List.of("payment_intent.created", "payment_intent.processing",
            "payment_intent.requires_action", "payment_intent.amount_capturable_updated", "payment_intent.succeeded",
            "payment_intent.payment_failed", "payment_intent.canceled", "charge.succeeded", "charge.failed",
            "charge.refunded", "charge.refunded.partial", "charge.dispute.created", "charge.dispute.closed");
    private static final List<String> ADYEN = List.of("AUTHORISATION", "AUTHORISATION_FAILED", "CAPTURE", "CANCELLATION",
            "REFUND", "CHARGEBACK");

    /** The event types {@link #build} knows for a provider (empty for an unknown provider). */
    public static List<String> eventTypes(String provider) {
        return switch (provider) {
            case GenericProvider.NAME, StandardWebhooksProvider.NAME -> STATUSES;
            case StripeProvider.NAME -> STRIPE;
            case AdyenProvider.NAME -> ADYEN;
            default -> List.of();
        };
    }

    public static Delivery build(String provider, String eventType, SampleOptions o, String secret, Instant now) {
        if (!eventTypes(provider).contains(eventType)) throw new IllegalArgumentException("unknown event type " + eventType + " for " + provider);
        return switch (provider) {
            case GenericProvider.NAME -> generic(eventType, o, secret, now);
            case StandardWebhooksProvider.NAME -> standardWebhooks(eventType, o, secret, now);
            case StripeProvider.NAME -> stripe(eventType, o, secret, now);
            case AdyenProvider.NAME -> adyen(eventType, o, secret, now);
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    private static ObjectNode genericFields(String status, SampleOptions o, Instant now, String defaultTxnPrefix) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("event_id", o.eventId() != null ? o.eventId() : "evt_" + random(16));
        n.put("transaction_id", o.transactionId() != null ? o.transactionId() : defaultTxnPrefix + random(10));
        n.put("type", "payment." + status);
        n.put("status", status);
        ObjectNode amount = n.putObject("amount");
        amount.put("value", o.amountMinor());
        amount.put("currency", o.currency().toUpperCase(Locale.ROOT));
        n.put("customer_id", "cus_" + random(8));
        if (o.email() != null) n.put("customer_email", o.email());
        n.put("payment_method", "visa 4242");
        n.put("occurred_at", now.toString());
        return n;
    }

    private static Delivery generic(String status, SampleOptions o, String secret, Instant now) {
        byte[] b = bytes(genericFields(status, o, now, "order-"));
        Map<String, String> h = json();
        h.put(GenericProvider.SIGNATURE_HEADER, SignatureHeader.sign(secret.getBytes(StandardCharsets.UTF_8), now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    private static Delivery standardWebhooks(String status, SampleOptions o, String secret, Instant now) {
        ObjectNode data = genericFields(status, o, now, "order-");
        String msgId = "msg_" + random(20);
        if (o.eventId() == null) data.remove("event_id"); // the webhook-id is the event id
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("type", "payment." + status);
        root.put("timestamp", now.toString());
        root.set("data", data);
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("webhook-id", msgId);
        h.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
        h.put("webhook-signature", StandardWebhooksProvider.sign(secret, msgId, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    private static Delivery stripe(String type, SampleOptions o, String secret, Instant now) {
        String pi = o.transactionId() != null ? o.transactionId() : "pi_" + random(24);
        String currency = o.currency().toLowerCase(Locale.ROOT);
        boolean partial = type.equals("charge.refunded.partial");
        String stripeType = partial ? "charge.refunded" : type;
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("id", o.eventId() != null ? o.eventId() : "evt_" + random(24));
        root.put("object", "event");
        root.put("api_version", "2024-06-20");
        root.put("created", now.getEpochSecond());
        root.put("livemode", false);
        root.put("type", stripeType);
        ObjectNode object = root.putObject("data").putObject("object");
        if (stripeType.startsWith("payment_intent.")) {
            object.put("id", pi);
            object.put("object", "payment_intent");
            object.put("amount", o.amountMinor());
            object.put("currency", currency);
            object.put("customer", "cus_" + random(14));
            if (o.email() != null) object.put("receipt_email", o.email());
            object.put("status", switch (stripeType) {
                case "payment_intent.succeeded" -> "succeeded";
                case "payment_intent.canceled" -> "canceled";
                case "payment_intent.processing" -> "processing";
                case "payment_intent.amount_capturable_updated" -> "requires_capture";
                case "payment_intent.requires_action" -> "requires_action";
                default -> "requires_payment_method";
            });
            if (stripeType.equals("payment_intent.payment_failed")) {
                ObjectNode err = object.putObject("last_payment_error");
                err.put("code", "card_declined");
                ObjectNode card = err.putObject("payment_method").putObject("card");
                card.put("brand", "visa");
                card.put("last4", "0002");
            }
        } else if (stripeType.startsWith("charge.dispute.")) {
            object.put("id", "dp_" + random(24));
            object.put("object", "dispute");
            object.put("amount", o.amountMinor());
            object.put("currency", currency);
            object.put("charge", "ch_" + random(24));
            object.put("payment_intent", pi);
            object.put("reason", "fraudulent");
            object.put("status", stripeType.endsWith("closed") ? "lost" : "needs_response");
        } else {
            object.put("id", "ch_" + random(24));
            object.put("object", "charge");
            object.put("amount", o.amountMinor());
            object.put("amount_refunded", stripeType.equals("charge.refunded") ? (partial ? o.amountMinor() / 2 : o.amountMinor()) : 0);
            object.put("currency", currency);
            object.put("customer", "cus_" + random(14));
            object.put("payment_intent", pi);
            object.put("paid", !stripeType.equals("charge.failed"));
            object.put("status", stripeType.equals("charge.failed") ? "failed" : "succeeded");
            if (o.email() != null) object.putObject("billing_details").put("email", o.email());
            ObjectNode card = object.putObject("payment_method_details").putObject("card");
            card.put("brand", "visa");
            card.put("last4", "4242");
            card.put("exp_month", 12);
            card.put("exp_year", 2034);
        }
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put(StripeProvider.SIGNATURE_HEADER, SignatureHeader.sign(secret.getBytes(StandardCharsets.UTF_8), now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    private static Delivery adyen(String type, SampleOptions o, String hexKey, Instant now) {
        boolean failed = type.equals("AUTHORISATION_FAILED");
        String code = failed ? "AUTHORISATION" : type;
        boolean modification = !code.equals("AUTHORISATION");
        String original = o.transactionId() != null ? o.transactionId() : random16Digits();
        String psp = modification ? random16Digits() : original;
        if (o.eventId() != null) psp = o.eventId();
        ObjectNode item = Json.mapper().createObjectNode();
        ObjectNode extra = item.putObject("additionalData");
        if (o.email() != null) extra.put("shopperEmail", o.email());
        extra.put("shopperReference", "shopper_" + random(8));
        extra.put("cardSummary", "1111");
        ObjectNode amount = item.putObject("amount");
        amount.put("currency", o.currency().toUpperCase(Locale.ROOT));
        amount.put("value", o.amountMinor());
        item.put("eventCode", code);
        item.put("eventDate", now.toString());
        item.put("merchantAccountCode", "PayhookTestMerchant");
        item.put("merchantReference", "order-" + random(8));
        if (modification) item.put("originalReference", original);
        item.put("paymentMethod", "visa");
        item.put("pspReference", psp);
        item.put("reason", failed ? "Refused" : "");
        item.put("success", failed ? "false" : "true");
        byte[] key = HexFormat.of().parseHex(hexKey);
        extra.put("hmacSignature", Base64.getEncoder().encodeToString(
                Hmac.sha256(key, AdyenProvider.signedData(item).getBytes(StandardCharsets.UTF_8))));
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("live", "false");
        root.putArray("notificationItems").addObject().set("NotificationRequestItem", item);
        return new Delivery(json(), bytes(root));
    }

    private static Map<String, String> json() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return h;
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return Json.mapper().writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) sb.append(UUID.randomUUID().toString().replace("-", ""));
        return sb.substring(0, n);
    }

    private static String random16Digits() {
        StringBuilder sb = new StringBuilder();
        var r = java.util.concurrent.ThreadLocalRandom.current();
        sb.append("88"); // Adyen pspReferences look like 8835..., outside every card BIN range
        for (int i = 2; i < 16; i++) sb.append(r.nextInt(10));
        return sb.toString();
    }
}

package io.payhook.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic, correctly signed deliveries for tests, the bench and {@code ./payhook send} (like
 * {@code stripe trigger}): the payload shapes each provider sends for the event types payhook
 * maps, signed with each provider's published algorithm ({@link Signatures}, code of its own: a sample
 * that verifies cross-checks payhook's verifier). Test card data only
 * (Stripe's 4242 and decline card 0002, Adyen's test Visa 1111), fake ids, {@code example.com}.
 *
 * <p>Event types ({@link #eventTypes}):
 * <ul>
 *   <li>{@code stripe}: the mapped {@code payment_intent.*}, {@code charge.*} and
 *       {@code charge.dispute.*} types, plus {@code charge.refunded.partial} — a
 *       {@code charge.refunded} event refunding half the amount;</li>
 *   <li>{@code adyen}: AUTHORISATION, AUTHORISATION_FAILED (an AUTHORISATION with
 *       {@code success=false}), CAPTURE, CANCELLATION, REFUND, CHARGEBACK;</li>
 *   <li>{@code standard_webhooks} and {@code generic}: the canonical statuses {@code pending},
 *       {@code authorized}, {@code succeeded}, {@code failed}, {@code canceled},
 *       {@code partially_refunded}, {@code refunded}, {@code disputed}.</li>
 * </ul>
 * The body is compact JSON, written once: the bytes returned are the bytes signed.
 */
public final class SampleDeliveries {
    private SampleDeliveries() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A built delivery: headers (Content-Type and the provider's signature headers) and the exact body. */
    public record Delivery(Map<String, String> headers, byte[] body) {}

    /**
     * What the caller wants in the payload. Null fields get realistic defaults: a fresh
     * provider-shaped transaction id ({@code pi_…} for Stripe, a 16-character pspReference for
     * Adyen, {@code order-…} otherwise), currency EUR, a fresh event id ({@code evt_…}; Standard
     * Webhooks: none in the body, the {@code msg_…} webhook-id is the event id). A null
     * {@code email} means the payload carries no customer email — as for a payment made without
     * one (the bench relies on that); {@code ./payhook send} passes {@code customer@example.com}
     * ({@link #DEFAULT_EMAIL}). {@code amountMinor} is used as given, even when no provider would
     * accept it (tests send refused amounts on purpose). For Adyen the event id is derived
     * ({@code pspReference:eventCode:success}): {@code eventId}, when given, becomes the
     * modification's own pspReference; an AUTHORISATION's pspReference is the transaction id.
     *
     * @param amountMinor amount in minor units of {@code currency}
     */
    public record SampleOptions(String transactionId, long amountMinor, String currency, String email, String eventId) {
        /** Every field defaulted; 25.00 EUR, no email. */
        public static SampleOptions defaults() { return new SampleOptions(null, 2500, null, null, null); }
    }

    /** The test email address samples use when asked for one. */
    public static final String DEFAULT_EMAIL = "customer@example.com";

    private static final List<String> STATUSES = List.of("pending", "authorized", "succeeded", "failed", "canceled",
            "partially_refunded", "refunded", "disputed");
    private static final List<String> STRIPE = List.of("payment_intent.created", "payment_intent.processing",
            "payment_intent.requires_action", "payment_intent.amount_capturable_updated", "payment_intent.succeeded",
            "payment_intent.payment_failed", "payment_intent.canceled", "charge.succeeded", "charge.failed",
            "charge.refunded", "charge.refunded.partial", "charge.dispute.created", "charge.dispute.closed");
    private static final List<String> ADYEN = List.of("AUTHORISATION", "AUTHORISATION_FAILED", "CAPTURE", "CANCELLATION",
            "REFUND", "CHARGEBACK");
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final DateTimeFormatter ADYEN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    /** The event types {@link #build} knows for a provider (empty for an unknown provider). */
    public static List<String> eventTypes(String provider) {
        if (provider == null) return List.of();
        return switch (provider) {
            case "generic", "standard_webhooks" -> STATUSES;
            case "stripe" -> STRIPE;
            case "adyen" -> ADYEN;
            default -> List.of();
        };
    }

    /**
     * Builds one signed delivery.
     *
     * @param secret the provider secret to sign with, as configured for payhook (Stripe {@code whsec_…};
     *               Adyen the hex HMAC key; Standard Webhooks {@code whsec_<base64>}; generic any text)
     * @param now    the signature timestamp and the event's time
     * @throws IllegalArgumentException for an unknown provider or event type, or a secret that cannot sign
     */
    public static Delivery build(String provider, String eventType, SampleOptions opts, String secret, Instant now) {
        if (!eventTypes(provider).contains(eventType)) {
            throw new IllegalArgumentException("unknown event type '" + eventType + "' for provider '" + provider + "'; one of " + eventTypes(provider));
        }
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("a secret is needed to sign a " + provider + " delivery");
        SampleOptions o = opts == null ? SampleOptions.defaults() : opts;
        Instant at = now == null ? Instant.now() : now;
        return switch (provider) {
            case "generic" -> generic(eventType, o, secret, at);
            case "standard_webhooks" -> standardWebhooks(eventType, o, secret, at);
            case "stripe" -> stripe(eventType, o, secret, at);
            case "adyen" -> adyen(eventType, o, secret, at);
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    /**
     * A delivery in the generic format of any body, well-formed or not, signed with {@code secret} at
     * {@code signedAt} ({@code Payhook-Signature: t=…,v1=…}, {@code Content-Type: application/json}):
     * for events {@link #build} has no options for, and for bodies payhook must refuse.
     */
    public static Delivery signGeneric(byte[] body, String secret, Instant signedAt) {
        Map<String, String> h = json();
        h.put("Payhook-Signature", Signatures.timestampedV1(secret, signedAt.getEpochSecond(), body));
        return new Delivery(h, body.clone());
    }

    /** {@link #signGeneric(byte[], String, Instant)} of a text body (UTF-8). */
    public static Delivery signGeneric(String body, String secret, Instant signedAt) {
        return signGeneric(Signatures.utf8(body), secret, signedAt);
    }

    // --- generic and Standard Webhooks ----------------------------------------------------------

    private static ObjectNode genericFields(String status, SampleOptions o, Instant now, boolean withEventId) {
        ObjectNode n = JSON.createObjectNode();
        if (withEventId) n.put("event_id", o.eventId() != null ? o.eventId() : "evt_" + random(ALNUM, 24));
        n.put("transaction_id", o.transactionId() != null ? o.transactionId() : "order-" + random(UPPER_ALNUM, 12));
        n.put("type", "payment." + status);
        n.put("status", status);
        ObjectNode amount = n.putObject("amount");
        amount.put("value", o.amountMinor());
        amount.put("currency", currency(o).toUpperCase(Locale.ROOT));
        n.put("customer_id", "cust-" + random(UPPER_ALNUM, 10));
        if (o.email() != null) n.put("customer_email", o.email());
        n.put("payment_method", "visa ****4242");
        n.put("occurred_at", now.toString());
        return n;
    }

    private static Delivery generic(String status, SampleOptions o, String secret, Instant now) {
        byte[] b = bytes(genericFields(status, o, now, true));
        Map<String, String> h = json();
        h.put("Payhook-Signature", Signatures.timestampedV1(secret, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    private static Delivery standardWebhooks(String status, SampleOptions o, String secret, Instant now) {
        Signatures.standardWebhooksKey(secret); // refuses a secret that cannot sign
        // without an explicit event id the webhook-id is the event id (it is what a sender keeps across retries)
        ObjectNode data = genericFields(status, o, now, o.eventId() != null);
        String msgId = "msg_" + random(ALNUM, 27);
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "payment." + status);
        root.put("timestamp", now.toString());
        root.set("data", data);
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("webhook-id", msgId);
        h.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
        h.put("webhook-signature", Signatures.standardWebhooks(secret, msgId, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    // --- Stripe ----------------------------------------------------------------------------------

    private static Delivery stripe(String type, SampleOptions o, String secret, Instant now) {
        String pi = o.transactionId() != null ? o.transactionId() : "pi_3" + random(ALNUM, 23);
        String currency = currency(o).toLowerCase(Locale.ROOT);
        boolean partial = type.equals("charge.refunded.partial");
        String stripeType = partial ? "charge.refunded" : type;
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
            object.put("status", closed ? "lost" : "needs_response");
        } else {
            boolean failed = stripeType.equals("charge.failed");
            boolean refunded = stripeType.equals("charge.refunded");
            long amountRefunded = refunded ? (partial ? o.amountMinor() / 2 : o.amountMinor()) : 0;
            object.put("id", charge);
            object.put("object", "charge");
            object.put("amount", o.amountMinor());
            object.put("amount_captured", failed ? 0 : o.amountMinor());
            object.put("amount_refunded", amountRefunded);
            object.put("balance_transaction", failed ? null : "txn_3" + random(ALNUM, 23));
            ObjectNode billing = object.putObject("billing_details");
            ObjectNode address = billing.putObject("address");
            address.put("country", "NL");
            address.putNull("postal_code");
            if (o.email() != null) billing.put("email", o.email()); else billing.putNull("email");
            billing.putNull("name");
            billing.putNull("phone");
            object.put("captured", !failed);
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
            object.put("refunded", refunded && !partial);
            object.put("status", failed ? "failed" : "succeeded");
        }
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("Stripe-Signature", Signatures.timestampedV1(secret, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    /** A Stripe card object: test Visa (4242 succeeds, 0002 is declined), brand and last 4 only. */
    private static void card(ObjectNode card, String last4) {
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

    // --- Adyen -----------------------------------------------------------------------------------

    private static Delivery adyen(String type, SampleOptions o, String hexKey, Instant now) {
        Signatures.adyen(hexKey, ""); // refuses a key that is not hexadecimal
        boolean failed = type.equals("AUTHORISATION_FAILED");
        String code = failed ? "AUTHORISATION" : type;
        boolean modification = !code.equals("AUTHORISATION");
        String payment = o.transactionId() != null ? o.transactionId() : pspReference();
        String psp = !modification ? payment : o.eventId() != null ? o.eventId() : pspReference();

        ObjectNode item = JSON.createObjectNode();
        ObjectNode extra = item.putObject("additionalData");
        switch (code) {
            case "AUTHORISATION" -> {
                if (!failed) extra.put("authCode", random("0123456789", 6));
                extra.put("expiryDate", "03/2030");
            }
            case "CHARGEBACK" -> {
                extra.put("chargebackReasonCode", "10.4");
                extra.put("chargebackSchemeCode", "visa");
                extra.put("defenseDeadline", ADYEN_DATE.format(now.plusSeconds(14 * 86_400L).atOffset(ZoneOffset.UTC)));
            }
            default -> { }
        }
        extra.put("cardSummary", "1111");
        // shopper data as an account configured to include it in every notification sends it
        if (o.email() != null) extra.put("shopperEmail", o.email());
        extra.put("shopperReference", "shopper-" + random(UPPER_ALNUM, 8));
        ObjectNode amount = item.putObject("amount");
        amount.put("currency", currency(o).toUpperCase(Locale.ROOT));
        amount.put("value", o.amountMinor());
        item.put("eventCode", code);
        item.put("eventDate", ADYEN_DATE.format(now.atOffset(ZoneOffset.UTC)));
        item.put("merchantAccountCode", "PayhookTestMerchantECOM");
        item.put("merchantReference", "order-" + random(UPPER_ALNUM, 8));
        if (modification) item.put("originalReference", payment);
        item.putArray("operations");
        if (code.equals("AUTHORISATION") && !failed) {
            item.withArray("operations").add("CANCEL").add("CAPTURE").add("REFUND");
        }
        item.put("paymentMethod", "visa");
        item.put("pspReference", psp);
        item.put("reason", failed ? "Refused" : code.equals("AUTHORISATION") ? extra.path("authCode").asText() + ":1111:03/2030" : "");
        item.put("success", failed ? "false" : "true");
        extra.put("hmacSignature", Signatures.adyen(hexKey, adyenSignedData(item)));
        ObjectNode root = JSON.createObjectNode();
        root.put("live", "false");
        root.putArray("notificationItems").addObject().set("NotificationRequestItem", item);
        return new Delivery(json(), bytes(root));
    }

    /**
     * What Adyen signs for one item (its documentation, "Verify HMAC signatures"):
     * {@code pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success},
     * a missing field as the empty string.
     */
    public static String adyenSignedData(ObjectNode item) {
        return String.join(":", text(item, "pspReference"), text(item, "originalReference"), text(item, "merchantAccountCode"),
                text(item, "merchantReference"), text(item.path("amount"), "value"), text(item.path("amount"), "currency"),
                text(item, "eventCode"), text(item, "success"));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        var v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    /** A fresh Adyen-style 16-character pspReference (letters and digits, as Adyen now issues them). */
    private static String pspReference() {
        // a letter first and in the middle: never a run of 13+ digits that could be mistaken for a card number
        String letters = "BCDFGHJKLMNPQRSTVWXZ";
        String mixed = letters + "0123456789";
        return random(letters, 1) + random(mixed, 7) + random(letters, 1) + random(mixed, 7);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String currency(SampleOptions o) { return o.currency() != null ? o.currency() : "EUR"; }

    private static Map<String, String> json() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return h;
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(String alphabet, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }
}

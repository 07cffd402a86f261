package io.payhook.testkit.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.PayPalSigningKey;
import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;
import io.payhook.testkit.Signatures;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * PayPal webhooks (REST notifications): Orders v2, Payments v2 (authorizations, captures, refunds,
 * reversals), Payments v1 sales, disputes, and {@code BILLING.SUBSCRIPTION.ACTIVATED} (not a payment
 * event). Payloads follow the shapes of PayPal's API reference and webhook simulator; ids are
 * PayPal-shaped (17 upper-case letters and digits), emails {@code example.com}, the card PayPal's
 * sandbox Visa ending 1111 (brand and last digits only, as PayPal sends it).
 *
 * <p>Signed as PayPal signs ({@link Signatures#paypal}): the {@code secret} is the webhook id the
 * delivery is addressed to (payhook's {@code PAYHOOK_PAYPAL_WEBHOOK_IDS}), the key and the
 * {@code PAYPAL-CERT-URL} are this instance's {@link PayPalSigningKey} — {@link PayPalSigningKey#SAMPLE}
 * unless given. {@code transactionId} is the id payhook takes as the transaction: the capture for capture,
 * refund, reversal and dispute events and for an order that lists its capture, the authorization for
 * authorization events, the order for an approved order.
 */
public final class PayPalSamples implements ProviderSamples {
    private static final List<String> TYPES = List.of(
            "CHECKOUT.ORDER.APPROVED", "CHECKOUT.ORDER.COMPLETED", "CHECKOUT.PAYMENT-APPROVAL.REVERSED",
            "PAYMENT.AUTHORIZATION.CREATED", "PAYMENT.AUTHORIZATION.VOIDED",
            "PAYMENT.CAPTURE.PENDING", "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED",
            "PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED",
            "PAYMENT.SALE.COMPLETED", "PAYMENT.SALE.REFUNDED",
            "CUSTOMER.DISPUTE.CREATED", "CUSTOMER.DISPUTE.RESOLVED",
            "BILLING.SUBSCRIPTION.ACTIVATED");
    /** Currencies PayPal takes without decimals (its currency-codes reference), written as whole numbers when whole. */
    private static final Set<String> NO_DECIMALS = Set.of("HUF", "JPY", "TWD");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String API = "https://api.sandbox.paypal.com";

    private final PayPalSigningKey signingKey;

    /** Samples signed with the testkit's sample key. */
    public PayPalSamples() { this(PayPalSigningKey.SAMPLE); }

    /** Samples signed with {@code signingKey} (a test's own key, whose certificate the test serves). */
    public PayPalSamples(PayPalSigningKey signingKey) { this.signingKey = signingKey; }

    @Override public String provider() { return "paypal"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String eventType, SampleOptions o, String webhookId, Instant now) {
        String txn = o.transactionId() != null ? o.transactionId() : id();
        String eventId = o.eventId() != null ? o.eventId() : "WH-" + id() + "-" + id();
        String currency = Samples.currency(o).toUpperCase(Locale.ROOT);
        ObjectNode amount = amount(o.amountMinor(), currency);
        ObjectNode event = Samples.JSON.createObjectNode();
        event.put("id", eventId);
        event.put("event_version", "1.0");
        event.put("create_time", MILLIS.format(now));
        ObjectNode resource;
        String resourceType;
        String resourceVersion = "2.0";
        switch (eventType) {
            case "CHECKOUT.ORDER.APPROVED" -> {
                resourceType = "checkout-order";
                resource = order(txn, "APPROVED", amount, o.email());
            }
            case "CHECKOUT.ORDER.COMPLETED" -> {
                resourceType = "checkout-order";
                String order = id();
                resource = order(order, "COMPLETED", amount, o.email());
                ObjectNode capture = capture(txn, "COMPLETED", amount, order);
                capture.remove("supplementary_data");
                ((ObjectNode) resource.get("purchase_units").get(0)).putObject("payments").putArray("captures").add(capture);
            }
            case "CHECKOUT.PAYMENT-APPROVAL.REVERSED" -> {
                resourceType = "checkout-order";
                resource = Samples.JSON.createObjectNode();
                resource.put("order_id", txn);
                ObjectNode unit = resource.putArray("purchase_units").addObject();
                unit.put("reference_id", "default");
                unit.put("custom_id", "payhook-sample");
                resource.putObject("payment_source").putObject("ideal").put("name", "Test Buyer");
            }
            case "PAYMENT.AUTHORIZATION.CREATED", "PAYMENT.AUTHORIZATION.VOIDED" -> {
                resourceType = "authorization";
                resource = authorization(txn, eventType.endsWith("CREATED") ? "CREATED" : "VOIDED", amount, id(), now);
            }
            case "PAYMENT.CAPTURE.PENDING", "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> {
                resourceType = "capture";
                String status = eventType.substring("PAYMENT.CAPTURE.".length());
                resource = capture(txn, status, amount, id());
                if (status.equals("PENDING")) resource.putObject("status_details").put("reason", "PENDING_REVIEW");
            }
            case "PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED" -> {
                resourceType = "refund";
                resource = refund(id(), txn, amount, eventType.endsWith("REVERSED"));
            }
            case "PAYMENT.SALE.COMPLETED" -> {
                resourceType = "sale";
                resourceVersion = null;
                resource = sale(txn, amount(o.amountMinor(), currency), currency, now);
            }
            case "PAYMENT.SALE.REFUNDED" -> {
                resourceType = "refund";
                resourceVersion = null;
                resource = saleRefund(id(), txn, o.amountMinor(), currency, now);
            }
            case "CUSTOMER.DISPUTE.CREATED", "CUSTOMER.DISPUTE.RESOLVED" -> {
                resourceType = "dispute";
                resourceVersion = null;
                resource = dispute(txn, amount, eventType.endsWith("RESOLVED"), now);
            }
            case "BILLING.SUBSCRIPTION.ACTIVATED" -> {
                resourceType = "subscription";
                resource = Samples.JSON.createObjectNode();
                resource.put("id", "I-" + Samples.random(Samples.UPPER_ALNUM, 12));
                resource.put("plan_id", "P-" + Samples.random(Samples.UPPER_ALNUM, 24));
                resource.put("status", "ACTIVE");
                resource.putObject("subscriber").put("email_address", o.email() != null ? o.email() : "customer@example.com");
            }
            default -> throw new IllegalArgumentException("unknown PayPal sample " + eventType);
        }
        event.put("resource_type", resourceType);
        if (resourceVersion != null) event.put("resource_version", resourceVersion);
        event.put("event_type", eventType);
        event.put("summary", eventType.toLowerCase(Locale.ROOT).replace('.', ' ') + " (payhook sample)");
        event.set("resource", resource);
        ArrayNode links = event.putArray("links");
        link(links, API + "/v1/notifications/webhooks-events/" + eventId, "self", "GET");
        link(links, API + "/v1/notifications/webhooks-events/" + eventId + "/resend", "resend", "POST");
        byte[] body = Samples.bytes(event);
        return signed(body, webhookId, now);
    }

    /** Headers as PayPal sends them, signing {@code body} for {@code webhookId} at {@code now}. */
    public Delivery signed(byte[] body, String webhookId, Instant now) {
        String transmissionId = UUID.randomUUID().toString();
        String time = SECONDS.format(now.truncatedTo(ChronoUnit.SECONDS));
        Map<String, String> h = Samples.json();
        h.put("PAYPAL-TRANSMISSION-ID", transmissionId);
        h.put("PAYPAL-TRANSMISSION-TIME", time);
        h.put("PAYPAL-TRANSMISSION-SIG", Signatures.paypal(signingKey.key(), transmissionId, time, webhookId, body));
        h.put("PAYPAL-CERT-URL", signingKey.certUrl());
        h.put("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        h.put("PAYPAL-AUTH-VERSION", "v2");
        return new Delivery(h, body);
    }

    // ------------------------------------------------------------------ resources

    private static ObjectNode order(String orderId, String status, ObjectNode amount, String email) {
        ObjectNode o = Samples.JSON.createObjectNode();
        o.put("id", orderId);
        o.put("intent", "CAPTURE");
        o.put("status", status);
        ObjectNode card = o.putObject("payment_source").putObject("card");
        card.put("name", "Test Buyer");
        card.put("last_digits", "1111");
        card.put("brand", "VISA");
        card.put("type", "CREDIT");
        ObjectNode unit = o.putArray("purchase_units").addObject();
        unit.put("reference_id", "default");
        unit.set("amount", amount.deepCopy());
        unit.putObject("payee").put("merchant_id", "MERCHANT" + Samples.random(Samples.UPPER_ALNUM, 5));
        ObjectNode payer = o.putObject("payer");
        payer.putObject("name").put("given_name", "Test").put("surname", "Buyer");
        if (email != null) payer.put("email_address", email);
        payer.put("payer_id", Samples.random(Samples.UPPER_ALNUM, 13));
        ArrayNode links = o.putArray("links");
        link(links, API + "/v2/checkout/orders/" + orderId, "self", "GET");
        return o;
    }

    private static ObjectNode capture(String captureId, String status, ObjectNode amount, String orderId) {
        ObjectNode c = Samples.JSON.createObjectNode();
        c.put("id", captureId);
        c.set("amount", amount.deepCopy());
        c.put("final_capture", true);
        c.putObject("seller_protection").put("status", "ELIGIBLE");
        c.put("status", status);
        c.putObject("supplementary_data").putObject("related_ids").put("order_id", orderId);
        c.put("create_time", "2026-01-01T00:00:00Z");
        ArrayNode links = c.putArray("links");
        link(links, API + "/v2/payments/captures/" + captureId, "self", "GET");
        link(links, API + "/v2/payments/captures/" + captureId + "/refund", "refund", "POST");
        link(links, API + "/v2/checkout/orders/" + orderId, "up", "GET");
        return c;
    }

    private static ObjectNode authorization(String authorizationId, String status, ObjectNode amount, String orderId, Instant now) {
        ObjectNode a = Samples.JSON.createObjectNode();
        a.put("id", authorizationId);
        a.put("status", status);
        a.set("amount", amount.deepCopy());
        a.putObject("seller_protection").put("status", "ELIGIBLE");
        a.put("expiration_time", SECONDS.format(now.plus(29, ChronoUnit.DAYS)));
        a.putObject("supplementary_data").putObject("related_ids").put("order_id", orderId);
        ArrayNode links = a.putArray("links");
        link(links, API + "/v2/payments/authorizations/" + authorizationId, "self", "GET");
        link(links, API + "/v2/payments/authorizations/" + authorizationId + "/capture", "capture", "POST");
        link(links, API + "/v2/checkout/orders/" + orderId, "up", "GET");
        return a;
    }

    private static ObjectNode refund(String refundId, String captureId, ObjectNode amount, boolean reversal) {
        ObjectNode r = Samples.JSON.createObjectNode();
        r.put("id", refundId);
        r.set("amount", amount.deepCopy());
        if (reversal) r.put("note_to_payer", "Payment reversed");
        ObjectNode breakdown = r.putObject("seller_payable_breakdown");
        breakdown.set("gross_amount", amount.deepCopy());
        breakdown.set("net_amount", amount.deepCopy());
        breakdown.set("total_refunded_amount", amount.deepCopy());
        r.put("status", "COMPLETED");
        ArrayNode links = r.putArray("links");
        link(links, API + "/v2/payments/refunds/" + refundId, "self", "GET");
        link(links, API + "/v2/payments/captures/" + captureId, "up", "GET");
        return r;
    }

    private static ObjectNode sale(String saleId, ObjectNode v2amount, String currency, Instant now) {
        ObjectNode s = Samples.JSON.createObjectNode();
        s.put("id", saleId);
        s.put("create_time", SECONDS.format(now));
        ObjectNode amount = s.putObject("amount");
        amount.put("total", v2amount.get("value").asText());
        amount.put("currency", currency);
        s.put("payment_mode", "INSTANT_TRANSFER");
        s.put("state", "completed");
        s.put("parent_payment", "PAYID-" + Samples.random(Samples.UPPER_ALNUM, 24));
        ArrayNode links = s.putArray("links");
        link(links, API + "/v1/payments/sale/" + saleId, "self", "GET");
        return s;
    }

    private static ObjectNode saleRefund(String refundId, String saleId, long minor, String currency, Instant now) {
        ObjectNode r = Samples.JSON.createObjectNode();
        r.put("id", refundId);
        r.put("create_time", SECONDS.format(now));
        r.put("state", "completed");
        ObjectNode amount = r.putObject("amount");
        amount.put("total", "-" + decimal(minor, currency)); // v1 writes a refund's amount negative
        amount.put("currency", currency);
        r.put("sale_id", saleId);
        r.put("parent_payment", "PAYID-" + Samples.random(Samples.UPPER_ALNUM, 24));
        ArrayNode links = r.putArray("links");
        link(links, API + "/v1/payments/refund/" + refundId, "self", "GET");
        link(links, API + "/v1/payments/sale/" + saleId, "sale", "GET");
        return r;
    }

    private static ObjectNode dispute(String captureId, ObjectNode amount, boolean resolved, Instant now) {
        ObjectNode d = Samples.JSON.createObjectNode();
        d.put("dispute_id", "PP-R-" + Samples.random("0123456789", 9));
        d.put("create_time", MILLIS.format(now));
        ObjectNode t = d.putArray("disputed_transactions").addObject();
        t.put("seller_transaction_id", captureId);
        t.set("gross_amount", amount.deepCopy());
        t.put("transaction_status", "COMPLETED");
        d.put("reason", "MERCHANDISE_OR_SERVICE_NOT_RECEIVED");
        d.put("status", resolved ? "RESOLVED" : "OPEN");
        d.set("dispute_amount", amount.deepCopy());
        if (resolved) d.putObject("dispute_outcome").put("outcome_code", "RESOLVED_SELLER_FAVOUR");
        d.put("dispute_life_cycle_stage", "CHARGEBACK");
        d.put("dispute_channel", "EXTERNAL");
        return d;
    }

    // ------------------------------------------------------------------ values

    private static ObjectNode amount(long minor, String currency) {
        ObjectNode a = Samples.JSON.createObjectNode();
        a.put("currency_code", currency);
        a.put("value", decimal(minor, currency));
        return a;
    }

    /** Minor units as PayPal writes the amount: a decimal string by the ISO exponent; whole numbers for HUF, JPY, TWD. */
    static String decimal(long minor, String currency) {
        int exponent;
        try {
            exponent = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            exponent = 2; // a test sending an unknown currency on purpose
        }
        BigDecimal major = BigDecimal.valueOf(minor, exponent);
        if (NO_DECIMALS.contains(currency) && major.stripTrailingZeros().scale() <= 0) return major.setScale(0).toPlainString();
        return major.toPlainString();
    }

    private static void link(ArrayNode links, String href, String rel, String method) {
        links.addObject().put("href", href).put("rel", rel).put("method", method);
    }

    private static String id() { return Samples.random(Samples.UPPER_ALNUM, 17); }
}

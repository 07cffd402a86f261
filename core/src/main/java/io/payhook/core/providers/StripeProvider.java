package io.payhook.core.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]}, HMAC-SHA256 keyed with the whole
 * {@code whsec_…} secret over {@code "<t>.<raw body>"}; every v1 against every active secret; the
 * timestamp must be within the tolerance on both sides (stripe-java checks only the past).
 * The transaction is the PaymentIntent: a charge or dispute names it in {@code payment_intent}.
 */
public final class StripeProvider implements WebhookProvider {
    public static final String NAME = "stripe";
    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    /** Event types we map, to the status they report (charge.refunded is decided by amounts). */
    static final Map<String, Status> STATUS = Map.ofEntries(
            Map.entry("payment_intent.created", Status.PENDING),
            Map.entry("payment_intent.processing", Status.PENDING),
            Map.entry("payment_intent.requires_action", Status.PENDING),
            Map.entry("payment_intent.amount_capturable_updated", Status.AUTHORIZED),
            Map.entry("payment_intent.succeeded", Status.SUCCEEDED),
            Map.entry("payment_intent.payment_failed", Status.FAILED),
            Map.entry("payment_intent.canceled", Status.CANCELED),
            Map.entry("charge.succeeded", Status.SUCCEEDED),
            Map.entry("charge.failed", Status.FAILED),
            Map.entry("charge.refunded", Status.REFUNDED),
            Map.entry("charge.dispute.created", Status.DISPUTED),
            Map.entry("charge.dispute.closed", Status.DISPUTED));

    @Override public String name() { return NAME; }

    @Override
    public boolean recognizes(WebhookRequest request) { return request.header(SIGNATURE_HEADER).isPresent(); }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        SignatureHeader header = SignatureHeader.parse(request.header(SIGNATURE_HEADER).orElse(null));
        header.checkWindow(now, tolerance);
        List<byte[]> keys = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        if (!header.matchesAny(keys, request.body())) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String eventId = Json.requiredText(root, "id");
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'id' is malformed.");
        String type = Json.requiredText(root, "type");
        if (type.length() > 128) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' is too long.");
        JsonNode created = root.get("created");
        if (created == null || created.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'created' is missing.");
        // seconds since epoch, 1970..9999
        if (!created.isIntegralNumber() || !created.canConvertToLong() || created.longValue() < 0 || created.longValue() > 253_402_300_799L) {
            throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field 'created' must be seconds since the epoch.");
        }
        Instant occurredAt = Instant.ofEpochSecond(created.longValue());
        JsonNode object = root.path("data").path("object");
        if (!object.isObject()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'data.object' is missing.");

        Status status = STATUS.get(type);
        if (status == null) {
            // acknowledged, kept as ignored: never a 4xx, or Stripe retries for days
            return List.of(new PaymentEvent(NAME, eventId, reference(object, type), type, null, null, null, null, null, occurredAt));
        }
        String txn = reference(object, type);
        Money amount = Json.money(Json.minorUnits(object.get("amount"), "data.object.amount"), Json.requiredText(object, "currency"));
        if (type.equals("charge.refunded")) {
            long refunded = Json.minorUnits(object.get("amount_refunded"), "data.object.amount_refunded");
            status = refunded >= amount.minorUnits() ? Status.REFUNDED : Status.PARTIALLY_REFUNDED;
        }
        String customer = text(object, "customer");
        if (customer != null && !Ids.isValid(customer)) customer = null;
        String email = text(object.path("billing_details"), "email");
        if (email == null) email = text(object, "receipt_email");
        if (email != null && !Emails.isPlausible(email)) email = null;
        return List.of(new PaymentEvent(NAME, eventId, txn, type, status, amount, customer, email, paymentMethod(object), occurredAt));
    }

    /** The PaymentIntent id as Stripe wrote it (a charge/dispute links it in payment_intent). */
    private static String reference(JsonNode object, String type) {
        String pi = text(object, "payment_intent");
        String id = text(object, "id");
        String charge = text(object, "charge");
        String ref = type.startsWith("payment_intent.") ? id : pi != null ? pi : charge != null ? charge : id;
        if (ref == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "The event names no payment (data.object.id).");
        if (!Ids.isValid(ref)) throw new PayhookException(ErrorCode.INVALID_ID, "The payment reference is malformed.");
        return ref;
    }

    /** Brand and last 4 from a charge's payment_method_details or a PaymentIntent's last error. */
    private static String paymentMethod(JsonNode object) {
        JsonNode card = object.path("payment_method_details").path("card");
        if (!card.isObject()) card = object.path("last_payment_error").path("payment_method").path("card");
        if (!card.isObject()) card = object.path("charges").path("data").path(0).path("payment_method_details").path("card");
        String brand = text(card, "brand");
        String last4 = text(card, "last4");
        if (last4 == null || !last4.matches("[0-9]{4}")) return null;
        return CardData.maskPaymentMethod((brand == null ? "card" : brand) + " ****" + last4);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}

package io.payhook.core.webhook.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.json.Json;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.ReplayWindow;
import io.payhook.core.webhook.SignatureHeader;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stripe webhooks.
 *
 * <h2>Verification</h2>
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=…]} (other schemes such as {@code v0}
 * are ignored); the MAC is hex HMAC-SHA256 keyed with the <em>whole</em> {@code whsec_…} secret as
 * UTF-8 bytes over {@code "<t>.<raw body>"}. Every {@code v1} is compared with the MAC under every
 * active secret, all comparisons run, each in constant time. The timestamp must lie within the
 * tolerance on <em>both</em> sides of now ({@code stripe-java} checks only the past side).
 *
 * <h2>Mapping</h2>
 * The transaction is the PaymentIntent, as Stripe wrote its id: {@code data.object.id} for
 * {@code payment_intent.*}; {@code data.object.payment_intent} for {@code charge.*} and
 * {@code charge.dispute.*} (a charge without one — a legacy Charges API payment — is its own
 * transaction under its {@code ch_…} id; a dispute without one falls back to its {@code charge}).
 * The event id is Stripe's {@code evt_…} id, {@code created} is when it happened.
 * The event types and the status each reports are data: {@link StripeEventTypes}.
 * <table>
 *   <caption>Stripe event types and the status they report</caption>
 *   <tr><td>payment_intent.created, .processing, .requires_action</td><td>PENDING</td></tr>
 *   <tr><td>payment_intent.amount_capturable_updated</td><td>AUTHORIZED</td></tr>
 *   <tr><td>payment_intent.succeeded, charge.succeeded</td><td>SUCCEEDED</td></tr>
 *   <tr><td>payment_intent.payment_failed, charge.failed</td><td>FAILED</td></tr>
 *   <tr><td>payment_intent.canceled</td><td>CANCELED</td></tr>
 *   <tr><td>charge.refunded</td><td>REFUNDED when {@code refunded} is true or {@code amount_refunded >= amount_captured}, else PARTIALLY_REFUNDED</td></tr>
 *   <tr><td>charge.dispute.created, charge.dispute.closed</td><td>DISPUTED (the top rank: a closed dispute stays in the history)</td></tr>
 *   <tr><td>anything else</td><td>an ignored event (status null): acknowledged and kept, no effect</td></tr>
 * </table>
 * A mapped event must carry {@code amount} and {@code currency} (400 {@code missing_field}
 * otherwise, 422 for a bad amount or currency). An ignored event is refused only when its
 * envelope ({@code id}, {@code type}, {@code created}) is unusable — never for the shape of an
 * object payhook does not read, or Stripe would retry it for three days.
 *
 * <p>Personal and card data: the customer is {@code customer} (an id), the email
 * {@code billing_details.email} or {@code receipt_email}; the payment method is brand and last 4,
 * from {@code payment_method_details.card}, {@code last_payment_error.payment_method.card} or the
 * first of {@code charges.data}. The protection gate drops an email or customer id that is not what
 * it claims ({@link ProtectionGate.Policy#DROP}).
 *
 * <p>Merchant: the event's top-level {@code account} ({@code acct_…}), which Stripe sets on events of a Connect
 * connected account; an event of the platform's own account has none (the configured label applies).
 */
public final class StripeProvider implements WebhookProvider {
    public static final String NAME = "stripe";
    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    /** Stripe's event type shape: {@code resource.event} with dots, lower case. */
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+){0,5}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern BRAND = Pattern.compile("[a-z_]{1,24}");
    /** Latest {@code created} we accept: the end of year 9999, like every other timestamp. */
    private static final long MAX_CREATED = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Override public String name() { return NAME; }

    @Override
    public boolean recognizes(WebhookRequest request) { return request.header(SIGNATURE_HEADER).isPresent(); }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        SignatureHeader header = SignatureHeader.parse(request.header(SIGNATURE_HEADER).orElse(null));
        ReplayWindow.check(header.timestamp(), now, tolerance);
        List<byte[]> keys = secrets.stream().map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        if (!header.matchesAny(keys, request.body())) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String eventId = Json.requiredText(root, "id");
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'id' is malformed.");
        String type = Json.requiredText(root, "type");
        if (type.length() > 128 || !TYPE.matcher(type).matches()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' is not a Stripe event type.");
        }
        Instant occurredAt = created(root.get("created"));
        JsonNode object = root.path("data").path("object");
        StripeEventTypes.Rule rule = StripeEventTypes.RULES.get(type);
        String txn = rule == null ? null : reference(object, type);
        // a Connect event names the connected account it happened on; an event of the platform's own account names none
        String account = text(root, "account");
        if (txn == null) {
            // not a payment type, or no payment named: acknowledged and kept as ignored, never a 4xx
            return List.of(PaymentEvent.builder(NAME, eventId, ignoredReference(object, eventId), type, occurredAt).merchant(account)
                    .ignored(rule == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : ErrorCode.MISSING_FIELD.wireCode()).build());
        }
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, type, occurredAt).merchant(account);
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> map(e, rule, object)));
    }

    /** Status, amount and the customer's data of a mapped event (see {@link StripeEventTypes}). */
    private static void map(PaymentEvent.Builder e, StripeEventTypes.Rule rule, JsonNode object) {
        long value = Json.minorUnits(object.get("amount"), "data.object.amount");
        String currency = Json.requiredText(object, "currency");
        long amount = value;
        Status status = rule.status();
        switch (rule.refinement()) {
            case NONE -> {
                if (status == Status.SUCCEEDED) amount = positiveOr(object, "amount_received", value);
                if (status == Status.AUTHORIZED) amount = positiveOr(object, "amount_capturable", value);
            }
            case CHARGE_STATE -> {
                String state = text(object, "status");
                boolean captured = object.path("captured").asBoolean(status == Status.SUCCEEDED);
                if ("pending".equals(state)) status = Status.PENDING;
                else if ("failed".equals(state)) status = Status.FAILED;
                else if (!captured) status = Status.AUTHORIZED; // manual capture: money only authorised
                else {
                    status = Status.SUCCEEDED;
                    amount = positiveOr(object, "amount_captured", value); // a partial capture captures less
                }
            }
            case REFUND_AMOUNTS -> {
                // refunded:true is Stripe's own word for a full refund; a charge of the legacy shape (2012, e.g.
                // stripe-java's webhook-events.json) says only that and carries no amount_refunded to compare
                boolean full = object.path("refunded").isBoolean() && object.get("refunded").booleanValue();
                if (!full) {
                    long refunded = Json.minorUnits(object.get("amount_refunded"), "data.object.amount_refunded");
                    full = refunded >= positiveOr(object, "amount_captured", value);
                }
                status = full ? Status.REFUNDED : Status.PARTIALLY_REFUNDED;
            }
            case REFUND_OUTCOME -> {
                String state = text(object, "status");
                if (!"failed".equals(state) && !"canceled".equals(state)) {
                    e.ignored(PaymentEvent.NO_STATE_CHANGE); // charge.refunded reports what a refund that went through did
                    return;
                }
                e.reverses(ProviderMapping.REFUNDS); // the payment is captured, not refunded, after all
            }
            case DISPUTE_OUTCOME -> {
                String state = text(object, "status");
                if ("won".equals(state) || "warning_closed".equals(state) || "prevented".equals(state)) {
                    status = Status.SUCCEEDED;
                    e.reverses(ProviderMapping.DISPUTES);
                } else {
                    status = Status.DISPUTED;
                }
            }
        }
        e.status(status).amount(Json.money(amount, currency));
        String email = text(object.path("billing_details"), "email");
        if (email == null) email = text(object, "receipt_email");
        // what of the customer id, email and payment method may be kept, the protection gate decides (DROP)
        e.customerId(idOf(object, "customer")).customerEmail(email).paymentMethod(paymentMethod(object));
    }

    /** A positive integer field, else {@code fallback} (absent, zero, or not an integer). */
    private static long positiveOr(JsonNode object, String field, long fallback) {
        JsonNode n = object.get(field);
        if (n == null || !n.isIntegralNumber() || n.bigIntegerValue().signum() <= 0 || n.bigIntegerValue().bitLength() > 62) return fallback;
        return n.longValue();
    }

    private static Instant created(JsonNode created) {
        if (created == null || created.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'created' is missing.");
        if (created.isTextual()) return Json.instant(created.textValue(), "created"); // v2 (thin) events: ISO-8601
        if (!created.isIntegralNumber()) throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field 'created' must be Unix seconds.");
        var seconds = created.bigIntegerValue();
        if (seconds.signum() < 0 || seconds.compareTo(java.math.BigInteger.valueOf(MAX_CREATED)) > 0) {
            throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field 'created' is outside the years 1970–9999.");
        }
        return Instant.ofEpochSecond(seconds.longValueExact());
    }

    /**
     * The PaymentIntent id as Stripe wrote it: the object's own id for {@code payment_intent.*}; a charge,
     * dispute or refund names it in {@code payment_intent} (a legacy charge without one is its own
     * transaction; a dispute or refund without one falls back to its {@code charge}). Null when no
     * acceptable reference is there.
     */
    private static String reference(JsonNode object, String type) {
        if (!object.isObject()) return null;
        String ref;
        if (type.startsWith("payment_intent.")) ref = text(object, "id");
        else if (type.startsWith("charge.dispute.") || type.startsWith("refund.") || type.equals("charge.refund.updated")) {
            ref = firstNonNull(idOf(object, "payment_intent"), idOf(object, "charge"));
        } else ref = firstNonNull(idOf(object, "payment_intent"), text(object, "id"));
        return ref != null && ProtectionGate.isAcceptableId(ref) ? ref : null;
    }

    /**
     * For an ignored event: the PaymentIntent it concerns if it names one (so it joins that
     * payment's history, e.g. {@code charge.captured}, {@code charge.refund.updated}), else its
     * object's id, else the event id — whichever is first well-formed.
     */
    private static String ignoredReference(JsonNode object, String eventId) {
        if (!object.isObject()) return eventId;
        for (String candidate : new String[] {idOf(object, "payment_intent"), text(object, "id")}) {
            if (candidate != null && ProtectionGate.isAcceptableId(candidate)) {
                return candidate;
            }
        }
        return eventId;
    }

    /** Brand and last 4 from a charge's payment_method_details or a PaymentIntent's last error or first charge. */
    private static String paymentMethod(JsonNode object) {
        for (JsonNode card : new JsonNode[] {
                object.path("payment_method_details").path("card"),
                object.path("last_payment_error").path("payment_method").path("card"),
                object.path("charges").path("data").path(0).path("payment_method_details").path("card")}) {
            if (!card.isObject()) continue;
            String last4 = text(card, "last4");
            if (last4 == null || !LAST4.matcher(last4).matches()) continue;
            String brand = text(card, "brand");
            if (brand == null || !BRAND.matcher(brand).matches()) brand = "card";
            return brand + " ****" + last4;
        }
        return null;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }

    /** A reference to another Stripe object: its id, whether written as a string or expanded into the object. */
    private static String idOf(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isObject()) return text(v, "id");
        return text(n, field);
    }
}

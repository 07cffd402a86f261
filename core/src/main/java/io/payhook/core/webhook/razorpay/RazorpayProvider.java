package io.payhook.core.webhook.razorpay;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.RawBodySignature;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Razorpay webhooks.
 *
 * <h2>Verification</h2>
 * {@code X-Razorpay-Signature}: hex HMAC-SHA256 of the raw body, keyed with the webhook secret as UTF-8
 * bytes (Razorpay's SDK writes lower case; either case is accepted — the hex is decoded and the bytes
 * compared). Every active secret is tried, in constant time: Razorpay retries an old delivery signed with
 * the secret it was first sent with, so during a change of secret both must be configured. Razorpay
 * signs no timestamp: the replay window does not apply.
 *
 * <h2>Identity</h2>
 * The event id — the dedupe key — is the {@code x-razorpay-event-id} header ("unique per event",
 * Razorpay's validation guide); the body has none. The header is <em>not</em> signed. Without it (or
 * with one that is not an identifier) the id is derived from the signed body, the same for every
 * redelivery: {@code <event>:<entity id>:<created_at>}, the entity being the first one {@code contains}
 * names. (A replay of a signed body under a forged header id is stored as one more event with the same
 * report and time: it changes no status.) The transaction is the Razorpay payment id ({@code pay_…}):
 * {@code payload.payment.entity.id}, or the {@code payment_id} of the refund or dispute entity.
 * {@code created_at} (Unix seconds) is when it happened; {@code account_id} ({@code acc_…}, the merchant's or a
 * sub-merchant's account) is the event's merchant.
 *
 * <h2>Mapping</h2>
 * The types and what each reports are data: {@link RazorpayEventTypes}.
 * <table>
 *   <caption>Razorpay event types and the status they report</caption>
 *   <tr><td>payment.pending / payment.authorized / payment.captured / payment.failed</td><td>PENDING / AUTHORIZED / SUCCEEDED / FAILED</td></tr>
 *   <tr><td>order.paid</td><td>SUCCEEDED (fired when the order's payment is captured)</td></tr>
 *   <tr><td>refund.created, refund.processed</td><td>REFUNDED when the payment's {@code amount_refunded} reaches its
 *       {@code amount} ({@code refund_status} {@code full}), else PARTIALLY_REFUNDED</td></tr>
 *   <tr><td>refund.failed</td><td>SUCCEEDED, taking the refunds back</td></tr>
 *   <tr><td>payment.dispute.created, .under_review, .action_required, .lost</td><td>DISPUTED</td></tr>
 *   <tr><td>payment.dispute.won, .closed</td><td>SUCCEEDED, taking the dispute back</td></tr>
 *   <tr><td>anything else</td><td>ignored ({@code unmapped_event_type})</td></tr>
 * </table>
 * Amounts are integers in the currency's subunit as Razorpay defines it, which is ISO 4217's exponent for
 * every currency Razorpay lists (paise; whole yen; thousandths of KWD, BHD, OMR with the last digit 0).
 * The amount of a payment event is the payment's, of a refund the refund's, of a dispute the dispute's.
 * A mapped event without a usable amount or currency (Razorpay's documentation samples carry
 * {@code "currency": ""}), reference or {@code created_at} is kept as ignored with the reason; only a body
 * without {@code event} is refused. Customer: {@code customer_id}, {@code email}; payment method: the card's
 * {@code network} and {@code last4} ({@code "visa ****1111"}), else {@code method} ({@code upi},
 * {@code netbanking}...). The UPI {@code vpa} and {@code contact} are not read.
 */
public final class RazorpayProvider implements WebhookProvider {
    public static final String NAME = "razorpay";
    public static final String SIGNATURE_HEADER = "X-Razorpay-Signature";
    public static final String EVENT_ID_HEADER = "x-razorpay-event-id";

    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+){0,5}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final BigInteger MAX_CREATED = BigInteger.valueOf(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
    private static final List<String> ENTITIES = List.of("payment", "refund", "dispute", "order");

    private final Clock clock;

    /** @param clock the time of receipt, for an ignored event without a usable {@code created_at} */
    public RazorpayProvider(Clock clock) { this.clock = clock; }

    @Override public String name() { return NAME; }

    @Override
    public boolean recognizes(WebhookRequest request) { return request.header(SIGNATURE_HEADER).isPresent(); }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        RawBodySignature.verify(request.header(SIGNATURE_HEADER), RawBodySignature.Encoding.HEX, SIGNATURE_HEADER, secrets, request.body());
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String type = Json.requiredText(root, "event");
        if (type.length() > 128 || !TYPE.matcher(type).matches()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'event' is not a Razorpay event type.");
        }
        JsonNode payload = root.path("payload");
        Long createdAt = createdAt(root.get("created_at"));
        Instant at = createdAt == null ? clock.instant() : Instant.ofEpochSecond(createdAt);
        String eventId = eventId(request, root, type, createdAt);
        RazorpayEventTypes.Rule rule = RazorpayEventTypes.RULES.get(type);
        String txn = rule == null ? null : reference(rule.refinement(), payload);
        String account = text(root, "account_id"); // the merchant's (or sub-merchant's) account, acc_…
        if (txn == null) {
            return List.of(PaymentEvent.builder(NAME, eventId, ignoredReference(root, eventId), type, at).merchant(account)
                    .ignored(rule == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : ErrorCode.MISSING_FIELD.wireCode()).build());
        }
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, type, at).merchant(account);
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> {
            if (createdAt == null) {
                throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field 'created_at' must be Unix seconds."); // a state change needs its own time
            }
            map(e, rule, payload);
        }));
    }

    private static void map(PaymentEvent.Builder e, RazorpayEventTypes.Rule rule, JsonNode payload) {
        JsonNode payment = entity(payload, "payment");
        Status status = rule.status();
        Money amount = switch (rule.refinement()) {
            case PAYMENT -> money(payment, "payment");
            case REFUND, REFUND_AMOUNTS -> money(entity(payload, "refund"), "refund");
            case DISPUTE -> money(entity(payload, "dispute"), "dispute");
        };
        if (rule.refinement() == RazorpayEventTypes.Refinement.REFUND_AMOUNTS) {
            status = isFullyRefunded(payment, amount) ? Status.REFUNDED : Status.PARTIALLY_REFUNDED;
        }
        e.status(status).reverses(rule.reverses()).amount(amount);
        if (payment.isObject()) {
            // what of the customer id, email and payment method may be kept, the protection gate decides (DROP)
            e.customerId(text(payment, "customer_id")).customerEmail(text(payment, "email")).paymentMethod(paymentMethod(payment));
        }
    }

    /**
     * Whether the payment in the payload is refunded in full: {@code refund_status} {@code full}, or its
     * {@code amount_refunded} at least its {@code amount} (both in the refund's currency). Without the
     * payment: no (PARTIALLY_REFUNDED; a later event that carries the payment says REFUNDED, which outranks it).
     */
    private static boolean isFullyRefunded(JsonNode payment, Money refund) {
        if (!payment.isObject()) return false;
        if ("full".equals(text(payment, "refund_status"))) return true;
        Money total = ProviderMapping.lenient(() -> money(payment, "payment"));
        if (total == null || !total.currency().equals(refund.currency())) return false;
        JsonNode refundedNode = payment.get("amount_refunded");
        Long refunded = ProviderMapping.lenient(() -> Json.minorUnits(refundedNode, "payload.payment.entity.amount_refunded"));
        long sum = Math.max(refunded == null ? 0 : refunded, refund.minorUnits());
        return sum >= total.minorUnits();
    }

    /** {@code amount} (integer subunits) and {@code currency} of an entity. */
    private static Money money(JsonNode entity, String name) {
        if (!entity.isObject()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required entity 'payload." + name + "' is missing.");
        long value = Json.minorUnits(entity.get("amount"), "payload." + name + ".entity.amount");
        return Json.money(value, Json.requiredText(entity, "currency"));
    }

    /** The payment id an event concerns, as Razorpay wrote it, or null when none acceptable is there. */
    private static String reference(RazorpayEventTypes.Refinement refinement, JsonNode payload) {
        String ref = switch (refinement) {
            case PAYMENT -> text(entity(payload, "payment"), "id");
            case REFUND, REFUND_AMOUNTS -> firstNonNull(text(entity(payload, "refund"), "payment_id"), text(entity(payload, "payment"), "id"));
            case DISPUTE -> firstNonNull(text(entity(payload, "dispute"), "payment_id"), text(entity(payload, "payment"), "id"));
        };
        return ref != null && ProtectionGate.isAcceptableId(ref) ? ref : null;
    }

    /** For an ignored event: the payment it concerns if any, else its first entity's id, else the event id. */
    private static String ignoredReference(JsonNode root, String eventId) {
        JsonNode payload = root.path("payload");
        for (String candidate : new String[] {text(entity(payload, "payment"), "id"), text(entity(payload, "refund"), "payment_id"),
                text(entity(payload, "dispute"), "payment_id"), firstEntityId(root)}) {
            if (candidate != null && ProtectionGate.isAcceptableId(candidate)) return candidate;
        }
        return eventId;
    }

    /**
     * The {@code x-razorpay-event-id} header when it is an acceptable identifier; else
     * {@code <event>:<first entity id>:<created_at>} from the signed body (see the class comment).
     */
    static String eventId(WebhookRequest request, JsonNode root, String type, Long createdAt) {
        String header = request.header(EVENT_ID_HEADER).map(String::trim).orElse("");
        if (!header.isEmpty() && ProtectionGate.isAcceptableId(header)) return header;
        String entity = firstEntityId(root);
        String derived = type + ":" + (entity == null ? "none" : entity) + ":" + (createdAt == null ? "none" : createdAt);
        if (ProtectionGate.isAcceptableId(derived)) return derived;
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(derived.getBytes(StandardCharsets.UTF_8));
            return "rzp-" + java.util.HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the first entity {@code contains} names (else of payment, refund, dispute, order in that order). */
    private static String firstEntityId(JsonNode root) {
        JsonNode payload = root.path("payload");
        JsonNode contains = root.path("contains");
        if (contains.isArray()) {
            for (JsonNode name : contains) {
                if (!name.isTextual()) continue;
                String id = text(entity(payload, name.textValue()), "id");
                if (id != null) return id;
            }
        }
        for (String name : ENTITIES) {
            String id = text(entity(payload, name), "id");
            if (id != null) return id;
        }
        return null;
    }

    private static JsonNode entity(JsonNode payload, String name) { return payload.path(name).path("entity"); }

    /** {@code created_at} as Unix seconds within years 1970–9999, else null. */
    private static Long createdAt(JsonNode n) {
        if (n == null || !n.isIntegralNumber()) return null;
        BigInteger s = n.bigIntegerValue();
        return s.signum() < 0 || s.compareTo(MAX_CREATED) > 0 ? null : s.longValueExact();
    }

    /** {@code "visa ****1111"} for a card ({@code network} lower case, spaces as underscores), else the {@code method}. */
    private static String paymentMethod(JsonNode payment) {
        String method = text(payment, "method");
        if (method != null) method = method.toLowerCase(Locale.ROOT);
        if (method != null && !METHOD.matcher(method).matches()) method = null;
        JsonNode card = payment.path("card");
        String last4 = text(card, "last4");
        if (card.isObject() && last4 != null && LAST4.matcher(last4).matches()) {
            String network = text(card, "network");
            String brand = network == null ? null : network.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            if (brand == null || !METHOD.matcher(brand).matches()) brand = "card";
            return brand + " ****" + last4;
        }
        return method;
    }

    private static String firstNonNull(String a, String b) { return a != null ? a : b; }

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}

package io.payhook.core.webhook.square;

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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Square webhooks.
 *
 * <h2>Verification</h2>
 * {@code x-square-hmacsha256-signature}: base64 HMAC-SHA256, keyed with the subscription's signature
 * key as UTF-8 bytes, over the subscription's notification URL <em>exactly as configured at Square</em>
 * immediately followed by the raw body. The URL is configuration ({@code PAYHOOK_SQUARE_NOTIFICATION_URL}
 * → {@code Providers.Settings.squareNotificationUrl}): the URL a request arrives at behind a gateway or
 * proxy is not the one Square signed. Every active key is tried, in constant time. Square signs no
 * timestamp: the replay window does not apply, and a replayed delivery is a duplicate of its
 * {@code event_id}. The legacy {@code x-square-signature} (HMAC-SHA1) is recognised as Square's but not
 * accepted: a delivery carrying only it is {@code signature_missing}.
 * <p><b>Fail closed.</b> With no signature key configured the use case refuses the delivery
 * ({@code provider_not_configured}); with keys but no notification URL, {@link #verify} refuses it with
 * the same code and a message naming the missing URL — a signature cannot be checked without it.
 *
 * <h2>Mapping</h2>
 * Envelope: {@code event_id} (the dedupe key, Square's own advice), {@code type}, {@code created_at}
 * (RFC 3339, any number of fractional digits), {@code merchant_id} (the seller's account: the event's merchant). The
 * transaction is the Square payment id: {@code data.object.payment.id} for {@code payment.*},
 * {@code data.object.refund.payment_id} for {@code refund.*},
 * {@code data.object.dispute.disputed_payment.payment_id} (older versions {@code dispute.payment_id})
 * for {@code dispute.*}. The types and what each state reports are data: {@link SquareEventTypes}.
 * <table>
 *   <caption>Square event types and the status they report</caption>
 *   <tr><td>payment.created / payment.updated, status PENDING / APPROVED / COMPLETED / CANCELED / FAILED</td>
 *       <td>PENDING / AUTHORIZED / SUCCEEDED / CANCELED / FAILED; COMPLETED with {@code refunded_money} &gt; 0:
 *       REFUNDED when it reaches {@code total_money}, else PARTIALLY_REFUNDED</td></tr>
 *   <tr><td>refund.created / refund.updated, status PENDING / COMPLETED / FAILED, REJECTED</td>
 *       <td>ignored ({@code no_state_change}) / PARTIALLY_REFUNDED / SUCCEEDED taking the refunds back</td></tr>
 *   <tr><td>dispute.created, dispute.state.updated (.changed), state WON, INQUIRY_CLOSED / any other</td>
 *       <td>SUCCEEDED taking the dispute back / DISPUTED</td></tr>
 *   <tr><td>anything else</td><td>ignored ({@code unmapped_event_type})</td></tr>
 * </table>
 * Amounts are integers in the currency's smallest unit (ISO 4217: cents, whole yen): a payment's
 * {@code total_money} (amount plus tip: what the buyer paid), else {@code amount_money}; a refund's or
 * dispute's own {@code amount_money}. A mapped event without a usable amount, reference or
 * {@code created_at} is kept as ignored with the reason; only a body without {@code event_id} or
 * {@code type} is refused. Customer: {@code customer_id}, {@code buyer_email_address}; payment method:
 * {@code card_details.card.card_brand} and {@code last_4} ({@code "visa ****1111"}), else the
 * {@code source_type}. The protection gate drops what is not what it claims ({@link ProtectionGate.Policy#DROP}).
 */
public final class SquareProvider implements WebhookProvider {
    public static final String NAME = "square";
    public static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";
    /** Square's older HMAC-SHA1 header: recognised, never accepted. */
    public static final String LEGACY_SIGNATURE_HEADER = "x-square-signature";

    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+){0,5}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern BRAND = Pattern.compile("[a-z_]{1,32}");

    private final Clock clock;
    private final String notificationUrl;

    /**
     * @param clock           the time of receipt, for an ignored event without a usable {@code created_at}
     * @param notificationUrl the notification URL exactly as configured at Square, or null (deliveries refused)
     */
    public SquareProvider(Clock clock, String notificationUrl) {
        this.clock = clock;
        this.notificationUrl = notificationUrl == null || notificationUrl.isBlank() ? null : notificationUrl.trim();
    }

    @Override public String name() { return NAME; }

    /** Either Square signature header; a delivery Square signed is Square's even when payhook is not configured for it. */
    @Override
    public boolean recognizes(WebhookRequest request) {
        return request.header(SIGNATURE_HEADER).isPresent() || request.header(LEGACY_SIGNATURE_HEADER).isPresent();
    }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        if (notificationUrl == null) {
            throw new PayhookException(ErrorCode.PROVIDER_NOT_CONFIGURED, "Square deliveries are refused: no notification URL is "
                    + "configured (PAYHOOK_SQUARE_NOTIFICATION_URL), and Square signs that URL with the body.");
        }
        if (request.header(SIGNATURE_HEADER).isEmpty() && request.header(LEGACY_SIGNATURE_HEADER).isPresent()) {
            throw new PayhookException(ErrorCode.SIGNATURE_MISSING,
                    "Only x-square-hmacsha256-signature is accepted; the HMAC-SHA1 x-square-signature is not.");
        }
        RawBodySignature.verify(request.header(SIGNATURE_HEADER), RawBodySignature.Encoding.BASE64, SIGNATURE_HEADER, secrets,
                notificationUrl.getBytes(StandardCharsets.UTF_8), request.body());
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String eventId = Json.requiredText(root, "event_id");
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'event_id' is malformed.");
        String type = Json.requiredText(root, "type");
        if (type.length() > 128 || !TYPE.matcher(type).matches()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' is not a Square event type.");
        }
        Instant createdAt = ProviderMapping.lenient(() -> Json.instant(Json.requiredText(root, "created_at"), "created_at"));
        Instant at = createdAt == null ? clock.instant() : createdAt;
        JsonNode data = root.path("data");
        SquareEventTypes.Kind kind = SquareEventTypes.TYPES.get(type);
        JsonNode object = kind == null ? null : data.path("object").path(switch (kind) {
            case PAYMENT -> "payment";
            case REFUND -> "refund";
            case DISPUTE -> "dispute";
        });
        String txn = kind == null ? null : reference(kind, object);
        String merchant = text(root, "merchant_id"); // the seller's account the event belongs to
        if (txn == null) {
            // not a payment type, or no payment named: acknowledged and kept as ignored, never a 4xx
            return List.of(PaymentEvent.builder(NAME, eventId, ignoredReference(data, eventId), type, at).merchant(merchant)
                    .ignored(kind == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : ErrorCode.MISSING_FIELD.wireCode()).build());
        }
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, type, at).merchant(merchant);
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> {
            if (createdAt == null) Json.instant(Json.requiredText(root, "created_at"), "created_at"); // a state change needs its own time
            map(e, kind, object);
        }));
    }

    private static void map(PaymentEvent.Builder e, SquareEventTypes.Kind kind, JsonNode object) {
        String stateField = kind == SquareEventTypes.Kind.DISPUTE ? "state" : "status";
        String state = Json.requiredText(object, stateField);
        SquareEventTypes.Effect effect = SquareEventTypes.states(kind).get(state);
        if (effect == null) throw new PayhookException(ErrorCode.UNKNOWN_STATUS, "The " + stateField + " is not one Square documents.");
        Money amount = kind == SquareEventTypes.Kind.PAYMENT && object.path("total_money").isObject()
                ? money(object.path("total_money"), "total_money") : money(object.path("amount_money"), "amount_money");
        e.amount(amount);
        if (effect.status() == null) {
            e.ignored(PaymentEvent.NO_STATE_CHANGE); // a refund still pending: kept in the history, no effect
            return;
        }
        Status status = effect.status();
        if (kind == SquareEventTypes.Kind.PAYMENT && status == Status.SUCCEEDED) {
            Long refunded = refunded(object, amount);
            if (refunded != null && refunded > 0) {
                status = refunded >= amount.minorUnits() ? Status.REFUNDED
                        : Status.PARTIALLY_REFUNDED;
            }
        }
        e.status(status).reverses(effect.reverses());
        if (kind == SquareEventTypes.Kind.PAYMENT) {
            // what of the customer id, email and payment method may be kept, the protection gate decides (DROP)
            e.customerId(text(object, "customer_id")).customerEmail(text(object, "buyer_email_address")).paymentMethod(paymentMethod(object));
        } else if (kind == SquareEventTypes.Kind.DISPUTE) {
            e.paymentMethod(brand(text(object, "card_brand")));
        }
    }

    /** {@code refunded_money.amount} of a payment, when it is there in the payment's currency; else null. */
    private static Long refunded(JsonNode payment, Money total) {
        JsonNode r = payment.path("refunded_money");
        if (!r.isObject()) return null;
        Money refunded = ProviderMapping.lenient(() -> money(r, "refunded_money"));
        return refunded != null && refunded.currency().equals(total.currency()) ? refunded.minorUnits() : null;
    }

    /** A Square {@code Money}: {@code {"amount": <integer, smallest unit>, "currency": "USD"}}. */
    private static Money money(JsonNode m, String field) {
        if (!m.isObject()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field '" + field + "' is missing.");
        long value = Json.minorUnits(m.get("amount"), field + ".amount");
        return Json.money(value, Json.requiredText(m, "currency"));
    }

    /** The payment id the event concerns, as Square wrote it, or null when none acceptable is there. */
    private static String reference(SquareEventTypes.Kind kind, JsonNode object) {
        if (object == null || !object.isObject()) return null;
        String ref = switch (kind) {
            case PAYMENT -> text(object, "id");
            case REFUND -> text(object, "payment_id");
            case DISPUTE -> firstNonNull(text(object.path("disputed_payment"), "payment_id"), text(object, "payment_id"));
        };
        return ref != null && ProtectionGate.isAcceptableId(ref) ? ref : null;
    }

    /** For an ignored event: {@code data.id} (the object it concerns) when well-formed, else the event id. */
    private static String ignoredReference(JsonNode data, String eventId) {
        String id = text(data, "id");
        return id != null && ProtectionGate.isAcceptableId(id) ? id : eventId;
    }

    /** {@code "visa ****1111"} from {@code card_details.card}, else the source type ({@code "wallet"}, {@code "cash"}...). */
    private static String paymentMethod(JsonNode payment) {
        JsonNode card = payment.path("card_details").path("card");
        String brand = brand(text(card, "card_brand"));
        String last4 = text(card, "last_4");
        if (last4 != null && LAST4.matcher(last4).matches()) return (brand == null ? "card" : brand) + " ****" + last4;
        if (brand != null) return brand;
        return brand(text(payment, "source_type"));
    }

    /** A brand or source type in payhook's form: lower case ({@code VISA} → {@code visa}), or null. */
    private static String brand(String s) {
        if (s == null) return null;
        String b = s.toLowerCase(Locale.ROOT);
        return BRAND.matcher(b).matches() ? b : null;
    }

    private static String firstNonNull(String a, String b) { return a != null ? a : b; }

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}

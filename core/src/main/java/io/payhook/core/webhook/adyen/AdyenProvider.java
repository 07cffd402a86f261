package io.payhook.core.webhook.adyen;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.json.Json;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.Hmac;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Adyen standard notifications ("webhooks"): a JSON batch {@code {"live", "notificationItems": [
 * {"NotificationRequestItem": {…}}, …]}}.
 *
 * <h2>Verification</h2>
 * Each item is signed on its own: base64 HMAC-SHA256, keyed with the hex-decoded HMAC key, over
 * {@code pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success}
 * (a missing field is the empty string), in {@code additionalData.hmacSignature}. Every item must
 * match under some active key (all keys are tried, in constant time), or the whole delivery is
 * refused: {@code SIGNATURE_MISSING} when an item has no signature (or the body holds no item),
 * {@code SIGNATURE_INVALID} when one does not match.
 * <ul>
 *   <li>The signature sits inside the JSON, so {@link #verify} has to parse the body (the one
 *       provider that does; a body that is not JSON is a 400 before any signature is looked at). It
 *       builds no {@link PaymentEvent}: {@link #parse} runs only after every item has verified.</li>
 *   <li>Adyen signs no timestamp: the replay window does not apply. A replayed item is a duplicate
 *       — its event id ({@code pspReference:eventCode:success}) is already stored — and changes
 *       nothing.</li>
 *   <li>The HMAC covers only the eight fields above: {@code eventDate}, {@code paymentMethod} and
 *       {@code additionalData} (shopper email and reference, card summary) are not authenticated by
 *       it. They are trusted as far as the transport is (TLS; Adyen can add basic auth).</li>
 * </ul>
 *
 * <h2>Mapping</h2>
 * The event codes and the status each reports are data: {@link AdyenEventCodes}.
 * One {@link PaymentEvent} per item. The transaction is the payment's {@code pspReference}; a
 * modification (capture, cancellation, refund…) and every stage of a dispute carry their own
 * pspReference and name the payment in {@code originalReference}, which is then the transaction. Such an
 * item without an originalReference names no payment: it is kept as ignored ({@code missing_field}) under
 * its own pspReference — Adyen's examples of CHARGEBACK_REVERSED, SECOND_CHARGEBACK and PREARBITRATION_WON/LOST
 * have none — rather than report a status for a payment that does not exist
 * ({@link AdyenEventCodes.PaymentReference}). A code payhook does not map keeps originalReference, else
 * pspReference (RECURRING_CONTRACT joins its first payment; REPORT_AVAILABLE stands under its report's file name).
 * The event id is {@code pspReference:eventCode:success}; {@code eventDate} (ISO-8601) is when it happened.
 * <table>
 *   <caption>Adyen event codes and the status they report</caption>
 *   <tr><td>AUTHORISATION success=true / false</td><td>AUTHORIZED / FAILED</td></tr>
 *   <tr><td>CAPTURE true</td><td>SUCCEEDED</td></tr>
 *   <tr><td>CANCELLATION true</td><td>CANCELED</td></tr>
 *   <tr><td>CANCEL_OR_REFUND true</td><td>REFUNDED (refund rule below) when {@code additionalData.modification.action}
 *       is {@code refund}, else CANCELED</td></tr>
 *   <tr><td>REFUND true</td><td>REFUNDED, or PARTIALLY_REFUNDED by the refund rule</td></tr>
 *   <tr><td>CHARGEBACK, NOTIFICATION_OF_CHARGEBACK, SECOND_CHARGEBACK, CHARGEBACK_REVERSED (any success)</td><td>DISPUTED</td></tr>
 *   <tr><td>a modification with success=false</td><td>ignored ({@code no_state_change})</td></tr>
 *   <tr><td>a modification or dispute stage without originalReference</td><td>ignored ({@code missing_field})</td></tr>
 *   <tr><td>anything else</td><td>ignored ({@code unmapped_event_type}): acknowledged and kept</td></tr>
 * </table>
 * <b>Refund rule.</b> A REFUND notification carries the refunded amount, not the payment's
 * original amount, so a partial refund cannot be told from a full one: it maps to REFUNDED. The one
 * exception is an item whose {@code additionalData.originalAmountValue} (a payhook convention —
 * Adyen does not send it; an integration or relay may add it) is an integer larger than
 * {@code amount.value}: then PARTIALLY_REFUNDED. Since additionalData is unsigned, that hint can
 * only turn REFUNDED into PARTIALLY_REFUNDED, never create a refund.
 *
 * <p>A mapped item must carry {@code amount} (400 {@code missing_field}; 422 for a bad value or
 * currency) and a valid {@code eventDate}. An ignored item with an unusable amount keeps no amount,
 * and one without a usable eventDate takes the time of receipt, so that Adyen (which retries for
 * 30 days) is not refused for data payhook does not use. Email from
 * {@code additionalData.shopperEmail}, customer from {@code additionalData.shopperReference},
 * payment method from {@code paymentMethod} and {@code additionalData.cardSummary} (last 4) —
 * {@code "visa ****1111"}; the protection gate drops any of them that is not what it claims
 * ({@link ProtectionGate.Policy#DROP}). The merchant is the item's {@code merchantAccountCode} (the merchant account,
 * one of the signed fields), of every item, mapped or ignored.
 */
public final class AdyenProvider implements WebhookProvider {
    public static final String NAME = "adyen";
    /** At most this many items in one delivery (Adyen sends one, historically up to a handful). */
    static final int MAX_ITEMS = 100;
    private static final byte[] MARKER = "\"notificationItems\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern EVENT_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern METHOD = Pattern.compile("[a-z0-9_]{1,32}");

    private final Clock clock;

    /** @param clock the time of receipt, for an ignored item without a usable {@code eventDate} */
    public AdyenProvider(Clock clock) { this.clock = clock; }

    public AdyenProvider() { this(Clock.systemUTC()); }

    @Override public String name() { return NAME; }

    /** A body containing the ASCII bytes {@code "notificationItems"} — a byte search, no parse. */
    @Override
    public boolean recognizes(WebhookRequest request) { return indexOf(request.body(), MARKER) >= 0; }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            try {
                byte[] k = HexFormat.of().parseHex(s.trim());
                if (k.length > 0) keys.add(k);
            } catch (IllegalArgumentException notHex) {
                // a misconfigured key simply matches nothing
            }
        }
        JsonNode list = Json.object(request.body()).get("notificationItems");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "The body has no signed notification item.");
        }
        if (list.size() > MAX_ITEMS) throw new PayhookException(ErrorCode.INVALID_FIELD, "Too many notification items (at most " + MAX_ITEMS + ").");
        for (JsonNode wrapper : list) {
            JsonNode item = wrapper.get("NotificationRequestItem");
            if (item == null || !item.isObject()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "An item has no NotificationRequestItem to verify.");
            JsonNode sig = item.path("additionalData").get("hmacSignature");
            if (sig == null || sig.isNull() || (sig.isTextual() && sig.textValue().isEmpty())) {
                throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "An item has no additionalData.hmacSignature.");
            }
            byte[] given;
            try {
                if (!sig.isTextual()) throw new IllegalArgumentException();
                given = Base64.getDecoder().decode(sig.textValue().trim());
            } catch (IllegalArgumentException e) {
                throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "An item's hmacSignature is not base64.");
            }
            byte[] data = signedData(item).getBytes(StandardCharsets.UTF_8);
            boolean ok = false;
            for (byte[] key : keys) ok |= Hmac.equal(Hmac.sha256(key, data), given);
            if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
        }
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        List<PaymentEvent> events = new ArrayList<>();
        for (JsonNode item : items(Json.object(request.body()))) events.add(event(item));
        return events;
    }

    private PaymentEvent event(JsonNode item) {
        String psp = Json.requiredText(item, "pspReference");
        String original = Json.optionalText(item, "originalReference").orElse(null);
        String code = Json.requiredText(item, "eventCode").toUpperCase(Locale.ROOT);
        if (!EVENT_CODE.matcher(code).matches()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'eventCode' is malformed.");
        boolean success = success(item);
        if (!Ids.isValid(psp)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'pspReference' is malformed.");
        if (original != null && !Ids.isValid(original)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'originalReference' is malformed.");
        String txn = code.equals("AUTHORISATION") || original == null ? psp : original;
        String eventId = psp + ":" + code + ":" + success;
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "pspReference and eventCode make a malformed event id.");

        JsonNode extra = item.path("additionalData");
        Instant at = lenient(() -> Json.instant(Json.requiredText(item, "eventDate"), "eventDate"));
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, code, at == null ? clock.instant() : at)
                // what of the email, customer and payment method may be kept, the protection gate decides (DROP)
                .customerEmail(lenient(() -> Json.optionalText(extra, "shopperEmail").orElse(null)))
                .customerId(lenient(() -> Json.optionalText(extra, "shopperReference").orElse(null)))
                .paymentMethod(paymentMethod(item, extra))
                // the merchant account (signed with the item); an account code that is not an id, the gate drops
                .merchant(lenient(() -> Json.optionalText(item, "merchantAccountCode").orElse(null)));
        AdyenEventCodes.Effect effect = AdyenEventCodes.effect(code, success,
                lenient(() -> Json.optionalText(extra, "modification.action").orElse(null)),
                lenient(() -> Json.optionalText(extra, "disputeStatus").orElse(null)));
        if (effect.status() == null) {
            // acknowledged and kept as ignored: an amount or date it lacks is no reason to refuse it; a code payhook maps
            // that reports nothing (a capture, cancellation or refund with success "false") changed nothing
            String reason = AdyenEventCodes.RULES.containsKey(code) ? PaymentEvent.NO_STATE_CHANGE : PaymentEvent.UNMAPPED_EVENT_TYPE;
            return event.amount(lenient(() -> amount(item))).ignored(reason).build();
        }
        if (original == null && AdyenEventCodes.paymentInOriginalReference(code)) {
            // a modification or a dispute stage names its payment only in originalReference; its pspReference is its
            // own (a dispute's, a refund's): without one no payment is named, and none is made up from that reference
            return event.amount(lenient(() -> amount(item))).ignored(ErrorCode.MISSING_FIELD.wireCode()).build();
        }
        return ProviderMapping.mappedOrIgnored(event, e -> {
            Money amount = amount(item);
            if (amount == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'amount' is missing.");
            Json.instant(Json.requiredText(item, "eventDate"), "eventDate"); // a state change needs its own time
            Status status = effect.status();
            if (status == Status.REFUNDED && isPartial(extra, amount.minorUnits())) status = Status.PARTIALLY_REFUNDED;
            e.status(status).reverses(effect.reverses()).amount(amount);
        });
    }

    /** The refund rule (class comment): partial only when an original amount is given and is larger. */
    private static boolean isPartial(JsonNode extra, long refunded) {
        JsonNode original = extra.get("originalAmountValue");
        if (original == null) return false;
        String digits = original.isIntegralNumber() ? original.bigIntegerValue().toString() : original.isTextual() ? original.textValue() : "";
        if (!digits.matches("[0-9]{1,18}")) return false;
        return Long.parseLong(digits) > refunded;
    }

    private static Money amount(JsonNode item) {
        JsonNode amountNode = item.get("amount");
        if (amountNode == null || amountNode.isNull()) return null;
        if (!amountNode.isObject()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'amount' must be an object {value, currency}.");
        long value = Json.minorUnits(amountNode.get("value"), "amount.value");
        return Json.money(value, Json.requiredText(amountNode, "currency"));
    }

    /** Adyen writes {@code "success": "true"}; a JSON boolean is accepted too. Anything else is false. */
    private static boolean success(JsonNode item) {
        JsonNode s = item.get("success");
        return s != null && (s.isBoolean() ? s.booleanValue() : s.isTextual() && "true".equalsIgnoreCase(s.textValue().trim()));
    }

    private static String paymentMethod(JsonNode item, JsonNode extra) {
        String method = lenient(() -> Json.optionalText(item, "paymentMethod").orElse(null));
        if (method != null) method = method.toLowerCase(Locale.ROOT);
        if (method != null && !METHOD.matcher(method).matches()) method = null;
        String last4 = lenient(() -> Json.optionalText(extra, "cardSummary").orElse(null));
        if (last4 != null && !LAST4.matcher(last4).matches()) last4 = null;
        if (method == null && last4 == null) return null;
        return (method == null ? "card" : method) + (last4 == null ? "" : " ****" + last4);
    }

    /** The string Adyen signs for one item (a missing or null field is the empty string). */
    public static String signedData(JsonNode item) {
        JsonNode amount = item.path("amount");
        return String.join(":",
                text(item, "pspReference"), text(item, "originalReference"), text(item, "merchantAccountCode"),
                text(item, "merchantReference"), text(amount, "value"), text(amount, "currency"), text(item, "eventCode"),
                text(item, "success"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    private static List<JsonNode> items(JsonNode root) {
        JsonNode list = root.get("notificationItems");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'notificationItems' is missing or empty.");
        }
        if (list.size() > MAX_ITEMS) throw new PayhookException(ErrorCode.INVALID_FIELD, "Too many notification items (at most " + MAX_ITEMS + ").");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode wrapper : list) {
            JsonNode item = wrapper.get("NotificationRequestItem");
            if (item == null || !item.isObject()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Each item needs a NotificationRequestItem.");
            out.add(item);
        }
        return out;
    }

    /** The value, or null when reading it fails with a client error (for fields whose absence is harmless). */
    private static <T> T lenient(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (PayhookException e) {
            return null;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}

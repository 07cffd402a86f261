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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Adyen standard notifications: a JSON batch of {@code notificationItems}, each signed on its own
 * with base64 HMAC-SHA256 (hex-decoded key) over
 * {@code pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success}
 * in {@code additionalData.hmacSignature}. The signature is inside the JSON, so verification
 * parses the body — but no event is built until every item has verified. Adyen signs no
 * timestamp: the replay window does not apply; a replayed item is a duplicate (dedupe on
 * pspReference + eventCode + success). The transaction is {@code originalReference} for a
 * modification (capture, refund, cancellation, chargeback) and {@code pspReference} otherwise.
 * A REFUND notification carries the refunded amount, not the original: it maps to REFUNDED
 * (Adyen's partial-refund flag is not part of standard notifications; see docs/PROVIDERS.md).
 */
public final class AdyenProvider implements WebhookProvider {
    public static final String NAME = "adyen";
    private static final byte[] MARKER = "\"notificationItems\"".getBytes(StandardCharsets.US_ASCII);

    @Override public String name() { return NAME; }

    /** A JSON body with {@code notificationItems} (a cheap byte search; no parse). */
    @Override
    public boolean recognizes(WebhookRequest request) { return indexOf(request.body(), MARKER) >= 0; }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            try {
                keys.add(HexFormat.of().parseHex(s.trim()));
            } catch (IllegalArgumentException notHex) {
                // a misconfigured key simply matches nothing
            }
        }
        List<JsonNode> items = items(Json.object(request.body()));
        for (JsonNode item : items) {
            String given = item.path("additionalData").path("hmacSignature").asText("");
            if (given.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "An item has no additionalData.hmacSignature.");
            byte[] expectedFor;
            byte[] givenBytes;
            try {
                givenBytes = Base64.getDecoder().decode(given);
            } catch (IllegalArgumentException e) {
                throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED);
            }
            byte[] data = signedData(item).getBytes(StandardCharsets.UTF_8);
            boolean ok = false;
            for (byte[] key : keys) {
                expectedFor = Hmac.sha256(key, data);
                ok |= Hmac.equal(expectedFor, givenBytes);
            }
            if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
        }
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        List<PaymentEvent> events = new ArrayList<>();
        for (JsonNode item : items(Json.object(request.body()))) events.add(event(item));
        return events;
    }

    private static PaymentEvent event(JsonNode item) {
        String psp = Json.requiredText(item, "pspReference");
        String original = Json.optionalText(item, "originalReference").orElse(null);
        String code = Json.requiredText(item, "eventCode").toUpperCase(Locale.ROOT);
        boolean success = "true".equalsIgnoreCase(item.path("success").asText(""));
        String txn = original != null ? original : psp;
        if (!Ids.isValid(psp) || !Ids.isValid(txn)) throw new PayhookException(ErrorCode.INVALID_ID, "pspReference/originalReference is malformed.");
        String eventId = psp + ":" + code + ":" + success;
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "eventCode is malformed.");
        Status status = status(code, success);
        JsonNode amountNode = item.path("amount");
        Money amount = amountNode.isObject() && amountNode.has("value")
                ? Json.money(Json.minorUnits(amountNode.get("value"), "amount.value"), Json.requiredText(amountNode, "currency"))
                : null;
        if (status != null && amount == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'amount' is missing.");
        Instant occurredAt = Json.instant(Json.requiredText(item, "eventDate"), "eventDate");
        JsonNode extra = item.path("additionalData");
        String email = Json.optionalText(extra, "shopperEmail").filter(Emails::isPlausible).orElse(null);
        String customer = Json.optionalText(extra, "shopperReference").filter(Ids::isValid).orElse(null);
        String method = null;
        String brand = Json.optionalText(item, "paymentMethod").orElse(null);
        String last4 = Json.optionalText(extra, "cardSummary").filter(s -> s.matches("[0-9]{4}")).orElse(null);
        if (brand != null || last4 != null) {
            method = CardData.maskPaymentMethod((brand == null ? "card" : brand) + (last4 == null ? "" : " ****" + last4));
        }
        return new PaymentEvent(NAME, eventId, txn, code, status, amount, customer, email, method, occurredAt);
    }

    /** Canonical status of an event code, or null for codes we acknowledge but ignore. */
    static Status status(String code, boolean success) {
        return switch (code) {
            case "AUTHORISATION" -> success ? Status.AUTHORIZED : Status.FAILED;
            case "CAPTURE" -> success ? Status.SUCCEEDED : null;
            case "CANCELLATION", "CANCEL_OR_REFUND" -> success ? Status.CANCELED : null;
            case "REFUND" -> success ? Status.REFUNDED : null;
            case "CHARGEBACK", "NOTIFICATION_OF_CHARGEBACK" -> Status.DISPUTED;
            default -> null;
        };
    }

    /** The string Adyen signs for one item (null fields as empty strings). */
    static String signedData(JsonNode item) {
        JsonNode amount = item.path("amount");
        return String.join(":",
                text(item, "pspReference"), text(item, "originalReference"), text(item, "merchantAccountCode"),
                text(item, "merchantReference"), amount.path("value").isNumber() ? amount.get("value").asText() : text(amount, "value"),
                text(amount, "currency"), text(item, "eventCode"), text(item, "success"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static List<JsonNode> items(JsonNode root) {
        JsonNode list = root.get("notificationItems");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'notificationItems' is missing or empty.");
        }
        if (list.size() > 100) throw new PayhookException(ErrorCode.INVALID_FIELD, "Too many notification items (max 100).");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode wrapper : list) {
            JsonNode item = wrapper.get("NotificationRequestItem");
            if (item == null || !item.isObject()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Each item needs a NotificationRequestItem.");
            out.add(item);
        }
        return out;
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

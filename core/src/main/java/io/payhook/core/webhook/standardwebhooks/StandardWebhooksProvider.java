package io.payhook.core.webhook.standardwebhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Ids;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.Hmac;
import io.payhook.core.webhook.ReplayWindow;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.core.webhook.generic.GenericPayload;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks (standardwebhooks.com), and Svix, where the scheme comes from.
 *
 * <h2>Verification</h2>
 * Headers {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} (or the
 * {@code svix-id}, {@code svix-timestamp}, {@code svix-signature} variants). A secret is
 * {@code whsec_<base64 key>} (a secret without the prefix is taken as plain base64); the signed
 * content is {@code <id>.<timestamp>.<raw body>}; the signature header is a space-separated list
 * of {@code v1,<base64 HMAC-SHA256>} (other versions, e.g. {@code v1a}, are ignored). Every listed
 * v1 signature is compared with the MAC under every active secret, in constant time; the timestamp
 * must be within the tolerance on both sides of now.
 *
 * <h2>Mapping</h2>
 * A sender delivers every event type of its application: an event whose {@code data} names no
 * {@code transaction_id} is not a payment event and is kept as ignored; a payment event payhook cannot
 * read is kept as ignored with the reason. A verified delivery is never refused (the sender would
 * retry it and finally disable the endpoint). Personal data that is not what it claims is dropped
 * ({@link ProtectionGate.Policy#DROP}).
 * The body is {@code {type, timestamp, data}} and {@code data} carries the generic payhook fields
 * ({@code transaction_id}, {@code status}, {@code amount {value, currency}}, {@code customer_id},
 * {@code customer_email}, {@code payment_method}, {@code occurred_at}, optional {@code event_id} and {@code merchant}),
 * read by {@link GenericPayload}, the same code as the generic format. The event id defaults to
 * the {@code webhook-id}, which the sender keeps across retries (so it is the dedupe key); the type
 * to the body's {@code type}; {@code occurred_at} to the body's {@code timestamp}.
 */
public final class StandardWebhooksProvider implements WebhookProvider {
    public static final String NAME = "standard_webhooks";

    private final Clock clock;

    /** @param clock supplies {@code occurred_at} when neither the data nor the envelope carries one */
    public StandardWebhooksProvider(Clock clock) { this.clock = clock; }

    @Override public String name() { return NAME; }


    @Override
    public boolean recognizes(WebhookRequest r) {
        return (r.header("webhook-id").isPresent() && r.header("webhook-signature").isPresent())
                || (r.header("svix-id").isPresent() && r.header("svix-signature").isPresent());
    }

    private static String header(WebhookRequest r, String name) {
        return r.header("webhook-" + name).or(() -> r.header("svix-" + name)).orElse(null);
    }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        String id = header(request, "id");
        String ts = header(request, "timestamp");
        String sigs = header(request, "signature");
        if (id == null || ts == null || sigs == null) throw new PayhookException(ErrorCode.SIGNATURE_MISSING);
        long timestamp;
        try {
            timestamp = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The webhook-timestamp header is not a number.");
        }
        ReplayWindow.check(timestamp, now, tolerance);
        List<byte[]> given = new ArrayList<>();
        for (String part : sigs.trim().split(" ")) {
            if (!part.startsWith("v1,")) continue;
            try {
                given.add(Base64.getDecoder().decode(part.substring(3)));
            } catch (IllegalArgumentException ignoredNotBase64) {
                // cannot match
            }
        }
        if (given.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "No v1 signature in webhook-signature.");
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String secret : secrets) {
            byte[] key = key(secret);
            if (key == null || key.length == 0) continue; // not base64, or empty: matches nothing
            byte[] expected = Hmac.sha256(key, prefix, request.body());
            for (byte[] g : given) ok |= Hmac.equal(expected, g);
        }
        if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    /** The HMAC key of a {@code whsec_<base64>} (or bare base64) secret, or null if it is not base64. */
    public static byte[] key(String secret) {
        String s = secret.trim();
        if (s.startsWith("whsec_")) s = s.substring(6);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String messageId = header(request, "id");
        if (!Ids.isValid(messageId)) throw new PayhookException(ErrorCode.INVALID_ID, "The webhook-id header is malformed.");
        String type = root.path("type").isTextual() && !root.get("type").textValue().isEmpty() ? root.get("type").textValue() : "unknown";
        Instant at = ProviderMapping.lenient(() -> root.path("timestamp").isTextual() ? Json.instant(root.get("timestamp").textValue(), "timestamp") : null);
        Instant occurredAt = at == null ? clock.instant() : at;
        JsonNode data = root.get("data");
        String eventId = data != null && data.path("event_id").isTextual() && ProtectionGate.isAcceptableId(data.get("event_id").textValue())
                ? data.get("event_id").textValue() : messageId;
        String txn = data != null && data.path("transaction_id").isTextual() && ProtectionGate.isAcceptableId(data.get("transaction_id").textValue())
                ? data.get("transaction_id").textValue() : eventId;
        // the merchant of an event kept as ignored (the generic payload reads it for the others); the gate decides what is kept
        String merchant = data != null && data.path("merchant").isTextual() ? data.get("merchant").textValue() : null;
        if (data == null || !data.isObject() || !data.has("transaction_id")) {
            // not a payment event: a sender delivers every event type of its application to the endpoint
            return List.of(PaymentEvent.builder(NAME, eventId, txn, clip(type), occurredAt).merchant(merchant)
                    .ignored(PaymentEvent.UNMAPPED_EVENT_TYPE).build());
        }
        ObjectNode fields = data.deepCopy();
        if (!fields.hasNonNull("event_id")) fields.put("event_id", messageId);
        if (!fields.hasNonNull("type") && root.path("type").isTextual()) fields.put("type", root.get("type").textValue());
        if (!fields.hasNonNull("occurred_at") && root.path("timestamp").isTextual()) fields.put("occurred_at", root.get("timestamp").textValue());
        // a merchant that is not even a string is dropped like one that is not an id (DROP), not a reason to ignore the payment
        if (fields.has("merchant") && !fields.get("merchant").isTextual()) fields.remove("merchant");
        // the body was read strictly above; the copy of its data object is read as a generic payload, and what
        // cannot be read is kept as ignored with the reason: a verified delivery is never refused
        try {
            return List.of(GenericPayload.read(fields, NAME, clock));
        } catch (PayhookException e) {
            ErrorCode.Category c = e.code().category();
            if (c != ErrorCode.Category.MALFORMED && c != ErrorCode.Category.INVALID) throw e;
            return List.of(PaymentEvent.builder(NAME, eventId, txn, clip(type), occurredAt).merchant(merchant)
                    .ignored(e.code().wireCode()).build());
        }
    }

    /** An event type as it may be kept: at most 128 characters, no control characters. */
    private static String clip(String type) {
        String t = type.chars().anyMatch(Character::isISOControl) ? "unknown" : type;
        return t.length() > 128 ? t.substring(0, 128) : t;
    }
}

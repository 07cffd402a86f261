package io.payhook.core.webhook.gocardless;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Ids;
import io.payhook.core.model.PaymentEvent;
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
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GoCardless webhooks: one POST carries a batch {@code {"events": [ … ], "meta": {"webhook_id": "WB…"}}}.
 *
 * <h2>Detection</h2>
 * The header {@code Webhook-Signature}. HTTP header names are case-insensitive, so it is the same header as Standard
 * Webhooks' {@code webhook-signature}; the two are told apart by what comes with it. A Standard Webhooks delivery
 * always carries its message id ({@code webhook-id}, or {@code svix-id}) and signs with a list of
 * {@code v1,<base64>} values; GoCardless sends no message id and one hex value. So this provider recognises a
 * {@code Webhook-Signature} that comes without {@code webhook-id}/{@code svix-id} and holds no comma (no Standard
 * Webhooks version tag); other headers (a {@code webhook-timestamp}, a proxy's own) do not matter. Standard Webhooks is
 * asked first in the detection order ({@link io.payhook.core.webhook.Providers}), and this rule would not claim its
 * deliveries anyway — also not one whose signature happens to look like hex.
 *
 * <h2>Verification</h2>
 * {@code Webhook-Signature} is the hex HMAC-SHA256 of the raw body, keyed with the endpoint secret's UTF-8 bytes
 * (GoCardless's SDKs: {@code Webhook.isValidSignature}). The body's exact bytes are hashed — a trailing newline
 * is part of what was signed. The value must be 64 hex digits ({@code SIGNATURE_MALFORMED} otherwise); it is
 * decoded, so upper-case hex verifies too (GoCardless sends lower case; the Java SDK compares the strings and would
 * refuse upper case, the Go SDK decodes like this). It is compared with the MAC under every active secret, every
 * comparison in constant time, none skipped. GoCardless signs no timestamp, so there is no replay window: a replayed
 * delivery holds the same event ids, which are duplicates and change nothing. One signature covers the whole batch,
 * so verification is all or nothing: one altered event refuses the delivery and nothing of it is parsed.
 *
 * <h2>Mapping</h2>
 * One {@link PaymentEvent} per element of {@code events}, deduplicated on its own id ({@code EV…}); its time is
 * {@code created_at}; its type is {@code <resource_type>.<action>} and what it reports is data:
 * {@link GoCardlessEventActions}. The transaction is the payment, {@code links.payment} ({@code PM…}) as GoCardless
 * wrote it. A refund event applies to the payment when it names it in {@code links.payment}; GoCardless's
 * documentation shows refund events naming only {@code links.refund} ({@code RF…}), and such an event is kept as
 * ignored under the refund's id with the reason {@code missing_field} (finding the payment takes
 * {@code GET /refunds/{id}}, which payhook does not call).
 *
 * <p><b>No amounts, no customer.</b> GoCardless events carry no amount, currency or customer: they are on the
 * Payment resource ({@code GET /payments/{id}}; amount in minor units, {@code amount_refunded}), which payhook does
 * not fetch. Every GoCardless event has a null amount — the transaction's fold handles that — and no customer id or
 * email. The payment method is the debit scheme, {@code details.scheme} ({@code bacs}, {@code sepa_core}, ...),
 * when the event has one. No card data exists in these events.
 *
 * <p><b>Merchant.</b> {@code links.organisation} ({@code OR…}): GoCardless names the merchant's organisation when it
 * delivers the event to a partner (OAuth) app; an endpoint of the merchant's own has none, and the configured label
 * applies.
 *
 * <p>A verified delivery is not refused for what payhook does not map: an event of a type it does not know, or
 * without the payment it concerns, or without a usable {@code created_at} (the time of receipt stands in) is kept as
 * ignored with the reason. Only a body that is not JSON, has no non-empty {@code events} array, or has an event
 * without a usable {@code id} (no dedupe key) is refused (400).
 */
public final class GoCardlessProvider implements WebhookProvider {
    public static final String NAME = "gocardless";
    public static final String SIGNATURE_HEADER = "Webhook-Signature";

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    /** {@code <resource_type>.<action>}: lower-case words with underscores. */
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}\\.[a-z][a-z0-9_]{0,63}");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Clock clock;

    /** @param clock the time of receipt, for an ignored event without a usable {@code created_at} */
    public GoCardlessProvider(Clock clock) { this.clock = clock; }

    @Override public String name() { return NAME; }

    @Override
    public boolean recognizes(WebhookRequest request) {
        var signature = request.header(SIGNATURE_HEADER);
        if (signature.isEmpty()) return false;
        if (request.header("webhook-id").isPresent() || request.header("svix-id").isPresent()) return false; // Standard Webhooks
        return signature.get().indexOf(',') < 0; // a Standard Webhooks value is "v1,<base64>"; GoCardless's is hex
    }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        String header = request.header(SIGNATURE_HEADER).map(String::trim).orElse("");
        if (header.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING);
        if (!HEX64.matcher(header).matches()) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The Webhook-Signature header is not 64 hex digits.");
        }
        byte[] given = HexFormat.of().parseHex(header);
        boolean ok = false;
        for (String secret : secrets) {
            String s = secret.trim();
            if (s.isEmpty()) continue; // an empty key matches nothing
            ok |= Hmac.equal(Hmac.sha256(s.getBytes(StandardCharsets.UTF_8), request.body()), given);
        }
        if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode list = Json.object(request.body()).get("events");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'events' is missing or empty.");
        }
        List<PaymentEvent> events = new ArrayList<>(list.size());
        for (JsonNode e : list) {
            if (!e.isObject()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Each element of 'events' must be an object.");
            events.add(event(e));
        }
        return events;
    }

    private PaymentEvent event(JsonNode e) {
        String id = Json.requiredText(e, "id");
        if (!Ids.isValid(id)) throw new PayhookException(ErrorCode.INVALID_ID, "An event's 'id' is malformed.");
        String resourceType = text(e, "resource_type");
        String action = text(e, "action");
        String type = resourceType != null && action != null ? resourceType + "." + action : null;
        if (type == null || !TYPE.matcher(type).matches()) type = "unknown";
        Instant at = ProviderMapping.lenient(() -> Json.instant(Json.requiredText(e, "created_at"), "created_at"));
        JsonNode links = e.path("links");
        GoCardlessEventActions.Rule rule = GoCardlessEventActions.RULES.get(type);
        String payment = acceptable(text(links, "payment"));
        // the merchant's organisation, named when the event is delivered to a partner (OAuth) app; absent otherwise
        String organisation = text(links, "organisation");
        if (rule == null || payment == null) {
            // not a payment event, or no payment named: acknowledged and kept as ignored, never a 4xx
            return PaymentEvent.builder(NAME, id, ignoredReference(links, resourceType, id), type, at == null ? clock.instant() : at)
                    .merchant(organisation)
                    .ignored(rule == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : ErrorCode.MISSING_FIELD.wireCode()).build();
        }
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, id, payment, type, at == null ? clock.instant() : at)
                .merchant(organisation)
                .paymentMethod(scheme(e.path("details")));
        return ProviderMapping.mappedOrIgnored(event, b -> {
            // a state change needs its own time: without one it is kept as ignored with the reason
            Json.instant(Json.requiredText(e, "created_at"), "created_at");
            if (rule.status() == null) b.ignored(PaymentEvent.NO_STATE_CHANGE);
            else b.status(rule.status()).reverses(rule.reverses());
        });
    }

    /**
     * For an ignored event: the payment it names, else the resource it is about ({@code links.refund} for
     * {@code refunds}, {@code links.mandate} for {@code mandates}...), else the event id — whichever is first acceptable.
     */
    private static String ignoredReference(JsonNode links, String resourceType, String eventId) {
        String own = resourceType != null && resourceType.endsWith("s") ? text(links, resourceType.substring(0, resourceType.length() - 1)) : null;
        for (String candidate : new String[] {text(links, "payment"), own}) {
            if (acceptable(candidate) != null) return candidate;
        }
        return eventId;
    }

    /** The debit scheme as the payment method ({@code bacs}, {@code sepa_core}...), when the event names one. */
    private static String scheme(JsonNode details) {
        String s = text(details, "scheme");
        return s != null && SCHEME.matcher(s).matches() ? s : null;
    }

    private static String acceptable(String id) { return id != null && ProtectionGate.isAcceptableId(id) ? id : null; }

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}

package io.payhook.core.webhook.paddle;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.Hmac;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.ReplayWindow;
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
 * Paddle Billing notifications (webhooks): {@code {"event_id", "event_type", "occurred_at", "notification_id", "data"}}.
 *
 * <h2>Verification</h2>
 * {@code Paddle-Signature: ts=<unix seconds>;h1=<hex>} — during a secret rotation several {@code h1} may be sent.
 * The MAC is hex HMAC-SHA256 keyed with the notification destination's secret ({@code pdl_ntfset_…}) used verbatim as
 * UTF-8 bytes (not decoded, prefix kept), over {@code "<ts>:<raw body>"} with {@code ts} exactly as the header wrote
 * it. Parts are {@code ;}-separated {@code key=value}; unknown keys are ignored; an {@code h1} that is not 64 hex digits
 * cannot match (Paddle's Python SDK test sends {@code h1=dummy} beside the real one). No {@code ts}, two of them, a
 * {@code ts} that is not digits, or no usable {@code h1} — {@code SIGNATURE_MALFORMED}. The timestamp must lie within
 * the replay tolerance on <em>both</em> sides of now ({@link ReplayWindow}; Paddle's SDKs check only the past side,
 * with 5 seconds by default). Every {@code h1} is compared with the MAC under every active secret, in constant time,
 * no comparison skipped.
 *
 * <h2>Mapping</h2>
 * The event id is {@code event_id} ({@code evt_…}: the same for every destination and every retry;
 * {@code notification_id} is per destination and is not the dedupe key); its time is {@code occurred_at}. The
 * event types and what each reports are data: {@link PaddleEventTypes}. The transaction is the Paddle transaction as
 * Paddle wrote its id ({@code txn_…}): {@code data.id} for {@code transaction.*}, {@code data.transaction_id} for
 * {@code adjustment.*}.
 * <ul>
 *   <li>Amounts are strings of minor units (Paddle: "lowest denomination"; {@code "66000"} GBP is 660.00,
 *       {@code "1500"} JPY is ¥1,500) read exactly by {@link Json#minorUnitsOfDigits}: a transaction's
 *       {@code data.details.totals.grand_total} (what the customer pays: the total after credits) in
 *       {@code data.details.totals.currency_code}; an adjustment's {@code data.totals.total} (the amount refunded or
 *       charged back, tax included) in {@code data.totals.currency_code} ({@code data.currency_code} when the totals
 *       name none).</li>
 *   <li>A refund adjustment that Paddle approved is REFUNDED when its {@code type} is {@code full} (older payloads:
 *       every item's {@code type} is {@code full}), else PARTIALLY_REFUNDED.</li>
 *   <li>Customer: {@code data.customer_id} ({@code ctm_…}); Paddle sends no email in these events. Payment method:
 *       the captured attempt in {@code data.payments[]}, else the latest one — card brand and last 4
 *       ({@code "visa ****4242"}) or the method's type ({@code paypal}); the cardholder name is never read.</li>
 *   <li>Merchant: none — a notification names no seller account (each destination belongs to one), so every event
 *       takes the configured label of {@code paddle}, else {@code default}.</li>
 * </ul>
 * A verified delivery is not refused for what payhook does not map: an unmapped type, an event without its
 * transaction, an amount or currency that cannot be read, an unknown status — each is kept as ignored with the reason.
 * Only a body that is not JSON or lacks a usable {@code event_id} / {@code event_type} is refused (400).
 */
public final class PaddleProvider implements WebhookProvider {
    public static final String NAME = "paddle";
    public static final String SIGNATURE_HEADER = "Paddle-Signature";

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    /** Paddle's event type shape: {@code entity.event}, lower case with underscores. */
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+){1,4}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Clock clock;

    /** @param clock the time of receipt, for an ignored event without a usable {@code occurred_at} */
    public PaddleProvider(Clock clock) { this.clock = clock; }

    @Override public String name() { return NAME; }

    @Override
    public boolean recognizes(WebhookRequest request) { return request.header(SIGNATURE_HEADER).isPresent(); }

    /** A parsed {@code Paddle-Signature}: the timestamp as written, and the decoded {@code h1} values. */
    record Signature(String timestamp, List<byte[]> h1) {
        static Signature parse(String header) {
            if (header == null || header.isBlank()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING);
            String ts = null;
            List<byte[]> h1 = new ArrayList<>();
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq <= 0) continue;
                String k = part.substring(0, eq).trim();
                String v = part.substring(eq + 1).trim();
                if (k.equals("ts")) {
                    if (ts != null) throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The Paddle-Signature header has two timestamps.");
                    if (!DIGITS.matcher(v).matches()) {
                        throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The Paddle-Signature timestamp is not a number of seconds.");
                    }
                    ts = v;
                } else if (k.equals("h1") && HEX64.matcher(v).matches()) {
                    h1.add(HexFormat.of().parseHex(v));
                }
            }
            if (ts == null) throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The Paddle-Signature header has no timestamp.");
            if (h1.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The Paddle-Signature header has no h1 signature.");
            return new Signature(ts, h1);
        }
    }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        Signature sig = Signature.parse(request.header(SIGNATURE_HEADER).orElse(null));
        ReplayWindow.check(Long.parseLong(sig.timestamp()), now, tolerance);
        byte[] prefix = (sig.timestamp() + ":").getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String secret : secrets) {
            String s = secret.trim();
            if (s.isEmpty()) continue; // an empty key matches nothing
            byte[] expected = Hmac.sha256(s.getBytes(StandardCharsets.UTF_8), prefix, request.body());
            for (byte[] given : sig.h1()) ok |= Hmac.equal(expected, given);
        }
        if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String eventId = Json.requiredText(root, "event_id");
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'event_id' is malformed.");
        String type = Json.requiredText(root, "event_type");
        if (type.length() > 128 || !TYPE.matcher(type).matches()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'event_type' is not a Paddle event type.");
        }
        Instant at = ProviderMapping.lenient(() -> Json.instant(Json.requiredText(root, "occurred_at"), "occurred_at"));
        Instant occurredAt = at == null ? clock.instant() : at;
        JsonNode data = root.path("data");
        PaddleEventTypes.Rule rule = PaddleEventTypes.RULES.get(type);
        String txn = rule == null ? null : acceptable(text(data, rule.refinement() == PaddleEventTypes.Refinement.ADJUSTMENT ? "transaction_id" : "id"));
        if (txn == null) {
            // not a payment event, or no transaction named: acknowledged and kept as ignored, never a 4xx
            return List.of(PaymentEvent.builder(NAME, eventId, ignoredReference(data, eventId), type, occurredAt)
                    .ignored(rule == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : ErrorCode.MISSING_FIELD.wireCode()).build());
        }
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, type, occurredAt)
                // what of the customer id and payment method may be kept, the protection gate decides (DROP)
                .customerId(text(data, "customer_id"))
                .paymentMethod(rule.refinement() == PaddleEventTypes.Refinement.ADJUSTMENT ? null : paymentMethod(data.path("payments")));
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> map(e, rule, data, root)));
    }

    /** Status, what it takes back, and the amount of a mapped event (see {@link PaddleEventTypes}). */
    private static void map(PaymentEvent.Builder e, PaddleEventTypes.Rule rule, JsonNode data, JsonNode root) {
        Json.instant(Json.requiredText(root, "occurred_at"), "occurred_at"); // a state change needs its own time
        switch (rule.refinement()) {
            case NONE -> e.status(rule.status()).amount(transactionAmount(data));
            case TRANSACTION_STATUS -> {
                String state = Json.requiredText(data, "status");
                Status status = PaddleEventTypes.TRANSACTION_STATUSES.get(state);
                if (status == null) throw new PayhookException(ErrorCode.UNKNOWN_STATUS, "Unknown transaction status.");
                e.status(status).amount(transactionAmount(data));
            }
            case ADJUSTMENT -> {
                PaddleEventTypes.Effect effect = PaddleEventTypes.adjustment(text(data, "action"), text(data, "status"));
                if (effect == null) {
                    e.ignored(PaymentEvent.UNMAPPED_EVENT_TYPE);
                    return;
                }
                if (effect.status() == null) {
                    // kept for the history with its amount, if readable: the reason is that nothing changed
                    e.amount(ProviderMapping.lenient(() -> adjustmentAmount(data))).ignored(PaymentEvent.NO_STATE_CHANGE);
                    return;
                }
                Status status = effect.refund() && !fullAdjustment(data) ? Status.PARTIALLY_REFUNDED : effect.status();
                e.status(status).reverses(effect.reverses()).amount(adjustmentAmount(data));
            }
        }
    }

    /** {@code data.details.totals.grand_total} in {@code data.details.totals.currency_code} (else {@code data.currency_code}). */
    private static Money transactionAmount(JsonNode data) {
        JsonNode totals = data.path("details").path("totals");
        String value = Json.requiredText(totals, "grand_total");
        String currency = Json.optionalText(totals, "currency_code").orElseGet(() -> Json.requiredText(data, "currency_code"));
        return Json.money(Json.minorUnitsOfDigits(value, "data.details.totals.grand_total"), currency);
    }

    /** {@code data.totals.total} in {@code data.totals.currency_code} (else {@code data.currency_code}). */
    private static Money adjustmentAmount(JsonNode data) {
        JsonNode totals = data.path("totals");
        String value = Json.requiredText(totals, "total");
        String currency = Json.optionalText(totals, "currency_code").orElseGet(() -> Json.requiredText(data, "currency_code"));
        return Json.money(Json.minorUnitsOfDigits(value, "data.totals.total"), currency);
    }

    /** Whether an adjustment covers the whole transaction: {@code type} {@code full}; without one, every item {@code full}. */
    private static boolean fullAdjustment(JsonNode data) {
        String type = text(data, "type");
        if (type != null) return type.equals("full");
        JsonNode items = data.path("items");
        if (!items.isArray() || items.isEmpty()) return false;
        for (JsonNode item : items) if (!"full".equals(text(item, "type"))) return false;
        return true;
    }

    /** The captured attempt, else the latest by {@code created_at}: card brand and last 4, or the method's type. */
    private static String paymentMethod(JsonNode payments) {
        if (!payments.isArray() || payments.isEmpty()) return null;
        JsonNode chosen = null;
        Instant chosenAt = null;
        for (JsonNode p : payments) {
            if (!p.isObject()) continue;
            if ("captured".equals(text(p, "status"))) {
                chosen = p;
                break;
            }
            Instant created = ProviderMapping.lenient(() -> Json.optionalText(p, "created_at").map(s -> Json.instant(s, "created_at")).orElse(null));
            if (chosen == null || (created != null && (chosenAt == null || created.isAfter(chosenAt)))) {
                chosen = p;
                chosenAt = created;
            }
        }
        if (chosen == null) return null;
        JsonNode details = chosen.path("method_details");
        String method = text(details, "type");
        JsonNode card = details.path("card");
        String last4 = text(card, "last4");
        if (last4 != null && LAST4.matcher(last4).matches()) {
            String brand = text(card, "type");
            return (brand != null && WORD.matcher(brand).matches() ? brand : "card") + " ****" + last4;
        }
        return method != null && WORD.matcher(method).matches() ? method : null;
    }

    /**
     * For an ignored event: the transaction it concerns if it names one ({@code data.transaction_id}), else its
     * entity's id ({@code sub_…}, {@code ctm_…}), else the event id — whichever is first acceptable.
     */
    private static String ignoredReference(JsonNode data, String eventId) {
        for (String candidate : new String[] {text(data, "transaction_id"), text(data, "id")}) {
            if (acceptable(candidate) != null) return candidate;
        }
        return eventId;
    }

    private static String acceptable(String id) { return id != null && ProtectionGate.isAcceptableId(id) ? id : null; }

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}

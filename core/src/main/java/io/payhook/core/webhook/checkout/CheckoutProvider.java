package io.payhook.core.webhook.checkout;

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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checkout.com webhooks (the current platform's workflows, and the previous platform's webhooks: the same
 * envelope and signature).
 *
 * <h2>Verification</h2>
 * {@code Cko-Signature}: hex HMAC-SHA256 of the raw body, keyed with the webhook's signature key (the
 * previous platform: the secret key) as UTF-8 bytes. Upper- and lower-case hex are both accepted (the
 * hex is decoded and the bytes compared): Checkout.com's own SAP plugin compares ignoring case. Every
 * active key is tried, in constant time. Checkout.com signs no timestamp: the replay window does not
 * apply, and a replayed delivery is a duplicate of its event id.
 *
 * <h2>Mapping</h2>
 * Envelope: {@code id} ({@code evt_…}, the dedupe key), {@code type}, {@code created_on} (or
 * {@code timestamp} in some event shapes; up to 7 fractional digits). The transaction is the payment id
 * {@code data.id} ({@code pay_…}); for {@code dispute_*} events {@code data.payment_id} ({@code data.id}
 * is the dispute). The types and what each reports are data: {@link CheckoutEventTypes}.
 * <table>
 *   <caption>Checkout.com event types and the status they report</caption>
 *   <tr><td>payment_pending</td><td>PENDING</td></tr>
 *   <tr><td>payment_approved</td><td>AUTHORIZED</td></tr>
 *   <tr><td>payment_captured, payment_paid</td><td>SUCCEEDED</td></tr>
 *   <tr><td>payment_declined, payment_authentication_failed</td><td>FAILED</td></tr>
 *   <tr><td>payment_voided, payment_canceled, payment_expired</td><td>CANCELED</td></tr>
 *   <tr><td>payment_capture_declined</td><td>FAILED (see {@link CheckoutEventTypes.Refinement#CAPTURE_DECLINED})</td></tr>
 *   <tr><td>payment_refunded</td><td>REFUNDED or PARTIALLY_REFUNDED by {@code data.balances}</td></tr>
 *   <tr><td>payment_refund_declined</td><td>SUCCEEDED taking the refunds back (see {@link CheckoutEventTypes.Refinement#REFUND_DECLINED})</td></tr>
 *   <tr><td>dispute_received, _evidence_required, _evidence_submitted, _accepted, _lost, _expired, _arbitration_lost</td><td>DISPUTED</td></tr>
 *   <tr><td>dispute_won, _arbitration_won, _canceled, _resolved</td><td>SUCCEEDED taking the dispute back</td></tr>
 *   <tr><td>anything else</td><td>ignored ({@code unmapped_event_type})</td></tr>
 * </table>
 * Amounts: {@code data.amount} and {@code data.currency} in Checkout.com's format ({@link CheckoutAmounts}),
 * converted to ISO minor units exactly. For a capture or refund it is that action's amount. A mapped
 * event without a usable amount, reference or time is kept as ignored with the reason; only a body
 * without {@code id} or {@code type} is refused. Customer {@code data.customer.id}, {@code email}; payment
 * method {@code data.source.scheme} and {@code last_4} ({@code "visa ****4242"}); for a dispute
 * {@code data.payment_method}. The protection gate drops what is not what it claims ({@link ProtectionGate.Policy#DROP}).
 * Merchant: {@code data.processing_channel_id} ({@code pc_…}) when the event carries it — the current platform's
 * payments belong to a processing channel; the one published payload here (previous platform) has none, and then the
 * configured label applies.
 */
public final class CheckoutProvider implements WebhookProvider {
    public static final String NAME = "checkout";
    public static final String SIGNATURE_HEADER = "Cko-Signature";

    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]{1,64}(\\.[a-z0-9_]{1,64}){0,3}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern BRAND = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Clock clock;

    /** @param clock the time of receipt, for an ignored event without a usable time */
    public CheckoutProvider(Clock clock) { this.clock = clock; }

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
        String eventId = Json.requiredText(root, "id");
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'id' is malformed.");
        String type = Json.requiredText(root, "type");
        if (type.length() > 128 || !TYPE.matcher(type).matches()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' is not a Checkout.com event type.");
        }
        Instant time = ProviderMapping.lenient(() -> occurredAt(root));
        Instant at = time == null ? clock.instant() : time;
        JsonNode data = root.path("data");
        CheckoutEventTypes.Rule rule = CheckoutEventTypes.RULES.get(type);
        String txn = rule == null ? null : reference(rule.refinement(), data);
        String channel = text(data, "processing_channel_id"); // the merchant's processing channel, when the event names one
        if (txn == null) {
            return List.of(PaymentEvent.builder(NAME, eventId, ignoredReference(data, eventId), type, at).merchant(channel)
                    .ignored(rule == null ? PaymentEvent.UNMAPPED_EVENT_TYPE : ErrorCode.MISSING_FIELD.wireCode()).build());
        }
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, type, at).merchant(channel);
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> {
            if (time == null) occurredAt(root); // a state change needs its own time: throws why it has none
            map(e, rule, data);
        }));
    }

    private static void map(PaymentEvent.Builder e, CheckoutEventTypes.Rule rule, JsonNode data) {
        String currency = Json.requiredText(data, "currency");
        Money amount = CheckoutAmounts.money(Json.minorUnits(data.get("amount"), "data.amount"), currency, "data.amount");
        Status status = rule.status();
        Set<Status> reverses = rule.reverses();
        Balances b = Balances.of(data.path("balances"));
        switch (rule.refinement()) {
            case NONE, DISPUTE -> { }
            case CAPTURE -> {
                if (b != null && b.totalCaptured() > 0) amount = CheckoutAmounts.money(b.totalCaptured(), currency, "data.balances.total_captured");
            }
            case CAPTURE_DECLINED -> {
                if (b != null && b.totalCaptured() > 0) {
                    status = Status.SUCCEEDED; // an earlier capture stands
                    amount = CheckoutAmounts.money(b.totalCaptured(), currency, "data.balances.total_captured");
                } else if (b != null && b.availableToCapture() == 0) {
                    reverses = ProviderMapping.CAPTURE; // nothing captured, nothing left to capture
                }
            }
            case REFUND_BALANCES -> status = refundStatus(b);
            case REFUND_DECLINED -> {
                if (b != null && b.totalRefunded() > 0) {
                    status = refundStatus(b); // earlier refunds stand: what the balances show, nothing taken back
                    reverses = Set.of();
                }
            }
        }
        e.status(status).reverses(reverses).amount(amount);
        if (rule.refinement() == CheckoutEventTypes.Refinement.DISPUTE) {
            e.paymentMethod(brand(text(data, "payment_method")));
        } else {
            // what of the customer id, email and payment method may be kept, the protection gate decides (DROP)
            JsonNode customer = data.path("customer");
            e.customerId(text(customer, "id")).customerEmail(text(customer, "email")).paymentMethod(paymentMethod(data.path("source")));
        }
    }

    /** REFUNDED when the balances show everything captured refunded (or nothing left to refund), else PARTIALLY_REFUNDED. */
    private static Status refundStatus(Balances b) {
        if (b == null || b.totalRefunded() <= 0) return Status.PARTIALLY_REFUNDED;
        boolean full = (b.totalCaptured() > 0 && b.totalRefunded() >= b.totalCaptured()) || b.availableToRefund() == 0;
        return full ? Status.REFUNDED : Status.PARTIALLY_REFUNDED;
    }

    /**
     * {@code data.balances}, when it is an object (the current platform's payment events carry it): each
     * field a non-negative integer in Checkout.com's format, -1 when absent or unusable.
     */
    record Balances(long totalCaptured, long availableToCapture, long totalRefunded, long availableToRefund) {
        static Balances of(JsonNode n) {
            if (!n.isObject()) return null;
            return new Balances(field(n, "total_captured"), field(n, "available_to_capture"), field(n, "total_refunded"),
                    field(n, "available_to_refund"));
        }

        private static long field(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null || !v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || v.bigIntegerValue().bitLength() > 62) return -1;
            return v.longValue();
        }
    }

    /** {@code created_on}, else {@code timestamp}: ISO-8601 with an offset. */
    private static Instant occurredAt(JsonNode root) {
        String t = Json.optionalText(root, "created_on").orElse(null);
        if (t != null) return Json.instant(t, "created_on");
        return Json.instant(Json.requiredText(root, "timestamp"), "timestamp");
    }

    /** The payment id an event concerns, as Checkout.com wrote it, or null when none acceptable is there. */
    private static String reference(CheckoutEventTypes.Refinement refinement, JsonNode data) {
        if (!data.isObject()) return null;
        String ref = refinement == CheckoutEventTypes.Refinement.DISPUTE ? text(data, "payment_id") : text(data, "id");
        return ref != null && ProtectionGate.isAcceptableId(ref) ? ref : null;
    }

    /** For an ignored event: the payment it names ({@code data.payment_id}), else {@code data.id}, else the event id. */
    private static String ignoredReference(JsonNode data, String eventId) {
        for (String candidate : new String[] {text(data, "payment_id"), text(data, "id")}) {
            if (candidate != null && ProtectionGate.isAcceptableId(candidate)) return candidate;
        }
        return eventId;
    }

    /** {@code "amex ****4564"} from a card source's {@code scheme} and {@code last_4}; else the source's {@code type}. */
    private static String paymentMethod(JsonNode source) {
        if (!source.isObject()) return null;
        String scheme = brand(text(source, "scheme"));
        String last4 = text(source, "last_4");
        if (last4 != null && LAST4.matcher(last4).matches()) return (scheme == null ? "card" : scheme) + " ****" + last4;
        return scheme != null ? scheme : brand(text(source, "type"));
    }

    /** A scheme or method in payhook's form: lower case, spaces as underscores ({@code "American Express"} → {@code american_express}). */
    private static String brand(String s) {
        if (s == null) return null;
        String b = s.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return BRAND.matcher(b).matches() ? b : null;
    }

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}

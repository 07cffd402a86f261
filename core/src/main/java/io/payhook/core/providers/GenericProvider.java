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
import java.util.Locale;

/**
 * The generic payhook format (SPEC §4), signed with
 * {@code Payhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}.
 */
public final class GenericProvider implements WebhookProvider {
    public static final String NAME = "generic";
    public static final String SIGNATURE_HEADER = "Payhook-Signature";

    private final java.time.Clock clock;

    /** @param clock supplies {@code occurred_at} when the payload has none */
    public GenericProvider(java.time.Clock clock) { this.clock = clock; }

    @Override public String name() { return NAME; }

    /** The fallback: anything not recognised by a more specific provider. */
    @Override public boolean recognizes(WebhookRequest request) { return true; }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        SignatureHeader header = SignatureHeader.parse(request.header(SIGNATURE_HEADER).orElse(null));
        header.checkWindow(now, tolerance);
        List<byte[]> keys = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        if (!header.matchesAny(keys, request.body())) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        return parse(Json.object(request.body()));
    }

    /** The generic mapping of an already parsed (strict, {@link Json#object}) object; scrubs {@code root} in place. */
    List<PaymentEvent> parse(JsonNode root) {
        // Fields with a rule of their own are read from the payload as sent: identifiers (refused when
        // they hold a card number or an email address), the customer email, the amount, the payment method.
        String eventId = id(root, "event_id");
        String transactionId = id(root, "transaction_id");
        String customerId = Json.optionalText(root, "customer_id").orElse(null);
        if (customerId != null && !Ids.isValid(customerId)) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'customer_id' is malformed.");
        String email = Json.optionalText(root, "customer_email").orElse(null);
        if (email != null && !Emails.isPlausible(email)) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'customer_email' is not an email address.");
        if (email != null && CardData.containsSchemePan(email)) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'customer_email' holds a card number; it is refused.");
        }
        String method = CardData.maskPaymentMethod(Json.optionalText(root, "payment_method").orElse(null));
        JsonNode amountNode = root.get("amount");
        if (amountNode == null || amountNode.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'amount' is missing.");
        if (!amountNode.isObject()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'amount' must be an object {value, currency}.");
        long value = Json.minorUnits(amountNode.get("value"), "amount.value");
        // Everything else is read after the scanner has dropped verification data and masked card numbers.
        CardData.scrub(root);
        String statusText = Json.requiredText(root, "status");
        Status status = Status.parse(statusText).orElseThrow(() ->
                new PayhookException(ErrorCode.UNKNOWN_STATUS, "Unknown status; expected one of pending, authorized, succeeded, failed, canceled, partially_refunded, refunded, disputed."));
        String currency = Json.requiredText(amountNode, "currency");
        Money amount = Json.money(value, currency);
        String type = Json.optionalText(root, "type").orElse("payment." + status.name().toLowerCase(Locale.ROOT));
        if (type.length() > 128) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' is too long.");
        if (type.chars().anyMatch(Character::isISOControl)) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' contains control characters.");
        Instant occurredAt = Json.optionalText(root, "occurred_at").map(s -> Json.instant(s, "occurred_at")).orElseGet(clock::instant);
        return List.of(new PaymentEvent(NAME, eventId, transactionId, CardData.scrubText(type), status, amount,
                customerId == null ? null : CardData.maskEmails(CardData.maskSchemePans(customerId)), email, method, occurredAt));
    }

    /**
     * A required identifier: the strict id shape, and neither a card number (scheme rule, see
     * {@link CardData}) nor an email address — an id is a key, kept in the clear and in logs, so it is
     * refused rather than masked (masking would also merge different payments into one id).
     */
    static String id(JsonNode root, String field) {
        String v = Json.requiredText(root, field);
        if (!Ids.isValid(v)) throw new PayhookException(ErrorCode.INVALID_ID, "Field '" + field + "' is malformed.");
        if (CardData.containsSchemePan(v)) {
            throw new PayhookException(ErrorCode.INVALID_ID, "Field '" + field + "' holds a card number; card numbers are not accepted as identifiers.");
        }
        if (CardData.containsEmail(v)) {
            throw new PayhookException(ErrorCode.INVALID_ID, "Field '" + field + "' holds an email address; personal data is not accepted in identifiers.");
        }
        return v;
    }
}

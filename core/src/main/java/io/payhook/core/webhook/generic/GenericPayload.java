package io.payhook.core.webhook.generic;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The generic payhook fields (SPEC §4) — {@code event_id}, {@code transaction_id}, {@code type},
 * {@code status}, {@code amount {value, currency}}, {@code customer_id}, {@code customer_email},
 * {@code payment_method}, {@code occurred_at}, and the optional {@code merchant} (the merchant account the payment
 * belongs to: an account id, {@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}}) — as the generic format carries them at the top level
 * and Standard Webhooks in its {@code data} object. The status is a canonical status name
 * ({@link Status#parse}: the table is the canonical statuses themselves). Values are read as sent;
 * the {@link io.payhook.core.protection.ProtectionGate} decides what of them may be kept.
 */
public final class GenericPayload {
    private GenericPayload() {}

    /**
     * @param root     a strictly parsed object ({@link Json#object})
     * @param provider the name the event is stored under
     * @param clock    supplies {@code occurred_at} when the payload has none
     */
    public static PaymentEvent read(JsonNode root, String provider, Clock clock) {
        String eventId = id(root, "event_id");
        String transactionId = id(root, "transaction_id");
        String customerId = Json.optionalText(root, "customer_id").orElse(null);
        String email = Json.optionalText(root, "customer_email").orElse(null);
        String method = Json.optionalText(root, "payment_method").orElse(null);
        String merchant = Json.optionalText(root, "merchant").orElse(null);
        JsonNode amountNode = root.get("amount");
        if (amountNode == null || amountNode.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'amount' is missing.");
        if (!amountNode.isObject()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'amount' must be an object {value, currency}.");
        long value = Json.minorUnits(amountNode.get("value"), "amount.value");
        String statusText = Json.requiredText(root, "status");
        Status status = Status.parse(statusText).orElseThrow(() ->
                new PayhookException(ErrorCode.UNKNOWN_STATUS, "Unknown status; expected one of pending, authorized, succeeded, failed, canceled, partially_refunded, refunded, disputed."));
        Money amount = Json.money(value, Json.requiredText(amountNode, "currency"));
        String type = Json.optionalText(root, "type").orElse("payment." + status.name().toLowerCase(Locale.ROOT));
        if (type.length() > 128) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' is too long.");
        if (type.chars().anyMatch(Character::isISOControl)) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'type' contains control characters.");
        Instant occurredAt = Json.optionalText(root, "occurred_at").map(s -> Json.instant(s, "occurred_at")).orElseGet(clock::instant);
        return PaymentEvent.builder(provider, eventId, transactionId, type, occurredAt).status(status).amount(amount)
                .customerId(customerId).customerEmail(email).paymentMethod(method).merchant(merchant).build();
    }

    /** A required identifier in the strict id shape (what else it may not hold, the gate decides). */
    private static String id(JsonNode root, String field) {
        String v = Json.requiredText(root, field);
        if (!Ids.isValid(v)) throw new PayhookException(ErrorCode.INVALID_ID, "Field '" + field + "' is malformed.");
        return v;
    }
}

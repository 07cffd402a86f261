package io.payhook.core.webhook.adyen;

import io.payhook.core.model.Status;

import java.util.Map;

/**
 * The Adyen event codes payhook maps, and the canonical status each reports — as data. A code not
 * listed, or a {@code success} value with no status in its rule, is acknowledged and kept as ignored.
 * A REFUND (or a CANCEL_OR_REFUND that refunded) may then be refined to PARTIALLY_REFUNDED by the
 * refund rule ({@link AdyenProvider}).
 */
public final class AdyenEventCodes {
    private AdyenEventCodes() {}

    /**
     * What one event code reports.
     *
     * @param onSuccess status when {@code success} is true, or null (ignored)
     * @param onFailure status when {@code success} is false, or null (ignored)
     * @param byAction  on success, the status per {@code additionalData.modification.action} (lower case),
     *                  where the code alone does not say what happened; {@code onSuccess} otherwise
     */
    public record Rule(Status onSuccess, Status onFailure, Map<String, Status> byAction) {
        Rule(Status onSuccess, Status onFailure) { this(onSuccess, onFailure, Map.of()); }
    }

    public static final Map<String, Rule> RULES = Map.of(
            "AUTHORISATION", new Rule(Status.AUTHORIZED, Status.FAILED),
            "CAPTURE", new Rule(Status.SUCCEEDED, null),
            "CANCELLATION", new Rule(Status.CANCELED, null),
            "CANCEL_OR_REFUND", new Rule(Status.CANCELED, null, Map.of("refund", Status.REFUNDED)),
            "REFUND", new Rule(Status.REFUNDED, null),
            "CHARGEBACK", new Rule(Status.DISPUTED, Status.DISPUTED),
            "NOTIFICATION_OF_CHARGEBACK", new Rule(Status.DISPUTED, Status.DISPUTED),
            "SECOND_CHARGEBACK", new Rule(Status.DISPUTED, Status.DISPUTED),
            "CHARGEBACK_REVERSED", new Rule(Status.DISPUTED, Status.DISPUTED));

    /**
     * The status an event code reports, or null for what is acknowledged but ignored.
     *
     * @param action {@code additionalData.modification.action}, or null
     */
    public static Status status(String code, boolean success, String action) {
        Rule r = RULES.get(code);
        if (r == null) return null;
        if (!success) return r.onFailure();
        if (action != null) {
            Status s = r.byAction().get(action.toLowerCase(java.util.Locale.ROOT));
            if (s != null) return s;
        }
        return r.onSuccess();
    }
}

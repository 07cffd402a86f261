package io.payhook.core.webhook.adyen;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.ProviderMapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Adyen event codes payhook maps, and what each reports — as data, decided from Adyen's webhook
 * documentation (the decisions and their sources: docs/PROVIDERS.md). A code not listed, or a
 * {@code success} value with no status in its rule, is acknowledged and kept as ignored. A REFUND (or
 * a CANCEL_OR_REFUND that refunded) may then be refined to PARTIALLY_REFUNDED by the refund rule
 * ({@link AdyenProvider}).
 */
public final class AdyenEventCodes {
    private AdyenEventCodes() {}

    /** What one event code reports. */
    public record Rule(Status onSuccess, Status onFailure, Set<Status> reverses, Map<String, Status> byAction,
                       boolean successMeaningful, boolean dispute) {
        /** The success flag says whether the operation happened (AUTHORISATION, CAPTURE, REFUND...). */
        static Rule outcome(Status onSuccess, Status onFailure) {
            return new Rule(onSuccess, onFailure, Set.of(), Map.of(), true, false);
        }

        /** The code itself is the news; {@code success} is always "true" or means nothing (EXPIRE, CAPTURE_FAILED...). */
        static Rule fact(Status status, Set<Status> reverses) {
            return new Rule(status, status, reverses, Map.of(), false, false);
        }

        /** A stage of a dispute; {@code additionalData.disputeStatus} Won or Lost, when present, decides over the code. */
        static Rule dispute(Status status, Set<Status> reverses) {
            return new Rule(status, status, reverses, Map.of(), false, true);
        }
    }

    private static final Rule DISPUTE_OPEN = Rule.dispute(Status.DISPUTED, Set.of());
    private static final Rule DISPUTE_WON = Rule.dispute(Status.SUCCEEDED, ProviderMapping.DISPUTES);

    public static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("AUTHORISATION", Rule.outcome(Status.AUTHORIZED, Status.FAILED)),
            Map.entry("AUTHORISATION_ADJUSTMENT", Rule.outcome(Status.AUTHORIZED, null)),
            Map.entry("CAPTURE", Rule.outcome(Status.SUCCEEDED, null)),
            // the scheme rejected a capture reported as successful: the payment failed (a recapture may follow)
            Map.entry("CAPTURE_FAILED", Rule.fact(Status.FAILED, ProviderMapping.CAPTURE)),
            Map.entry("CANCELLATION", Rule.outcome(Status.CANCELED, null)),
            Map.entry("TECHNICAL_CANCEL", Rule.outcome(Status.CANCELED, null)),
            Map.entry("CANCEL_OR_REFUND", new Rule(Status.CANCELED, null, Set.of(), Map.of("refund", Status.REFUNDED, "cancel", Status.CANCELED),
                    true, false)),
            // the uncaptured amount of an authorisation expired: CANCELED, which a capture outranks
            Map.entry("EXPIRE", Rule.fact(Status.CANCELED, Set.of())),
            Map.entry("OFFER_CLOSED", Rule.outcome(Status.CANCELED, null)),
            Map.entry("REFUND", Rule.outcome(Status.REFUNDED, null)),
            // a refund the scheme rejected, or whose money came back: the payment is captured, not refunded
            Map.entry("REFUND_FAILED", Rule.fact(Status.SUCCEEDED, ProviderMapping.REFUNDS)),
            Map.entry("REFUNDED_REVERSED", Rule.fact(Status.SUCCEEDED, ProviderMapping.REFUNDS)),
            Map.entry("REQUEST_FOR_INFORMATION", DISPUTE_OPEN),
            Map.entry("NOTIFICATION_OF_CHARGEBACK", DISPUTE_OPEN),
            Map.entry("CHARGEBACK", DISPUTE_OPEN),
            Map.entry("SECOND_CHARGEBACK", DISPUTE_OPEN),
            Map.entry("PREARBITRATION_LOST", DISPUTE_OPEN),
            Map.entry("SCHEME_ARBITRATION_LOST", DISPUTE_OPEN),
            Map.entry("DISPUTE_DEFENSE_PERIOD_ENDED", DISPUTE_OPEN),
            Map.entry("CHARGEBACK_REVERSED", DISPUTE_WON),
            Map.entry("PREARBITRATION_WON", DISPUTE_WON),
            Map.entry("SCHEME_ARBITRATION_WON", DISPUTE_WON),
            Map.entry("ISSUER_RESPONSE_TIMEFRAME_EXPIRED", DISPUTE_WON));

    /** The status an event code reports (null: ignored) and what it takes back. */
    public record Effect(Status status, Set<Status> reverses) {
        static final Effect NONE = new Effect(null, Set.of());
    }

    /**
     * What an item reports.
     *
     * @param action        {@code additionalData.modification.action}, or null
     * @param disputeStatus {@code additionalData.disputeStatus}, or null
     */
    public static Effect effect(String code, boolean success, String action, String disputeStatus) {
        Rule r = RULES.get(code);
        if (r == null) return Effect.NONE;
        if (r.dispute() && disputeStatus != null) {
            String d = disputeStatus.toLowerCase(Locale.ROOT);
            if (d.equals("won")) return new Effect(DISPUTE_WON.onSuccess(), DISPUTE_WON.reverses());
            if (d.equals("lost")) return new Effect(Status.DISPUTED, Set.of());
        }
        if (r.successMeaningful() && !success) return r.onFailure() == null ? Effect.NONE : new Effect(r.onFailure(), Set.of());
        Status s = r.onSuccess();
        if (action != null) s = r.byAction().getOrDefault(action.toLowerCase(Locale.ROOT), s);
        return new Effect(s, r.reverses());
    }

    /** The status an event code reports, or null for what is acknowledged but ignored. */
    public static Status status(String code, boolean success, String action) {
        return effect(code, success, action, null).status();
    }
}

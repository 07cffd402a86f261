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

    /**
     * Which reference of an item names the payment. Adyen gives every item a pspReference of its own; only an
     * AUTHORISATION's (and an offer's, an expiry's) is the payment's. A modification (capture, cancel, refund...)
     * and every stage of a dispute carry their own — for a dispute "the PSP reference of the dispute. All events
     * related to a dispute have the same PSP reference" — and name the payment in {@code originalReference}
     * (Adyen, "Dispute webhooks"; the Webhooks-v1 field description "For modifications, this field corresponds to
     * the payment request assigned to the original payment").
     */
    public enum PaymentReference {
        /** The item's pspReference is the payment (an originalReference, when given, is taken instead, except for AUTHORISATION). */
        PSP_REFERENCE,
        /**
         * Only {@code originalReference} names the payment: an item without one names no payment, and is kept as
         * ignored ({@code missing_field}) instead of reporting a status for its own pspReference as if that were one.
         */
        ORIGINAL_REFERENCE
    }

    /** What one event code reports. */
    public record Rule(Status onSuccess, Status onFailure, Set<Status> reverses, Map<String, Status> byAction,
                       boolean successMeaningful, boolean dispute, PaymentReference payment) {
        /** The success flag says whether the operation on a payment happened (CAPTURE, REFUND, CANCELLATION...). */
        static Rule outcome(Status onSuccess, Status onFailure) {
            return new Rule(onSuccess, onFailure, Set.of(), Map.of(), true, false, PaymentReference.ORIGINAL_REFERENCE);
        }

        /** The success flag says whether it happened, and the item's own pspReference is the payment (AUTHORISATION, OFFER_CLOSED). */
        static Rule payment(Status onSuccess, Status onFailure) {
            return new Rule(onSuccess, onFailure, Set.of(), Map.of(), true, false, PaymentReference.PSP_REFERENCE);
        }

        /** The code itself is the news; {@code success} is always "true" or means nothing (CAPTURE_FAILED, REFUND_FAILED...). */
        static Rule fact(Status status, Set<Status> reverses) {
            return new Rule(status, status, reverses, Map.of(), false, false, PaymentReference.ORIGINAL_REFERENCE);
        }

        /** A stage of a dispute; {@code additionalData.disputeStatus} Won or Lost, when present, decides over the code. */
        static Rule dispute(Status status, Set<Status> reverses) {
            return new Rule(status, status, reverses, Map.of(), false, true, PaymentReference.ORIGINAL_REFERENCE);
        }

        /** This rule with the item's own pspReference as the payment. */
        Rule ownReference() {
            return new Rule(onSuccess, onFailure, reverses, byAction, successMeaningful, dispute, PaymentReference.PSP_REFERENCE);
        }
    }

    private static final Rule DISPUTE_OPEN = Rule.dispute(Status.DISPUTED, Set.of());
    private static final Rule DISPUTE_WON = Rule.dispute(Status.SUCCEEDED, ProviderMapping.DISPUTES);

    public static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("AUTHORISATION", Rule.payment(Status.AUTHORIZED, Status.FAILED)),
            Map.entry("AUTHORISATION_ADJUSTMENT", Rule.outcome(Status.AUTHORIZED, null)),
            Map.entry("CAPTURE", Rule.outcome(Status.SUCCEEDED, null)),
            // the scheme rejected a capture reported as successful: the payment failed (a recapture may follow)
            Map.entry("CAPTURE_FAILED", Rule.fact(Status.FAILED, ProviderMapping.CAPTURE)),
            Map.entry("CANCELLATION", Rule.outcome(Status.CANCELED, null)),
            Map.entry("TECHNICAL_CANCEL", Rule.outcome(Status.CANCELED, null)),
            Map.entry("CANCEL_OR_REFUND", new Rule(Status.CANCELED, null, Set.of(), Map.of("refund", Status.REFUNDED, "cancel", Status.CANCELED),
                    true, false, PaymentReference.ORIGINAL_REFERENCE)),
            // the uncaptured amount of an authorisation expired: CANCELED, which a capture outranks
            // (Adyen's example names no originalReference: its pspReference is the payment's)
            Map.entry("EXPIRE", Rule.fact(Status.CANCELED, Set.of()).ownReference()),
            Map.entry("OFFER_CLOSED", Rule.payment(Status.CANCELED, null)),
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

    /** Whether an item of this code names its payment only in {@code originalReference} ({@link PaymentReference}). */
    public static boolean paymentInOriginalReference(String code) {
        Rule r = RULES.get(code);
        return r != null && r.payment() == PaymentReference.ORIGINAL_REFERENCE;
    }

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

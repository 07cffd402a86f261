package io.payhook.core.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One provider event, verified and normalised to the canonical model, as parsed — before it passes
 * the protection gate (personal data not yet sealed). Lives only in memory on the ingest path.
 *
 * @param provider       provider name ({@code stripe}, {@code adyen}, {@code standard_webhooks}, {@code generic}, ...)
 * @param eventId        the provider's event id (dedupe key)
 * @param transactionId  the provider's payment reference exactly as written
 * @param type           the provider's event type, e.g. {@code payment_intent.succeeded}
 * @param status         canonical status the event reports, or null when the event is acknowledged but ignored
 * @param amount         amount, may be null when the event carries none: the payment's amount, or for a
 *                       capture the amount captured (see {@link Transaction#fold})
 * @param customerId     provider's customer reference, may be null
 * @param customerEmail  clear-text email, may be null; sealed before it is stored
 * @param paymentMethod  payment method (brand and last 4 at most once it passed the gate), may be null
 * @param occurredAt     when the provider says it happened
 * @param reverses       statuses this event takes back — a failed capture takes back SUCCEEDED, a failed or
 *                       reversed refund REFUNDED and PARTIALLY_REFUNDED, a dispute won DISPUTED: reports of them
 *                       that occurred at or before this event no longer count ({@link Transaction#fold}); empty for most
 * @param ignoredReason  for an ignored event, why (a stable code: {@code unmapped_event_type}, or the error code
 *                       that stopped the mapping, e.g. {@code missing_field}); null for an event with a status
 * @param merchant       the merchant account the payload names (Adyen {@code merchantAccountCode}, Stripe's Connect
 *                       {@code account}, Square {@code merchant_id}...), as written, or null when it names none. Not yet
 *                       checked: the {@link io.payhook.core.protection.ProtectionGate} keeps it only if it is an account
 *                       id, and puts the provider's configured label (else {@code default}) where none is left
 */
public record PaymentEvent(
        String provider,
        String eventId,
        String transactionId,
        String type,
        Status status,
        Money amount,
        String customerId,
        String customerEmail,
        String paymentMethod,
        Instant occurredAt,
        Set<Status> reverses,
        String ignoredReason,
        String merchant) {

    /** Why an event of a type payhook does not map is ignored. */
    public static final String UNMAPPED_EVENT_TYPE = "unmapped_event_type";

    /**
     * Why a mapped event that changes nothing is ignored: it reports a step the status model does not
     * record (a refund still pending, a second capture notice, an adjustment awaiting approval).
     */
    public static final String NO_STATE_CHANGE = "no_state_change";

    public PaymentEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!Ids.isValid(eventId)) throw new IllegalArgumentException("invalid event id");
        if (!Ids.isValid(transactionId)) throw new IllegalArgumentException("invalid transaction id");
        reverses = reverses == null || reverses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reverses));
        if (status != null) ignoredReason = null;
        else if (ignoredReason == null) ignoredReason = reverses.isEmpty() ? UNMAPPED_EVENT_TYPE : null;
    }

    /** An event with a status (or an ignored one when {@code status} is null), reversing nothing. */
    public PaymentEvent(String provider, String eventId, String transactionId, String type, Status status, Money amount,
                        String customerId, String customerEmail, String paymentMethod, Instant occurredAt) {
        this(provider, eventId, transactionId, type, status, amount, customerId, customerEmail, paymentMethod, occurredAt,
                Set.of(), null, null);
    }

    /** An event we acknowledge but do not map to a status. */
    public boolean ignored() { return status == null && reverses.isEmpty(); }

    /** A copy with other personal and descriptive fields (the protection gate's output). */
    public PaymentEvent with(String type, Money amount, String customerId, String customerEmail, String paymentMethod,
                             String merchant) {
        return new PaymentEvent(provider, eventId, transactionId, type, status, amount, customerId, customerEmail, paymentMethod,
                occurredAt, reverses, ignoredReason, merchant);
    }

    /** Starts an event: identity, type and time; the rest is optional. */
    public static Builder builder(String provider, String eventId, String transactionId, String type, Instant occurredAt) {
        return new Builder(provider, eventId, transactionId, type, occurredAt);
    }

    /** Builds a {@link PaymentEvent}; a provider's parser reads more clearly with names than with eleven positions. */
    public static final class Builder {
        private final String provider;
        private final String eventId;
        private final String transactionId;
        private final String type;
        private final Instant occurredAt;
        private Status status;
        private Money amount;
        private String customerId;
        private String customerEmail;
        private String paymentMethod;
        private Set<Status> reverses = Set.of();
        private String ignoredReason;
        private String merchant;

        private Builder(String provider, String eventId, String transactionId, String type, Instant occurredAt) {
            this.provider = provider;
            this.eventId = eventId;
            this.transactionId = transactionId;
            this.type = type;
            this.occurredAt = occurredAt;
        }

        public Builder status(Status s) { this.status = s; return this; }

        public Builder amount(Money m) { this.amount = m; return this; }

        public Builder customerId(String id) { this.customerId = id; return this; }

        public Builder customerEmail(String email) { this.customerEmail = email; return this; }

        public Builder paymentMethod(String method) { this.paymentMethod = method; return this; }

        /** The merchant account the payload names, as written (see {@link PaymentEvent#merchant}); kept when ignored. */
        public Builder merchant(String m) { this.merchant = m; return this; }

        /** The statuses this event takes back (see {@link PaymentEvent#reverses}). */
        public Builder reverses(Set<Status> statuses) { this.reverses = statuses; return this; }

        /** Marks the event ignored, with why; clears any status. */
        public Builder ignored(String reason) {
            this.status = null;
            this.reverses = Set.of();
            this.ignoredReason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        public PaymentEvent build() {
            return new PaymentEvent(provider, eventId, transactionId, type, status, amount, customerId, customerEmail,
                    paymentMethod, occurredAt, reverses, ignoredReason, merchant);
        }
    }

    @Override
    public String toString() {
        return "PaymentEvent[provider=" + provider + ", eventId=" + eventId + ", transactionId=" + transactionId
                + ", type=" + type + ", status=" + status + (reverses.isEmpty() ? "" : ", reverses=" + reverses)
                + (ignoredReason == null ? "" : ", ignored=" + ignoredReason) + "]";
    }
}

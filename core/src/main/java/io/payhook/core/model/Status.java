package io.payhook.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Payment status as data: each status has a rank in the forward order of a payment's life.
 * The current status of a transaction is the highest-ranked status among its events, so an
 * event that would move it backwards (a late {@code PENDING} after {@code SUCCEEDED}) stays in
 * the history without changing the status, and the result does not depend on the order in
 * which events arrive (max is commutative and associative).
 *
 * <p>Order: PENDING &lt; FAILED &lt; AUTHORIZED &lt; CANCELED &lt; SUCCEEDED &lt;
 * PARTIALLY_REFUNDED &lt; REFUNDED &lt; DISPUTED. FAILED ranks below AUTHORIZED and SUCCEEDED
 * because a payment that failed once may be retried and then succeed (Stripe's
 * payment_intent.payment_failed followed by succeeded); a failure never undoes a success.
 */
public enum Status {
    PENDING(0, false),
    FAILED(1, true),
    AUTHORIZED(2, false),
    CANCELED(3, true),
    SUCCEEDED(4, true),
    PARTIALLY_REFUNDED(5, true),
    REFUNDED(6, true),
    DISPUTED(7, false);

    private final int rank;
    private final boolean notifiesCustomer;

    Status(int rank, boolean notifiesCustomer) {
        this.rank = rank;
        this.notifiesCustomer = notifiesCustomer;
    }

    public int rank() { return rank; }

    /** Whether reaching this status sends the customer a confirmation email. */
    public boolean notifiesCustomer() { return notifiesCustomer; }

    /** The status that results from learning {@code next} after {@code this}: never backwards. */
    public Status advance(Status next) {
        return next.rank > this.rank ? next : this;
    }

    /** Parses a canonical status name (case-insensitive, {@code canceled}/{@code cancelled} both accepted). */
    public static Optional<Status> parse(String s) {
        if (s == null) return Optional.empty();
        String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (n.equals("CANCELLED")) n = "CANCELED";
        if (n.equals("AUTHORISED")) n = "AUTHORIZED";
        try {
            return Optional.of(Status.valueOf(n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

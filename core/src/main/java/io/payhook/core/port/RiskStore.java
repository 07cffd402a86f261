package io.payhook.core.port;

import io.payhook.core.model.Risk;

import java.time.Instant;
import java.util.Set;

/**
 * What the risk screen keeps ({@link io.payhook.core.usecase.ScreenRisk}): velocity facts per customer, which expire by
 * themselves, and each transaction's last finding, which {@link TransactionStore#load} returns with the transaction.
 * Every write is idempotent or conditional, so a stream record handled twice changes nothing the second time.
 * Implementations throw {@link io.payhook.core.error.StoreUnavailableException} when the backend cannot be reached.
 */
public interface RiskStore {

    /**
     * Records one failed payment event of a customer: one marker per customer and event, so the same event recorded
     * again (a redelivered record, a replay, another screen of its transaction) leaves the one marker it has.
     *
     * @param customerKey   the customer as {@link io.payhook.core.usecase.ScreenRisk#customerKey} keys it (never an email)
     * @param transactionId the payment that failed
     * @param eventKey      the failed event ({@code <provider>#<event id>})
     * @param at            when it failed (the event's occurrence time)
     * @param expiresAt     after this the marker may be deleted (it no longer counts in any window)
     */
    void recordFailure(String customerKey, String transactionId, String eventKey, Instant at, Instant expiresAt);

    /** The distinct payments of the customer with a failure marker at a time within {@code [from, to]}. */
    Set<String> failedPayments(String customerKey, Instant from, Instant to);

    /**
     * Claims the customer's first payment for {@code transactionId} unless a payment already holds it (atomic: of any
     * number of concurrent claims one wins), and answers which payment holds it.
     *
     * @param expiresAt after this payhook may forget it (the customer is then new again)
     */
    String claimFirstPayment(String customerKey, String transactionId, Instant expiresAt);

    /**
     * Writes the transaction's finding if the stored one is still the one of version {@code expectedVersion} (0: none
     * stored). Atomic: of two screens that read the same version, one writes.
     *
     * @return false when another screen changed it since (nothing written)
     */
    boolean putRisk(String transactionId, Risk risk, long expectedVersion);
}

package io.payhook.core.port;

import io.payhook.core.model.TransactionSummary;

/**
 * Where the transaction summaries live (the search projection). Throws
 * {@link io.payhook.core.error.StoreUnavailableException} when the backend cannot be reached.
 */
public interface SummaryStore {
    /**
     * Stores the summary unless one of its transaction that is as new is stored — with more events
     * ({@link TransactionSummary#eventCount}), or as many and a risk finding at least as new
     * ({@link TransactionSummary#riskVersion}; {@link TransactionSummary#newerThan}) — atomic: an older fold never
     * overwrites a newer one, a redelivered record changes nothing.
     *
     * @return true if it was written
     */
    boolean put(TransactionSummary summary);
}

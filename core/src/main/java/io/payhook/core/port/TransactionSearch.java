package io.payhook.core.port;

import io.payhook.core.model.TransactionSummary;
import io.payhook.core.search.SearchPlan;

import java.util.List;

/**
 * Reads one partition of one summary index, newest first — the one read search is made of
 * ({@link io.payhook.core.usecase.SearchTransactions} merges the partitions, walks the days and seals the cursor,
 * written once for every store). Adapters use their index's key condition for the partition and the key bounds,
 * filter the rest, and go on reading past a pre-filter limit until they have {@code read.limit()} matches or the
 * partition is exhausted; never a scan. Throws {@link io.payhook.core.error.StoreUnavailableException} when the
 * backend cannot be reached.
 */
public interface TransactionSearch {
    /**
     * One partition's read.
     *
     * @param index     the index to query
     * @param partition its partition key's value
     * @param lowest    inclusive lower bound of the sort key, or null
     * @param highest   inclusive upper bound of the sort key, or null
     * @param below     exclusive upper bound of the sort key (where the previous page ended), or null
     * @param filter    what else must hold ({@link SearchPlan#filter()})
     * @param limit     at most this many summaries
     */
    record Read(SearchPlan.Index index, String partition, String lowest, String highest, String below,
                SearchPlan.Filter filter, int limit) {}

    /**
     * Up to {@code read.limit()} summaries of the partition within the bounds that satisfy the filter, by sort key
     * descending. Fewer only when no more match.
     */
    List<TransactionSummary> read(Read read);
}

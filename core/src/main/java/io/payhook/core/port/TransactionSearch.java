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

    /**
     * The id of every transaction updated at or after {@code since} (up to {@code until}), newest first day by day:
     * the {@code by_updated_day} partitions of those days, never a scan. As up to date as the projection.
     */
    default void forEachUpdatedSince(java.time.Instant since, java.time.Instant until, java.util.function.Consumer<String> sink) {
        String lowest = TransactionSummary.keyTime(since);
        SearchPlan.Filter any = new SearchPlan.Filter(null, null, null, null, null, null);
        java.time.LocalDate first = java.time.LocalDate.parse(TransactionSummary.day(since));
        for (java.time.LocalDate d = java.time.LocalDate.parse(TransactionSummary.day(until)); !d.isBefore(first); d = d.minusDays(1)) {
            String below = null;
            while (true) {
                List<TransactionSummary> got = read(new Read(SearchPlan.Index.BY_UPDATED_DAY, d.toString(), lowest, null, below, any, 500));
                got.forEach(x -> sink.accept(x.transactionId()));
                if (got.size() < 500) break;
                below = got.get(got.size() - 1).updatedKey();
            }
        }
    }
}

package io.payhook.core.port;

import io.payhook.core.model.TransactionSummary;
import io.payhook.core.search.SearchPlan;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The summary table of the unit tests: {@link SummaryStore} and {@link TransactionSearch} over a map ({@code SummaryStoreContract}). */
public final class InMemorySummaries implements SummaryStore, TransactionSearch {
    private final Map<String, TransactionSummary> byId = new ConcurrentHashMap<>();

    @Override
    public boolean put(TransactionSummary s) {
        boolean[] written = {false};
        byId.compute(s.transactionId(), (id, old) -> {
            if (!s.newerThan(old)) return old;
            written[0] = true;
            return s;
        });
        return written[0];
    }

    public TransactionSummary get(String transactionId) { return byId.get(transactionId); }

    @Override
    public List<TransactionSummary> read(Read r) {
        SearchPlan.Index ix = r.index();
        return byId.values().stream()
                .filter(s -> r.partition().equals(partition(ix, s)))
                .filter(s -> r.lowest() == null || ix.sortKey(s).compareTo(r.lowest()) >= 0)
                .filter(s -> r.highest() == null || ix.sortKey(s).compareTo(r.highest()) <= 0)
                .filter(s -> r.below() == null || ix.sortKey(s).compareTo(r.below()) < 0)
                .filter(r.filter()::matches)
                .sorted(Comparator.comparing(ix::sortKey).reversed())
                .limit(r.limit()).toList();
    }

    private static String partition(SearchPlan.Index ix, TransactionSummary s) {
        return switch (ix) {
            case BY_CUSTOMER -> s.customerId();
            case BY_MERCHANT -> s.merchant();
            case BY_STATUS -> s.status();
            case BY_PROVIDER -> s.provider();
            case BY_UPDATED_DAY -> s.updatedDay();
        };
    }
}

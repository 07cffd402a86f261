package io.payhook.core.search;

import io.payhook.core.model.TransactionSummary;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which index serves a search and what is left to filter — the one place the choice is made
 * (docs/API.md "GET /transactions (search)" lists it per plan):
 * <ol>
 *   <li>{@code customer_id} → {@code by_customer}, the customer's partition (small: one customer's payments);</li>
 *   <li>else {@code updated_from} → {@code by_updated_day}, the days from {@code min(updated_to, as_of)} down to
 *       {@code updated_from}, newest updated first, the updated bounds a key condition;</li>
 *   <li>else {@code merchant} → {@code by_merchant};</li>
 *   <li>else {@code status} → {@code by_status}, one partition per status, merged newest first;</li>
 *   <li>else {@code provider} → {@code by_provider};</li>
 *   <li>else every configured provider's {@code by_provider} partition, merged newest first.</li>
 * </ol>
 * A {@code risk} filter is never a key condition: it is filtered after the key condition of whichever index the
 * other filters choose (docs/DECISIONS.md: no index by risk level — most payments are {@code low}, and a search for
 * {@code high} among a bounded set of partitions reads what it filters).
 * The created-ordered indexes (all but {@code by_updated_day}) sort by the immutable {@code created_key}: a
 * transaction never moves in them, so paging while events arrive returns each match once. Without
 * {@code updated_from}, {@code updated_to} bounds {@code created_key} too (a payment is created before it is updated).
 *
 * @param index      the index read
 * @param partitions its partitions read (merged newest first, or for {@code by_updated_day} walked newest day first)
 * @param lowest     inclusive lower sort-key bound, or null
 * @param highest    inclusive upper sort-key bound, or null
 * @param filter     the filters the key condition does not already guarantee
 */
public record SearchPlan(Index index, List<String> partitions, String lowest, String highest, Filter filter) {

    /** The summary table's indexes (their names in the table). */
    public enum Index {
        BY_CUSTOMER("by_customer", "customer_id"),
        BY_MERCHANT("by_merchant", "merchant"),
        BY_STATUS("by_status", "status"),
        BY_PROVIDER("by_provider", "provider"),
        BY_UPDATED_DAY("by_updated_day", "updated_day");

        private final String indexName;
        private final String partitionAttribute;

        Index(String indexName, String partitionAttribute) {
            this.indexName = indexName;
            this.partitionAttribute = partitionAttribute;
        }

        public String indexName() { return indexName; }

        /** The attribute that is the index's partition key. */
        public String partitionAttribute() { return partitionAttribute; }

        /** The attribute that is its sort key. */
        public String sortAttribute() { return this == BY_UPDATED_DAY ? "updated_key" : "created_key"; }

        /** A summary's sort key in this index. */
        public String sortKey(TransactionSummary s) { return this == BY_UPDATED_DAY ? s.updatedKey() : s.createdKey(); }
    }

    /**
     * What must hold after the key condition; null fields hold for every summary.
     *
     * @param statuses empty: any
     * @param risks    risk levels ({@code low}, {@code elevated}, {@code high}); empty: any
     */
    public record Filter(String merchant, Set<String> statuses, String provider, String customerId,
                         Instant updatedFrom, Instant updatedTo, Set<String> risks) {
        public Filter {
            statuses = statuses == null ? Set.of() : Set.copyOf(new TreeSet<>(statuses));
            risks = risks == null ? Set.of() : Set.copyOf(new TreeSet<>(risks));
        }

        /** A filter without a risk level. */
        public Filter(String merchant, Set<String> statuses, String provider, String customerId, Instant updatedFrom, Instant updatedTo) {
            this(merchant, statuses, provider, customerId, updatedFrom, updatedTo, Set.of());
        }

        /** The same filter with the query's risk levels. */
        Filter withRisks(Set<String> r) {
            return new Filter(merchant, statuses, provider, customerId, updatedFrom, updatedTo, r);
        }

        public boolean matches(TransactionSummary s) {
            return (merchant == null || merchant.equals(s.merchant()))
                    && (statuses.isEmpty() || statuses.contains(s.status()))
                    && (provider == null || provider.equals(s.provider()))
                    && (customerId == null || customerId.equals(s.customerId()))
                    && (updatedFrom == null || !s.updatedAt().isBefore(updatedFrom))
                    && (updatedTo == null || !s.updatedAt().isAfter(updatedTo))
                    && (risks.isEmpty() || (s.risk() != null && risks.contains(s.risk())));
        }

        /** The filter's parameter names, for the documentation and tests. */
        public List<String> names() {
            List<String> n = new java.util.ArrayList<>();
            if (merchant != null) n.add("merchant");
            if (!statuses.isEmpty()) n.add("status");
            if (provider != null) n.add("provider");
            if (customerId != null) n.add("customer_id");
            if (!risks.isEmpty()) n.add("risk");
            if (updatedFrom != null) n.add("updated_from");
            if (updatedTo != null) n.add("updated_to");
            return n;
        }
    }

    /** An upper bound that every key starting with {@code time} is below or at ('$' sorts after the '#' that follows the time). */
    static String atMost(Instant time) { return TransactionSummary.keyTime(time) + "$"; }

    /** A lower bound that every key starting with {@code time} or later is at or above. */
    static String atLeast(Instant time) { return TransactionSummary.keyTime(time); }

    /**
     * The plan of a query.
     *
     * @param asOf      when paging began (the first page's time, pinned in the cursor): the upper bound of an
     *                  {@code updated_from} window, so a payment updated while paging is not returned twice
     * @param providers every configured provider (built-in and custom): the partitions of an unfiltered search
     */
    public static SearchPlan of(SearchQuery q, Instant asOf, Set<String> providers) {
        SearchPlan p = keyed(q, asOf, providers);
        return q.risks().isEmpty() ? p : new SearchPlan(p.index(), p.partitions(), p.lowest(), p.highest(), p.filter().withRisks(q.risks()));
    }

    private static SearchPlan keyed(SearchQuery q, Instant asOf, Set<String> providers) {
        if (q.customerId() != null) {
            return created(Index.BY_CUSTOMER, List.of(q.customerId()), q,
                    new Filter(q.merchant(), q.statuses(), q.provider(), null, q.updatedFrom(), q.updatedTo()));
        }
        if (q.updatedFrom() != null) {
            Instant to = q.updatedTo() == null || q.updatedTo().isAfter(asOf) ? asOf : q.updatedTo();
            List<String> days = new java.util.ArrayList<>();
            // newest first; a window that ends before it starts (updated_from after as_of) has no day
            for (java.time.LocalDate d = java.time.LocalDate.parse(TransactionSummary.day(to)),
                 first = java.time.LocalDate.parse(TransactionSummary.day(q.updatedFrom())); !d.isBefore(first); d = d.minusDays(1)) {
                days.add(d.toString());
            }
            return new SearchPlan(Index.BY_UPDATED_DAY, days, atLeast(q.updatedFrom()), atMost(to),
                    new Filter(q.merchant(), q.statuses(), q.provider(), null, null, null));
        }
        if (q.merchant() != null) {
            return created(Index.BY_MERCHANT, List.of(q.merchant()), q,
                    new Filter(null, q.statuses(), q.provider(), null, null, q.updatedTo()));
        }
        if (!q.statuses().isEmpty()) {
            return created(Index.BY_STATUS, List.copyOf(q.statuses()), q,
                    new Filter(null, Set.of(), q.provider(), null, null, q.updatedTo()));
        }
        if (q.provider() != null) {
            return created(Index.BY_PROVIDER, List.of(q.provider()), q, new Filter(null, Set.of(), null, null, null, q.updatedTo()));
        }
        return created(Index.BY_PROVIDER, List.copyOf(new TreeSet<>(providers)), q, new Filter(null, Set.of(), null, null, null, q.updatedTo()));
    }

    private static SearchPlan created(Index index, List<String> partitions, SearchQuery q, Filter filter) {
        return new SearchPlan(index, partitions, null, q.updatedTo() == null ? null : atMost(q.updatedTo()), filter);
    }

    /** Whether the partitions are walked one after another (days) rather than merged. */
    public boolean walksDays() { return index == Index.BY_UPDATED_DAY; }
}

package io.payhook.core.port;

import io.payhook.core.model.Money;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.search.SearchPlan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every summary store and search index must do, as one set of cases: run against the in-memory fake
 * ({@code InMemorySummariesTest}) and against the DynamoDB adapter on DynamoDB Local
 * ({@code DynamoDbSummaryStoreIT} in {@code aws}). Each case uses partition values of its own, so the store may be
 * shared between cases.
 */
public abstract class SummaryStoreContract {
    protected static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    protected abstract SummaryStore store();

    protected abstract TransactionSearch search();

    protected static String id(String prefix) { return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12); }

    protected static TransactionSummary summary(String txn, String merchant, String status, String provider, String customer,
                                                Instant created, Instant updated, long events) {
        return new TransactionSummary(txn, provider, merchant, status, new Money(1250, "EUR"), customer, created, updated, events);
    }

    private static final SearchPlan.Filter ANY = new SearchPlan.Filter(null, Set.of(), null, null, null, null);

    private List<String> ids(SearchPlan.Index ix, String partition, String lowest, String highest, String below,
                             SearchPlan.Filter f, int limit) {
        return search().read(new TransactionSearch.Read(ix, partition, lowest, highest, below, f, limit)).stream()
                .map(TransactionSummary::transactionId).toList();
    }

    private static TransactionSummary risked(String txn, String merchant, long events, String risk, long riskVersion) {
        return new TransactionSummary(txn, "stripe", merchant, "SUCCEEDED", new Money(1250, "EUR"), null, T, T, events, risk, riskVersion);
    }

    @Test
    void aNewerRiskFindingReplacesASummaryWithAsManyEventsAndTheRiskFilterHoldsAfterTheKey() {
        String m = id("m");
        String a = id("txn");
        String b = id("txn");
        assertThat(store().put(risked(a, m, 2, null, 0))).isTrue();
        assertThat(store().put(risked(a, m, 2, "high", 1))).as("screened: same events, a finding").isTrue();
        assertThat(store().put(risked(a, m, 2, "elevated", 2))).as("a newer finding").isTrue();
        assertThat(store().put(risked(a, m, 2, "high", 1))).as("an older finding, late").isFalse();
        assertThat(store().put(risked(a, m, 2, "elevated", 2))).as("redelivered").isFalse();
        assertThat(store().put(risked(a, m, 1, "high", 9))).as("fewer events, whatever the finding").isFalse();
        assertThat(store().put(risked(b, m, 1, "high", 1))).isTrue();
        SearchPlan.Filter high = new SearchPlan.Filter(null, Set.of(), null, null, null, null, Set.of("high"));
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null, high, 10)).containsExactly(b);
        SearchPlan.Filter raised = new SearchPlan.Filter(null, Set.of(), null, null, null, null, Set.of("high", "elevated"));
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null, raised, 10)).containsExactlyInAnyOrder(a, b);
        List<TransactionSummary> got = search().read(new TransactionSearch.Read(SearchPlan.Index.BY_MERCHANT, m, null, null, null, high, 10));
        assertThat(got).singleElement().satisfies(s -> {
            assertThat(s.risk()).isEqualTo("high");
            assertThat(s.riskVersion()).isEqualTo(1);
        });
    }

    @Test
    void aSummaryIsReplacedOnlyByOneWithMoreEvents() {
        String m = id("m");
        String txn = id("txn");
        assertThat(store().put(summary(txn, m, "PENDING", "stripe", null, T, T, 1))).isTrue();
        assertThat(store().put(summary(txn, m, "SUCCEEDED", "stripe", null, T, T.plusSeconds(5), 2))).isTrue();
        assertThat(store().put(summary(txn, m, "PENDING", "stripe", null, T, T, 1))).as("older fold, late").isFalse();
        assertThat(store().put(summary(txn, m, "SUCCEEDED", "stripe", null, T, T.plusSeconds(5), 2))).as("redelivered").isFalse();
        List<TransactionSummary> got = search().read(new TransactionSearch.Read(SearchPlan.Index.BY_MERCHANT, m, null, null, null, ANY, 10));
        assertThat(got).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("SUCCEEDED");
            assertThat(s.eventCount()).isEqualTo(2);
            assertThat(s.updatedAt()).isEqualTo(T.plusSeconds(5));
            assertThat(s.amount()).isEqualTo(new Money(1250, "EUR"));
        });
    }

    @Test
    void everyIndexReadsItsPartitionNewestFirstWithinTheBounds() {
        String m = id("m");
        String c = id("cus");
        String a = id("txn_a"), b = id("txn_b"), d = id("txn_d");
        store().put(summary(a, m, "SUCCEEDED", "stripe", c, T, T.plusSeconds(100), 1));
        store().put(summary(b, m, "FAILED", "adyen", c, T.plusSeconds(10), T.plusSeconds(10), 1));
        store().put(summary(d, m, "SUCCEEDED", "stripe", null, T.plusSeconds(20), T.plusSeconds(30), 1));
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null, ANY, 10)).containsExactly(d, b, a);
        assertThat(ids(SearchPlan.Index.BY_CUSTOMER, c, null, null, null, ANY, 10)).as("sparse: d has no customer").containsExactly(b, a);
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null, ANY, 2)).containsExactly(d, b);
        String bKey = summary(b, m, "FAILED", "adyen", c, T.plusSeconds(10), T.plusSeconds(10), 1).createdKey();
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, bKey, ANY, 10)).as("below").containsExactly(a);
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, bKey, null, ANY, 10)).as("highest inclusive").containsExactly(b, a);
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, bKey, null, null, ANY, 10)).as("lowest inclusive").containsExactly(d, b);
        String day = TransactionSummary.day(T);
        List<String> onDay = ids(SearchPlan.Index.BY_UPDATED_DAY, day, null, null, null,
                new SearchPlan.Filter(m, Set.of(), null, null, null, null), 10);
        assertThat(onDay).as("newest updated first").containsExactly(a, d, b);
    }

    @Test
    void theFilterHoldsAfterTheKeyConditionAndTheLimitCountsMatches() {
        String m = id("m");
        String c = id("cus");
        for (int i = 0; i < 30; i++) {
            store().put(summary(m + "_t" + (100 + i), m, i % 10 == 0 ? "REFUNDED" : "SUCCEEDED", i % 2 == 0 ? "stripe" : "square",
                    i % 3 == 0 ? c : null, T.plusSeconds(i), T.plusSeconds(1000 + i), 1));
        }
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null,
                new SearchPlan.Filter(null, Set.of("REFUNDED"), null, null, null, null), 2))
                .containsExactly(m + "_t120", m + "_t110");
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null,
                new SearchPlan.Filter(null, Set.of("REFUNDED", "PENDING"), "stripe", c, null, null), 10))
                .as("status in, provider, customer: t0 alone (t10 and t20 are not the customer's)").containsExactly(m + "_t100");
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null,
                new SearchPlan.Filter(null, Set.of(), null, null, T.plusSeconds(1027), T.plusSeconds(1028)), 10))
                .containsExactly(m + "_t128", m + "_t127");
    }

    @Test
    void manyNonMatchingItemsBeforeTheMatchesStillFillThePage() {
        String m = id("m");
        for (int i = 0; i < 120; i++) {
            store().put(summary(m + "_t" + (1000 + i), m, i < 3 ? "DISPUTED" : "SUCCEEDED", "stripe", null, T.plusSeconds(i), T.plusSeconds(i), 1));
        }
        assertThat(ids(SearchPlan.Index.BY_MERCHANT, m, null, null, null,
                new SearchPlan.Filter(null, Set.of("DISPUTED"), null, null, null, null), 3))
                .containsExactly(m + "_t1002", m + "_t1001", m + "_t1000");
    }
}

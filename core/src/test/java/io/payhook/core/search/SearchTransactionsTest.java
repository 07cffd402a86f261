package io.payhook.core.search;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Money;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.paging.Cursors;
import io.payhook.core.port.InMemorySummaries;
import io.payhook.core.usecase.SearchTransactions;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Search over the in-memory index against an independent model: a list of summaries filtered and sorted by this
 * test's own code, for every combination of filters and page sizes, paged to the end.
 */
class SearchTransactionsTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Set<String> PROVIDERS = Set.of("stripe", "adyen", "square");
    static final Cursors CURSORS = new Cursors(message -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("search-test".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    final InMemorySummaries index = new InMemorySummaries();
    final SearchTransactions search = new SearchTransactions(index, CURSORS, PROVIDERS, Clock.fixed(NOW, ZoneOffset.UTC));
    final List<TransactionSummary> model = new ArrayList<>();

    void load(long seed, int n) {
        Random r = new Random(seed);
        String[] merchants = {"shop-eu", "shop-us", "default"};
        String[] statuses = {"PENDING", "SUCCEEDED", "FAILED", "REFUNDED", "NONE"};
        String[] providers = PROVIDERS.toArray(String[]::new);
        java.util.Arrays.sort(providers);
        for (int i = 0; i < n; i++) {
            Instant created = NOW.minusSeconds(r.nextInt(6 * 86_400));
            Instant updated = created.plusSeconds(r.nextInt(3) == 0 ? 0 : r.nextInt(2 * 86_400));
            if (updated.isAfter(NOW)) updated = NOW;
            TransactionSummary s = new TransactionSummary("txn_" + i, providers[r.nextInt(providers.length)], merchants[r.nextInt(3)],
                    statuses[r.nextInt(statuses.length)], new Money(100 + i, "EUR"), r.nextBoolean() ? "cus_" + r.nextInt(4) : null,
                    created, updated, 1 + r.nextInt(3));
            index.put(s);
            model.add(s);
        }
    }

    /** The model's answer: every summary the filters hold for, in the order the plan promises. */
    List<String> expected(Map<String, List<String>> p) {
        String merchant = first(p, "merchant"), provider = first(p, "provider"), customer = first(p, "customer_id");
        Instant from = first(p, "updated_from") == null ? null : Instant.parse(first(p, "updated_from"));
        Instant to = first(p, "updated_to") == null ? null : Instant.parse(first(p, "updated_to"));
        List<String> statuses = p.getOrDefault("status", List.of());
        boolean byUpdated = from != null && customer == null;
        return model.stream()
                .filter(s -> merchant == null || merchant.equals(s.merchant()))
                .filter(s -> provider == null || provider.equals(s.provider()))
                .filter(s -> customer == null || customer.equals(s.customerId()))
                .filter(s -> statuses.isEmpty() || statuses.contains(s.status()))
                .filter(s -> from == null || s.updatedAt().compareTo(from) >= 0)
                .filter(s -> to == null || s.updatedAt().compareTo(to) <= 0)
                .sorted(java.util.Comparator.comparing((TransactionSummary s) -> byUpdated ? s.updatedAt() : s.createdAt())
                        .thenComparing(TransactionSummary::transactionId).reversed())
                .map(TransactionSummary::transactionId).toList();
    }

    static String first(Map<String, List<String>> p, String k) { return p.containsKey(k) ? p.get(k).get(0) : null; }

    List<String> pageThrough(Map<String, List<String>> p, int limit) {
        List<String> got = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            Map<String, List<String>> q = new LinkedHashMap<>(p);
            q.put("limit", List.of(Integer.toString(limit)));
            if (cursor != null) q.put("cursor", List.of(cursor));
            SearchTransactions.Page page = search.handle(SearchQuery.parse(q));
            assertThat(page.transactions().size()).isLessThanOrEqualTo(limit);
            page.transactions().forEach(s -> got.add(s.transactionId()));
            cursor = page.nextCursor();
            if (cursor == null) return got;
            assertThat(page.transactions()).as("a full page unless a day walk stopped at its budget").hasSize(p.containsKey("updated_from") && !p.containsKey("customer_id") ? page.transactions().size() : limit);
        }
        throw new AssertionError("no last page");
    }

    @Test
    void everyFilterCombinationPagedToTheEndIsTheModelsAnswer() {
        load(17, 400);
        List<Map<String, List<String>>> options = new ArrayList<>();
        String[][] values = {
                {"merchant", "shop-eu"}, {"provider", "adyen"}, {"customer_id", "cus_1"},
                {"updated_from", NOW.minusSeconds(3 * 86_400).toString()}, {"updated_to", NOW.minusSeconds(86_400 + 7).toString()}};
        List<List<String>> statusSets = List.of(List.of(), List.of("SUCCEEDED"), List.of("REFUNDED", "NONE", "FAILED"));
        int combinations = 0;
        for (int mask = 0; mask < 1 << values.length; mask++) {
            for (List<String> st : statusSets) {
                Map<String, List<String>> p = new HashMap<>();
                for (int i = 0; i < values.length; i++) if ((mask & 1 << i) != 0) p.put(values[i][0], List.of(values[i][1]));
                if (!st.isEmpty()) p.put("status", st);
                for (int limit : new int[]{1, 7, 100}) {
                    List<String> want = expected(p);
                    assertThat(pageThrough(p, limit)).as("%s limit %d", p, limit).containsExactlyElementsOf(want);
                    combinations++;
                }
            }
        }
        assertThat(combinations).isEqualTo(32 * 3 * 3);
        assertThat(expected(Map.of())).hasSize(400);
    }

    @Test
    void aCursorIsBoundToItsFiltersAndCannotBeEdited() {
        load(3, 60);
        String cursor = search.handle(SearchQuery.parse(Map.of("merchant", List.of("shop-eu"), "limit", List.of("2")))).nextCursor();
        assertThat(cursor).isNotNull();
        assertThatThrownBy(() -> search.handle(SearchQuery.parse(Map.of("merchant", List.of("shop-us"), "cursor", List.of(cursor)))))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        String edited = (cursor.charAt(0) == 'A' ? "B" : "A") + cursor.substring(1);
        assertThatThrownBy(() -> search.handle(SearchQuery.parse(Map.of("merchant", List.of("shop-eu"), "cursor", List.of(edited)))))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        assertThat(search.handle(SearchQuery.parse(Map.of("merchant", List.of("shop-eu"), "limit", List.of("5"), "cursor", List.of(cursor))))
                .transactions()).as("a page size may change").isNotEmpty();
    }

    @Test
    void aWindowPagedWhileAPaymentIsUpdatedReturnsItAtMostOnce() {
        load(5, 200);
        Map<String, List<String>> p = Map.of("updated_from", List.of(NOW.minusSeconds(6 * 86_400).toString()), "limit", List.of("10"));
        SearchTransactions.Page first = search.handle(SearchQuery.parse(p));
        TransactionSummary moved = first.transactions().get(0);
        // updated after the first page: newer than as_of, so no longer in the window, and not returned again
        index.put(new TransactionSummary(moved.transactionId(), moved.provider(), moved.merchant(), "REFUNDED", moved.amount(),
                moved.customerId(), moved.createdAt(), NOW.plusSeconds(60), moved.eventCount() + 1));
        List<String> seen = new ArrayList<>(first.transactions().stream().map(TransactionSummary::transactionId).toList());
        String cursor = first.nextCursor();
        SearchTransactions later = new SearchTransactions(index, CURSORS, PROVIDERS, Clock.fixed(NOW.plusSeconds(120), ZoneOffset.UTC));
        while (cursor != null) {
            Map<String, List<String>> q = new HashMap<>(p);
            q.put("cursor", List.of(cursor));
            SearchTransactions.Page page = later.handle(SearchQuery.parse(q));
            page.transactions().forEach(s -> seen.add(s.transactionId()));
            cursor = page.nextCursor();
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(200);
    }

    @Test
    void badRequestsAreRefusedNamingTheParameter() {
        record Bad(Map<String, List<String>> p, ErrorCode code, String names) {}
        List<Bad> bad = List.of(
                new Bad(Map.of("colour", List.of("red")), ErrorCode.UNKNOWN_FILTER, "colour"),
                new Bad(Map.of("merchant", List.of("a b")), ErrorCode.INVALID_FIELD, "merchant"),
                new Bad(Map.of("merchant", List.of("a", "b")), ErrorCode.INVALID_FIELD, "merchant"),
                new Bad(Map.of("status", List.of("PAID")), ErrorCode.INVALID_FIELD, "status"),
                new Bad(Map.of("provider", List.of("Stripe!")), ErrorCode.INVALID_FIELD, "provider"),
                new Bad(Map.of("customer_id", List.of("4111 1111")), ErrorCode.INVALID_FIELD, "customer_id"),
                new Bad(Map.of("updated_from", List.of("yesterday")), ErrorCode.INVALID_FIELD, "updated_from"),
                new Bad(Map.of("updated_to", List.of("2026-13-01T00:00:00Z")), ErrorCode.INVALID_FIELD, "updated_to"),
                new Bad(Map.of("updated_from", List.of("2026-12-02T00:00:00Z"), "updated_to", List.of("2026-12-01T00:00:00Z")), ErrorCode.INVALID_FIELD, "updated_from"),
                new Bad(Map.of("limit", List.of("0")), ErrorCode.INVALID_FIELD, "limit"),
                new Bad(Map.of("limit", List.of("101")), ErrorCode.INVALID_FIELD, "limit"),
                new Bad(Map.of("limit", List.of("ten")), ErrorCode.INVALID_FIELD, "limit"),
                new Bad(Map.of("cursor", List.of("")), ErrorCode.INVALID_CURSOR, ""));
        for (Bad b : bad) {
            assertThatThrownBy(() -> search.handle(SearchQuery.parse(b.p()))).as(b.p().toString())
                    .isInstanceOfSatisfying(PayhookException.class, e -> {
                        assertThat(e.code()).isEqualTo(b.code());
                        assertThat(e.getMessage()).contains(b.names());
                    });
        }
        assertThatThrownBy(() -> search.handle(SearchQuery.parse(Map.of("cursor", List.of("abc.def")))))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
    }

    @Test
    void thePlanIsChosenInTheDocumentedOrder() {
        Map<String, List<String>> all = Map.of("customer_id", List.of("cus_1"), "merchant", List.of("m"), "status", List.of("FAILED"),
                "provider", List.of("stripe"), "updated_from", List.of("2026-12-01T00:00:00Z"));
        assertThat(SearchPlan.of(SearchQuery.parse(all), NOW, PROVIDERS).index()).isEqualTo(SearchPlan.Index.BY_CUSTOMER);
        Map<String, List<String>> p = new HashMap<>(all);
        p.remove("customer_id");
        SearchPlan days = SearchPlan.of(SearchQuery.parse(p), NOW, PROVIDERS);
        assertThat(days.index()).isEqualTo(SearchPlan.Index.BY_UPDATED_DAY);
        assertThat(days.partitions()).containsExactly("2026-12-02", "2026-12-01");
        assertThat(days.filter().names()).containsExactly("merchant", "status", "provider");
        p.remove("updated_from");
        assertThat(SearchPlan.of(SearchQuery.parse(p), NOW, PROVIDERS).index()).isEqualTo(SearchPlan.Index.BY_MERCHANT);
        p.remove("merchant");
        p.put("status", List.of("FAILED", "NONE"));
        SearchPlan statuses = SearchPlan.of(SearchQuery.parse(p), NOW, PROVIDERS);
        assertThat(statuses.index()).isEqualTo(SearchPlan.Index.BY_STATUS);
        assertThat(statuses.partitions()).containsExactly("FAILED", "NONE");
        p.remove("status");
        assertThat(SearchPlan.of(SearchQuery.parse(p), NOW, PROVIDERS).partitions()).containsExactly("stripe");
        SearchPlan none = SearchPlan.of(SearchQuery.parse(Map.of()), NOW, PROVIDERS);
        assertThat(none.index()).isEqualTo(SearchPlan.Index.BY_PROVIDER);
        assertThat(none.partitions()).containsExactly("adyen", "square", "stripe");
    }
}

package io.payhook.core.usecase;

import io.payhook.core.model.TransactionSummary;
import io.payhook.core.paging.Cursors;
import io.payhook.core.port.TransactionSearch;
import io.payhook.core.search.SearchPlan;
import io.payhook.core.search.SearchQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /transactions}: one page of the summaries that match a query, newest first, and the cursor of the next.
 *
 * <p>A page of a created-ordered plan reads {@code limit + 1} matches from each partition below where the previous
 * page ended, merges them by sort key and keeps {@code limit}: there is a next page exactly when a match is left
 * over, so the last page is never followed by an empty one. The position is one sort key — the last one returned —
 * whatever the number of partitions: every partition's matches above it were returned or did not match when the
 * page was read, and a transaction never moves in these indexes, so each match is returned once.
 *
 * <p>An {@code updated_from} plan walks the days newest first, each day's matches newest updated first, until the
 * page is full; the cursor holds the day, the last key and {@code as_of}, the time of the first page, which bounds
 * the window: a payment updated after paging began has left it rather than come back. A walk reads at most
 * {@value #MAX_DAYS_PER_PAGE} days per page; a page that ends there may be short (even empty) and still has a
 * next cursor.
 */
public final class SearchTransactions {
    /** Days of an {@code updated_from} window read for one page at most. */
    public static final int MAX_DAYS_PER_PAGE = 31;
    private static final String BELOW = "below";
    private static final String DAY = "day";
    private static final String AS_OF = "as_of";

    /** One page: the summaries, and the cursor of the next page (null on the last). */
    public record Page(List<TransactionSummary> transactions, String nextCursor) {}

    private final TransactionSearch search;
    private final Cursors cursors;
    private final Set<String> providers;
    private final Clock clock;

    /** @param providers every configured provider (built-in and custom): what an unfiltered search reads */
    public SearchTransactions(TransactionSearch search, Cursors cursors, Set<String> providers, Clock clock) {
        this.search = search;
        this.cursors = cursors;
        this.providers = Set.copyOf(providers);
        this.clock = clock;
    }

    public Page handle(SearchQuery q) {
        Map<String, String> at = q.cursor() == null ? Map.of() : cursors.open(q.scope(), q.cursor());
        Instant asOf = at.containsKey(AS_OF) ? instant(at.get(AS_OF)) : clock.instant();
        SearchPlan plan = SearchPlan.of(q, asOf, providers);
        return plan.walksDays() ? walk(q, plan, at, asOf) : merge(q, plan, at.get(BELOW));
    }

    private Page merge(SearchQuery q, SearchPlan plan, String below) {
        List<TransactionSummary> all = new ArrayList<>();
        for (String p : plan.partitions()) {
            all.addAll(search.read(new TransactionSearch.Read(plan.index(), p, plan.lowest(), plan.highest(), below,
                    plan.filter(), q.limit() + 1)));
        }
        Comparator<TransactionSummary> newestFirst = Comparator.comparing(plan.index()::sortKey).reversed();
        all.sort(newestFirst);
        if (all.size() <= q.limit()) return new Page(List.copyOf(all), null);
        List<TransactionSummary> page = List.copyOf(all.subList(0, q.limit()));
        return new Page(page, cursors.seal(q.scope(), Map.of(BELOW, plan.index().sortKey(page.get(page.size() - 1)))));
    }

    private Page walk(SearchQuery q, SearchPlan plan, Map<String, String> at, Instant asOf) {
        List<String> days = plan.partitions();
        int start = 0;
        if (at.containsKey(DAY)) {
            start = days.indexOf(at.get(DAY));
            if (start < 0) throw new io.payhook.core.error.PayhookException(io.payhook.core.error.ErrorCode.INVALID_CURSOR);
        }
        String below = at.get(BELOW);
        List<TransactionSummary> page = new ArrayList<>();
        for (int d = start, read = 0; d < days.size(); d++, read++) {
            if (read == MAX_DAYS_PER_PAGE) return new Page(List.copyOf(page), position(q, days.get(d), below, asOf));
            int want = q.limit() - page.size();
            List<TransactionSummary> got = search.read(new TransactionSearch.Read(plan.index(), days.get(d), plan.lowest(),
                    plan.highest(), below, plan.filter(), want + 1));
            if (got.size() > want) {
                page.addAll(got.subList(0, want));
                return new Page(List.copyOf(page), position(q, days.get(d), plan.index().sortKey(page.get(page.size() - 1)), asOf));
            }
            page.addAll(got);
        }
        return new Page(List.copyOf(page), null);
    }

    private String position(SearchQuery q, String day, String below, Instant asOf) {
        Map<String, String> p = new HashMap<>();
        p.put(DAY, day);
        p.put(AS_OF, asOf.toString());
        if (below != null) p.put(BELOW, below);
        return cursors.seal(q.scope(), p);
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new io.payhook.core.error.PayhookException(io.payhook.core.error.ErrorCode.INVALID_CURSOR);
        }
    }
}

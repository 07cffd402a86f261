package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.port.ReplayJobs;
import io.payhook.core.search.SearchQuery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Bulk re-notify ({@code POST /notifications/replay}): request the customer notification again for every transaction a
 * search filter matches, with the operator's reason.
 *
 * <p>{@link #start} runs the search (the summary projection's indexes, never a scan; it may lag the table by the
 * projection's measured lag), refuses a filter that matches more than the configured maximum before anything is
 * written ({@code replay_too_large}), and stores the job with the matched ids frozen. Writing the job is its commit
 * point: the job's item is on the table's stream, and the outbox takes it from there ({@link AdvanceReplayJob}).
 */
public final class ReplayNotifications {
    /** The most one job may take ({@code PAYHOOK_REPLAY_MAX} is at most this): the job's item stays far under 400 KB. */
    public static final int MAX_LIMIT = 2000;
    /** {@code PAYHOOK_REPLAY_MAX} when it is not set. */
    public static final int DEFAULT_MAX = 1000;

    private final SearchTransactions search;
    private final ReplayJobs jobs;
    private final Clock clock;
    private final Supplier<String> ids;
    private final int max;

    /**
     * @param ids new job ids
     * @param max the most transactions one job may match, 1–{@value #MAX_LIMIT}
     */
    public ReplayNotifications(SearchTransactions search, ReplayJobs jobs, Clock clock, Supplier<String> ids, int max) {
        if (max < 1 || max > MAX_LIMIT) throw new IllegalArgumentException("the replay maximum must be 1-" + MAX_LIMIT);
        this.search = search;
        this.jobs = jobs;
        this.clock = clock;
        this.ids = ids;
        this.max = max;
    }

    /** The most transactions one job may match. */
    public int max() { return max; }

    /**
     * Creates a job for every transaction the filter matches now.
     *
     * @param filter a search without a cursor; it must name at least one filter (a job for every payment there is
     *               is refused rather than capped)
     * @param reason why: required, recorded on each notification
     * @throws PayhookException {@code invalid_field} for a missing filter or reason, {@code replay_too_large} when
     *                          more than {@link #max()} transactions match (nothing is written)
     */
    public ReplayJob start(SearchQuery filter, String reason) {
        ReplayJob job = prepare(filter, reason);
        create(job);
        return job;
    }

    /**
     * {@link #start} without the write: the job as it would be stored, for a caller that stores it ({@link #create})
     * only once the call's audit record is written.
     */
    public ReplayJob prepare(SearchQuery filter, String reason) {
        if (filter.cursor() != null) throw new PayhookException(ErrorCode.UNKNOWN_FILTER, "A replay filter has no cursor.");
        String scope = filter.scope();
        String canonical = scope.substring(scope.indexOf('?') + 1);
        if (canonical.isEmpty()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'filter' must name at least one filter (merchant, status, "
                    + "provider, customer_id, risk, updated_from, updated_to).");
        }
        String why = RequestNotification.reason(reason);
        if (why == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "Field 'reason' is required: say why the notifications are sent again.");
        Set<String> matched = new LinkedHashSet<>();
        SearchQuery page = new SearchQuery(filter.merchant(), filter.statuses(), filter.provider(), filter.customerId(),
                filter.updatedFrom(), filter.updatedTo(), SearchQuery.MAX_LIMIT, null, filter.risks());
        while (true) {
            SearchTransactions.Page got = search.handle(page);
            for (TransactionSummary s : got.transactions()) matched.add(s.transactionId());
            if (matched.size() > max) {
                throw new PayhookException(ErrorCode.REPLAY_TOO_LARGE, "The filter matches more than " + max
                        + " transactions, the most one replay job may re-notify (PAYHOOK_REPLAY_MAX); narrow it.");
            }
            if (got.nextCursor() == null) break;
            page = new SearchQuery(page.merchant(), page.statuses(), page.provider(), page.customerId(), page.updatedFrom(),
                    page.updatedTo(), page.limit(), got.nextCursor(), page.risks());
        }
        var now = clock.instant();
        return new ReplayJob(ids.get(), canonical, why, now, new ArrayList<>(matched), 0, now);
    }

    /** Stores a job {@link #prepare} made: from here on, the outbox runs it. */
    public void create(ReplayJob job) { jobs.create(job); }

    /** The job and its progress. @throws PayhookException {@code not_found} for an unknown job */
    public ReplayJob get(String jobId) {
        if (jobId == null || !jobId.matches("rpl_[0-9a-f]{32}")) throw new PayhookException(ErrorCode.INVALID_ID, "The job id is malformed.");
        return jobs.load(jobId).orElseThrow(() -> new PayhookException(ErrorCode.NOT_FOUND, "No such replay job."));
    }

    /** New job ids: {@code rpl_} and 32 hex digits. */
    public static String newJobId() {
        return "rpl_" + java.util.UUID.randomUUID().toString().replace("-", "");
    }
}

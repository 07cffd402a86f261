package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.port.ReplayJobs;

import java.time.Clock;
import java.util.List;

/**
 * The outbox's part of a bulk re-notify job ({@link ReplayNotifications}): each time the job's item comes on the table's
 * stream — created, or moved on — and the job is not done, one step requests the notifications of the next
 * {@value #STEP} matched transactions and moves the job on, which comes back on the stream for the next step. Each
 * request goes the way of any notification (the outbox queues it; the sender claims, retries and dead-letters it).
 *
 * <p>A step seen twice — a redelivered stream record, a retried batch — has no second effect: a job's notification ids
 * come from the job and the transaction ({@link ReplayJob#notificationId}) and are created conditionally, and the job
 * moves on only from where the step started. A step that fails is retried with its stream record, so a job whose item
 * was written always ends done.
 */
public final class AdvanceReplayJob {
    /** Transactions whose notifications one step requests: few, so a step never holds the outbox up for long. */
    public static final int STEP = 50;

    private final ReplayJobs jobs;
    private final RequestNotification notifications;
    private final Clock clock;

    public AdvanceReplayJob(ReplayJobs jobs, RequestNotification notifications, Clock clock) {
        this.jobs = jobs;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * One step of the job: the notifications of the next {@value #STEP} matched transactions are requested (a
     * transaction since gone from the table is passed over) and the job moves on. Nothing when the job is done or
     * unknown.
     *
     * @return whether the job moved on (false: done, unknown, or another step moved it first)
     */
    public boolean handle(String jobId) {
        ReplayJob job = jobs.load(jobId).orElse(null);
        if (job == null || job.done()) return false;
        int end = Math.min(job.next() + STEP, job.matched());
        List<String> step = job.transactionIds().subList(job.next(), end);
        for (String transactionId : step) {
            try {
                notifications.handle(transactionId, ReplayJob.notificationId(jobId, transactionId), job.reason());
            } catch (PayhookException e) {
                if (e.code() != ErrorCode.NOT_FOUND) throw e;
            }
        }
        return jobs.advance(jobId, job.next(), end, clock.instant());
    }

}

package io.payhook.core.port;

import io.payhook.core.model.ReplayJob;

import java.time.Instant;
import java.util.Optional;

/**
 * Where bulk re-notify jobs are kept (the payments table in AWS and locally: a job's item is on the table's stream,
 * so writing it is what starts it — {@link io.payhook.core.usecase.AdvanceReplayJob}). Implementations throw
 * {@link io.payhook.core.error.StoreUnavailableException} when the backend cannot be reached.
 */
public interface ReplayJobs {
    /** Stores a new job (atomic: an id that exists is an error — ids are random). */
    void create(ReplayJob job);

    /** The job, or empty when there is none with that id. */
    Optional<ReplayJob> load(String jobId);

    /**
     * Moves the job's {@link ReplayJob#next} from {@code from} to {@code to} unless another step moved it first (atomic).
     *
     * @return false when the job's {@code next} was not {@code from}: nothing changed
     */
    boolean advance(String jobId, int from, int to, Instant at);
}

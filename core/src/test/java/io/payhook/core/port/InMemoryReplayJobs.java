package io.payhook.core.port;

import io.payhook.core.model.ReplayJob;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ReplayJobs} for core's tests, held to {@link ReplayJobsContract} like the DynamoDB adapter. */
public final class InMemoryReplayJobs implements ReplayJobs {
    public final Map<String, ReplayJob> jobs = new ConcurrentHashMap<>();

    @Override
    public void create(ReplayJob job) {
        if (jobs.putIfAbsent(job.jobId(), job) != null) throw new IllegalStateException("a replay job with this id exists");
    }

    @Override
    public Optional<ReplayJob> load(String jobId) { return Optional.ofNullable(jobs.get(jobId)); }

    @Override
    public boolean advance(String jobId, int from, int to, Instant at) {
        boolean[] moved = {false};
        jobs.computeIfPresent(jobId, (id, j) -> {
            if (j.next() != from) return j;
            moved[0] = true;
            return new ReplayJob(j.jobId(), j.filter(), j.reason(), j.requestedAt(), j.transactionIds(), to, at);
        });
        return moved[0];
    }
}

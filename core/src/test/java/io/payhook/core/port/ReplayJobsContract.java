package io.payhook.core.port;

import io.payhook.core.model.ReplayJob;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ReplayJobs} must do; run against the in-memory fake and DynamoDB Local. */
public abstract class ReplayJobsContract {
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    /** A store with no jobs in it (or none with the ids a test makes: each uses its own). */
    protected abstract ReplayJobs jobs();

    protected String newId() { return "rpl_" + java.util.UUID.randomUUID().toString().replace("-", ""); }

    @Test
    void aCreatedJobReadsBackAsWritten() {
        ReplayJob job = new ReplayJob(newId(), "merchant=shop-eu&status=SUCCEEDED", "outage 2026-12-01", T,
                List.of("pi_3", "pi_1", "pi_2"), 0, T);
        jobs().create(job);
        assertThat(jobs().load(job.jobId())).contains(job);
        assertThat(jobs().load(newId())).isEmpty();
    }

    @Test
    void anIdIsCreatedOnce() {
        ReplayJob job = new ReplayJob(newId(), "provider=stripe", "r", T, List.of("a"), 0, T);
        jobs().create(job);
        assertThatThrownBy(() -> jobs().create(new ReplayJob(job.jobId(), "provider=adyen", "other", T, List.of("b"), 0, T)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(jobs().load(job.jobId()).orElseThrow().filter()).isEqualTo("provider=stripe");
    }

    @Test
    void aJobMovesOnOnlyFromWhereTheStepStarted() {
        ReplayJob job = new ReplayJob(newId(), "provider=stripe", "r", T, List.of("a", "b", "c"), 0, T);
        jobs().create(job);
        assertThat(jobs().advance(job.jobId(), 0, 2, T.plusSeconds(1))).isTrue();
        assertThat(jobs().advance(job.jobId(), 0, 2, T.plusSeconds(2))).as("a step seen twice").isFalse();
        ReplayJob now = jobs().load(job.jobId()).orElseThrow();
        assertThat(now.next()).isEqualTo(2);
        assertThat(now.updatedAt()).isEqualTo(T.plusSeconds(1));
        assertThat(now.done()).isFalse();
        assertThat(jobs().advance(job.jobId(), 2, 3, T.plusSeconds(3))).isTrue();
        assertThat(jobs().load(job.jobId()).orElseThrow().done()).isTrue();
        assertThat(jobs().advance(newId(), 0, 1, T)).as("an unknown job").isFalse();
    }
}

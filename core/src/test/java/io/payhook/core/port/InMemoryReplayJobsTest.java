package io.payhook.core.port;

/** The in-memory fake held to the same contract as the DynamoDB adapter. */
class InMemoryReplayJobsTest extends ReplayJobsContract {
    private final InMemoryReplayJobs jobs = new InMemoryReplayJobs();

    @Override
    protected ReplayJobs jobs() { return jobs; }
}

package io.payhook.core.port;

/** The summary contract against the in-memory fake the use-case tests use. */
class InMemorySummariesTest extends SummaryStoreContract {
    private final InMemorySummaries summaries = new InMemorySummaries();

    @Override
    protected SummaryStore store() { return summaries; }

    @Override
    protected TransactionSearch search() { return summaries; }
}

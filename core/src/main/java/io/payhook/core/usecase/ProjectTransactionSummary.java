package io.payhook.core.usecase;

import io.payhook.core.model.TransactionSummary;
import io.payhook.core.port.SummaryStore;
import io.payhook.core.port.TransactionStore;

/**
 * Keeps the search projection: for each stored event (a record of the table's stream) the transaction's summary
 * is rebuilt from the strongly consistent fold and put unless a newer one is stored. Records may come twice, late
 * or out of order: a summary is put only over one with fewer events ({@link SummaryStore#put}), and the fold read
 * is at least as new as the record, so the newest summary wins whatever the order.
 */
public final class ProjectTransactionSummary {
    private final TransactionStore store;
    private final SummaryStore summaries;

    public ProjectTransactionSummary(TransactionStore store, SummaryStore summaries) {
        this.store = store;
        this.summaries = summaries;
    }

    /**
     * An event of {@code transactionId} was stored, or its risk finding changed: brings its summary up to date (the
     * summary carries the risk level, so {@code GET /transactions?risk=high} finds a payment once it is screened).
     */
    public void eventStored(String transactionId) {
        store.load(transactionId).ifPresent(t -> summaries.put(TransactionSummary.of(t)));
    }

    /**
     * After a downtime longer than the stream keeps its records (locally: the poller's checkpoint says so), brings
     * every transaction changed since {@code since} up to date, as {@link ProcessOutbox#catchUp} does for the outbox.
     *
     * @return how many transactions were projected again
     */
    public int catchUp(java.time.Instant since) {
        int[] n = {0};
        store.forEachTransactionChangedSince(since, id -> {
            eventStored(id);
            n[0]++;
        });
        return n[0];
    }
}

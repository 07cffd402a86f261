package io.payhook.core.port;

/** The store contract against the in-memory store the unit tests use. */
class InMemoryTransactionStoreTest extends TransactionStoreContract {
    private final InMemoryTransactionStore store = new InMemoryTransactionStore();

    @Override
    protected TransactionStore store() { return store; }
}

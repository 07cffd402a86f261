package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.TransactionStore;

/** Look up one transaction: 400 for a malformed id, 404 for an unknown one. */
public final class GetTransaction {
    private final TransactionStore store;

    public GetTransaction(TransactionStore store) { this.store = store; }

    public Transaction handle(String transactionId) {
        if (!Ids.isValid(transactionId)) throw new PayhookException(ErrorCode.INVALID_ID, "The transaction id is malformed.");
        return store.load(transactionId).orElseThrow(() -> new PayhookException(ErrorCode.NOT_FOUND));
    }
}

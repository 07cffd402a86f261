package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Archive;
import io.payhook.core.port.TransactionStore;

import java.util.Optional;

/**
 * Look up one transaction: 400 for a malformed id, 404 for an unknown one. A transaction whose items expired from the
 * table is read from the archive through its pointer ({@link TransactionStore#archived}), and says so.
 */
public final class GetTransaction {
    private final TransactionStore store;
    private final Archive archive;

    /** The transaction, and whether it was read from the archive (its items expired from the table). */
    public record Found(Transaction transaction, boolean archived) {}

    /** Without an archive: an expired transaction is unknown. */
    public GetTransaction(TransactionStore store) { this(store, null); }

    /** @param archive where expired transactions are read, or null */
    public GetTransaction(TransactionStore store, Archive archive) {
        this.store = store;
        this.archive = archive;
    }

    public Transaction handle(String transactionId) { return find(transactionId).transaction(); }

    /** The transaction from the table, else (expired) from the archive. */
    public Found find(String transactionId) {
        if (!Ids.isValid(transactionId)) throw new PayhookException(ErrorCode.INVALID_ID, "The transaction id is malformed.");
        Optional<Transaction> t = store.load(transactionId);
        if (t.isPresent()) return new Found(t.get(), false);
        if (archive != null) {
            Optional<Archive.Location> at = store.archived(transactionId);
            if (at.isPresent()) return new Found(archive.read(at.get()).transaction(), true);
        }
        throw new PayhookException(ErrorCode.NOT_FOUND);
    }
}

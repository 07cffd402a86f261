package io.payhook.core.port;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Transaction;
import io.payhook.core.protection.ProtectedEvent;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where transactions live: an append-only set of events per transaction plus the notifications
 * requested for it. The write of an event is payhook's commit point.
 * Implementations throw {@link io.payhook.core.error.StoreUnavailableException} when the backend
 * cannot be reached, never an SDK exception.
 */
public interface TransactionStore {

    /** Outcome of {@link #append}. */
    enum AppendResult { STORED, DUPLICATE }

    /**
     * Stores the event unless an event with the same provider and event id is already stored for
     * its transaction. Atomic: of any number of concurrent appends of one event, exactly one
     * returns {@link AppendResult#STORED}. Only an event that passed the protection gate can be stored.
     */
    AppendResult append(ProtectedEvent event);

    /** The transaction with all its events and notifications, or empty if no event is stored for it. */
    Optional<Transaction> load(String transactionId);

    /**
     * Several transactions, each as {@link #load} would return it (strongly consistent); ids with
     * no stored event are absent from the map. A store may read them in fewer round trips.
     */
    default Map<String, Transaction> loadAll(Collection<String> transactionIds) {
        Map<String, Transaction> out = new HashMap<>();
        for (String id : transactionIds) load(id).ifPresent(t -> out.put(id, t));
        return out;
    }

    /**
     * Records a notification request unless one with the same id exists (atomic).
     *
     * @return true if it was created, false if it already existed
     */
    boolean createNotification(Notification notification);

    /**
     * Claims a notification for one delivery attempt (atomic): succeeds unless it is final (sent...), unknown,
     * or claimed by another attempt whose claim has not expired at {@code now}. Two copies of one
     * queue message handled at the same time therefore send one email. The claim ends at
     * {@code until}, or earlier when {@link #recordNotificationOutcome} records the attempt's outcome. A claim is
     * an attempt: the notification's {@code attempts} count goes up by one with it, so an attempt that sent its
     * email and could not record it (store down, crash) still counts, and every email in the mailbox is an attempt.
     *
     * @return true if this attempt holds the claim
     */
    boolean claimNotification(String transactionId, String notificationId, Instant now, Instant until);

    /**
     * What one delivery attempt came to.
     *
     * @param sentAt    when the channel accepted it, or null if it was not sent
     * @param detail    a stable code saying more than the status ({@link Notification#detail}), or null
     * @param messageId the channel's id of the sent message, or null
     */
    record Attempt(NotificationStatus status, Instant sentAt, String detail, String messageId) {}

    /**
     * Records the outcome of one delivery attempt, whichever copy of its queue message made it, and ends its
     * claim (the attempt was counted by its claim). Never changes a notification that is already final
     * ({@link NotificationStatus#isFinal}: a sent one is not downgraded), never creates one.
     */
    void recordNotificationOutcome(String transactionId, String notificationId, Attempt attempt);

    /** {@link #recordNotificationOutcome(String, String, Attempt)} with nothing more to say than the status. */
    default void recordNotificationOutcome(String transactionId, String notificationId, NotificationStatus status, Instant sentAt) {
        recordNotificationOutcome(transactionId, notificationId, new Attempt(status, sentAt, null, null));
    }

    /**
     * Records what the receiving side said about a sent notification — a bounce or a complaint — on the
     * notification ({@code status} BOUNCED or COMPLAINED, with {@code detail}).
     *
     * @return false when there is no such sent notification (unknown, or never sent): nothing changed
     */
    boolean recordNotificationFeedback(String transactionId, String notificationId, NotificationStatus status, String detail);

    /**
     * Calls {@code sink} with every notification in the given status, which must be
     * {@linkplain NotificationStatus#isIndexed indexed} (QUEUED, FAILED, SUPPRESSED, BOUNCED, COMPLAINED): the store
     * keeps an index of those only — never of SENT or NO_RECIPIENT — so this costs what is in that status, never the
     * whole table (recovery and operations).
     *
     * @throws IllegalArgumentException for a status that is not indexed
     */
    void forEachNotification(NotificationStatus status, Consumer<Notification> sink);

    /**
     * The most recently requested notifications in the given {@linkplain NotificationStatus#isIndexed indexed} status,
     * newest request first, at most {@code limit}: from the same index as {@link #forEachNotification}, and a store
     * reads no more of it than the limit (the operator console's lists). This default reads them all and sorts.
     *
     * @throws IllegalArgumentException for a status that is not indexed, or a limit below 1
     */
    default List<Notification> recentNotifications(NotificationStatus status, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        List<Notification> all = new java.util.ArrayList<>();
        forEachNotification(status, all::add);
        all.sort(java.util.Comparator.comparing(Notification::requestedAt).reversed());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /**
     * Calls {@code sink} with the id of every transaction that received an event at or after {@code since}.
     * Not for start-up or a hot path: today it reads the whole table. Used only by the local stream readers' catch-up
     * (outbox, projector, risk, archiver) after a downtime longer than the stream keeps records.
     */
    void forEachTransactionChangedSince(Instant since, Consumer<String> sink);

    // ---- retention and the archive (docs/ARCHIVE.md) ----

    /**
     * Where the archive holds a transaction whose items expired: its pointer item (sort key {@code ARCHIVE} in AWS's
     * table), written by {@link #recordArchived}; empty when there is none (never expired, or a store without one).
     */
    default Optional<Archive.Location> archived(String transactionId) { return Optional.empty(); }

    /** {@link #archived} of several transactions (absent: none); a store may read them in fewer round trips. */
    default Map<String, Archive.Location> archivedAll(Collection<String> transactionIds) {
        Map<String, Archive.Location> out = new HashMap<>();
        for (String id : transactionIds) archived(id).ifPresent(l -> out.put(id, l));
        return out;
    }

    /**
     * Records where the archive holds the transaction's newest record (overwriting an older pointer). The pointer never
     * expires: it is how an expired transaction is found by its id.
     */
    default void recordArchived(String transactionId, Archive.Location location) {
        throw new UnsupportedOperationException("this store keeps no archive pointers");
    }

    /**
     * Moves the expiry of the transaction's items that expire before {@code expiresAt} to {@code expiresAt} (a change of
     * the transaction keeps all of it for the retention after that change); items already expiring later are untouched.
     * A store without expiry does nothing.
     */
    default void extendExpiry(String transactionId, Instant expiresAt) {}

    /**
     * Puts an archived transaction's items back (restore): every notification first, then every event, each unless an
     * item with its key exists (conditional puts: running it twice changes nothing; a notification is in the table
     * before the event whose stream record would otherwise request it again). Items expire {@code expiresAt}.
     *
     * @return how many items were written (0 when all were there)
     */
    default int restore(Transaction transaction, Instant expiresAt) {
        throw new UnsupportedOperationException("this store cannot restore");
    }
}

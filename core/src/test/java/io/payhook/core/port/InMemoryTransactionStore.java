package io.payhook.core.port;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.protection.ProtectedEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The in-memory {@link TransactionStore} of core's unit tests (the system itself runs on DynamoDB
 * Local). {@link TransactionStoreContract} holds it to the same cases as the DynamoDB adapter.
 */
public final class InMemoryTransactionStore implements TransactionStore {
    /** Stored events by {@code transaction id | provider | event id}. */
    public final Map<String, StoredEvent> events = new ConcurrentHashMap<>();
    /** Notifications by id. */
    public final Map<String, Notification> notifications = new ConcurrentHashMap<>();
    /** Each transaction's risk finding ({@link InMemoryRiskStore} writes it), returned by {@link #load}. */
    public final Map<String, io.payhook.core.model.Risk> risks = new ConcurrentHashMap<>();
    /** How many times {@link #load} was called. */
    public final AtomicInteger loads = new AtomicInteger();
    private final Map<String, Instant> claims = new ConcurrentHashMap<>();
    /** Archive pointers by transaction id. */
    public final Map<String, Archive.Location> pointers = new ConcurrentHashMap<>();

    @Override
    public Optional<Archive.Location> archived(String transactionId) { return Optional.ofNullable(pointers.get(transactionId)); }

    @Override
    public void recordArchived(String transactionId, Archive.Location location) { pointers.put(transactionId, location); }

    @Override
    public int restore(Transaction t, Instant expiresAt) {
        int written = 0;
        for (Notification n : t.notifications()) if (notifications.putIfAbsent(n.notificationId(), n) == null) written++;
        for (StoredEvent e : t.events()) {
            if (events.putIfAbsent(e.transactionId() + "|" + e.provider() + "|" + e.eventId(), e) == null) written++;
        }
        return written;
    }

    @Override
    public AppendResult append(ProtectedEvent protectedEvent) {
        StoredEvent e = protectedEvent.event();
        return events.putIfAbsent(e.transactionId() + "|" + e.provider() + "|" + e.eventId(), e) == null
                ? AppendResult.STORED : AppendResult.DUPLICATE;
    }

    @Override
    public Optional<Transaction> load(String id) {
        loads.incrementAndGet();
        List<StoredEvent> es = events.values().stream().filter(e -> e.transactionId().equals(id)).toList();
        List<Notification> ns = notifications.values().stream().filter(n -> n.transactionId().equals(id)).toList();
        return es.isEmpty() ? Optional.empty() : Optional.of(Transaction.fold(es, ns, risks.get(id)));
    }

    @Override
    public boolean createNotification(Notification n) {
        return notifications.putIfAbsent(n.notificationId(), n) == null;
    }

    @Override
    public boolean claimNotification(String t, String id, Instant now, Instant until) {
        synchronized (claims) {
            Notification n = notifications.get(id);
            if (n == null || !n.transactionId().equals(t) || n.status().isFinal()) return false;
            Instant held = claims.get(id);
            if (held != null && held.isAfter(now)) return false;
            claims.put(id, until);
            notifications.put(id, new Notification(n.notificationId(), n.transactionId(), n.channel(), n.status(), n.reason(),
                    n.forStatus(), n.requestedAt(), n.sentAt(), n.attempts() + 1, n.detail(), n.messageId()));
            return true;
        }
    }

    @Override
    public void recordNotificationOutcome(String t, String id, Attempt a) {
        claims.remove(id);
        notifications.computeIfPresent(id, (k, n) -> !n.transactionId().equals(t) || n.status().isFinal() ? n
                : new Notification(n.notificationId(), n.transactionId(), n.channel(), a.status(), n.reason(), n.forStatus(),
                n.requestedAt(), a.sentAt(), n.attempts(), a.detail(), a.messageId()));
    }

    @Override
    public boolean recordNotificationFeedback(String t, String id, NotificationStatus s, String detail) {
        boolean[] done = {false};
        notifications.computeIfPresent(id, (k, n) -> {
            if (!n.status().wasSent() || !n.transactionId().equals(t)) return n;
            done[0] = true;
            return new Notification(n.notificationId(), n.transactionId(), n.channel(), s, n.reason(), n.forStatus(),
                    n.requestedAt(), n.sentAt(), n.attempts(), detail, n.messageId());
        });
        return done[0];
    }

    @Override
    public void forEachNotification(NotificationStatus s, Consumer<Notification> sink) {
        if (!s.isIndexed()) throw new IllegalArgumentException("notifications " + s + " are not indexed");
        notifications.values().stream().filter(n -> n.status() == s).forEach(sink);
    }

    @Override
    public void forEachTransactionChangedSince(Instant since, Consumer<String> sink) {
        events.values().stream().filter(e -> !e.receivedAt().isBefore(since)).map(StoredEvent::transactionId).distinct().forEach(sink);
    }
}

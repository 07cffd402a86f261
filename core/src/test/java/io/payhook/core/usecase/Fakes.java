package io.payhook.core.usecase;

import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.NotificationQueue;
import io.payhook.core.port.Notifier;
import io.payhook.core.port.TransactionStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** In-memory test doubles for core unit tests only (the system itself runs on DynamoDB Local, ElasticMQ, SMTP). */
final class Fakes {
    private Fakes() {}

    static final class Store implements TransactionStore {
        final Map<String, StoredEvent> events = new ConcurrentHashMap<>();
        final Map<String, Notification> notifications = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public AppendResult append(StoredEvent e) {
            return events.putIfAbsent(e.transactionId() + "|" + e.provider() + "|" + e.eventId(), e) == null
                    ? AppendResult.STORED : AppendResult.DUPLICATE;
        }

        @Override
        public Optional<Transaction> load(String id) {
            loads.incrementAndGet();
            List<StoredEvent> es = events.values().stream().filter(e -> e.transactionId().equals(id)).toList();
            List<Notification> ns = notifications.values().stream().filter(n -> n.transactionId().equals(id)).toList();
            return es.isEmpty() ? Optional.empty() : Optional.of(Transaction.fold(es, ns));
        }

        @Override
        public boolean createNotification(Notification n) {
            return notifications.putIfAbsent(n.notificationId(), n) == null;
        }

        final Map<String, Instant> claims = new ConcurrentHashMap<>();

        @Override
        public boolean claimNotification(String t, String id, Instant now, Instant until) {
            synchronized (claims) {
                Notification n = notifications.get(id);
                if (n == null || n.status() == NotificationStatus.SENT) return false;
                Instant held = claims.get(id);
                if (held != null && held.isAfter(now)) return false;
                claims.put(id, until);
                return true;
            }
        }

        @Override
        public void recordNotificationOutcome(String t, String id, NotificationStatus s, Instant sentAt, int attempts) {
            claims.remove(id);
            notifications.computeIfPresent(id, (k, n) -> n.status() == NotificationStatus.SENT ? n
                    : new Notification(n.notificationId(), n.transactionId(), n.channel(), s, n.reason(), n.forStatus(),
                    n.requestedAt(), sentAt, attempts));
        }

        @Override
        public void forEachNotification(NotificationStatus s, Consumer<Notification> sink) {
            notifications.values().stream().filter(n -> n.status() == s).forEach(sink);
        }

        @Override
        public void forEachTransactionChangedSince(Instant since, Consumer<String> sink) {
            events.values().stream().filter(e -> !e.receivedAt().isBefore(since)).map(StoredEvent::transactionId).distinct().forEach(sink);
        }
    }

    /** Reversible but not clear text; binds the context like the real cipher. */
    static final class Cipher implements FieldCipher {
        @Override
        public SealedValue seal(String plaintext, Map<String, String> context) {
            String s = new StringBuilder(plaintext).reverse() + "|" + context.get("transaction_id") + "|" + context.get("field");
            return new SealedValue(s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String open(SealedValue sealed, Map<String, String> context) {
            String[] p = new String(sealed.ciphertext(), StandardCharsets.UTF_8).split("\\|");
            if (!p[1].equals(context.get("transaction_id")) || !p[2].equals(context.get("field"))) throw new IllegalStateException("context");
            return new StringBuilder(p[0]).reverse().toString();
        }
    }

    static final class Queue implements NotificationQueue {
        final List<Message> messages = new ArrayList<>();
        boolean down;

        @Override
        public synchronized void enqueue(Message m) {
            if (down) throw new io.payhook.core.error.StoreUnavailableException("down", null);
            messages.add(m);
        }
    }

    static final class Mailer implements Notifier {
        final List<Confirmation> sent = new ArrayList<>();
        boolean down;

        @Override
        public synchronized void send(Confirmation c) {
            if (down) throw new NotifierException("down", null);
            sent.add(c);
        }
    }
}

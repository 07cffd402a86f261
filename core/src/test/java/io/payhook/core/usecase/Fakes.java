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
import io.payhook.core.protection.ProtectedEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * In-memory test doubles for core unit tests only (the system itself runs on DynamoDB Local, ElasticMQ,
 * SMTP); the store and the cipher are {@link io.payhook.core.port.InMemoryTransactionStore} and
 * {@link io.payhook.core.port.TestCipher}.
 */
final class Fakes {
    private Fakes() {}

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

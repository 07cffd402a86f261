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
        public synchronized String send(Confirmation c) {
            if (down) throw new NotifierException("down", null);
            sent.add(c);
            return "msg-" + sent.size();
        }

        @Override
        public String channel() { return "test"; }
    }

    /** What a delivery needs, with the in-memory parts and the default renderer. */
    static DeliverNotification.Parts parts(io.payhook.core.port.TransactionStore store, io.payhook.core.port.FieldCipher cipher,
                                           io.payhook.core.port.Notifier notifier, java.time.Clock clock) {
        return new DeliverNotification.Parts(store, cipher, notifier,
                new io.payhook.core.notification.ConfirmationRenderer(io.payhook.core.notification.ConfirmationRenderer.Settings.DEFAULT),
                new io.payhook.core.port.InMemorySuppressionList(), new io.payhook.core.port.TestAddressKeys(),
                new io.payhook.core.port.RecordingMetrics(), new io.payhook.core.port.RecordingAlerts(), clock);
    }

    /** A notifier from a function (for tests that need to hold a send). */
    static io.payhook.core.port.Notifier notifier(java.util.function.Consumer<io.payhook.core.port.Notifier.Confirmation> send) {
        return new io.payhook.core.port.Notifier() {
            @Override public String send(Confirmation c) { send.accept(c); return null; }
            @Override public String channel() { return "test"; }
        };
    }
}

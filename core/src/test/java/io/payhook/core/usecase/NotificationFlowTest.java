package io.payhook.core.usecase;

import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;

import io.payhook.core.model.Money;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.protection.ProtectionGate;
import java.util.List;
import io.payhook.core.port.FieldCipher;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationFlowTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final TestCipher cipher = new TestCipher();
    final Fakes.Queue queue = new Fakes.Queue();
    final Fakes.Mailer mailer = new Fakes.Mailer();
    final ProcessOutbox outbox = new ProcessOutbox(store, queue, clock);
    final DeliverNotification deliver = new DeliverNotification(Fakes.parts(store, cipher, mailer, clock));

    /** Stores an event the way ingest does: through the protection gate (which seals the email). */
    void store(PaymentEvent e) {
        store.append(new ProtectionGate(cipher).protect(List.of(e), ProtectionGate.Policy.REFUSE, clock.instant()).get(0));
    }

    void stored(String eventId, Status s) {
        store(new PaymentEvent("generic", eventId, "txn_1", "payment", s, new Money(123456, "JPY"), "cus_1",
                "customer@example.com", "visa ****4242", clock.instant()));
    }

    @Test
    void oneConfirmationPerStatusReachedEvenWhenTheStreamRepeats() {
        stored("e1", Status.SUCCEEDED);
        outbox.handle(new ProcessOutbox.EventStored("txn_1", true));
        outbox.handle(new ProcessOutbox.EventStored("txn_1", true)); // stream redelivery
        assertThat(store.notifications).hasSize(1);
        var n = store.notifications.values().iterator().next();
        assertThat(n.status()).isEqualTo(NotificationStatus.QUEUED);
        assertThat(n.forStatus()).isEqualTo(Status.SUCCEEDED);

        outbox.handle(new ProcessOutbox.NotificationChanged("txn_1", n.notificationId(), NotificationStatus.QUEUED, true));
        assertThat(queue.messages).hasSize(1);

        assertThat(deliver.handle("txn_1", n.notificationId(), 1, 5)).isEqualTo(DeliverNotification.Outcome.SENT);
        assertThat(deliver.handle("txn_1", n.notificationId(), 2, 5)).isEqualTo(DeliverNotification.Outcome.ALREADY_DONE);
        assertThat(mailer.sent).singleElement().satisfies(c -> {
            assertThat(c.recipient()).isEqualTo("customer@example.com");
            assertThat(c.text()).contains("JP¥123,456").contains("txn_1").contains("visa ****4242")
                    .doesNotContain("customer@example.com");
            assertThat(c.attributes()).containsEntry("status", "SUCCEEDED").containsEntry("currency", "JPY")
                    .containsEntry("notification_id", n.notificationId());
        });
        assertThat(store.notifications.get(n.notificationId()).status()).isEqualTo(NotificationStatus.SENT);
    }

    @Test
    void twoCopiesOfOneMessageHandledAtTheSameTimeSendOnce() throws Exception {
        stored("e1", Status.SUCCEEDED);
        outbox.handle(new ProcessOutbox.EventStored("txn_1", true));
        String id = store.notifications.keySet().iterator().next();
        var inSend = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var sent = new java.util.concurrent.CopyOnWriteArrayList<io.payhook.core.port.Notifier.Confirmation>();
        var slow = new DeliverNotification(Fakes.parts(store, cipher, Fakes.notifier(c -> {
            inSend.countDown();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS); // no hang if a second copy also got here
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sent.add(c);
        }), clock));
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var first = pool.submit(() -> slow.handle("txn_1", id, 1, 5));
            inSend.await();
            // the second copy arrives while the first is sending: it must not send, and comes back later
            assertThatThrownBy(() -> slow.handle("txn_1", id, 1, 5)).isInstanceOf(DeliverNotification.ClaimedElsewhereException.class);
            release.countDown();
            assertThat(first.get()).isEqualTo(DeliverNotification.Outcome.SENT);
            assertThat(slow.handle("txn_1", id, 2, 5)).isEqualTo(DeliverNotification.Outcome.ALREADY_DONE);
            assertThat(sent).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedAttemptEndsItsClaimAndACrashedOneHoldsItOnlyUntilTheClaimEnds() {
        stored("e1", Status.SUCCEEDED);
        outbox.handle(new ProcessOutbox.EventStored("txn_1", true));
        String id = store.notifications.keySet().iterator().next();
        mailer.down = true;
        assertThatThrownBy(() -> deliver.handle("txn_1", id, 1, 5)).isNotInstanceOf(DeliverNotification.ClaimedElsewhereException.class);
        mailer.down = false;
        assertThat(deliver.handle("txn_1", id, 2, 5)).isEqualTo(DeliverNotification.Outcome.SENT); // at once: the failure ended the claim

        store.createNotification(new io.payhook.core.model.Notification("ntf_manual", "txn_1", "email", NotificationStatus.QUEUED,
                "customer asked", null, clock.instant(), null, 0));
        // an attempt that claimed it and died without recording anything
        assertThat(store.claimNotification("txn_1", "ntf_manual", clock.instant(), clock.instant().plusSeconds(60))).isTrue();
        assertThatThrownBy(() -> deliver.handle("txn_1", "ntf_manual", 1, 5)).isInstanceOf(DeliverNotification.ClaimedElsewhereException.class);
        var later = new DeliverNotification(Fakes.parts(store, cipher, mailer, Clock.offset(clock, java.time.Duration.ofSeconds(61))));
        assertThat(later.handle("txn_1", "ntf_manual", 2, 5)).isEqualTo(DeliverNotification.Outcome.SENT);
        assertThat(mailer.sent).hasSize(2);
    }

    @Test
    void anEventThatCannotMakeAConfirmationDueIsNotLookedUp() {
        stored("e1", Status.PENDING);
        outbox.handle(ProcessOutbox.EventStored.of("txn_1", "generic", "evt_txn_1", Status.PENDING, false, false));
        outbox.handle(ProcessOutbox.EventStored.of("txn_1", "generic", "evt_txn_1", null, false, false));
        assertThat(store.loads).hasValue(0);
        assertThat(store.notifications).isEmpty();
    }

    @Test
    void aNotifyingStatusWithoutEmailStillLooksUpTheEmailOfEarlierEvents() {
        stored("e1", Status.PENDING); // carries the email
        outbox.handle(ProcessOutbox.EventStored.of("txn_1", "generic", "evt_txn_1", Status.PENDING, false, true));
        assertThat(store.notifications).isEmpty();
        store(new PaymentEvent("generic", "e2", "txn_1", "payment", Status.SUCCEEDED, new Money(123456, "JPY"), "cus_1",
                null, "visa ****4242", clock.instant()));
        outbox.handle(ProcessOutbox.EventStored.of("txn_1", "generic", "evt_txn_1", Status.SUCCEEDED, false, false));
        assertThat(store.loads).hasValue(2);
        assertThat(store.notifications.values()).singleElement()
                .satisfies(n -> assertThat(n.forStatus()).isEqualTo(Status.SUCCEEDED));
    }

    @Test
    void aBatchReadsEachTransactionOnceAndConfirmsOnce() {
        stored("e1", Status.PENDING);
        stored("e2", Status.SUCCEEDED);
        var batch = java.util.List.of(
                ProcessOutbox.EventStored.of("txn_1", "generic", "evt_txn_1", Status.PENDING, false, true),
                ProcessOutbox.EventStored.of("txn_1", "generic", "evt_txn_1", Status.SUCCEEDED, false, true),
                ProcessOutbox.EventStored.of("txn_2", "generic", "evt_txn_2", Status.PENDING, false, false), // cannot notify: not read
                ProcessOutbox.EventStored.of("txn_3", "generic", "evt_txn_3", Status.SUCCEEDED, false, false)); // read, nothing stored for it
        var ahead = outbox.readAhead(batch);
        assertThat(ahead.read()).containsExactly("txn_1", "txn_3");
        batch.forEach(c -> outbox.handle(c, ahead));
        assertThat(store.loads).hasValue(2); // the default loadAll: one load per transaction read
        assertThat(store.notifications.values()).singleElement()
                .satisfies(n -> assertThat(n.forStatus()).isEqualTo(Status.SUCCEEDED));

        // a change outside the read-ahead (e.g. a notification record) is handled as before
        var n = store.notifications.values().iterator().next();
        outbox.handle(new ProcessOutbox.NotificationChanged("txn_1", n.notificationId(), NotificationStatus.QUEUED, true), ahead);
        assertThat(queue.messages).hasSize(1);
    }

    @Test
    void pendingDoesNotNotify() {
        stored("e1", Status.PENDING);
        outbox.handle(new ProcessOutbox.EventStored("txn_1", true));
        assertThat(store.notifications).isEmpty();
    }

    @Test
    void failedSendIsRetriedThenMarkedFailedOnTheLastReceive() {
        stored("e1", Status.SUCCEEDED);
        outbox.onEvent("txn_1");
        var id = store.notifications.keySet().iterator().next();
        mailer.down = true;
        assertThatThrownBy(() -> deliver.handle("txn_1", id, 1, 3)).isInstanceOf(RuntimeException.class);
        assertThat(store.notifications.get(id).status()).isEqualTo(NotificationStatus.QUEUED);
        assertThatThrownBy(() -> deliver.handle("txn_1", id, 3, 3)).isInstanceOf(RuntimeException.class);
        assertThat(store.notifications.get(id).status()).isEqualTo(NotificationStatus.FAILED);
        mailer.down = false;
        assertThat(deliver.handle("txn_1", id, 1, 3)).isEqualTo(DeliverNotification.Outcome.SENT); // after a redrive
        assertThat(mailer.sent).hasSize(1);
    }

    @Test
    void unknownIdsArePoison() {
        assertThatThrownBy(() -> deliver.handle("txn_x", "ntf_x", 1, 5)).isInstanceOf(DeliverNotification.PoisonMessageException.class);
        stored("e1", Status.SUCCEEDED);
        assertThatThrownBy(() -> deliver.handle("txn_1", "ntf_x", 1, 5)).isInstanceOf(DeliverNotification.PoisonMessageException.class);
    }

    @Test
    void recoveryRequeuesWhatIsStillQueuedAndLeavesUnhandledEventsToTheStream() {
        stored("e1", Status.SUCCEEDED);
        outbox.handle(new ProcessOutbox.EventStored("txn_1", true)); // the confirmation is recorded; the queue then lost it
        assertThat(queue.messages).isEmpty();
        assertThat(outbox.recover()).isEqualTo(1);
        assertThat(queue.messages).hasSize(1);

        stored("e2", Status.REFUNDED); // stored, not yet handled from the stream: recovery does not look for it
        assertThat(outbox.recover()).isEqualTo(1);
        assertThat(store.notifications).hasSize(1);
        assertThat(outbox.catchUp(clock.instant().minusSeconds(1))).as("transactions looked at").isEqualTo(1);
        assertThat(store.notifications).hasSize(2);
        assertThat(outbox.recover()).isEqualTo(2);
    }
}

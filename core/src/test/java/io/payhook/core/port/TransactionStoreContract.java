package io.payhook.core.port;

import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.protection.ProtectedEvent;
import io.payhook.core.protection.ProtectionGate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TransactionStore} must do, as one set of cases: run against the in-memory store
 * of the unit tests ({@code InMemoryTransactionStoreTest}) and against the DynamoDB adapter on
 * DynamoDB Local ({@code DynamoDbTransactionStoreIT} in {@code aws}), so the fake cannot drift from
 * the real thing. Each case uses transaction ids of its own, so a store may be shared between cases.
 */
public abstract class TransactionStoreContract {
    protected static final Instant T = Instant.parse("2026-11-22T12:00:00Z");
    protected static final TestCipher CIPHER = new TestCipher();

    /** The store under test. */
    protected abstract TransactionStore store();

    /** An event as ingest stores it: through the protection gate. */
    protected static ProtectedEvent event(String txn, String eventId, Status status, long amount, String email, Instant receivedAt) {
        PaymentEvent e = new PaymentEvent("generic", eventId, txn, "payment." + (status == null ? "note" : status.name().toLowerCase()),
                status, new Money(amount, "EUR"), "cus_1", email, "visa ****4242", receivedAt.minusSeconds(1));
        return new ProtectionGate(CIPHER).protect(List.of(e), ProtectionGate.Policy.REFUSE, receivedAt).get(0);
    }

    protected static Notification queued(String txn, String id, Instant at) {
        return new Notification(id, txn, "email", NotificationStatus.QUEUED, "status_changed", Status.SUCCEEDED, at, null, 0);
    }

    protected static String id(String prefix) { return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12); }

    @Test
    void anEventIsStoredOnceAndItsRedeliveryIsADuplicate() {
        String txn = id("txn_dup");
        assertThat(store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, null, T))).isEqualTo(TransactionStore.AppendResult.STORED);
        assertThat(store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, null, T.plusSeconds(5))))
                .isEqualTo(TransactionStore.AppendResult.DUPLICATE);
        assertThat(store().load(txn).orElseThrow().events()).hasSize(1);
    }

    @Test
    void ofConcurrentAppendsOfOneEventExactlyOneStores() throws Exception {
        String txn = id("txn_race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TransactionStore.AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store().append(event(txn, "evt_race", Status.SUCCEEDED, 100, null, T));
                }));
            }
            go.countDown();
            int stored = 0;
            for (var f : results) if (f.get() == TransactionStore.AppendResult.STORED) stored++;
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadFoldsEveryEventAndNotificationAndKeepsTheEmailSealed() {
        String txn = id("txn_fold");
        store().append(event(txn, "evt_a", Status.PENDING, 2500, "customer@example.com", T));
        store().append(event(txn, "evt_b", Status.SUCCEEDED, 2500, null, T.plusSeconds(1)));
        store().createNotification(queued(txn, "ntf_fold", T.plusSeconds(2)));
        Transaction t = store().load(txn).orElseThrow();
        assertThat(t.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(t.amount()).isEqualTo(new Money(2500, "EUR"));
        assertThat(t.events()).extracting(e -> e.eventId()).containsExactly("evt_a", "evt_b");
        assertThat(t.notifications()).extracting(Notification::notificationId).containsExactly("ntf_fold");
        assertThat(t.customerEmail()).as("sealed, not clear text").isNotNull();
        assertThat(new String(t.customerEmail().ciphertext(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("customer@example.com");
        assertThat(CIPHER.open(t.customerEmail(), FieldCipher.context(txn, "customer_email"))).isEqualTo("customer@example.com");
        assertThat(t.createdAt()).isEqualTo(T);
        assertThat(t.updatedAt()).isEqualTo(T.plusSeconds(1));
        assertThat(store().load(id("txn_unknown"))).isEmpty();
    }

    @Test
    void whatAnEventTakesBackAndWhyAnEventIsIgnoredAreKept() {
        String txn = id("txn_rev");
        store().append(event(txn, "evt_capture", Status.SUCCEEDED, 100, null, T));
        store().append(event(txn, "evt_refund", Status.REFUNDED, 100, null, T.plusSeconds(1)));
        PaymentEvent failed = PaymentEvent.builder("adyen", "evt_refund_failed", txn, "REFUND_FAILED", T.plusSeconds(2))
                .status(Status.SUCCEEDED).reverses(java.util.EnumSet.of(Status.REFUNDED, Status.PARTIALLY_REFUNDED)).build();
        PaymentEvent odd = PaymentEvent.builder("adyen", "evt_odd", txn, "CAPTURE", T.plusSeconds(3)).ignored("missing_field").build();
        new ProtectionGate(CIPHER).protect(List.of(failed, odd), ProtectionGate.Policy.DROP, T.plusSeconds(3)).forEach(store()::append);
        Transaction t = store().load(txn).orElseThrow();
        assertThat(t.status()).as("the refund failed: captured, not refunded").isEqualTo(Status.SUCCEEDED);
        assertThat(t.events()).filteredOn(e -> e.eventId().equals("evt_refund_failed")).singleElement()
                .satisfies(e -> assertThat(e.reverses()).containsExactlyInAnyOrder(Status.REFUNDED, Status.PARTIALLY_REFUNDED));
        assertThat(t.events()).filteredOn(e -> e.eventId().equals("evt_odd")).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.ignoredReason()).isEqualTo("missing_field");
        });
        assertThat(t.events()).filteredOn(e -> e.eventId().equals("evt_capture")).singleElement()
                .satisfies(e -> assertThat(e.ignoredReason()).isNull());
    }

    /**
     * Each event keeps the merchant the gate gave it (the one it named, else its provider's label), and the transaction's
     * is the earliest received event's — not the earliest occurred: a later delivery never moves a payment to another
     * merchant. Read the same through {@code load} and {@code loadAll}.
     */
    @Test
    void eachEventKeepsItsMerchantAndTheTransactionsIsTheEarliestReceivedEvents() {
        String txn = id("txn_merchant");
        ProtectionGate gate = new ProtectionGate(CIPHER, MerchantLabels.parse("PAYHOOK_MERCHANTS", "generic=shop-generic"));
        PaymentEvent named = PaymentEvent.builder("generic", "evt_named", txn, "payment.pending", T.minusSeconds(1))
                .status(Status.PENDING).amount(new Money(700, "EUR")).merchant("acct_1Shop").build();
        PaymentEvent unnamed = PaymentEvent.builder("generic", "evt_unnamed", txn, "payment.succeeded", T.minusSeconds(30))
                .status(Status.SUCCEEDED).amount(new Money(700, "EUR")).build();
        store().append(gate.protect(List.of(named), ProtectionGate.Policy.REFUSE, T).get(0));
        store().append(gate.protect(List.of(unnamed), ProtectionGate.Policy.REFUSE, T.plusSeconds(5)).get(0));
        Transaction t = store().load(txn).orElseThrow();
        assertThat(t.merchant()).isEqualTo("acct_1Shop");
        assertThat(t.events()).extracting(StoredEvent::eventId, StoredEvent::merchant).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("evt_named", "acct_1Shop"), org.assertj.core.groups.Tuple.tuple("evt_unnamed", "shop-generic"));
        assertThat(store().loadAll(List.of(txn)).get(txn).merchant()).isEqualTo("acct_1Shop");
        String other = id("txn_merchant_label");
        store().append(event(other, "evt_1", Status.SUCCEEDED, 100, null, T));
        assertThat(store().load(other).orElseThrow().merchant()).as("no merchant, no label").isEqualTo(MerchantLabels.DEFAULT);
    }

    @Test
    void aNotificationIsCreatedOnce() {
        String txn = id("txn_ntf");
        store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, null, T));
        assertThat(store().createNotification(queued(txn, "ntf_once", T))).isTrue();
        assertThat(store().createNotification(queued(txn, "ntf_once", T.plusSeconds(1)))).isFalse();
        assertThat(store().load(txn).orElseThrow().notifications()).singleElement()
                .satisfies(n -> assertThat(n.requestedAt()).isEqualTo(T));
    }

    /** {@link TransactionStore#claimNotification}: one attempt holds a notification. */
    @Test
    void oneAttemptHoldsANotificationUntilItRecordsAnOutcomeOrItsClaimEnds() {
        Instant t = T;
        String txn = id("txn_claim");
        store().append(event(txn, "evt_c_1", Status.SUCCEEDED, 100, null, t));
        store().createNotification(queued(txn, "ntf_claim", t));

        assertThat(store().claimNotification(txn, "ntf_claim", t, t.plusSeconds(60))).isTrue();
        assertThat(store().claimNotification(txn, "ntf_claim", t.plusSeconds(1), t.plusSeconds(61))).as("held").isFalse();
        assertThat(store().claimNotification(txn, "ntf_claim", t.plusSeconds(60), t.plusSeconds(120))).as("claim ended").isTrue();

        store().recordNotificationOutcome(txn, "ntf_claim", NotificationStatus.QUEUED, null); // a failed attempt
        assertThat(store().claimNotification(txn, "ntf_claim", t.plusSeconds(61), t.plusSeconds(121))).as("outcome ends the claim").isTrue();

        store().recordNotificationOutcome(txn, "ntf_claim", NotificationStatus.SENT, t.plusSeconds(62));
        assertThat(store().claimNotification(txn, "ntf_claim", t.plusSeconds(200), t.plusSeconds(260))).as("sent").isFalse();
        assertThat(store().claimNotification(txn, "ntf_unknown", t, t.plusSeconds(60))).as("unknown").isFalse();
        assertThat(store().load(txn).orElseThrow().notifications()).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.SENT);
            assertThat(n.attempts()).as("each claim is an attempt, also the one whose claim ran out unrecorded").isEqualTo(3);
        });
    }

    @Test
    void anOutcomeNeverDowngradesASentNotificationNorCreatesOne() {
        String txn = id("txn_sent");
        store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, null, T));
        store().createNotification(queued(txn, "ntf_sent", T));
        store().recordNotificationOutcome(txn, "ntf_sent", NotificationStatus.SENT, T.plusSeconds(1));
        store().recordNotificationOutcome(txn, "ntf_sent", NotificationStatus.FAILED, null);
        store().recordNotificationOutcome(txn, "ntf_never_created", NotificationStatus.FAILED, null);
        assertThat(store().load(txn).orElseThrow().notifications()).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.SENT);
            assertThat(n.sentAt()).isEqualTo(T.plusSeconds(1));
            // the late FAILED outcome (a copy whose send ended after the SENT was recorded) changes nothing; attempts count claims
            assertThat(n.attempts()).isZero();
        });
        assertThat(store().load(txn).orElseThrow().notifications()).extracting(Notification::notificationId).containsExactly("ntf_sent");
    }

    @Test
    void anAttemptKeepsItsDetailAndMessageIdAndFeedbackOnlyLandsOnASentNotification() {
        String txn = id("txn_fb");
        store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, null, T));
        store().createNotification(queued(txn, "ntf_sent", T));
        store().createNotification(queued(txn, "ntf_none", T));
        assertThat(store().recordNotificationFeedback(txn, "ntf_sent", NotificationStatus.BOUNCED, "bounce_permanent_general"))
                .as("not sent yet").isFalse();
        store().recordNotificationOutcome(txn, "ntf_sent", new TransactionStore.Attempt(NotificationStatus.SENT, T.plusSeconds(1), null, "ses-msg-1"));
        store().recordNotificationOutcome(txn, "ntf_none", new TransactionStore.Attempt(NotificationStatus.NO_RECIPIENT, null, "no_customer_email", null));
        assertThat(store().recordNotificationFeedback(txn, "ntf_sent", NotificationStatus.BOUNCED, "bounce_permanent_general")).isTrue();
        assertThat(store().recordNotificationFeedback(txn, "ntf_none", NotificationStatus.COMPLAINED, "complaint")).as("never sent").isFalse();
        assertThat(store().recordNotificationFeedback(txn, "ntf_unknown", NotificationStatus.COMPLAINED, "complaint")).isFalse();
        // final notifications are neither claimed nor changed by a late attempt
        assertThat(store().claimNotification(txn, "ntf_none", T.plusSeconds(5), T.plusSeconds(65))).isFalse();
        assertThat(store().claimNotification(txn, "ntf_sent", T.plusSeconds(5), T.plusSeconds(65))).isFalse();
        store().recordNotificationOutcome(txn, "ntf_sent", NotificationStatus.QUEUED, null);
        Map<String, Notification> byId = new java.util.HashMap<>();
        store().load(txn).orElseThrow().notifications().forEach(n -> byId.put(n.notificationId(), n));
        assertThat(byId.get("ntf_sent")).satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.BOUNCED);
            assertThat(n.detail()).isEqualTo("bounce_permanent_general");
            assertThat(n.messageId()).isEqualTo("ses-msg-1");
            assertThat(n.sentAt()).isEqualTo(T.plusSeconds(1));
        });
        assertThat(byId.get("ntf_none")).satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.NO_RECIPIENT);
            assertThat(n.detail()).isEqualTo("no_customer_email");
        });
    }

    @Test
    void notificationsAreFoundByStatusAndTransactionsByTheTimeTheyChanged() {
        String early = id("txn_early");
        String late = id("txn_late");
        Instant base = Instant.parse("2030-01-01T00:00:00Z").plusSeconds((long) (Math.random() * 1e6));
        store().append(event(early, "evt_1", Status.SUCCEEDED, 100, null, base));
        store().append(event(late, "evt_1", Status.SUCCEEDED, 100, null, base.plusSeconds(3600)));
        store().createNotification(queued(late, "ntf_" + late, base));
        store().recordNotificationOutcome(late, "ntf_" + late, NotificationStatus.FAILED, null);

        List<String> changed = new ArrayList<>();
        store().forEachTransactionChangedSince(base.plusSeconds(1800), changed::add);
        assertThat(changed).contains(late).doesNotContain(early);
        List<String> failed = new ArrayList<>();
        store().forEachNotification(NotificationStatus.FAILED, n -> failed.add(n.notificationId()));
        assertThat(failed).contains("ntf_" + late);
        List<String> queuedIds = new ArrayList<>();
        store().forEachNotification(NotificationStatus.QUEUED, n -> queuedIds.add(n.notificationId()));
        assertThat(queuedIds).doesNotContain("ntf_" + late);
    }

    /**
     * Open notifications (QUEUED, FAILED) and the problems (SUPPRESSED, BOUNCED) are found by status, each as
     * {@code load} shows it; a sent one or one without recipient is found under no status (it left the store's
     * index); asking for a status that is not indexed is refused.
     */
    @Test
    void openNotificationsAreFoundByStatusAndAFinalOneUnderNone() {
        String txn = id("txn_open");
        store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, "customer@example.com", T));
        List<String> ids = List.of("queued", "failed", "sent", "bounced", "none", "suppressed", "retried")
                .stream().map(k -> "ntf_" + k + "_" + txn).toList();
        for (int i = 0; i < ids.size(); i++) store().createNotification(queued(txn, ids.get(i), T.plusSeconds(i)));
        store().recordNotificationOutcome(txn, ids.get(1), NotificationStatus.FAILED, null);
        store().recordNotificationOutcome(txn, ids.get(2), NotificationStatus.SENT, T.plusSeconds(10));
        store().recordNotificationOutcome(txn, ids.get(3), NotificationStatus.SENT, T.plusSeconds(10));
        store().recordNotificationFeedback(txn, ids.get(3), NotificationStatus.BOUNCED, "bounce_permanent_general");
        store().recordNotificationOutcome(txn, ids.get(4), new TransactionStore.Attempt(NotificationStatus.NO_RECIPIENT, null, "no_customer_email", null));
        store().recordNotificationOutcome(txn, ids.get(5), new TransactionStore.Attempt(NotificationStatus.SUPPRESSED, null, "suppressed_address", null));
        store().recordNotificationOutcome(txn, ids.get(6), NotificationStatus.FAILED, null);
        store().recordNotificationOutcome(txn, ids.get(6), NotificationStatus.QUEUED, null); // redriven: open again

        Map<String, Notification> queued = new java.util.HashMap<>();
        store().forEachNotification(NotificationStatus.QUEUED, n -> { if (n.transactionId().equals(txn)) queued.put(n.notificationId(), n); });
        Map<String, Notification> failed = new java.util.HashMap<>();
        store().forEachNotification(NotificationStatus.FAILED, n -> { if (n.transactionId().equals(txn)) failed.put(n.notificationId(), n); });

        Map<String, Notification> bounced = new java.util.HashMap<>();
        store().forEachNotification(NotificationStatus.BOUNCED, n -> { if (n.transactionId().equals(txn)) bounced.put(n.notificationId(), n); });
        Map<String, Notification> suppressed = new java.util.HashMap<>();
        store().forEachNotification(NotificationStatus.SUPPRESSED, n -> { if (n.transactionId().equals(txn)) suppressed.put(n.notificationId(), n); });
        List<String> complained = new ArrayList<>();
        store().forEachNotification(NotificationStatus.COMPLAINED, n -> { if (n.transactionId().equals(txn)) complained.add(n.notificationId()); });

        assertThat(queued).containsOnlyKeys(ids.get(0), ids.get(6));
        assertThat(failed).containsOnlyKeys(ids.get(1));
        assertThat(bounced).containsOnlyKeys(ids.get(3));
        assertThat(suppressed).containsOnlyKeys(ids.get(5));
        assertThat(complained).isEmpty();
        Map<String, Notification> loaded = new java.util.HashMap<>();
        store().load(txn).orElseThrow().notifications().forEach(n -> loaded.put(n.notificationId(), n));
        assertThat(queued.get(ids.get(6))).isEqualTo(loaded.get(ids.get(6)));
        assertThat(failed.get(ids.get(1))).isEqualTo(loaded.get(ids.get(1)));
        assertThat(loaded.get(ids.get(3)).status()).isEqualTo(NotificationStatus.BOUNCED);
        assertThat(bounced.get(ids.get(3))).isEqualTo(loaded.get(ids.get(3)));
        assertThat(suppressed.get(ids.get(5))).isEqualTo(loaded.get(ids.get(5)));
        for (NotificationStatus s : NotificationStatus.values()) {
            if (!s.isIndexed()) {
                assertThatThrownBy(() -> store().forEachNotification(s, n -> { })).as(s.name())
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /**
     * {@link TransactionStore#recentNotifications} gives the newest requests of one status first, no more than the limit,
     * each as {@code load} shows it; a status that is not indexed, or a limit below 1, is refused.
     */
    @Test
    void recentNotificationsAreTheNewestRequestsOfOneStatus() {
        String txn = id("txn_recent");
        // far in the future: newer than what the other cases leave in the shared table
        Instant base = Instant.parse("2090-01-01T00:00:00Z").plusSeconds((long) (Math.random() * 1e6));
        store().append(event(txn, "evt_1", Status.SUCCEEDED, 100, "customer@example.com", base));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "ntf_" + i + "_" + txn;
            ids.add(id);
            store().createNotification(queued(txn, id, base.plusSeconds(i)));
            store().recordNotificationOutcome(txn, id, NotificationStatus.FAILED, null);
        }
        List<Notification> three = store().recentNotifications(NotificationStatus.FAILED, 3);
        assertThat(three).extracting(Notification::notificationId).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        Map<String, Notification> loaded = new java.util.HashMap<>();
        store().load(txn).orElseThrow().notifications().forEach(n -> loaded.put(n.notificationId(), n));
        assertThat(three.get(0)).isEqualTo(loaded.get(ids.get(4)));
        assertThat(store().recentNotifications(NotificationStatus.FAILED, 500)).extracting(Notification::notificationId)
                .containsSubsequence(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThatThrownBy(() -> store().recentNotifications(NotificationStatus.SENT, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().recentNotifications(NotificationStatus.FAILED, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@link TransactionStore#loadAll} gives what {@code load} gives, also across several read requests. */
    @Test
    void loadAllMatchesLoad() {
        Instant t = T;
        String run = id("all");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            String txn = run + "_" + i;
            ids.add(txn);
            store().append(event(txn, "evt_a_" + i, Status.PENDING, 100 + i, null, t));
            if (i % 3 == 0) {
                store().append(event(txn, "evt_b_" + i, Status.SUCCEEDED, 100 + i, "customer@example.com", t.plusSeconds(1)));
                store().createNotification(queued(txn, Transaction.autoNotificationId(txn, Status.SUCCEEDED), t));
            }
        }
        List<String> asked = new ArrayList<>(ids);
        asked.add(run + "_unknown");
        asked.add(ids.get(0)); // asked twice

        Map<String, Transaction> all = store().loadAll(asked);

        assertThat(all).hasSize(ids.size()).doesNotContainKey(run + "_unknown");
        for (String txn : ids) assertThat(all.get(txn)).as(txn).isEqualTo(store().load(txn).orElseThrow());
        assertThat(all.get(run + "_3").status()).isEqualTo(Status.SUCCEEDED);
        assertThat(all.get(run + "_3").notifications()).hasSize(1);
        assertThat(all.get(run + "_4").status()).isEqualTo(Status.PENDING);
        assertThat(store().loadAll(List.of(run + "_5"))).containsOnlyKeys(run + "_5");
        assertThat(store().loadAll(List.of())).isEmpty();
    }
}

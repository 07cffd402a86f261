package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.model.Status;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.paging.Cursors;
import io.payhook.core.port.InMemoryReplayJobs;
import io.payhook.core.port.InMemorySummaries;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.search.SearchQuery;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bulk re-notify: the filter, the cap, the frozen match, and steps that have no second effect when repeated. */
class ReplayNotificationsTest {
    static final Instant T = Instant.parse("2026-12-02T12:00:00Z");
    final Clock clock = Clock.fixed(T, ZoneOffset.UTC);
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final InMemorySummaries summaries = new InMemorySummaries();
    final InMemoryReplayJobs jobs = new InMemoryReplayJobs();
    final TestCipher cipher = new TestCipher();
    final AtomicInteger jobIds = new AtomicInteger();
    final SearchTransactions search = new SearchTransactions(summaries, new Cursors(message -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("replay-test".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }), Set.of("generic", "stripe"), clock);
    final RequestNotification request = new RequestNotification(store, clock, () -> "ntf_" + System.nanoTime());
    final AdvanceReplayJob steps = new AdvanceReplayJob(jobs, request, clock);

    ReplayNotifications replay(int max) {
        return new ReplayNotifications(search, jobs, clock, () -> String.format("rpl_%032x", jobIds.incrementAndGet()), max);
    }

    /** A stored transaction and its summary, in merchant {@code merchant}; every third has no customer email. */
    void stored(int i, String merchant) {
        String txn = "txn_" + i;
        PaymentEvent e = new PaymentEvent("generic", "evt_" + i, txn, "payment.succeeded", Status.SUCCEEDED, new Money(1000 + i, "EUR"),
                "cus_" + i, i % 3 == 0 ? null : "customer" + i + "@example.com", "visa ****4242", T.minusSeconds(i));
        store.append(new ProtectionGate(cipher).protect(List.of(e), ProtectionGate.Policy.REFUSE, T).get(0));
        summaries.put(new TransactionSummary(txn, "generic", merchant, "SUCCEEDED", new Money(1000 + i, "EUR"), "cus_" + i,
                T.minusSeconds(i), T.minusSeconds(i), 1));
    }

    static SearchQuery filter(String... kv) {
        Map<String, List<String>> p = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        return SearchQuery.parse(p);
    }

    /** Runs the job's steps the way the outbox does: one per change of the job, until it stops moving. */
    void runToEnd(String jobId) {
        while (steps.handle(jobId)) { }
    }

    List<Notification> notificationsOf(String jobId) {
        return store.notifications.values().stream()
                .filter(n -> n.notificationId().equals(ReplayJob.notificationId(jobId, n.transactionId()))).toList();
    }

    @Test
    void aJobRequestsOneNotificationForEveryMatchedTransactionWithTheReason() {
        for (int i = 0; i < 130; i++) stored(i, i % 2 == 0 ? "shop-eu" : "shop-us");
        ReplayJob job = replay(1000).start(filter("merchant", "shop-eu"), "  SES outage 2026-12-01  ");
        assertThat(job.matched()).isEqualTo(65);
        assertThat(job.next()).isZero();
        assertThat(job.filter()).isEqualTo("merchant=shop-eu");
        assertThat(job.reason()).isEqualTo("SES outage 2026-12-01");
        assertThat(job.transactionIds()).as("newest first, each once").doesNotHaveDuplicates().startsWith("txn_0", "txn_2");

        runToEnd(job.jobId());
        ReplayJob done = replay(1000).get(job.jobId());
        assertThat(done.done()).isTrue();
        assertThat(done.next()).isEqualTo(65);
        List<Notification> sent = notificationsOf(job.jobId());
        assertThat(sent).hasSize(65);
        assertThat(sent.stream().map(Notification::transactionId).collect(Collectors.toSet())).isEqualTo(Set.copyOf(job.transactionIds()));
        assertThat(sent).allSatisfy(n -> assertThat(n.reason()).isEqualTo("SES outage 2026-12-01"));
        // a transaction without an email gets its request recorded NO_RECIPIENT, the rest are queued for the sender
        assertThat(sent.stream().filter(n -> n.status() == NotificationStatus.NO_RECIPIENT).count())
                .isEqualTo(job.transactionIds().stream().filter(id -> Integer.parseInt(id.substring(4)) % 3 == 0).count());
        assertThat(sent.stream().filter(n -> n.status() == NotificationStatus.QUEUED).count()).isPositive();
    }

    @Test
    void aStepSeenTwiceAndAWholeJobRunTwiceRequestNothingTwice() {
        for (int i = 0; i < 120; i++) stored(i, "shop-eu");
        ReplayJob job = replay(1000).start(filter("merchant", "shop-eu"), "retry");
        assertThat(steps.handle(job.jobId())).isTrue();
        int afterOne = store.notifications.size();
        assertThat(afterOne).isEqualTo(AdvanceReplayJob.STEP);
        // the stream delivers the same change again, and a retry finds the step's position moved: nothing new
        jobs.jobs.computeIfPresent(job.jobId(), (id, j) -> new ReplayJob(j.jobId(), j.filter(), j.reason(), j.requestedAt(),
                j.transactionIds(), 0, j.updatedAt())); // as if the first step's move had been lost
        assertThat(steps.handle(job.jobId())).isTrue();
        assertThat(store.notifications).hasSize(afterOne);
        runToEnd(job.jobId());
        runToEnd(job.jobId());
        assertThat(steps.handle(job.jobId())).as("a done job does not move").isFalse();
        assertThat(notificationsOf(job.jobId())).hasSize(120);
        assertThat(store.notifications).hasSize(120);
        // another job of the same filter is another re-send: its own notifications
        ReplayJob again = replay(1000).start(filter("merchant", "shop-eu"), "second try");
        runToEnd(again.jobId());
        assertThat(notificationsOf(again.jobId())).hasSize(120);
        assertThat(store.notifications).hasSize(240);
    }

    @Test
    void moreMatchesThanTheCapAreRefusedBeforeAnythingIsWritten() {
        for (int i = 0; i < 12; i++) stored(i, "shop-eu");
        assertThatThrownBy(() -> replay(11).start(filter("merchant", "shop-eu"), "too many"))
                .isInstanceOfSatisfying(PayhookException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REPLAY_TOO_LARGE);
                    assertThat(e.getMessage()).contains("11");
                });
        assertThat(jobs.jobs).isEmpty();
        assertThat(store.notifications).isEmpty();
        assertThat(replay(12).start(filter("merchant", "shop-eu"), "exactly the cap").matched()).isEqualTo(12);
    }

    @Test
    void aJobNeedsAFilterAndAReason() {
        stored(1, "shop-eu");
        assertThatThrownBy(() -> replay(10).start(filter(), "everyone"))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> replay(10).start(filter("merchant", "shop-eu"), "  "))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
        assertThatThrownBy(() -> replay(10).start(filter("merchant", "shop-eu"), "x".repeat(201)))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThat(jobs.jobs).isEmpty();
    }

    @Test
    void aFilterMatchingNothingMakesAJobThatIsDoneAtOnce() {
        stored(1, "shop-eu");
        ReplayJob job = replay(10).start(filter("merchant", "shop-us"), "nobody");
        assertThat(job.matched()).isZero();
        assertThat(job.done()).isTrue();
        assertThat(steps.handle(job.jobId())).isFalse();
    }

    @Test
    void aTransactionGoneSinceTheMatchIsPassedOver() {
        stored(1, "shop-eu");
        summaries.put(new TransactionSummary("txn_gone", "generic", "shop-eu", "SUCCEEDED", new Money(1, "EUR"), null, T, T, 1));
        ReplayJob job = replay(10).start(filter("merchant", "shop-eu"), "r");
        assertThat(job.matched()).isEqualTo(2);
        runToEnd(job.jobId());
        assertThat(replay(10).get(job.jobId()).done()).isTrue();
        assertThat(notificationsOf(job.jobId())).extracting(Notification::transactionId).containsExactly("txn_1");
    }

    @Test
    void anUnknownOrMalformedJobIdIsRefused() {
        assertThatThrownBy(() -> replay(10).get("rpl_" + "0".repeat(32)))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> replay(10).get("../etc"))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID));
        assertThat(ReplayJob.notificationId("rpl_a", "txn_1")).isNotEqualTo(ReplayJob.notificationId("rpl_b", "txn_1"))
                .isEqualTo(ReplayJob.notificationId("rpl_a", "txn_1")).startsWith("ntf_rpl_");
    }
}

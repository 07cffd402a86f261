package io.payhook.local;

import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 300 deliveries of one event at 50-way concurrency: every answer 200, one stored event, 299
 * duplicates, one notification, one email, and the {@link InvariantChecker} finds the system settled.
 */
class DuplicateStormIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.WARN);

    @Test
    void threeHundredCopiesFiftyAtATimeStoreOneEventAndSendOneEmail() throws Exception {
        String body = GenericBody.of("evt_storm", "txn_storm", "succeeded", 4242, "EUR", "customer@example.com");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger fresh = new AtomicInteger(), duplicates = new AtomicInteger(), other = new AtomicInteger();
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    var r = local.webhook(body);
                    if (r.status() != 200) other.incrementAndGet();
                    else if (r.json().get("duplicate").asBoolean()) duplicates.incrementAndGet();
                    else fresh.incrementAndGet();
                    return r.status();
                }));
            }
            go.countDown();
            for (Future<Integer> f : answers) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            pool.shutdown();
        }
        assertThat(other.get()).as("non-2xx answers").isZero();
        assertThat(fresh.get()).isEqualTo(1);
        assertThat(duplicates.get()).isEqualTo(299);
        assertThat(local.client().get("/transactions/txn_storm").json().get("events")).hasSize(1);
        Eventually.await("the one email", WAIT, () -> Mailbox.forTransaction(local.dir(), "txn_storm").size() == 1);
        Eventually.await("recorded SENT", WAIT, () -> local.client().get("/transactions/txn_storm").json()
                .get("notifications").get(0).get("status").asText().equals("SENT"));

        InvariantChecker.Report report = Eventually.settled(local.system(),
                List.of(new InvariantChecker.Acknowledged("txn_storm", "evt_storm")), WAIT);
        System.out.println("duplicate storm:\n" + report.render());
        assertThat(report.violations()).isEmpty();
        assertThat(report.eventsStored()).isEqualTo(1);
        assertThat(report.notifications()).isEqualTo(1);
        assertThat(report.emails()).isEqualTo(1);
        assertThat(Mailbox.forTransaction(local.dir(), "txn_storm")).hasSize(1);
        assertThat(local.client().get("/transactions/txn_storm").json().get("notifications")).hasSize(1);
    }
}

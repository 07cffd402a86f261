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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** 300 deliveries of one event at 50-way concurrency: one stored event, one email, 299 duplicates. */
class DuplicateStormIT {
    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.WARN);

    @Test
    void threeHundredCopiesFiftyAtATime() throws Exception {
        String body = GenericBody.of("evt_storm", "txn_storm", "succeeded", 4242, "EUR", "customer@example.com");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger fresh = new AtomicInteger(), duplicates = new AtomicInteger(), other = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                var r = local.webhook(body);
                if (r.status() != 200) other.incrementAndGet();
                else if (r.json().get("duplicate").asBoolean()) duplicates.incrementAndGet();
                else fresh.incrementAndGet();
                return null;
            }));
        }
        go.countDown();
        for (var f : futures) f.get();
        pool.shutdown();
        assertThat(other.get()).as("non-2xx answers").isZero();
        assertThat(fresh.get()).isEqualTo(1);
        assertThat(duplicates.get()).isEqualTo(299);
        assertThat(local.client().get("/transactions/txn_storm").json().get("events")).hasSize(1);
        Eventually.await("the one email", Duration.ofSeconds(60), () -> Mailbox.forTransaction(local.dir(), "txn_storm").size() == 1);
        Eventually.await("recorded SENT", Duration.ofSeconds(60), () -> local.client().get("/transactions/txn_storm").json()
                .get("notifications").get(0).get("status").asText().equals("SENT"));
        assertThat(Mailbox.forTransaction(local.dir(), "txn_storm")).hasSize(1);
        assertThat(local.client().get("/transactions/txn_storm").json().get("notifications")).hasSize(1);
    }
}

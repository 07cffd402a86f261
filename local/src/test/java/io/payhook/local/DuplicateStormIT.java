package io.payhook.local;

import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** 300 deliveries of one event at 50-way concurrency: one stored event, one email, 299 duplicates. */
class DuplicateStormIT {
    @Test
    void threeHundredCopiesFiftyAtATime(@TempDir Path dir) throws Exception {
        LocalConfig config = LocalConfig.fromEnvironment(Map.of(), 0, dir).withLogLevel(JsonLog.Level.WARN)
                .withRetry(Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (LocalSystem system = new LocalSystem(config).start()) {
            TestClient client = new TestClient(system.url(), config);
            String body = TestClient.generic("evt_storm", "txn_storm", "succeeded", 4242, "EUR", "customer@example.com");
            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger fresh = new AtomicInteger(), duplicates = new AtomicInteger(), other = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    var r = client.webhook(body);
                    if (r.status() != 200) other.incrementAndGet();
                    else if (r.body().get("duplicate").asBoolean()) duplicates.incrementAndGet();
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
            assertThat(client.get("/transactions/txn_storm").body().get("events")).hasSize(1);
            Eventually.await("the one email", Duration.ofSeconds(60), () -> Mailbox.forTransaction(dir, "txn_storm").size() == 1);
            Eventually.await("recorded SENT", Duration.ofSeconds(60), () -> client.get("/transactions/txn_storm").body()
                    .get("notifications").get(0).get("status").asText().equals("SENT"));
            assertThat(Mailbox.forTransaction(dir, "txn_storm")).hasSize(1);
            assertThat(client.get("/transactions/txn_storm").body().get("notifications")).hasSize(1);
        }
    }
}

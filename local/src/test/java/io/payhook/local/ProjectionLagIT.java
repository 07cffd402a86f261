package io.payhook.local;

import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection lag, measured (docs/BENCHMARKS.md "Search projection lag"): at rest, one delivery at a time, the
 * time from the webhook's 200 to the first {@code GET /transactions} that returns the transaction. Prints one JSON
 * line; asserts only that every delivery became visible (no timed assertion).
 *
 * <pre>{@code mvn -B -o verify -Dmaven.antrun.skip=true -pl local -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ProjectionLagIT -Dfailsafe.failIfNoSpecifiedTests=false -Dpayhook.lag.samples=50}</pre>
 */
class ProjectionLagIT {
    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.WARN);

    @Test
    void fromTheWebhooks200ToVisibleInSearch() throws InterruptedException {
        int samples = Integer.getInteger("payhook.lag.samples", 30);
        String merchant = "lag-" + Long.toString(System.nanoTime(), 36);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < samples + 3; i++) {
            String txn = "txn_" + merchant + "_" + i;
            String json = "{\"event_id\":\"evt_" + txn + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment.succeeded\","
                    + "\"status\":\"succeeded\",\"amount\":{\"value\":100,\"currency\":\"EUR\"},\"merchant\":\"" + merchant + "\","
                    + "\"occurred_at\":\"" + Instant.now() + "\"}";
            assertThat(local.webhook(json).status()).isEqualTo(200);
            long acked = System.nanoTime();
            Eventually.await("the summary of " + txn + " is searchable", Duration.ofSeconds(30), () -> {
                PayhookClient.Response r = local.client().get("/transactions?merchant=" + merchant + "&limit=1");
                return r.status() == 200 && r.json().get("transactions").size() == 1
                        && r.json().get("transactions").get(0).get("transaction_id").asText().equals(txn);
            });
            if (i >= 3) ms.add((System.nanoTime() - acked) / 1e6); // the first ones warm the JIT up
            Thread.sleep(200); // at rest: the pollers idle between deliveries
        }
        Collections.sort(ms);
        System.out.println(String.format(Locale.ROOT, "{\"projection_lag_ms\":{\"samples\":%d,\"p50\":%.0f,\"p90\":%.0f,\"max\":%.0f}}",
                ms.size(), ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.9) - 1), ms.get(ms.size() - 1)));
        assertThat(ms).hasSize(samples);
    }
}

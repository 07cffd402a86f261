package io.payhook.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payhook.local.cli.PayhookCli;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./payhook scale} at a tiny size — 300 transactions, a 50-event big transaction, one serve start per data dir —
 * runs to the end and its last line is the JSON object with every figure and target check, each plausible. Nothing
 * timed is asserted beyond being a positive number.
 */
class ScaleIT {

    @Test
    void aSmallRunReportsEveryFigureAndTheTargets() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PayhookCli.run(new String[] {"scale", "--transactions", "300", "--big-events", "50", "--requests", "10",
                "--concurrency", "8", "--slices", "2", "--floor-slice", "1s", "--start-runs", "1", "--json"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(out + "\n" + err).isZero();
        String[] lines = out.toString().strip().split("\\R");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);

        assertThat(j.get("transactions").asInt()).isEqualTo(300);
        // ~1.13 webhooks per transaction (second events), plus the lag samples' own transactions
        assertThat(j.get("webhooks").asLong()).isBetween(300L, 500L);
        assertThat(j.get("errors").asLong()).isZero();
        assertThat(j.get("lag_not_found").asLong()).isZero();
        for (String k : List.of("acked_per_s", "floor_put_per_s", "ack_vs_floor", "ack_p99_ms", "search_p50_ms", "search_p99_ms",
                "get_p99_ms_1", "get_p99_ms_big", "get_big_vs_1", "search_vs_get", "start_ms_0", "start_ms_n", "start_ratio")) {
            assertThat(j.get(k).asDouble()).as(k).isPositive();
        }
        assertThat(j.get("acked_slices_per_s")).hasSize(2);
        assertThat(j.get("floor_slices_per_s")).hasSize(3);
        assertThat(j.get("lag_samples").asInt()).isPositive();
        assertThat(j.get("projection_lag_p99_ms").asDouble()).isPositive()
                .isGreaterThanOrEqualTo(j.get("projection_lag_p50_ms").asDouble());
        assertThat(j.get("big_events").asInt()).isEqualTo(50);

        // every webhook writes its event item; the risk screen its finding (when it changed) and, for a failure, a velocity
        // marker; each projected event its summary and that summary's index entries
        JsonNode units = j.get("write_units_per_webhook");
        assertThat(units.get("payment_transactions").asDouble()).isBetween(0.99, 4.0);
        assertThat(units.get("payment_transaction_summaries").asDouble()).isBetween(0.3, 2.5); // again when a risk finding changes
        assertThat(units.get("payment_transaction_summaries/by_merchant")).isNotNull();
        assertThat(j.get("items_per_webhook").asDouble()).isBetween(2.0, 20.0);
        assertThat(j.get("items_stored_per_webhook").asDouble()).isBetween(2.0, 20.0);
        assertThat(j.get("items_stored_per_webhook_by_table").get("payment_transactions").asDouble()).isBetween(0.99, 4.0);

        // every fixed search ran, and the spread gives the unselective ones a full first page
        JsonNode searches = j.get("searches");
        assertThat(searches.size()).isEqualTo(ScaleCommand.QUERIES.size());
        ScaleCommand.QUERIES.forEach(q -> assertThat(searches.get(q).get("p99_ms").asDouble()).as(q).isPositive());
        assertThat(searches.get("provider").get("results").asInt()).isEqualTo(25);
        assertThat(searches.get("customer").get("results").asInt()).isPositive();
        assertThat(searches.get("time_range").get("results").asInt()).isPositive();

        JsonNode targets = j.get("targets");
        for (String t : List.of("search_p99_le_3x_get_p99", "start_ratio_le_1_2", "ack_ge_70pct_floor")) {
            assertThat(targets.get(t).isBoolean()).as(t).isTrue();
        }
    }
}

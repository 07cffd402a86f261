package io.payhook.local.console;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsHistoryTest {
    static String text(double storedStripe, double refusedStripe, double sent) {
        return "# HELP payhook_webhooks_received_total Webhook events received\n"
                + "# TYPE payhook_webhooks_received_total counter\n"
                + "payhook_webhooks_received_total{outcome=\"stored\",provider=\"stripe\"} " + storedStripe + "\n"
                + "payhook_webhooks_received_total{outcome=\"refused\",provider=\"stripe\"} " + refusedStripe + "\n"
                + "payhook_webhooks_refused_total{provider=\"stripe\",reason=\"signature_invalid\"} " + refusedStripe + "\n"
                + "payhook_notifications_total{channel=\"email\",outcome=\"sent\"} " + sent + "\n"
                + "payhook_ingest_latency_seconds_count 3.0\n";
    }

    /** A clock a test moves. */
    static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void parsesOurThreeCountersByTheirLabels() {
        var values = MetricsHistory.parse(text(5, 2, 4));
        assertThat(values).containsEntry(new MetricsHistory.Key("received", "stripe", "stored"), 5.0)
                .containsEntry(new MetricsHistory.Key("refused", "stripe", "signature_invalid"), 2.0)
                .containsEntry(new MetricsHistory.Key("notified", "email", "sent"), 4.0)
                .hasSize(4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersTheIncreasePerIntervalAndOverTheWindow() {
        Moving clock = new Moving();
        AtomicReference<String> scrape = new AtomicReference<>(text(0, 0, 0));
        MetricsHistory history = new MetricsHistory(scrape::get, clock);
        history.sample();
        clock.now = clock.now.plusSeconds(10);
        scrape.set(text(3, 1, 2));
        history.sample();
        clock.now = clock.now.plusSeconds(10);
        scrape.set(text(7, 1, 2)); // the answer's own sample, taken now

        Map<String, Object> a = history.answer();
        assertThat((List<String>) a.get("times")).containsExactly("2026-12-02T10:00:10Z", "2026-12-02T10:00:20Z");
        var series = (Map<String, Map<String, List<Long>>>) a.get("series");
        assertThat(series.get("received")).containsOnlyKeys("stripe").containsEntry("stripe", List.of(3L, 4L));
        assertThat(series.get("refused")).containsEntry("stripe", List.of(1L, 0L));
        assertThat(series.get("notified")).containsEntry("sent", List.of(2L, 0L));
        assertThat((List<Map<String, Object>>) a.get("refused_last_hour"))
                .containsExactly(Map.of("provider", "stripe", "reason", "signature_invalid", "count", 1L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsOneHourAndNoMore() {
        Moving clock = new Moving();
        AtomicReference<String> scrape = new AtomicReference<>(text(0, 0, 0));
        MetricsHistory history = new MetricsHistory(scrape::get, clock);
        for (int i = 0; i < MetricsHistory.CAPACITY + 50; i++) {
            scrape.set(text(i, 0, 0));
            history.sample();
            clock.now = clock.now.plus(MetricsHistory.INTERVAL);
        }
        Map<String, Object> a = history.answer();
        assertThat((List<String>) a.get("times")).hasSize(MetricsHistory.CAPACITY);
        var received = ((Map<String, Map<String, List<Long>>>) a.get("series")).get("received").get("stripe");
        assertThat(received.stream().mapToLong(Long::longValue).sum()).as("an hour of one per interval").isEqualTo(MetricsHistory.CAPACITY - 1);
    }
}

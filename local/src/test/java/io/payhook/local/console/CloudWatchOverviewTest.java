package io.payhook.local.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CloudWatchOverviewTest {
    static final Instant FROM = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofMinutes(3));

    static CloudWatchOverview.Series series(String metric, Map<String, String> dims, Map<Instant, Double> sums) {
        return new CloudWatchOverview.Series(metric, dims, sums);
    }

    static final List<CloudWatchOverview.Series> SAMPLE = List.of(
            series("WebhooksReceived", Map.of("Provider", "stripe", "Outcome", "stored"), Map.of(FROM, 3.0, FROM.plusSeconds(120), 2.0)),
            series("WebhooksReceived", Map.of("Provider", "stripe", "Outcome", "duplicate"), Map.of(FROM, 1.0)),
            series("WebhooksReceived", Map.of("Provider", "stripe", "Outcome", "refused"), Map.of(FROM.plusSeconds(60), 4.0)),
            series("WebhooksRefused", Map.of("Provider", "stripe", "Reason", "signature_invalid"), Map.of(FROM.plusSeconds(60), 4.0)),
            series("WebhooksRefused", Map.of("Provider", "adyen", "Reason", "signature_expired"), Map.of()),
            series("Notifications", Map.of("Channel", "email", "Outcome", "sent"), Map.of(FROM.plusSeconds(60), 5.0)),
            series("Notifications", Map.of("Channel", "email", "Outcome", "bounced"), Map.of(FROM.plusSeconds(120), 1.0)));

    @Test
    @SuppressWarnings("unchecked")
    void theStacksMetricsInTheLocalAnswersShapeOnePointPerMinute() {
        Map<String, Object> a = CloudWatchOverview.answer(SAMPLE, FROM, TO, Duration.ofMinutes(1), "eu-west-1");
        assertThat(a.get("mode")).isEqualTo("proxy");
        assertThat(a.get("interval_s")).isEqualTo(60L);
        assertThat((List<String>) a.get("times")).containsExactly("2026-12-02T10:01:00Z", "2026-12-02T10:02:00Z", "2026-12-02T10:03:00Z");
        var series = (Map<String, Map<String, List<Long>>>) a.get("series");
        assertThat(series.get("received")).as("refused outcomes are charted as refused").containsOnlyKeys("stripe")
                .containsEntry("stripe", List.of(4L, 0L, 2L));
        assertThat(series.get("refused")).containsEntry("stripe", List.of(0L, 4L, 0L)).containsEntry("adyen", List.of(0L, 0L, 0L));
        assertThat(series.get("notified")).containsEntry("sent", List.of(0L, 5L, 0L)).containsEntry("bounced", List.of(0L, 0L, 1L));
        assertThat((List<Map<String, Object>>) a.get("refused_last_hour"))
                .containsExactly(Map.of("provider", "stripe", "reason", "signature_invalid", "count", 4L));
        assertThat((List<Map<String, Object>>) a.get("notifications_last_hour")).containsExactly(
                Map.of("channel", "email", "outcome", "bounced", "count", 1L), Map.of("channel", "email", "outcome", "sent", "count", 5L));
        assertThat((String) a.get("source")).contains("CloudWatch").contains("eu-west-1");
    }

    @Test
    void readsCloudWatchAtMostOnceInItsCacheTimeOverTheLastWholeHour() {
        MetricsHistoryTest.Moving clock = new MetricsHistoryTest.Moving();
        clock.now = Instant.parse("2026-12-02T10:30:42Z");
        List<Instant[]> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CloudWatchOverview overview = new CloudWatchOverview((from, to, period) -> {
            reads.add(new Instant[] {from, to});
            return List.of();
        }, "eu-west-1", clock);
        overview.get();
        clock.now = clock.now.plusSeconds(10);
        overview.get();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0)).containsExactly(Instant.parse("2026-12-02T09:30:00Z"), Instant.parse("2026-12-02T10:30:00Z"));
        clock.now = Instant.parse("2026-12-02T10:30:42Z").plus(CloudWatchOverview.CACHE).plusSeconds(1);
        overview.get();
        assertThat(reads).hasSize(2);
        assertThat(reads.get(1)).containsExactly(Instant.parse("2026-12-02T09:31:00Z"), Instant.parse("2026-12-02T10:31:00Z"));
    }
}

package io.payhook.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payhook.core.port.Metrics;
import io.payhook.functions.JsonLog;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@link Metrics} port on Micrometer, scraped as Prometheus text at {@code GET /metrics} on the loopback
 * server — the figures the functions write as CloudWatch embedded metrics in AWS:
 * <pre>
 * payhook_webhooks_received_total{provider, outcome = stored|duplicate|ignored|refused}
 * payhook_webhooks_refused_total{provider, reason = the error code, e.g. signature_invalid}
 * payhook_notifications_total{channel, outcome = sent|failed|dead_lettered|bounced|complained|suppressed|no_recipient}
 * payhook_risk_high_total
 * payhook_ingest_latency_seconds (histogram: _bucket{le}, _count, _sum; and _max)
 * </pre>
 * Label values are the port's stable codes (never ids or personal data). Recording never throws.
 */
final class PrometheusMetrics implements Metrics {
    /** Histogram buckets of the ingest latency: the acknowledgement target is 500 ms, our own far tighter. */
    static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer latency;

    PrometheusMetrics() {
        latency = Timer.builder("payhook.ingest.latency")
                .description("How long acknowledging a webhook delivery took")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    @Override
    public void webhookReceived(String provider, Received outcome) {
        count("payhook.webhooks.received", "Webhook events received, by provider and outcome",
                "provider", provider, "outcome", code(outcome));
    }

    @Override
    public void webhookRefused(String provider, String reason) {
        count("payhook.webhooks.refused", "Webhook deliveries refused, by provider and error code",
                "provider", provider, "reason", reason);
    }

    @Override
    public void notification(String channel, Delivery outcome) {
        count("payhook.notifications", "Customer notification outcomes, by channel", "channel", channel, "outcome", code(outcome));
    }

    @Override
    public void ingestLatency(Duration d) {
        try {
            latency.record(d);
        } catch (RuntimeException e) {
            dropped(e);
        }
    }

    @Override
    public void riskHigh() {
        try {
            Counter.builder("payhook.risk.high").description("Payments whose risk became high").register(registry).increment();
        } catch (RuntimeException e) {
            dropped(e);
        }
    }

    /** Everything recorded, in the Prometheus text exposition format (version 0.0.4). */
    String scrape() { return registry.scrape(); }

    /** The content type of {@link #scrape()}. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private void count(String name, String description, String k1, String v1, String k2, String v2) {
        try {
            Counter.builder(name).description(description).tag(k1, label(v1)).tag(k2, label(v2)).register(registry).increment();
        } catch (RuntimeException e) {
            dropped(e);
        }
    }

    private static String code(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }

    private static String label(String v) { return v == null || v.isBlank() ? "unknown" : v; }

    private static void dropped(RuntimeException e) {
        JsonLog.warn("metric not recorded", "error", e.getClass().getSimpleName());
    }
}

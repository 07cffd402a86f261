package io.payhook.local;

import io.payhook.core.port.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Metrics port as Prometheus text: names, labels, values. */
class PrometheusMetricsTest {

    @Test
    void countersAndTheLatencyHistogramInPrometheusText() {
        PrometheusMetrics m = new PrometheusMetrics();
        m.webhookReceived("stripe", Metrics.Received.STORED);
        m.webhookReceived("stripe", Metrics.Received.STORED);
        m.webhookReceived("generic", Metrics.Received.REFUSED);
        m.webhookRefused("generic", "signature_invalid");
        m.notification("smtp", Metrics.Delivery.DEAD_LETTERED);
        m.ingestLatency(Duration.ofMillis(3));
        m.ingestLatency(Duration.ofMillis(30));
        String text = m.scrape();
        assertThat(text)
                .contains("# TYPE payhook_webhooks_received_total counter")
                .contains("payhook_webhooks_received_total{outcome=\"stored\",provider=\"stripe\"} 2.0")
                .contains("payhook_webhooks_received_total{outcome=\"refused\",provider=\"generic\"} 1.0")
                .contains("payhook_webhooks_refused_total{provider=\"generic\",reason=\"signature_invalid\"} 1.0")
                .contains("payhook_notifications_total{channel=\"smtp\",outcome=\"dead_lettered\"} 1.0")
                .contains("# TYPE payhook_ingest_latency_seconds histogram")
                .contains("payhook_ingest_latency_seconds_bucket{le=\"0.005\"} 1")
                .contains("payhook_ingest_latency_seconds_bucket{le=\"0.05\"} 2")
                .contains("payhook_ingest_latency_seconds_bucket{le=\"+Inf\"} 2")
                .contains("payhook_ingest_latency_seconds_count 2");
    }

    @Test
    void paymentsFoundHighRiskAreCounted() {
        PrometheusMetrics m = new PrometheusMetrics();
        m.riskHigh();
        assertThat(m.scrape()).contains("payhook_risk_high_total 1.0");
    }

    @Test
    void aMissingLabelValueIsUnknownAndNothingThrows() {
        PrometheusMetrics m = new PrometheusMetrics();
        m.webhookRefused(null, "payload_too_large");
        m.ingestLatency(Duration.ofSeconds(-1));
        assertThat(m.scrape()).contains("payhook_webhooks_refused_total{provider=\"unknown\",reason=\"payload_too_large\"} 1.0");
    }
}

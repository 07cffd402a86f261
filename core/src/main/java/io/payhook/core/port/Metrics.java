package io.payhook.core.port;

import java.time.Duration;

/**
 * Business metrics: CloudWatch embedded metric format in AWS (namespace {@code Payhook}), Prometheus
 * text at {@code GET /metrics} locally. Dimension values are stable codes, never ids or personal data.
 * Implementations must not throw: a metric that cannot be recorded is dropped, never the request.
 */
public interface Metrics {

    /** Outcomes of a received webhook event ({@code WebhooksReceived}, dimension {@code Outcome}). */
    enum Received { STORED, DUPLICATE, IGNORED, REFUSED }

    /** Outcomes of a notification ({@code Notifications}, dimension {@code Outcome}). */
    enum Delivery { SENT, FAILED, DEAD_LETTERED, BOUNCED, COMPLAINED, SUPPRESSED, NO_RECIPIENT }

    /** One event of a delivery (a batch counts each), or one refused delivery. */
    void webhookReceived(String provider, Received outcome);

    /** A refused delivery ({@code WebhooksRefused}: provider, and the error code as the reason). */
    void webhookRefused(String provider, String reason);

    /** A notification outcome on a channel ({@code ses}, {@code sns}, {@code smtp}, or {@code email} before one is chosen). */
    void notification(String channel, Delivery outcome);

    /** How long acknowledging a delivery took ({@code IngestLatency}). */
    void ingestLatency(Duration latency);

    /**
     * The risk screen found a payment's risk high ({@code RiskHigh}, Count, no dimension): counted when a finding becomes
     * high, with its operations alert. Recorded by nothing else, hence the default.
     */
    default void riskHigh() { }

    /** Records nothing (unit tests, and tools that need no metrics). */
    Metrics NONE = new Metrics() {
        @Override public void webhookReceived(String provider, Received outcome) { }
        @Override public void webhookRefused(String provider, String reason) { }
        @Override public void notification(String channel, Delivery outcome) { }
        @Override public void ingestLatency(Duration latency) { }
    };
}

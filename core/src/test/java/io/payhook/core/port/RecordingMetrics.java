package io.payhook.core.port;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Metrics that unit tests read back: every call as a line, e.g. {@code received stripe STORED}. */
public final class RecordingMetrics implements Metrics {
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<Duration> latencies = new CopyOnWriteArrayList<>();

    @Override public void webhookReceived(String provider, Received outcome) { lines.add("received " + provider + " " + outcome); }

    @Override public void webhookRefused(String provider, String reason) { lines.add("refused " + provider + " " + reason); }

    @Override public void notification(String channel, Delivery outcome) { lines.add("notification " + channel + " " + outcome); }

    @Override public void ingestLatency(Duration latency) { latencies.add(latency); }

    @Override public void riskHigh() { lines.add("risk high"); }
}

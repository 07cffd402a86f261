package io.payhook.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payhook.core.port.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The EMF lines exactly as CloudWatch reads them (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html). */
class EmfMetricsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);
    static final long TS = CLOCK.millis();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final EmfMetrics metrics = new EmfMetrics(new PrintStream(out, true, StandardCharsets.UTF_8), CLOCK, "dev");
    final Consumer<Invocation> flush = metrics::flush;

    @BeforeEach
    void hook() { Invocation.onEnd(flush); }

    @AfterEach
    void unhook() { Invocation.removeOnEnd(flush); }

    List<String> lines() { return out.toString(StandardCharsets.UTF_8).lines().toList(); }

    @Test
    void oneInvocationWritesOneLinePerMetricAndDimensionValuesWhenItEnds() {
        try (Invocation i = Invocation.begin("req-1", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")) {
            metrics.webhookReceived("stripe", Metrics.Received.STORED);
            metrics.webhookReceived("stripe", Metrics.Received.STORED);
            metrics.webhookReceived("stripe", Metrics.Received.DUPLICATE);
            metrics.ingestLatency(Duration.ofMillis(42));
            assertThat(out.size()).as("nothing before the invocation ends").isZero();
        }
        assertThat(lines()).containsExactly(
                "{\"_aws\":{\"Timestamp\":" + TS + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Payhook\",\"Dimensions\":[[\"Provider\",\"Outcome\"]],"
                        + "\"Metrics\":[{\"Name\":\"WebhooksReceived\",\"Unit\":\"Count\"}]}]},\"Provider\":\"stripe\",\"Outcome\":\"stored\","
                        + "\"WebhooksReceived\":2,\"service\":\"payhook\",\"env\":\"dev\",\"request_id\":\"req-1\",\"trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\"}",
                "{\"_aws\":{\"Timestamp\":" + TS + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Payhook\",\"Dimensions\":[[\"Provider\",\"Outcome\"]],"
                        + "\"Metrics\":[{\"Name\":\"WebhooksReceived\",\"Unit\":\"Count\"}]}]},\"Provider\":\"stripe\",\"Outcome\":\"duplicate\","
                        + "\"WebhooksReceived\":1,\"service\":\"payhook\",\"env\":\"dev\",\"request_id\":\"req-1\",\"trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\"}",
                "{\"_aws\":{\"Timestamp\":" + TS + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Payhook\",\"Dimensions\":[[]],"
                        + "\"Metrics\":[{\"Name\":\"IngestLatency\",\"Unit\":\"Milliseconds\"}]}]},\"IngestLatency\":42,"
                        + "\"service\":\"payhook\",\"env\":\"dev\",\"request_id\":\"req-1\",\"trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\"}");
    }

    @Test
    void refusalsAndNotificationsWithTheirDimensions() {
        try (Invocation i = Invocation.begin("req-2", null)) {
            metrics.webhookReceived("adyen", Metrics.Received.REFUSED);
            metrics.webhookRefused("adyen", "signature_invalid");
            metrics.notification("ses", Metrics.Delivery.DEAD_LETTERED);
            metrics.notification("ses", Metrics.Delivery.NO_RECIPIENT);
            metrics.ingestLatency(Duration.ofNanos(1_500_000));
        }
        List<String> l = lines();
        assertThat(l).hasSize(5);
        assertThat(l.get(1)).isEqualTo("{\"_aws\":{\"Timestamp\":" + TS + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Payhook\","
                + "\"Dimensions\":[[\"Provider\",\"Reason\"]],\"Metrics\":[{\"Name\":\"WebhooksRefused\",\"Unit\":\"Count\"}]}]},"
                + "\"Provider\":\"adyen\",\"Reason\":\"signature_invalid\",\"WebhooksRefused\":1,\"service\":\"payhook\",\"env\":\"dev\",\"request_id\":\"req-2\"}");
        assertThat(l.get(2)).contains("\"Dimensions\":[[\"Channel\",\"Outcome\"]]", "\"Name\":\"Notifications\"",
                "\"Channel\":\"ses\",\"Outcome\":\"dead_lettered\",\"Notifications\":1");
        assertThat(l.get(3)).contains("\"Channel\":\"ses\",\"Outcome\":\"no_recipient\",\"Notifications\":1");
        assertThat(l.get(4)).contains("\"IngestLatency\":1.5,");
    }

    @Test
    void aPaymentFoundHighRiskIsOneCountWithoutDimensions() {
        try (Invocation i = Invocation.begin("req-5", null)) {
            metrics.riskHigh();
            metrics.riskHigh();
        }
        assertThat(lines()).singleElement().satisfies(l -> assertThat(l).startsWith("{\"_aws\":{\"Timestamp\":" + TS
                + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Payhook\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"RiskHigh\",\"Unit\":\"Count\"}]}]},"
                + "\"RiskHigh\":2,"));
    }

    @Test
    void everyLineIsAValidEmfDocument() throws Exception {
        try (Invocation i = Invocation.begin("req-3", null)) {
            metrics.webhookReceived("paypal", Metrics.Received.IGNORED);
            for (int n = 0; n < 150; n++) metrics.ingestLatency(Duration.ofMillis(n));
        }
        ObjectMapper json = new ObjectMapper();
        List<String> l = lines();
        assertThat(l).hasSize(3); // the counter, and 150 latencies in two documents of at most 100 values
        for (String line : l) {
            JsonNode doc = json.readTree(line);
            JsonNode directive = doc.path("_aws").path("CloudWatchMetrics").get(0);
            assertThat(directive.path("Namespace").asText()).isEqualTo("Payhook");
            for (JsonNode dims : directive.path("Dimensions")) for (JsonNode d : dims) assertThat(doc.has(d.asText())).as(d.asText()).isTrue();
            for (JsonNode m : directive.path("Metrics")) assertThat(doc.has(m.path("Name").asText())).isTrue();
        }
        assertThat(json.readTree(l.get(1)).path("IngestLatency")).hasSize(100);
        assertThat(json.readTree(l.get(2)).path("IngestLatency")).hasSize(50);
    }

    @Test
    void outsideAnInvocationNothingIsRecorded() {
        // SnapStart priming's sample deliveries, init: not traffic
        metrics.webhookReceived("generic", Metrics.Received.REFUSED);
        metrics.ingestLatency(Duration.ofMillis(3));
        try (Invocation i = Invocation.begin("req-4", null)) {
            // an invocation that records nothing writes nothing
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void dimensionValuesAreCodesNeverFreeText() {
        assertThat(EmfMetrics.code("Signature_Invalid")).isEqualTo("signature_invalid");
        assertThat(EmfMetrics.code("jane doe@example.com")).isEqualTo("jane_doe_example.com");
        assertThat(EmfMetrics.code(null)).isEqualTo("unknown");
        assertThat(EmfMetrics.code("x".repeat(100))).hasSize(64);
    }
}

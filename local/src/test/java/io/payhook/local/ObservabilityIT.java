package io.payhook.local;

import io.payhook.functions.JsonLog;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 (5, 7): the local system's metrics at {@code GET /metrics} (Prometheus text, no SigV4) count a known
 * mix of deliveries and notifications exactly; every answer of the gateway carries the request's X-Ray trace id.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    /** Standard Webhooks has no secret: its deliveries are refused provider_not_configured. */
    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .env(Map.of("PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "")).logLevel(JsonLog.Level.ERROR);

    /** Every sample of the Prometheus text: {@code name{labels}} → value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return m;
    }

    static Map<String, Double> scrape() {
        var r = local.client().unsigned().get("/metrics");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().get("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return samples(r.body());
    }

    static void awaitNotification(String txn, int index, String status) {
        Eventually.await(txn + " notification " + index + " " + status, WAIT, () -> {
            var n = local.client().get("/transactions/" + txn).json().path("notifications");
            return n.size() > index && n.get(index).path("status").asText().equals(status);
        });
    }

    @Test
    @Order(1)
    void everyAnswerCarriesItsTraceIdAndACallersTraceIsContinued() {
        var health = local.client().unsigned().get("/health");
        var notFound = local.client().get("/transactions/txn_not_there");
        var refused = local.client().unsigned().get("/transactions/txn_not_there");
        for (var r : new io.payhook.testkit.PayhookClient.Response[] {health, notFound, refused}) {
            assertThat(r.headers().get("X-Amzn-Trace-Id")).as(r.status() + " " + r.body()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
            long epoch = Long.parseLong(r.headers().get("X-Amzn-Trace-Id").substring(7, 15), 16);
            assertThat(Math.abs(epoch - Instant.now().getEpochSecond())).as("the request's time").isLessThan(60);
        }
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(health.headers().get("X-Amzn-Trace-Id")).isNotEqualTo(notFound.headers().get("X-Amzn-Trace-Id"));

        String root = "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-0123456789abcdef01234567";
        var continued = local.client().send("GET", "/transactions/txn_not_there", Map.of("X-Amzn-Trace-Id", root + ";Sampled=1"), new byte[0]);
        assertThat(continued.headers().get("X-Amzn-Trace-Id")).isEqualTo(root);
    }

    @Test
    @Order(2)
    void metricsCountAKnownMixOfDeliveriesAndNotificationsExactly() {
        String paid = LocalSystemIT.txn();
        var stored = local.webhook(GenericBody.of("evt_" + paid, paid, "succeeded", 1999, "EUR", "metrics@example.com"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        var duplicate = local.webhook(GenericBody.of("evt_" + paid, paid, "succeeded", 1999, "EUR", "metrics@example.com"));
        assertThat(duplicate.json().path("duplicate").asBoolean()).isTrue();

        String stripe = local.config().providerSecrets().get("PAYHOOK_STRIPE_SECRETS");
        var ignored = local.client().webhook(SampleDeliveries.build("stripe", "customer.created", null, stripe, Instant.now()));
        assertThat(ignored.json().path("status").asText()).as(ignored.body()).isEqualTo("IGNORED");

        String other = LocalSystemIT.txn();
        byte[] body = Signatures.utf8(GenericBody.of("evt_" + other, other, "succeeded", 500, "EUR", null));
        var badSignature = local.client().webhook(new SampleDeliveries.Delivery(Map.of("Content-Type", "application/json",
                "Payhook-Signature", Signatures.timestampedV1("not-the-secret", Instant.now().getEpochSecond(), body)), body));
        assertThat(badSignature.errorCode()).isEqualTo("signature_invalid");

        var unconfigured = local.client().webhook(SampleDeliveries.build("standard_webhooks", "succeeded", null,
                LocalConfig.DEV_PROVIDER_SECRETS.get("PAYHOOK_STANDARD_WEBHOOKS_SECRETS"), Instant.now()));
        assertThat(unconfigured.errorCode()).isEqualTo("provider_not_configured");

        String bounced = LocalSystemIT.txn();
        assertThat(local.webhook(GenericBody.of("evt_" + bounced, bounced, "succeeded", 700, "EUR", SesMailboxSimulator.BOUNCE)).status())
                .isEqualTo(200);
        awaitNotification(paid, 0, "SENT");
        awaitNotification(bounced, 0, "BOUNCED");
        assertThat(local.client().postJson("/transactions/" + bounced + "/notify", "{}").status()).isEqualTo(202);
        awaitNotification(bounced, 1, "SUPPRESSED");

        Map<String, Double> s = scrape();
        Map<String, Double> counters = new TreeMap<>();
        s.forEach((k, v) -> { if (k.startsWith("payhook_") && k.contains("_total{")) counters.put(k, v); });
        assertThat(counters).containsExactlyInAnyOrderEntriesOf(Map.of(
                "payhook_webhooks_received_total{outcome=\"stored\",provider=\"generic\"}", 2.0,
                "payhook_webhooks_received_total{outcome=\"duplicate\",provider=\"generic\"}", 1.0,
                "payhook_webhooks_received_total{outcome=\"ignored\",provider=\"stripe\"}", 1.0,
                "payhook_webhooks_received_total{outcome=\"refused\",provider=\"generic\"}", 1.0,
                "payhook_webhooks_received_total{outcome=\"refused\",provider=\"standard_webhooks\"}", 1.0,
                "payhook_webhooks_refused_total{provider=\"generic\",reason=\"signature_invalid\"}", 1.0,
                "payhook_webhooks_refused_total{provider=\"standard_webhooks\",reason=\"provider_not_configured\"}", 1.0,
                "payhook_notifications_total{channel=\"smtp\",outcome=\"sent\"}", 2.0,
                "payhook_notifications_total{channel=\"smtp\",outcome=\"bounced\"}", 1.0,
                "payhook_notifications_total{channel=\"smtp\",outcome=\"suppressed\"}", 1.0));
        assertThat(s.get("payhook_ingest_latency_seconds_count")).as("one per delivery").isEqualTo(6.0);
        assertThat(s.get("payhook_ingest_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(6.0);
        assertThat(s.get("payhook_ingest_latency_seconds_sum")).isPositive().isLessThan(6 * 0.5);
        assertThat(s).containsKey("payhook_ingest_latency_seconds_bucket{le=\"0.5\"}");
    }

    @Test
    @Order(3)
    void metricsNeedNoSigV4AndNameNoIdsOrPersonalData() {
        var r = local.client().unsigned().get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("txn_").doesNotContain("@").doesNotContain("evt_").doesNotContain("ntf_");
        Matcher labels = Pattern.compile("\\{([^}]*)}").matcher(r.body());
        while (labels.find()) assertThat(labels.group(1)).matches("([a-z_]+=\"[a-z0-9_.+Inf]*\",?)*");
        assertThat(local.client().unsigned().send("POST", "/metrics", Map.of(), new byte[0]).errorCode()).isEqualTo("method_not_allowed");
    }
}

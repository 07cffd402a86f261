package io.payhook.local;

import io.payhook.testkit.SampleDeliveries;
import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real provider deliveries end to end through the HTTP API: detection, verification, mapping, order, refunds, retries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvidersIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    LocalSystem system;
    TestClient client;

    @BeforeAll
    void start() throws Exception {
        LocalConfig config = LocalConfig.fromEnvironment(Map.of(), 0, dir)
                .withRetry(Duration.ofSeconds(1), Duration.ofSeconds(2)).withLogLevel(JsonLog.Level.WARN);
        system = new LocalSystem(config).start();
        client = new TestClient(system.url(), config);
    }

    @AfterAll
    void stop() {
        if (system != null) system.close();
    }

    TestClient.Response send(String provider, String type, String txn, String eventId, Instant at) {
        String secret = EnvironmentSecretSource.split(client.config.providerSecrets().get(EnvironmentSecretSource.VARIABLES.get(provider))).get(0);
        var d = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions(txn, 4999, "eur", "customer@example.com", eventId), secret, at);
        return client.send("POST", "/webhooks/payment", d.headers(), d.body());
    }

    @Test
    void stripeOutOfOrderWithPartialThenFullRefund() {
        String pi = "pi_3" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Instant now = Instant.now();
        // the provider delivers in any order: refunds first, the success last, a late "processing" after it
        assertThat(send("stripe", "charge.refunded.partial", pi, "evt_partial_" + pi, now).status()).isEqualTo(200);
        assertThat(send("stripe", "payment_intent.succeeded", pi, "evt_succ_" + pi, now).status()).isEqualTo(200);
        assertThat(send("stripe", "payment_intent.processing", pi, "evt_proc_" + pi, now).status()).isEqualTo(200);
        var g = client.get("/transactions/" + pi);
        assertThat(g.body().get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(g.body().get("provider").asText()).isEqualTo("stripe");
        assertThat(g.body().get("amount").get("currency").asText()).isEqualTo("EUR");
        assertThat(send("stripe", "charge.refunded", pi, "evt_full_" + pi, now).status()).isEqualTo(200);
        g = client.get("/transactions/" + pi);
        assertThat(g.body().get("status").asText()).isEqualTo("REFUNDED");
        assertThat(g.body().get("events")).hasSize(4);
        // a retry with a new signature timestamp is the same event
        var retry = send("stripe", "charge.refunded", pi, "evt_full_" + pi, now.plusSeconds(30));
        assertThat(retry.body().get("duplicate").asBoolean()).isTrue();
        assertThat(client.get("/transactions/" + pi).body().get("events")).hasSize(4);
        Eventually.await("confirmation emails", WAIT, () -> Mailbox.forTransaction(dir, pi).size() >= 1);
    }

    @Test
    void adyenAuthorisationCaptureRefund() {
        String psp = "88" + (System.nanoTime() % 100_000_000_000_000L + 100_000_000_000_000L);
        Instant now = Instant.now();
        var auth = send("adyen", "AUTHORISATION", psp, null, now);
        assertThat(auth.status()).as(auth.raw()).isEqualTo(200);
        assertThat(auth.body().get("transaction_id").asText()).isEqualTo(psp);
        assertThat(auth.body().get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(send("adyen", "CAPTURE", psp, null, now).status()).isEqualTo(200);
        assertThat(client.get("/transactions/" + psp).body().get("status").asText()).isEqualTo("SUCCEEDED");
        Eventually.await("capture confirmation", WAIT, () -> Mailbox.forTransaction(dir, psp).size() == 1);
        assertThat(send("adyen", "REFUND", psp, null, now).status()).isEqualTo(200);
        assertThat(client.get("/transactions/" + psp).body().get("status").asText()).isEqualTo("REFUNDED");
        Eventually.await("refund confirmation", WAIT, () -> Mailbox.forTransaction(dir, psp).size() == 2);
    }

    @Test
    void standardWebhooksAndForcedProvider() {
        String txn = "sw-" + UUID.randomUUID();
        var r = send("standard_webhooks", "succeeded", txn, null, Instant.now());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("event_id").asText()).startsWith("msg_");
        assertThat(client.get("/transactions/" + txn).body().get("provider").asText()).isEqualTo("standard_webhooks");
        // forcing another provider than the one that signed: its verification fails
        String secret = client.config.providerSecrets().get("PAYHOOK_GENERIC_SECRETS");
        var d = SampleDeliveries.build("generic", "succeeded", new SampleDeliveries.SampleOptions("forced-" + txn, 1, "EUR", null, null), secret, Instant.now());
        var forced = client.send("POST", "/webhooks/payment?provider=stripe", d.headers(), d.body());
        assertThat(forced.status()).isEqualTo(401);
        assertThat(forced.body().get("error").asText()).isEqualTo("signature_missing");
        assertThat(client.send("POST", "/webhooks/payment?provider=nope", d.headers(), d.body()).body().get("error").asText()).isEqualTo("unknown_provider");
    }

    @Test
    void aDeliveryFromAProviderWithoutSecretIsRefusedNotStored() throws Exception {
        Path other = dir.resolve("closed");
        var env = Map.of("PAYHOOK_STRIPE_SECRETS", " ");
        LocalConfig closed = LocalConfig.fromEnvironment(env, 0, other).withLogLevel(JsonLog.Level.WARN);
        assertThat(closed.providerSecrets().get("PAYHOOK_STRIPE_SECRETS")).isBlank();
        try (LocalSystem s = new LocalSystem(closed).start()) {
            TestClient c = new TestClient(s.url(), closed);
            var d = SampleDeliveries.build("stripe", "payment_intent.succeeded",
                    new SampleDeliveries.SampleOptions("pi_closed", 100, "eur", null, null), "whsec_any", Instant.now());
            var r = c.send("POST", "/webhooks/payment", d.headers(), d.body());
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body().get("error").asText()).isEqualTo("provider_not_configured");
            assertThat(c.get("/transactions/pi_closed").status()).isEqualTo(404);
        }
    }
}

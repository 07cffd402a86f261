package io.payhook.local;

import io.payhook.testkit.SampleDeliveries;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real provider deliveries end to end through the HTTP API: detection, verification, mapping, order, refunds, retries. */
class ProvidersIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.WARN);

    /** A system whose Stripe secret is blank: Stripe is not configured. Started by the one test that uses it. */
    @RegisterExtension
    final LocalSystemExtension withoutStripe = LocalSystemExtension.perTest().env(Map.of("PAYHOOK_STRIPE_SECRETS", " "))
            .logLevel(JsonLog.Level.WARN).notStarted();

    static PayhookClient.Response send(String provider, String type, String txn, String eventId, Instant at) {
        String secret = EnvironmentSecretSource.split(local.config().providerSecrets().get(EnvironmentSecretSource.VARIABLES.get(provider))).get(0);
        var d = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions(txn, 4999, "eur", "customer@example.com", eventId), secret, at);
        return local.client().webhook(d);
    }

    @Test
    void stripeOutOfOrderWithPartialThenFullRefund() {
        String pi = "pi_3" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Instant now = Instant.now();
        // the provider delivers in any order: refunds first, the success last, a late "processing" after it
        assertThat(send("stripe", "charge.refunded.partial", pi, "evt_partial_" + pi, now).status()).isEqualTo(200);
        assertThat(send("stripe", "payment_intent.succeeded", pi, "evt_succ_" + pi, now).status()).isEqualTo(200);
        assertThat(send("stripe", "payment_intent.processing", pi, "evt_proc_" + pi, now).status()).isEqualTo(200);
        var g = local.client().get("/transactions/" + pi);
        assertThat(g.json().get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(g.json().get("provider").asText()).isEqualTo("stripe");
        assertThat(g.json().get("amount").get("currency").asText()).isEqualTo("EUR");
        assertThat(send("stripe", "charge.refunded", pi, "evt_full_" + pi, now).status()).isEqualTo(200);
        g = local.client().get("/transactions/" + pi);
        assertThat(g.json().get("status").asText()).isEqualTo("REFUNDED");
        assertThat(g.json().get("events")).hasSize(4);
        // a retry with a new signature timestamp is the same event
        var retry = send("stripe", "charge.refunded", pi, "evt_full_" + pi, now.plusSeconds(30));
        assertThat(retry.json().get("duplicate").asBoolean()).isTrue();
        assertThat(local.client().get("/transactions/" + pi).json().get("events")).hasSize(4);
        Eventually.await("confirmation emails", WAIT, () -> Mailbox.forTransaction(local.dir(), pi).size() >= 1);
    }

    @Test
    void adyenAuthorisationCaptureRefund() {
        String psp = "88" + (System.nanoTime() % 100_000_000_000_000L + 100_000_000_000_000L);
        Instant now = Instant.now();
        var auth = send("adyen", "AUTHORISATION", psp, null, now);
        assertThat(auth.status()).as(auth.body()).isEqualTo(200);
        assertThat(auth.json().get("transaction_id").asText()).isEqualTo(psp);
        assertThat(auth.json().get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(send("adyen", "CAPTURE", psp, null, now).status()).isEqualTo(200);
        assertThat(local.client().get("/transactions/" + psp).json().get("status").asText()).isEqualTo("SUCCEEDED");
        Eventually.await("capture confirmation", WAIT, () -> Mailbox.forTransaction(local.dir(), psp).size() == 1);
        assertThat(send("adyen", "REFUND", psp, null, now).status()).isEqualTo(200);
        assertThat(local.client().get("/transactions/" + psp).json().get("status").asText()).isEqualTo("REFUNDED");
        Eventually.await("refund confirmation", WAIT, () -> Mailbox.forTransaction(local.dir(), psp).size() == 2);
    }

    @Test
    void standardWebhooksAndForcedProvider() {
        String txn = "sw-" + UUID.randomUUID();
        var r = send("standard_webhooks", "succeeded", txn, null, Instant.now());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("event_id").asText()).startsWith("msg_");
        assertThat(local.client().get("/transactions/" + txn).json().get("provider").asText()).isEqualTo("standard_webhooks");
        // forcing another provider than the one that signed: its verification fails
        String secret = local.config().providerSecrets().get("PAYHOOK_GENERIC_SECRETS");
        var d = SampleDeliveries.build("generic", "succeeded", new SampleDeliveries.SampleOptions("forced-" + txn, 1, "EUR", null, null), secret, Instant.now());
        var forced = local.client().send("POST", "/webhooks/payment?provider=stripe", d.headers(), d.body());
        assertThat(forced.status()).isEqualTo(401);
        assertThat(forced.json().get("error").asText()).isEqualTo("signature_missing");
        assertThat(local.client().send("POST", "/webhooks/payment?provider=nope", d.headers(), d.body()).json().get("error").asText()).isEqualTo("unknown_provider");
    }

    @Test
    void aDeliveryFromAProviderWithoutSecretIsRefusedNotStored() throws Exception {
        assertThat(withoutStripe.config().providerSecrets().get("PAYHOOK_STRIPE_SECRETS")).isBlank();
        withoutStripe.start();
        PayhookClient c = withoutStripe.client();
        var d = SampleDeliveries.build("stripe", "payment_intent.succeeded",
                new SampleDeliveries.SampleOptions("pi_closed", 100, "eur", null, null), "whsec_any", Instant.now());
        var r = c.webhook(d);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("provider_not_configured");
        assertThat(c.get("/transactions/pi_closed").status()).isEqualTo(404);
    }
}

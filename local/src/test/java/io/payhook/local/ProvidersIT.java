package io.payhook.local;

import io.payhook.testkit.SampleDeliveries;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real provider deliveries end to end through the HTTP API: detection, verification, mapping, order, refunds, retries. */
class ProvidersIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    /** The secret of the documented example's {@code acme_pay} custom provider ({@code globex_billing} has none: not configured). */
    static final String ACME_SECRET = "acme-test-secret-not-real";

    /**
     * Merchant labels for some providers: an event that names no merchant takes its provider's label, else
     * {@code default}; one that names a merchant keeps it (square's label is never used: Square always names one).
     */
    static final String MERCHANTS = "stripe=shop-eu,square=shop-us,generic=shop-generic,paypal=shop-paypal,acme_pay=shop-acme";

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.WARN)
            .env(Map.of("PAYHOOK_CUSTOM_PROVIDERS_FILE", Path.of("../docs/examples/custom-providers.example.json").toAbsolutePath().toString(),
                    "PAYHOOK_ACME_PAY_SECRETS", ACME_SECRET, "PAYHOOK_MERCHANTS", MERCHANTS));

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

    /**
     * Each built-in provider's main success (or authorisation) event, as its sample sends it, end to end
     * over HTTP: detected without a hint, verified, mapped, stored under the provider's own transaction
     * id, read back with its merchant (the one the payload names, else the provider's label from
     * {@link #MERCHANTS}, else {@code default}); a payment that carries the customer's email is confirmed by one email.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // provider,       type,                      status,     amount, emailed, merchant (a pattern)
            "stripe,            payment_intent.succeeded,  SUCCEEDED,  true,   true,    shop-eu", // not a Connect event: the label
            "adyen,             AUTHORISATION,             AUTHORIZED, true,   false,   PayhookTestMerchantECOM", // merchantAccountCode; an authorisation confirms nothing
            "standard_webhooks, succeeded,                 SUCCEEDED,  true,   true,    default", // names none, no label
            "generic,           succeeded,                 SUCCEEDED,  true,   true,    shop-generic",
            "square,            payment.updated,           SUCCEEDED,  true,   true,    MLPAYHOOKTEST1", // merchant_id, not the label
            "razorpay,          payment.captured,          SUCCEEDED,  true,   true,    acc_PayhookTest0001", // account_id
            "checkout,          payment_captured,          SUCCEEDED,  true,   true,    default",
            "gocardless,        payments.confirmed,        SUCCEEDED,  false,  false,   default", // GoCardless sends ids only
            "paddle,            transaction.completed,     SUCCEEDED,  true,   false,   default", // Paddle sends no email, no seller
            "paypal,            PAYMENT.CAPTURE.COMPLETED, SUCCEEDED,  true,   false,   shop-paypal", // a capture names no buyer, no payee
            "paypal,            CHECKOUT.ORDER.COMPLETED,  SUCCEEDED,  true,   true,    MERCHANT[A-Z0-9]{5}"}) // the order's payee
    void everyProviderEndToEnd(String provider, String type, String status, boolean amount, boolean emailed, String merchant) throws Exception {
        var r = send(provider, type, null, null, Instant.now());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("duplicate").asBoolean()).isFalse();
        String txn = r.json().get("transaction_id").asText();
        var g = local.client().get("/transactions/" + txn);
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        assertThat(g.json().get("provider").asText()).isEqualTo(provider);
        assertThat(g.json().get("status").asText()).isEqualTo(status);
        assertThat(g.json().get("merchant").asText()).as(g.body()).matches(merchant);
        if (amount) assertThat(g.json().get("amount").get("value").asLong()).as(g.body()).isEqualTo(4999);
        else assertThat(g.json().get("amount").isNull()).as(g.body()).isTrue();
        assertThat(g.body()).doesNotContain("customer@example.com");
        if (emailed) {
            Eventually.await(provider + " confirmation", WAIT, () -> Mailbox.forTransaction(local.dir(), txn).size() == 1);
            assertThat(Mailbox.forTransaction(local.dir(), txn).get(0).getAllRecipients()[0].toString()).isEqualTo("customer@example.com");
        }
    }

    /** Stripe manual capture: the authorisation is not confirmed to the customer; the capture is, once. */
    @Test
    void stripeManualCaptureConfirmsTheCaptureOnly() {
        String pi = "pi_3" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Instant now = Instant.now();
        var auth = send("stripe", "charge.succeeded.uncaptured", pi, "evt_auth_" + pi, now);
        assertThat(auth.status()).as(auth.body()).isEqualTo(200);
        assertThat(auth.json().get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(local.client().get("/transactions/" + pi).json().get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(send("stripe", "payment_intent.succeeded", pi, "evt_capture_" + pi, now.plusSeconds(60)).status()).isEqualTo(200);
        Eventually.await("the capture's confirmation", WAIT, () -> Mailbox.forTransaction(local.dir(), pi).size() == 1);
        var notifications = local.client().get("/transactions/" + pi).json().get("notifications");
        assertThat(notifications).hasSize(1);
        assertThat(notifications.get(0).get("for_status").asText()).isEqualTo("SUCCEEDED");
    }

    /** A sender's own operational event (not a payment) is verified, kept as IGNORED with its reason, answered 200. */
    @Test
    void aNonPaymentEventIsKeptAsIgnoredAndAnswered200() {
        var r = send("standard_webhooks", "endpoint.updated", null, null, Instant.now());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("IGNORED");
        var g = local.client().get("/transactions/" + r.json().get("transaction_id").asText());
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        assertThat(g.json().get("events").get(0).get("status").asText()).isEqualTo("IGNORED");
        assertThat(g.json().get("events").get(0).get("ignored_reason").asText()).isEqualTo("unmapped_event_type");
        assertThat(g.json().get("notifications")).isEmpty();
    }

    /**
     * A custom provider from the documented example file: a delivery signed as its configuration says is
     * stored under its name; one from a configured provider without a secret is refused, nothing stored.
     */
    @Test
    void customProvidersFromTheDocumentedExample() {
        String txn = "acme-" + UUID.randomUUID();
        String body = "{\"id\":\"evt_" + txn + "\",\"type\":\"payment.paid\",\"created_at\":\"" + Instant.now() + "\","
                + "\"merchant\":\"acme-shop-7\","
                + "\"payment\":{\"id\":\"" + txn + "\",\"state\":\"paid\",\"amount_minor\":1250,\"currency\":\"EUR\","
                + "\"customer\":{\"id\":\"cus_1\",\"email\":\"customer@example.com\"}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var r = local.client().send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "X-Acme-Signature-256", Signatures.configuredHmac("sha256", "hex", "sha256=", ACME_SECRET, bytes)), bytes);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("SUCCEEDED");
        var g = local.client().get("/transactions/" + txn);
        assertThat(g.json().get("provider").asText()).isEqualTo("acme_pay");
        assertThat(g.json().get("merchant").asText()).as("the example's fields.merchant").isEqualTo("acme-shop-7");
        assertThat(g.json().get("amount").get("value").asLong()).isEqualTo(1250);
        Eventually.await("acme confirmation", WAIT, () -> Mailbox.forTransaction(local.dir(), txn).size() == 1);

        var tampered = local.client().send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "X-Acme-Signature-256", Signatures.configuredHmac("sha256", "hex", "sha256=", "another-secret", bytes)), bytes);
        assertThat(tampered.status()).isEqualTo(401);
        assertThat(tampered.json().get("error").asText()).isEqualTo("signature_invalid");

        long now = Instant.now().getEpochSecond();
        String globex = "globex-" + UUID.randomUUID();
        byte[] g2 = ("{\"event\":{\"id\":\"e1\",\"kind\":\"charge\"},\"charge\":{\"reference\":\"" + globex + "\",\"status\":\"CAPTURED\"}}")
                .getBytes(StandardCharsets.UTF_8);
        var refused = local.client().send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Globex-Timestamp", Long.toString(now),
                "Globex-Signature", Signatures.configuredHmac("sha512", "base64", "", "unconfigured", (now + ".").getBytes(StandardCharsets.UTF_8), g2)), g2);
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("provider_not_configured");
        assertThat(local.client().get("/transactions/" + globex).status()).isEqualTo(404);
    }
}

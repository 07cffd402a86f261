package io.payhook.local;

import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the HTTP API of a whole local system (DynamoDB Local, ElasticMQ, GreenMail
 * in this JVM), with SigV4-signed requests.
 */
class LocalSystemIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.WARN);

    static String txn() { return "txn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16); }

    @Test
    void webhookIsStoredQueuedEmailedAndReadBack() throws Exception {
        String t = txn();
        var r = local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", "customer@example.com"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("transaction_id").asText()).isEqualTo(t);
        assertThat(r.json().get("event_id").asText()).isEqualTo("evt_" + t);
        assertThat(r.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.json().get("duplicate").asBoolean()).isFalse();

        Eventually.await("one email for " + t, WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
        var mail = Mailbox.forTransaction(local.dir(), t).get(0);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("customer@example.com");
        assertThat(Mailbox.text(mail)).contains("€19.99").contains(t).contains("visa 4242");

        Eventually.await("notification recorded SENT", WAIT, () -> {
            var g = local.client().get("/transactions/" + t);
            return g.json().get("notifications").size() == 1 && g.json().get("notifications").get(0).get("status").asText().equals("SENT");
        });
        var g = local.client().get("/transactions/" + t);
        assertThat(g.status()).isEqualTo(200);
        assertThat(g.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(g.json().get("provider").asText()).isEqualTo("generic");
        assertThat(g.json().get("amount").get("value").asLong()).isEqualTo(1999);
        assertThat(g.json().get("amount").get("currency").asText()).isEqualTo("EUR");
        assertThat(g.json().get("customer_id").asText()).isEqualTo("cus_test");
        assertThat(g.json().get("payment_method").asText()).isEqualTo("visa 4242");
        assertThat(g.json().get("events")).hasSize(1);
        assertThat(g.json().get("events").get(0).get("event_id").asText()).isEqualTo("evt_" + t);
        assertThat(g.json().get("notifications").get(0).get("sent_at").isNull()).isFalse();
        assertThat(g.body()).doesNotContain("customer@example.com");
    }

    @Test
    void sequentialRedeliveryIsDuplicateWithNoSecondEffect() {
        String t = txn();
        String body = GenericBody.of("evt_" + t, t, "succeeded", 500, "USD", "customer@example.com");
        assertThat(local.webhook(body).json().get("duplicate").asBoolean()).isFalse();
        var again = local.webhook(body, Instant.now().getEpochSecond() + 5); // a retry is signed anew
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        Eventually.await("email", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
        assertThat(local.client().get("/transactions/" + t).json().get("events")).hasSize(1);
        // no second email after the pipeline has had every chance to send one
        Eventually.await("notification sent", WAIT, () -> local.client().get("/transactions/" + t).json().get("notifications").get(0).get("status").asText().equals("SENT"));
        assertThat(Mailbox.forTransaction(local.dir(), t)).hasSize(1);
        assertThat(local.client().get("/transactions/" + t).json().get("notifications")).hasSize(1);
    }

    @Test
    void concurrentCopiesStoreOnce() throws Exception {
        String t = txn();
        String body = GenericBody.of("evt_" + t, t, "succeeded", 700, "EUR", "customer@example.com");
        int copies = 25;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PayhookClient.Response>> futures = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            futures.add(pool.submit((Callable<PayhookClient.Response>) () -> {
                go.await();
                return local.webhook(body);
            }));
        }
        go.countDown();
        int fresh = 0;
        for (var f : futures) {
            var r = f.get();
            assertThat(r.status()).isEqualTo(200);
            if (!r.json().get("duplicate").asBoolean()) fresh++;
        }
        pool.shutdown();
        assertThat(fresh).isEqualTo(1);
        assertThat(local.client().get("/transactions/" + t).json().get("events")).hasSize(1);
        Eventually.await("email", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
        Eventually.await("notification sent", WAIT, () -> local.client().get("/transactions/" + t).json().get("notifications").get(0).get("status").asText().equals("SENT"));
        assertThat(Mailbox.forTransaction(local.dir(), t)).hasSize(1);
    }

    @Test
    void everyRefusalHasItsCodeAndStoresNothing() {
        String t = txn();
        String ok = GenericBody.of("evt_" + t, t, "succeeded", 100, "EUR", null);
        String secret = local.config().providerSecrets().get("PAYHOOK_GENERIC_SECRETS");
        byte[] okBytes = ok.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        expect(local.webhook("{\"event_id\":"), 400, "malformed_json");
        expect(local.webhook("{\"transaction_id\":\"" + t + "\"}"), 400, "missing_field");
        expect(local.webhook(ok.replace("\"value\":100", "\"value\":-100")), 422, "invalid_amount");
        expect(local.webhook(ok.replace("\"EUR\"", "\"XYZ\"")), 422, "unknown_currency");
        expect(local.webhook(ok.replace("\"status\":\"succeeded\"", "\"status\":\"shipped\"")), 422, "unknown_status");
        expect(local.webhook(ok, now - 600), 401, "signature_expired");
        PayhookClient client = local.client();
        expect(client.webhook(SampleDeliveries.signGeneric(okBytes, "wrong", Instant.ofEpochSecond(now))), 401, "signature_invalid");
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json"), okBytes), 401, "signature_missing");
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "text/plain",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(secret, now, okBytes)), okBytes), 415, "unsupported_media_type");
        byte[] big = ("{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json"), big), 413, "payload_too_large");

        // IAM (SigV4): missing, unknown key, wrong secret, tampered after signing, date more than 5 minutes off
        var signed = SampleDeliveries.signGeneric(okBytes, secret, Instant.ofEpochSecond(now));
        String key = local.config().accessKeyId();
        expect(client.unsigned().webhook(signed), 403, "missing_authentication");
        expect(client.withCredentials(new PayhookClient.Credentials("someone-else", "x")).webhook(signed), 403, "invalid_signature");
        expect(client.withCredentials(new PayhookClient.Credentials(key, "wrong-secret")).webhook(signed), 403, "invalid_signature");
        expect(client.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6))).webhook(signed), 403, "invalid_signature");
        expect(client.withClock(Clock.fixed(Instant.now().minus(Duration.ofMinutes(6)), ZoneOffset.UTC)).webhook(signed), 403, "invalid_signature");
        expect(tampered(signed), 403, "invalid_signature");

        expect(client.get("/transactions/" + t), 404, "not_found");
        // and the valid request goes through: the refusals above were for their own reasons
        assertThat(local.webhook(ok).status()).isEqualTo(200);
    }

    /** Signs one body and sends another with the same Authorization. */
    private static PayhookClient.Response tampered(SampleDeliveries.Delivery d) {
        PayhookClient client = local.client();
        var signed = client.prepare("POST", "/webhooks/payment", d.headers(), d.body());
        byte[] other = new String(d.body(), StandardCharsets.UTF_8).replace("\"value\":100", "\"value\":1").getBytes(StandardCharsets.UTF_8);
        return client.execute(new PayhookClient.Prepared(signed.method(), signed.uri(), signed.headers(), other));
    }

    private static void expect(PayhookClient.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    @Test
    void queryAndNotifyAnswerAsTheSpecSays() {
        expect(local.client().get("/transactions/txn_does_not_exist"), 404, "not_found");
        expect(local.client().get("/transactions/bad%20id!"), 400, "invalid_id");
        expect(local.client().postJson("/transactions/txn_does_not_exist/notify", "{}"), 404, "not_found");
        expect(local.client().get("/nowhere"), 404, "route_not_found");

        String t = txn();
        assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 4200, "JPY", "customer@example.com")).status()).isEqualTo(200);
        Eventually.await("first email", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
        var n = local.client().postJson("/transactions/" + t + "/notify", "{\"reason\":\"customer asked again\"}");
        assertThat(n.status()).as(n.body()).isEqualTo(202);
        String id = n.json().get("notification_id").asText();
        assertThat(id).startsWith("ntf_");
        Eventually.await("second email", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 2);
        assertThat(Mailbox.text(Mailbox.forTransaction(local.dir(), t).get(1))).contains("JP¥4,200");
        Eventually.await("both notifications SENT", WAIT, () -> {
            var g = local.client().get("/transactions/" + t).json().get("notifications");
            return g.size() == 2 && g.get(0).get("status").asText().equals("SENT") && g.get(1).get("status").asText().equals("SENT");
        });
        expect(local.client().postJson("/transactions/" + t + "/notify", "{\"reason\": 5}"), 400, "invalid_field");
        expect(local.client().postJson("/transactions/" + t + "/notify", "not json"), 400, "malformed_json");
    }

    @Test
    void outOfOrderEventsEndInTheForwardStatus() {
        String t = txn();
        assertThat(local.webhook(GenericBody.of("evt_b_" + t, t, "succeeded", 100, "EUR", null)).status()).isEqualTo(200);
        assertThat(local.webhook(GenericBody.of("evt_a_" + t, t, "pending", 100, "EUR", null)).status()).isEqualTo(200);
        var g = local.client().get("/transactions/" + t);
        assertThat(g.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(g.json().get("events")).hasSize(2);
    }

    @Test
    void queueDownThenUpStillAcknowledgesAndEventuallyEmails() {
        String t = txn();
        local.system().stopQueue();
        try {
            var r = local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 300, "EUR", "customer@example.com"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(local.client().get("/transactions/" + t).status()).isEqualTo(200);
        } finally {
            local.system().startQueue();
        }
        Eventually.await("email after the queue is back", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
    }

    @Test
    void aPausedOutboxHoldsItsPositionAndCatchesUpWhenResumed() throws Exception {
        String t = txn();
        local.system().pauseOutbox(); // what ./payhook bench --pause-outbox does
        try {
            assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 400, "EUR", "customer@example.com")).status()).isEqualTo(200);
            Thread.sleep(1_000); // a running outbox makes the confirmation due within ~0.1 s
            assertThat(local.client().get("/transactions/" + t).json().get("notifications")).isEmpty();
            assertThat(Mailbox.forTransaction(local.dir(), t)).isEmpty();
        } finally {
            assertThat(local.system().awaitOutboxQuiet(Duration.ofSeconds(1), WAIT)).isTrue(); // resumes it
        }
        Eventually.await("email after the outbox resumed", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
    }

    @Test
    void mailDownThenUpEventuallyEmails() {
        String t = txn();
        local.system().stopMail();
        try {
            assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 300, "EUR", "customer@example.com")).status()).isEqualTo(200);
            Eventually.await("a failed attempt recorded", WAIT, () -> {
                var n = local.client().get("/transactions/" + t).json().get("notifications");
                return n.size() == 1 && n.get(0).get("attempts").asInt() >= 1;
            });
            assertThat(Mailbox.forTransaction(local.dir(), t)).isEmpty();
        } finally {
            local.system().startMail();
        }
        Eventually.await("email after the mail sink is back", WAIT, () -> Mailbox.forTransaction(local.dir(), t).size() == 1);
    }

    @Test
    void healthNeedsNoSignatureAndSaysNothingSecret() {
        var h = local.client().unsigned().get("/health");
        assertThat(h.status()).isEqualTo(200);
        assertThat(h.json().get("status").asText()).isIn("ok", "degraded");
        assertThat(h.body()).doesNotContain(local.config().secretAccessKey());
    }
}

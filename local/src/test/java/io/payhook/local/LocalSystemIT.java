package io.payhook.local;

import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalSystemIT {
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

    static String txn() { return "txn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16); }

    @Test
    void webhookIsStoredQueuedEmailedAndReadBack() throws Exception {
        String t = txn();
        var r = client.webhook(TestClient.generic("evt_" + t, t, "succeeded", 1999, "EUR", "customer@example.com"));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("transaction_id").asText()).isEqualTo(t);
        assertThat(r.body().get("event_id").asText()).isEqualTo("evt_" + t);
        assertThat(r.body().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.body().get("duplicate").asBoolean()).isFalse();

        Eventually.await("one email for " + t, WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
        var mail = Mailbox.forTransaction(dir, t).get(0);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("customer@example.com");
        assertThat(Mailbox.text(mail)).contains("19.99 EUR").contains(t).contains("visa 4242");

        Eventually.await("notification recorded SENT", WAIT, () -> {
            var g = client.get("/transactions/" + t);
            return g.body().get("notifications").size() == 1 && g.body().get("notifications").get(0).get("status").asText().equals("SENT");
        });
        var g = client.get("/transactions/" + t);
        assertThat(g.status()).isEqualTo(200);
        assertThat(g.body().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(g.body().get("provider").asText()).isEqualTo("generic");
        assertThat(g.body().get("amount").get("value").asLong()).isEqualTo(1999);
        assertThat(g.body().get("amount").get("currency").asText()).isEqualTo("EUR");
        assertThat(g.body().get("customer_id").asText()).isEqualTo("cus_test");
        assertThat(g.body().get("payment_method").asText()).isEqualTo("visa 4242");
        assertThat(g.body().get("events")).hasSize(1);
        assertThat(g.body().get("events").get(0).get("event_id").asText()).isEqualTo("evt_" + t);
        assertThat(g.body().get("notifications").get(0).get("sent_at").isNull()).isFalse();
        assertThat(g.raw()).doesNotContain("customer@example.com");
    }

    @Test
    void sequentialRedeliveryIsDuplicateWithNoSecondEffect() {
        String t = txn();
        String body = TestClient.generic("evt_" + t, t, "succeeded", 500, "USD", "customer@example.com");
        assertThat(client.webhook(body).body().get("duplicate").asBoolean()).isFalse();
        var again = client.webhook(body, Instant.now().getEpochSecond() + 5); // a retry is signed anew
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        Eventually.await("email", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
        assertThat(client.get("/transactions/" + t).body().get("events")).hasSize(1);
        // no second email after the pipeline has had every chance to send one
        Eventually.await("notification sent", WAIT, () -> client.get("/transactions/" + t).body().get("notifications").get(0).get("status").asText().equals("SENT"));
        assertThat(Mailbox.forTransaction(dir, t)).hasSize(1);
        assertThat(client.get("/transactions/" + t).body().get("notifications")).hasSize(1);
    }

    @Test
    void concurrentCopiesStoreOnce() throws Exception {
        String t = txn();
        String body = TestClient.generic("evt_" + t, t, "succeeded", 700, "EUR", "customer@example.com");
        int copies = 25;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestClient.Response>> futures = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            futures.add(pool.submit((Callable<TestClient.Response>) () -> {
                go.await();
                return client.webhook(body);
            }));
        }
        go.countDown();
        int fresh = 0;
        for (var f : futures) {
            var r = f.get();
            assertThat(r.status()).isEqualTo(200);
            if (!r.body().get("duplicate").asBoolean()) fresh++;
        }
        pool.shutdown();
        assertThat(fresh).isEqualTo(1);
        assertThat(client.get("/transactions/" + t).body().get("events")).hasSize(1);
        Eventually.await("email", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
        Eventually.await("notification sent", WAIT, () -> client.get("/transactions/" + t).body().get("notifications").get(0).get("status").asText().equals("SENT"));
        assertThat(Mailbox.forTransaction(dir, t)).hasSize(1);
    }

    @Test
    void everyRefusalHasItsCodeAndStoresNothing() {
        String t = txn();
        String ok = TestClient.generic("evt_" + t, t, "succeeded", 100, "EUR", null);
        String secret = client.config.providerSecrets().get("PAYHOOK_GENERIC_SECRETS");
        byte[] okBytes = ok.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        expect(client.webhook("{\"event_id\":"), 400, "malformed_json");
        expect(client.webhook("{\"transaction_id\":\"" + t + "\"}"), 400, "missing_field");
        expect(client.webhook(ok.replace("\"value\":100", "\"value\":-100")), 422, "invalid_amount");
        expect(client.webhook(ok.replace("\"EUR\"", "\"XYZ\"")), 422, "unknown_currency");
        expect(client.webhook(ok.replace("\"status\":\"succeeded\"", "\"status\":\"shipped\"")), 422, "unknown_status");
        expect(client.webhook(ok, now - 600), 401, "signature_expired");
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1("wrong", now, okBytes)), okBytes), 401, "signature_invalid");
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json"), okBytes), 401, "signature_missing");
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "text/plain",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(secret, now, okBytes)), okBytes), 415, "unsupported_media_type");
        byte[] big = ("{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        expect(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json"), big), 413, "payload_too_large");

        // IAM (SigV4): missing, unknown key, wrong secret, tampered after signing, date more than 5 minutes off
        var headers = Map.of("Content-Type", "application/json",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(secret, now, okBytes));
        expect(client.send("POST", "/webhooks/payment", headers, okBytes, null), 403, "missing_authentication");
        expect(client.send("POST", "/webhooks/payment", headers, okBytes, client.signer("someone-else", "x", Clock.systemUTC())), 403, "invalid_signature");
        expect(client.send("POST", "/webhooks/payment", headers, okBytes, client.signer(client.config.accessKeyId(), "wrong-secret", Clock.systemUTC())), 403, "invalid_signature");
        expect(client.send("POST", "/webhooks/payment", headers, okBytes,
                client.signer(client.config.accessKeyId(), client.config.secretAccessKey(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)))), 403, "invalid_signature");
        expect(client.send("POST", "/webhooks/payment", headers, okBytes,
                client.signer(client.config.accessKeyId(), client.config.secretAccessKey(), Clock.fixed(Instant.now().minus(Duration.ofMinutes(6)), ZoneOffset.UTC))), 403, "invalid_signature");
        expect(tampered(headers, okBytes), 403, "invalid_signature");

        expect(client.get("/transactions/" + t), 404, "not_found");
        // and the valid request goes through: the refusals above were for their own reasons
        assertThat(client.webhook(ok).status()).isEqualTo(200);
    }

    private TestClient.Response tampered(Map<String, String> headers, byte[] body) {
        // sign one body, send another with the same Authorization
        var signer = client.signer(client.config.accessKeyId(), client.config.secretAccessKey(), Clock.systemUTC());
        java.net.URI uri = java.net.URI.create(client.base + "/webhooks/payment");
        var all = new java.util.HashMap<>(headers);
        all.put("Host", uri.getHost() + ":" + uri.getPort());
        var auth = signer.signHeaders("POST", uri, all, body);
        var withAuth = new java.util.HashMap<>(headers);
        withAuth.putAll(auth);
        byte[] other = new String(body, StandardCharsets.UTF_8).replace("\"value\":100", "\"value\":1").getBytes(StandardCharsets.UTF_8);
        return client.send("POST", "/webhooks/payment", withAuth, other, null);
    }

    private static void expect(TestClient.Response r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.body().get("error").asText()).as(r.raw()).isEqualTo(code);
        assertThat(r.body().get("message").asText()).isNotBlank();
    }

    @Test
    void queryAndNotifyAnswerAsTheSpecSays() {
        expect(client.get("/transactions/txn_does_not_exist"), 404, "not_found");
        expect(client.get("/transactions/bad%20id!"), 400, "invalid_id");
        expect(client.post("/transactions/txn_does_not_exist/notify", "{}"), 404, "not_found");
        expect(client.get("/nowhere"), 404, "route_not_found");

        String t = txn();
        assertThat(client.webhook(TestClient.generic("evt_" + t, t, "succeeded", 4200, "JPY", "customer@example.com")).status()).isEqualTo(200);
        Eventually.await("first email", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
        var n = client.post("/transactions/" + t + "/notify", "{\"reason\":\"customer asked again\"}");
        assertThat(n.status()).as(n.raw()).isEqualTo(202);
        String id = n.body().get("notification_id").asText();
        assertThat(id).startsWith("ntf_");
        Eventually.await("second email", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 2);
        assertThat(Mailbox.text(Mailbox.forTransaction(dir, t).get(1))).contains("4,200 JPY");
        Eventually.await("both notifications SENT", WAIT, () -> {
            var g = client.get("/transactions/" + t).body().get("notifications");
            return g.size() == 2 && g.get(0).get("status").asText().equals("SENT") && g.get(1).get("status").asText().equals("SENT");
        });
        expect(client.post("/transactions/" + t + "/notify", "{\"reason\": 5}"), 400, "invalid_field");
        expect(client.post("/transactions/" + t + "/notify", "not json"), 400, "malformed_json");
    }

    @Test
    void outOfOrderEventsEndInTheForwardStatus() {
        String t = txn();
        assertThat(client.webhook(TestClient.generic("evt_b_" + t, t, "succeeded", 100, "EUR", null)).status()).isEqualTo(200);
        assertThat(client.webhook(TestClient.generic("evt_a_" + t, t, "pending", 100, "EUR", null)).status()).isEqualTo(200);
        var g = client.get("/transactions/" + t);
        assertThat(g.body().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(g.body().get("events")).hasSize(2);
    }

    @Test
    void queueDownThenUpStillAcknowledgesAndEventuallyEmails() {
        String t = txn();
        system.stopQueue();
        try {
            var r = client.webhook(TestClient.generic("evt_" + t, t, "succeeded", 300, "EUR", "customer@example.com"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(client.get("/transactions/" + t).status()).isEqualTo(200);
        } finally {
            system.startQueue();
        }
        Eventually.await("email after the queue is back", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
    }

    @Test
    void aPausedOutboxHoldsItsPositionAndCatchesUpWhenResumed() throws Exception {
        String t = txn();
        system.pauseOutbox(); // what ./payhook bench --pause-outbox does
        try {
            assertThat(client.webhook(TestClient.generic("evt_" + t, t, "succeeded", 400, "EUR", "customer@example.com")).status()).isEqualTo(200);
            Thread.sleep(1_000); // a running outbox makes the confirmation due within ~0.1 s
            assertThat(client.get("/transactions/" + t).body().get("notifications")).isEmpty();
            assertThat(Mailbox.forTransaction(dir, t)).isEmpty();
        } finally {
            assertThat(system.awaitOutboxQuiet(Duration.ofSeconds(1), WAIT)).isTrue(); // resumes it
        }
        Eventually.await("email after the outbox resumed", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
    }

    @Test
    void mailDownThenUpEventuallyEmails() {
        String t = txn();
        system.stopMail();
        try {
            assertThat(client.webhook(TestClient.generic("evt_" + t, t, "succeeded", 300, "EUR", "customer@example.com")).status()).isEqualTo(200);
            Eventually.await("a failed attempt recorded", WAIT, () -> {
                var n = client.get("/transactions/" + t).body().get("notifications");
                return n.size() == 1 && n.get(0).get("attempts").asInt() >= 1;
            });
            assertThat(Mailbox.forTransaction(dir, t)).isEmpty();
        } finally {
            system.startMail();
        }
        Eventually.await("email after the mail sink is back", WAIT, () -> Mailbox.forTransaction(dir, t).size() == 1);
    }

    @Test
    void healthNeedsNoSignatureAndSaysNothingSecret() {
        var h = client.send("GET", "/health", Map.of(), new byte[0], null);
        assertThat(h.status()).isEqualTo(200);
        assertThat(h.body().get("status").asText()).isIn("ok", "degraded");
        assertThat(h.raw()).doesNotContain(client.config.secretAccessKey());
    }
}

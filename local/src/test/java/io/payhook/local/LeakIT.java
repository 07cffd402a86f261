package io.payhook.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants card numbers (the brands' test numbers, plain, spaced and dashed), customer emails and
 * provider secrets in every string field the payload formats have and in unknown extra fields, sends
 * valid and invalid deliveries through the HTTP API of a fresh local system, lets the notifications
 * go out, closes the system, and then searches everything it left behind: every file under the data
 * dir (the DynamoDB Local SQLite file, the outbox checkpoint, the key file, the .eml files, raw and
 * decoded), every log line (JSON log and the process's stdout/stderr), every HTTP answer.
 * <ul>
 *   <li>no full card number anywhere, in any of the written forms;</li>
 *   <li>each customer's email only in that customer's own .eml files — not in the table (it is
 *       envelope-encrypted), not in logs, not in answers; emails planted elsewhere nowhere at all;</li>
 *   <li>no provider secret and no SigV4 secret anywhere.</li>
 * </ul>
 */
class LeakIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The brands' published test numbers: Visa, Mastercard, Amex, Discover, Visa, JCB, Diners (14), UnionPay. */
    static final List<String> PANS = List.of("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
            "4012888888881881", "3530111333300000", "30569309025904", "6200000000000005");

    final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    /** Secrets of this run: each provider's and the SigV4 key's. */
    final Map<String, String> env = secrets(run);

    /** Started by the test once its log capture is in place; stopped before it searches the data dir. */
    @RegisterExtension
    final LocalSystemExtension local = LocalSystemExtension.perTest().env(env)
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.DEBUG).notStarted();
    final List<String> answers = new ArrayList<>();
    /** Emails of customers, by the transaction whose .eml files may (and must) hold them. */
    final Map<String, String> customerEmails = new LinkedHashMap<>();
    /** Emails planted where no email may be kept: they must be nowhere. */
    final List<String> strayEmails = new ArrayList<>();
    PayhookClient client;

    String email(String what) { return "leak-" + what + "-" + run + "@example.com"; }

    static String spaced(String pan) {
        return switch (pan.length()) {
            case 15 -> pan.substring(0, 4) + " " + pan.substring(4, 10) + " " + pan.substring(10);
            case 14 -> pan.substring(0, 4) + " " + pan.substring(4, 10) + " " + pan.substring(10);
            default -> pan.replaceAll("(.{4})(?!$)", "$1 ");
        };
    }

    /** The provider secrets and the SigV4 secret of a run, as the environment {@code serve} reads. */
    static Map<String, String> secrets(String run) {
        SecureRandom random = new SecureRandom();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PAYHOOK_GENERIC_SECRETS", "leak-generic-secret-" + run);
        env.put("PAYHOOK_STRIPE_SECRETS", "whsec_leakstripesecret" + run);
        env.put("PAYHOOK_ADYEN_HMAC_KEYS", HexFormat.of().formatHex(random.generateSeed(32)));
        env.put("PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "whsec_" + Base64.getEncoder().encodeToString(random.generateSeed(24)));
        env.put("PAYHOOK_SECRET_ACCESS_KEY", "leak-sigv4-secret-" + run);
        return env;
    }

    static String dashed(String pan) { return spaced(pan).replace(' ', '-'); }

    static List<String> forms(String pan) { return List.of(pan, spaced(pan), dashed(pan)); }

    @Test
    void plantedCardNumbersEmailsAndSecretsLeakNowhere() throws Exception {
        List<String> secrets = new ArrayList<>(env.values());
        // the Standard Webhooks key as bytes' base64 without the prefix, too
        secrets.add(env.get("PAYHOOK_STANDARD_WEBHOOKS_SECRETS").substring("whsec_".length()));

        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream logTee = new PrintStream(new Tee(originalOut, logs), true, StandardCharsets.UTF_8);
        JsonLog.setOutput(logTee);
        System.setOut(logTee);
        System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
        LocalConfig config = local.config();
        try {
            local.start();
            client = local.client();
            List<String> stored = sendValidDeliveries(config);
            sendInvalidDeliveries(config);

            // an operator re-sends one, with a card number in the reason
            var notify = client.postJson("/transactions/" + stored.get(0) + "/notify", "{\"reason\":\"customer called about " + spaced(PANS.get(0)) + "\"}");
            answers.add(notify.body());
            assertThat(notify.status()).as(notify.body()).isEqualTo(202);

            for (String txn : stored) {
                int expected = txn.equals(stored.get(0)) ? 2 : 1;
                Eventually.await(expected + " notification(s) SENT for " + txn, WAIT, () -> {
                    var g = client.get("/transactions/" + txn);
                    return g.json().get("notifications").size() == expected && java.util.stream.StreamSupport
                            .stream(g.json().get("notifications").spliterator(), false).allMatch(n -> n.get("status").asText().equals("SENT"));
                });
            }
            // what the query answers: masked, never more than BIN and last 4
            for (String txn : stored) {
                var g = client.get("/transactions/" + txn);
                answers.add(g.body());
                assertThat(g.status()).isEqualTo(200);
            }
            var first = client.get("/transactions/" + stored.get(0)).json();
            assertThat(first.get("payment_method").asText()).isEqualTo("visa ****1111");
            assertThat(first.get("customer_id").asText()).isEqualTo("cus-555555******4444");
            assertThat(first.get("events").get(0).get("type").asText()).isEqualTo("payment.succeeded 411111******1111");
            assertThat(first.get("notifications").findValuesAsText("reason")).contains("customer called about 411111******1111");
        } finally {
            local.stop();
            JsonLog.setOutput(originalOut);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        // ------------------------------------------------------------ everything it left behind
        Map<Path, String> files = new LinkedHashMap<>();
        Path dir = local.dir();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                if (p.toString().endsWith(".eml")) text += "\n" + decoded(p);
                files.put(p, text);
            }
        }
        Path table = dir.resolve("dynamodb").resolve("payment_transactions.db");
        assertThat(files).containsKey(table);
        // the search can see what is stored: ids and masked values are there in the clear
        assertThat(files.get(table)).contains("leak-g1-" + run).contains("411111******1111").contains("cus-555555******4444");
        assertThat(files.keySet()).anyMatch(p -> p.getFileName().toString().equals("outbox-checkpoint.properties"));
        List<Path> emls = files.keySet().stream().filter(p -> p.toString().endsWith(".eml")).toList();
        assertThat(emls).hasSize(customerEmails.size() + 1);
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertThat(logText).as("the log capture works").contains("\"message\":\"event stored\"");
        String answerText = String.join("\n", answers);
        System.out.printf("LeakIT: searched %d files (%,d bytes), %,d bytes of logs, %d answers%n", files.size(),
                files.values().stream().mapToLong(String::length).sum(), logText.length(), answers.size());

        // no full card number, in any written form, anywhere
        for (String pan : PANS) {
            for (String form : forms(pan)) {
                assertThat(files.entrySet().stream().filter(e -> e.getValue().contains(form)).map(Map.Entry::getKey).toList())
                        .as("files holding %s", form).isEmpty();
                assertThat(logText).as("logs").doesNotContain(form);
                assertThat(answerText).as("answers").doesNotContain(form);
            }
        }
        // each customer's email only in that customer's own .eml files
        for (var e : customerEmails.entrySet()) {
            String txn = e.getKey();
            String email = e.getValue();
            Set<Path> own = emls.stream().filter(p -> txn.equals(Mailbox.header(readOne(p), "X-Payhook-transaction-id")))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<Path> holding = files.entrySet().stream().filter(f -> f.getValue().contains(email)).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(own).as("the .eml files of %s", txn).isNotEmpty();
            assertThat(holding).as("files holding %s", email).isEqualTo(own);
            assertThat(logText).as("logs").doesNotContain(email);
            assertThat(answerText).as("answers").doesNotContain(email);
        }
        for (String email : strayEmails) {
            assertThat(files.entrySet().stream().filter(f -> f.getValue().contains(email)).map(Map.Entry::getKey).toList())
                    .as("files holding %s", email).isEmpty();
            assertThat(logText).doesNotContain(email);
            assertThat(answerText).doesNotContain(email);
        }
        // no secret anywhere
        for (String secret : secrets) {
            assertThat(files.entrySet().stream().filter(f -> f.getValue().contains(secret)).map(Map.Entry::getKey).toList())
                    .as("files holding a secret").isEmpty();
            assertThat(logText).doesNotContain(secret);
            assertThat(answerText).doesNotContain(secret);
        }
    }

    // ------------------------------------------------------------------ deliveries

    /** @return the transactions stored (each with a customer email; the first is the generic one with most plants) */
    List<String> sendValidDeliveries(LocalConfig config) throws Exception {
        List<String> stored = new ArrayList<>();
        String secretEcho = config.providerSecrets().get("PAYHOOK_GENERIC_SECRETS");

        // generic: a card number in every string field that is kept, and in unknown fields
        String t1 = "leak-g1-" + run;
        ObjectNode g1 = generic(t1, "succeeded", email("g1"));
        g1.put("type", "payment.succeeded " + spaced(PANS.get(0)));
        g1.put("payment_method", spaced(PANS.get(0)));
        g1.put("customer_id", "cus-" + PANS.get(1));
        g1.put("card_number", PANS.get(2));
        ObjectNode card = g1.putObject("card");
        card.put("number", dashed(PANS.get(3)));
        card.put("cvc", "737");
        card.put("exp", "12/30");
        g1.put("track2", ";" + PANS.get(4) + "=3012101?");
        g1.put("cvv2", "999");
        g1.putArray("notes").add("pan " + PANS.get(5)).addObject().put("k", spaced(PANS.get(6)));
        g1.put(PANS.get(7), "a key that is a card number");
        g1.put("contact", stray("g1-contact"));
        g1.put("secret_echo", secretEcho);
        expectStored(local.webhook(g1.toString()), t1, email("g1"), stored);

        String t2 = "leak-g2-" + run;
        ObjectNode g2 = generic(t2, "succeeded", email("g2"));
        g2.put("payment_method", "mastercard " + dashed(PANS.get(1)) + " exp 12/30 cvc 737");
        g2.put("customer_id", PANS.get(0));
        g2.put("description", "Amex " + spaced(PANS.get(2)));
        g2.putObject("metadata").put("raw", spaced(PANS.get(4))).put("email", stray("g2-metadata"));
        expectStored(local.webhook(g2.toString()), t2, email("g2"), stored);

        String t3 = "leak-g3-" + run;
        ObjectNode g3 = generic(t3, "refunded", email("g3"));
        g3.put("payment_method", "paypal " + stray("g3-paypal"));
        g3.put("type", "refund " + dashed(PANS.get(3)) + " for " + stray("g3-type"));
        expectStored(local.webhook(g3.toString()), t3, email("g3"), stored);

        // Stripe: planted in the PaymentIntent, signed again with the Stripe secret
        if (SampleDeliveries.eventTypes("stripe").contains("payment_intent.succeeded")) {
            String t = "pi_leak" + run;
            String secret = config.providerSecrets().get("PAYHOOK_STRIPE_SECRETS");
            var d = SampleDeliveries.build("stripe", "payment_intent.succeeded",
                    new SampleDeliveries.SampleOptions(t, 2500, "EUR", email("stripe"), "evt_leak" + run), secret, Instant.now());
            ObjectNode root = (ObjectNode) JSON.readTree(d.body());
            ObjectNode object = (ObjectNode) root.get("data").get("object");
            object.put("customer", "cus_" + PANS.get(0));
            object.put("description", "card " + spaced(PANS.get(1)));
            object.putObject("metadata").put("card", PANS.get(2)).put("cvc", "737").put("note", stray("stripe-metadata"));
            object.putObject("payment_method_details").putObject("card").put("number", PANS.get(3)).put("brand", "visa").put("last4", PANS.get(4));
            byte[] body = JSON.writeValueAsBytes(root);
            Map<String, String> h = new LinkedHashMap<>(d.headers());
            h.put("Stripe-Signature", io.payhook.testkit.Signatures.timestampedV1(secret, Instant.now().getEpochSecond(), body));
            expectStored(client.send("POST", "/webhooks/payment", h, body), t, email("stripe"), stored);
        }

        // Adyen: additionalData and paymentMethod are outside its HMAC, so they can be planted without signing again
        if (SampleDeliveries.eventTypes("adyen").contains("CAPTURE")) {
            String t = "leak-adyen-" + run;
            var d = SampleDeliveries.build("adyen", "CAPTURE", new SampleDeliveries.SampleOptions(t, 4200, "EUR", email("adyen"), null),
                    config.providerSecrets().get("PAYHOOK_ADYEN_HMAC_KEYS"), Instant.now());
            ObjectNode root = (ObjectNode) JSON.readTree(d.body());
            ObjectNode item = (ObjectNode) root.get("notificationItems").get(0).get("NotificationRequestItem");
            item.put("paymentMethod", "visa " + PANS.get(0));
            ObjectNode extra = (ObjectNode) item.get("additionalData");
            extra.put("shopperReference", "shopper-" + PANS.get(1));
            extra.put("cardNumber", spaced(PANS.get(2)));
            extra.put("cardSecurityCode", "737");
            extra.put("shopperStatement", "for " + stray("adyen-statement"));
            expectStored(client.send("POST", "/webhooks/payment", d.headers(), JSON.writeValueAsBytes(root)), t, email("adyen"), stored);
        }

        // Standard Webhooks: the generic fields inside "data", signed again
        if (SampleDeliveries.eventTypes("standard_webhooks").contains("succeeded")) {
            String t = "leak-sw-" + run;
            String secret = config.providerSecrets().get("PAYHOOK_STANDARD_WEBHOOKS_SECRETS");
            var d = SampleDeliveries.build("standard_webhooks", "succeeded",
                    new SampleDeliveries.SampleOptions(t, 990, "EUR", email("sw"), "evt_sw_" + run), secret, Instant.now());
            ObjectNode root = (ObjectNode) JSON.readTree(d.body());
            ObjectNode data = (ObjectNode) root.get("data");
            data.put("payment_method", dashed(PANS.get(5)));
            data.put("customer_id", "cus_" + PANS.get(6));
            data.put("card", spaced(PANS.get(7)));
            byte[] body = JSON.writeValueAsBytes(root);
            Map<String, String> h = new LinkedHashMap<>(d.headers());
            h.put("webhook-signature", io.payhook.testkit.Signatures.standardWebhooks(secret, h.get("webhook-id"), Long.parseLong(h.get("webhook-timestamp")), body));
            expectStored(client.send("POST", "/webhooks/payment", h, body), t, email("sw"), stored);
        }
        return stored;
    }

    /** Deliveries that are refused: whatever they carry is kept nowhere. */
    void sendInvalidDeliveries(LocalConfig config) {
        String genericSecret = config.providerSecrets().get("PAYHOOK_GENERIC_SECRETS");
        int n = 0;
        for (String[] plant : new String[][] {
                {"transaction_id", PANS.get(0)}, {"transaction_id", "order-" + dashed(PANS.get(1))}, {"event_id", "evt-" + PANS.get(2)},
                {"customer_email", PANS.get(3) + "@example.com"}, {"status", spaced(PANS.get(4))}, {"occurred_at", PANS.get(5)},
                {"transaction_id", stray("as-id")}}) {
            ObjectNode b = generic("leak-bad" + (n++) + "-" + run, "succeeded", stray("bad" + n));
            b.put(plant[0], plant[1]);
            b.put("extra", spaced(PANS.get(6)));
            expectRefused(local.webhook(b.toString()));
        }
        ObjectNode currency = generic("leak-bad-cur-" + run, "succeeded", stray("bad-currency"));
        ((ObjectNode) currency.get("amount")).put("currency", PANS.get(7));
        expectRefused(local.webhook(currency.toString()));
        ObjectNode amount = generic("leak-bad-amount-" + run, "succeeded", stray("bad-amount"));
        ((ObjectNode) amount.get("amount")).put("value", Long.parseLong(PANS.get(0)));
        expectRefused(local.webhook(amount.toString()));

        // well-formed and full of card data, but not signed right / not authorised / not JSON
        ObjectNode full = generic("leak-bad-sig-" + run, "succeeded", stray("bad-signature"));
        full.put("payment_method", PANS.get(1));
        full.put("note", genericSecret);
        byte[] body = full.toString().getBytes(StandardCharsets.UTF_8);
        expectRefused(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1("wrong-secret", Instant.now().getEpochSecond(), body)), body));
        expectRefused(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Payhook-Signature", "t=1,v1=" + PANS.get(2) + ",x=" + stray("in-signature")), body));
        expectRefused(client.unsigned().send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(genericSecret, Instant.now().getEpochSecond(), body)), body));
        expectRefused(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "text/plain"), body));
        expectRefused(client.send("POST", "/webhooks/payment?provider=" + PANS.get(3), Map.of("Content-Type", "application/json"), body));
        byte[] broken = ("{\"payment_method\":\"" + spaced(PANS.get(4)) + "\",\"email\":\"" + stray("broken") + "\"").getBytes(StandardCharsets.UTF_8);
        expectRefused(client.send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(genericSecret, Instant.now().getEpochSecond(), broken)), broken));

        // lookups by card number or email, signed and unsigned (the gateway logs the path of an unsigned one)
        expectRefused(client.get("/transactions/" + PANS.get(5)));
        expectRefused(client.get("/transactions/" + stray("lookup")));
        expectRefused(client.unsigned().get("/transactions/" + PANS.get(6)));
        expectRefused(client.unsigned().get("/transactions/" + stray("unsigned-lookup")));
        expectRefused(client.postJson("/transactions/" + PANS.get(7) + "/notify", "{\"reason\":\"" + spaced(PANS.get(0)) + "\"}"));
        // a SigV4 header naming a card number as a signed header: the refusal must not echo it
        String date = SigV4.amzDate(Instant.now());
        expectRefused(client.unsigned().send("GET", "/transactions/x", Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=" + config.accessKeyId()
                + "/" + date.substring(0, 8) + "/" + config.region() + "/execute-api/aws4_request, SignedHeaders=host;x-amz-date;" + PANS.get(1)
                + ", Signature=" + "0".repeat(64), "X-Amz-Date", date), new byte[0]));
    }

    ObjectNode generic(String txn, String status, String email) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event_id", "evt-" + txn);
        o.put("transaction_id", txn);
        o.put("type", "payment." + status);
        o.put("status", status);
        o.putObject("amount").put("value", 1999).put("currency", "EUR");
        o.put("customer_id", "cus_leak");
        if (email != null) o.put("customer_email", email);
        o.put("payment_method", "visa 4242");
        o.put("occurred_at", Instant.now().toString());
        return o;
    }

    String stray(String what) {
        String e = email(what);
        strayEmails.add(e);
        return e;
    }

    void expectStored(PayhookClient.Response r, String txn, String email, List<String> stored) {
        answers.add(r.body());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("transaction_id").asText()).isEqualTo(txn);
        customerEmails.put(txn, email);
        stored.add(txn);
    }

    void expectRefused(PayhookClient.Response r) {
        answers.add(r.body());
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.json().get("error").isTextual()).isTrue();
    }

    static MimeMessage readOne(Path p) {
        try (var in = Files.newInputStream(p)) {
            return new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Headers (decoded) and body text of an .eml: a card number or address hidden by MIME encoding still counts. */
    static String decoded(Path p) {
        MimeMessage m = readOne(p);
        try {
            StringBuilder b = new StringBuilder();
            for (var h : java.util.Collections.list(m.getAllHeaders())) {
                b.append(h.getName()).append(": ").append(jakarta.mail.internet.MimeUtility.decodeText(h.getValue())).append('\n');
            }
            b.append(Mailbox.text(m));
            return b.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes to two streams. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}

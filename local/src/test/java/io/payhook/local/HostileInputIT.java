package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.model.Currencies;
import io.payhook.core.model.Ids;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input through the HTTP API of a whole local system: at least 10,000 generated malformed
 * and hostile requests, SigV4-signed so they reach the handlers, most also provider-signed so they
 * reach the parser. Every request has an expected answer (status, and the error code where it is
 * determined); on top: never a 5xx, every error body is JSON with {@code error} and {@code message},
 * no ERROR log line (an unexpected exception), nothing stored, nothing mailed, and {@code /health}
 * still answers. The one 2xx: a verified delivery of a provider's own format whose content payhook
 * cannot use (a negative amount, an unknown currency, a card number where an id would be) is answered
 * 200 (DECISIONS 23): kept as an {@code IGNORED} event, or with its status but without the amount it
 * cannot read, under an id that is not the card number — no unusable amount, no card number stored,
 * nothing mailed. Generated with a fixed seed (printed); case {@code i} is built from
 * {@code new Random(seed + i)} so a failure can be rebuilt alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
    static final long SEED = 0x5EED_2026_1122L;
    static final int CASES = 10_500;
    static final int THREADS = 6;
    /** Every transaction id a fuzz case writes starts with this. */
    static final String PREFIX = "fuzz-";
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.WARN);
    LocalSystem system;
    LocalConfig config;
    PayhookClient client;
    String genericSecret;
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    /** The transactions of the 200 answers: the only ones besides the control allowed in the table. */
    static final Set<String> ACKNOWLEDGED = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        system = local.system();
        config = local.config();
        client = local.client();
        JsonLog.setOutput(new PrintStream(logs, true, StandardCharsets.UTF_8));
        genericSecret = local.genericSecret();
    }

    @AfterAll
    void stop() {
        JsonLog.setOutput(System.out);
    }

    /** One request and what it must get. {@code code} null: any of the statuses, any error code. */
    record Case(String kind, String method, String path, Map<String, String> headers, byte[] body, boolean sigv4,
                Set<Integer> statuses, String code) {
        Case(String kind, String method, String path, Map<String, String> headers, byte[] body, int status, String code) {
            this(kind, method, path, headers, body, true, Set.of(status), code);
        }

        @Override
        public String toString() {
            String b = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return kind + " " + method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + " headers="
                    + headers.keySet() + " body(" + body.length + ")=" + b;
        }
    }

    record Answer(int status, String body) {}

    @Test
    void tenThousandHostileRequestsGetStableErrorsAndStoreNothing() throws Exception {
        // positive control: a valid delivery is stored, so the scan below can see stored items
        String control = "control-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] controlBody = validBody(control, null).getBytes(StandardCharsets.UTF_8);
        Answer ok = send(new Case("control", "POST", "/webhooks/payment", genericHeaders(controlBody, 0), controlBody, 200, null));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        System.out.println("HostileInputIT seed 0x" + Long.toHexString(SEED) + ", " + CASES + " cases, " + THREADS + " threads");
        Map<String, LongAdder> perKind = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> perStatus = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger failureCount = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Case c = generate(new Random(SEED + index), index);
                    perKind.computeIfAbsent(c.kind(), k -> new LongAdder()).increment();
                    String problem;
                    try {
                        Answer a = send(c);
                        perStatus.computeIfAbsent(a.status(), k -> new LongAdder()).increment();
                        problem = check(c, a);
                    } catch (RuntimeException e) {
                        problem = "no answer: " + e;
                    }
                    if (problem != null && failureCount.incrementAndGet() <= 25) failures.add("case " + index + ": " + problem + "\n    " + c);
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("HostileInputIT: %,d requests in %,d ms (%,.0f/s); by kind %s; by status %s%n", CASES, ms,
                CASES * 1000.0 / Math.max(1, ms), new TreeMap<>(perKind), new TreeMap<>(perStatus));

        assertThat(failures).as(failureCount.get() + " failing cases (first 25 shown)").isEmpty();
        assertThat(perStatus.keySet()).allSatisfy(s -> assertThat(s == 200 || (s >= 400 && s <= 499)).as("status %d", s).isTrue());
        assertThat(perStatus).as("verified provider deliveries that cannot be used are acknowledged as ignored").containsKey(200);

        // nothing stored but the control and the events of the 200 answers, none with an unusable amount or a card number; nothing mailed
        List<Map<String, AttributeValue>> items = scanAll();
        assertThat(items).as("the control delivery is in the table").anyMatch(item -> item.get("transaction_id").s().equals(control));
        assertThat(items).allSatisfy(item -> {
            for (String pan : TEST_PANS) assertThat(item.toString().replaceAll("[ -]", "")).as("an item holds a card number").doesNotContain(pan);
            String txn = item.get("transaction_id").s();
            if (txn.equals(control)) return;
            if (txn.startsWith("alert#")) {
                // the alert ledger's window for an acknowledged dispute (the outbox raised its operations alert) or a
                // payment the risk screen found high
                assertThat(txn).as("an alert window: %s", item).matches("alert#(DISPUTE|HIGH_RISK)\\|txn:.*");
                assertThat(ACKNOWLEDGED).as("an alert for a request that was not acknowledged: %s", item).contains(txn.substring(txn.indexOf("|txn:") + 5));
                return;
            }
            if (txn.startsWith("velocity#")) {
                // the risk screen's facts about a customer of an acknowledged (or the control) payment
                assertThat(item.get("kind").s()).as("velocity facts: %s", item).isEqualTo("VELOCITY");
                String payment = item.get("payment_id").s();
                assertThat(payment.equals(control) || ACKNOWLEDGED.contains(payment)).as("facts of a payment that was not acknowledged: %s", item).isTrue();
                return;
            }
            assertThat(ACKNOWLEDGED).as("an item of a request that was not acknowledged: %s", item).contains(txn);
            // events, and the risk screen's finding of an acknowledged payment
            assertThat(item.get("timestamp").s()).as("only events and risk findings: %s", item).matches("EVENT#.*|RISK");
            if (item.containsKey("amount_minor")) {
                assertThat(Long.parseLong(item.get("amount_minor").n())).as("a refused amount was stored: %s", item).isNotNegative();
                assertThat(item.get("currency").s()).as("a refused currency was stored: %s", item).isNotEqualTo("ZZZ");
            }
        });
        // no customer was mailed; the only mail is operations alerts (acknowledged disputes), without a card number
        assertThat(Mailbox.all(local.dir())).allSatisfy(m -> {
            assertThat(Mailbox.header(m, "X-Payhook-Alert")).as("a customer email was sent: %s", Mailbox.subject(m)).isNotNull();
            for (String pan : TEST_PANS) assertThat(Mailbox.text(m).replaceAll("[ -]", "")).as("an alert holds a card number").doesNotContain(pan);
        });

        // no handler or gateway hit an unexpected exception
        List<String> errorLines = logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
        assertThat(errorLines).isEmpty();

        Answer health = send(new Case("health", "GET", "/health", Map.of(), new byte[0], false, Set.of(200), null));
        assertThat(health.status()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
    }

    /**
     * What the JDK's own HTTP server does before any payhook code runs (observed, JDK 21–25): it
     * refuses some requests itself, with an HTML body or by closing the connection. None of it is a
     * 5xx except a Transfer-Encoding other than chunked (501); the server stays up.
     */
    @Test
    void whatTheJdkServerRefusesByItself() throws Exception {
        int port = system.port();
        // a request line that is not one: 400, HTML, from the JDK
        assertThat(raw(port, "GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
        // a URI that does not parse: 400 from the JDK
        assertThat(raw(port, "GET /transactions/a|b{c} HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
        // conflicting framing: 400 from the JDK (request smuggling guard)
        assertThat(raw(port, "POST /webhooks/payment HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}"))
                .startsWith("HTTP/1.1 400");
        assertThat(raw(port, "POST /webhooks/payment HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")).startsWith("HTTP/1.1 400");
        // a transfer coding it does not implement: 501 from the JDK (the one 5xx; API Gateway answers this itself in AWS)
        assertThat(raw(port, "POST /webhooks/payment HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")).startsWith("HTTP/1.1 501");
        // more than 200 headers, or a header block over 380 KiB: the JDK drops the connection without an answer
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 250; i++) many.append("X-Fuzz-").append(i).append(": v\r\n");
        assertThat(raw(port, many.append("\r\n").toString())).isEmpty();
        assertThat(raw(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(400 * 1024) + "\r\n\r\n")).isEmpty();
        // within the JDK's limits, payhook's own: a value over 8 KiB is 431 with a JSON body
        String big = raw(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + "a".repeat(9 * 1024) + "\r\n\r\n");
        assertThat(big).startsWith("HTTP/1.1 431").contains("\"error\":\"request_headers_too_large\"");

        Answer health = send(new Case("health", "GET", "/health", Map.of(), new byte[0], false, Set.of(200), null));
        assertThat(health.status()).isEqualTo(200);
    }

    /** Sends raw bytes, returns what came back before the server closed (or 5 s passed): "" when nothing did. */
    static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
            } catch (IOException closedWhileWriting) {
                // the server may drop the connection before it has read everything
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && got.size() > 0 && complete(got.toString(StandardCharsets.ISO_8859_1))) break;
                }
            } catch (IOException reset) {
                // connection reset: same as closed
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean complete(String response) {
        int head = response.indexOf("\r\n\r\n");
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(response.substring(0, head));
        return m.find() && response.length() - head - 4 >= Integer.parseInt(m.group(1));
    }

    // ------------------------------------------------------------------ checking

    /** Null when the answer is what the case expects; otherwise why not. */
    static final List<String> TEST_PANS = List.of("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117");

    static String check(Case c, Answer a) {
        if (a.status() >= 500) return "5xx: " + a.status() + " " + a.body();
        for (String pan : TEST_PANS) if (a.body().replaceAll("[ -]", "").contains(pan)) return "the answer shows a card number: " + a.body();
        if (!c.statuses().contains(a.status())) return "status " + a.status() + ", expected " + c.statuses() + ": " + a.body();
        if (a.status() == 200) return acknowledged(a);
        if (a.status() >= 400) {
            JsonNode n;
            try {
                n = JSON.readTree(a.body());
            } catch (IOException e) {
                return "error body is not JSON: " + a.body();
            }
            if (n == null || !n.isObject() || !n.path("error").isTextual() || !n.path("message").isTextual()
                    || n.get("error").asText().isBlank() || n.get("message").asText().isBlank()) {
                return "error body lacks error/message: " + a.body();
            }
            if (c.code() != null && !c.code().equals(n.get("error").asText())) return "code " + n.get("error").asText() + ", expected " + c.code();
            if (a.body().contains("Exception") || a.body().contains("\tat ")) return "error body shows internals: " + a.body();
        }
        return null;
    }

    /** A 200 to a hostile case: its transactions are noted (what they hold is checked at the end). */
    static String acknowledged(Answer a) {
        JsonNode n;
        try {
            n = JSON.readTree(a.body());
        } catch (IOException e) {
            return "200 body is not JSON: " + a.body();
        }
        List<JsonNode> events = new ArrayList<>();
        if (n.path("events").isArray()) n.get("events").forEach(events::add); else events.add(n);
        for (JsonNode e : events) {
            if (!e.path("transaction_id").isTextual()) return "200 without a transaction id: " + a.body();
            ACKNOWLEDGED.add(e.path("transaction_id").asText());
        }
        return null;
    }

    /**
     * Sends a case through the {@link PayhookClient}, SigV4-signed or not as the case says. A request
     * its {@link java.net.HttpURLConnection} would alter — a method it does not know (PATCH), a body
     * without a Content-Type (it adds {@code application/x-www-form-urlencoded}) — goes over a socket
     * exactly as generated, with the headers the client signed.
     */
    Answer send(Case c) {
        PayhookClient.Prepared p = (c.sigv4() ? client : client.unsigned()).prepare(c.method(), c.path(), c.headers(), c.body());
        boolean withBody = c.body().length > 0 || c.method().equals("POST") || c.method().equals("PUT");
        boolean noContentType = c.headers().keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase);
        if (c.method().equals("PATCH") || (withBody && noContentType && !c.method().equals("PUT"))) return sendRaw(p);
        PayhookClient.Response r = client.execute(p);
        return new Answer(r.status(), r.body());
    }

    Answer sendRaw(PayhookClient.Prepared p) {
        URI uri = p.uri();
        StringBuilder request = new StringBuilder(p.method()).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        p.headers().forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("Content-Length: ").append(p.body().length).append("\r\nConnection: close\r\n\r\n")
                .append(new String(p.body(), StandardCharsets.ISO_8859_1));
        String answer;
        try {
            answer = raw(uri.getPort(), request.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int head = answer.indexOf("\r\n\r\n");
        if (!answer.startsWith("HTTP/1.1 ") || head < 0) throw new IllegalStateException("no answer: " + answer);
        return new Answer(Integer.parseInt(answer.substring(9, 12)),
                new String(answer.substring(head + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    List<Map<String, AttributeValue>> scanAll() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var r = system.dynamo().client().scan(ScanRequest.builder().tableName(LocalSystem.TABLE).exclusiveStartKey(start).build());
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    // ------------------------------------------------------------------ generating

    /** A fuzz transaction id: base 36, so it never holds a long run of digits that could pass for a card number. */
    static String txn(Random r) { return PREFIX + Long.toString(r.nextLong() & Long.MAX_VALUE, 36); }

    static ObjectNode valid(Random r) {
        String t = txn(r);
        ObjectNode o = NODES.objectNode();
        o.put("event_id", "evt_" + t);
        o.put("transaction_id", t);
        o.put("type", "payment.succeeded");
        o.put("status", "succeeded");
        ObjectNode amount = o.putObject("amount");
        amount.put("value", 1 + r.nextInt(100_000));
        amount.put("currency", "EUR");
        o.put("customer_id", "cus_fuzz");
        o.put("customer_email", "fuzz@example.com");
        o.put("payment_method", "visa 4242");
        o.put("occurred_at", Instant.now().toString());
        return o;
    }

    static String validBody(String txn, String email) {
        ObjectNode o = valid(new Random(1));
        o.put("event_id", "evt_" + txn);
        o.put("transaction_id", txn);
        if (email == null) o.remove("customer_email");
        else o.put("customer_email", email);
        return o.toString();
    }

    Map<String, String> genericHeaders(byte[] body, long skewSeconds) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(genericSecret, Instant.now().getEpochSecond() + skewSeconds, body));
        return h;
    }

    /** A provider-signed generic delivery of {@code body}. */
    Case signed(String kind, byte[] body, int status, String code) {
        return new Case(kind, "POST", "/webhooks/payment", genericHeaders(body, 0), body, status, code);
    }

    Case signed(String kind, String body, int status, String code) {
        return signed(kind, body.getBytes(StandardCharsets.UTF_8), status, code);
    }

    private static final String[] KINDS = {
            "truncated", "truncated", "truncated", "garbage", "not_object", "deep", "deep", "huge_string", "too_large",
            "wrong_type", "wrong_type", "wrong_type", "amount", "amount", "amount", "currency", "currency", "status",
            "timestamp", "utf8", "utf8", "utf8", "content_type", "content_type", "path_id", "path_id", "path_id",
            "notify_body", "route", "route", "provider_signature", "provider_signature", "sigv4", "headers", "card_data",
            "card_data", "syntax", "control_chars", "sample_delivery", "provider_mutation", "provider_mutation", "regex_bomb"};

    Case generate(Random r, int index) {
        String kind = KINDS[r.nextInt(KINDS.length)];
        return switch (kind) {
            case "truncated" -> {
                byte[] full = valid(r).toString().getBytes(StandardCharsets.UTF_8);
                byte[] cut = java.util.Arrays.copyOf(full, r.nextInt(full.length));
                yield signed(kind, cut, 400, "malformed_json");
            }
            case "garbage" -> {
                String alphabet = "{}[]\":,0123456789abcdefnulltrue -.\\eE\n\t";
                StringBuilder b = new StringBuilder();
                int n = 1 + r.nextInt(200);
                for (int i = 0; i < n; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                yield signed(kind, b.toString(), 400, null);
            }
            case "not_object" -> {
                String[] bodies = {"[]", "\"text\"", "1", "null", "true", "[" + valid(r) + "]", "  ", "\"\\u0000\""};
                yield signed(kind, bodies[r.nextInt(bodies.length)], 400, "malformed_json");
            }
            case "deep" -> {
                int depth = 33 + r.nextInt(r.nextBoolean() ? 40 : 4000);
                StringBuilder open = new StringBuilder();
                StringBuilder close = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    if (r.nextBoolean()) { open.append("{\"a\":"); close.insert(0, '}'); }
                    else { open.append('['); close.insert(0, ']'); }
                }
                String nested = open + "1" + close;
                String body = r.nextBoolean() ? valid(r).toString().replaceFirst("\\{", "{\"extra\":" + java.util.regex.Matcher.quoteReplacement(nested) + ",")
                        : "{\"event_id\":" + nested + "}";
                yield signed(kind, body, 400, "malformed_json");
            }
            case "huge_string" -> {
                if (r.nextBoolean()) {
                    ObjectNode o = valid(r);
                    o.put("extra", "x".repeat(64 * 1024 + 1 + r.nextInt(120_000)));
                    yield signed(kind, o.toString(), 400, "malformed_json");
                }
                ObjectNode o = valid(r);
                o.put("type", "t".repeat(129 + r.nextInt(60_000)));
                yield signed(kind, o.toString(), 400, "invalid_field");
            }
            case "too_large" -> {
                ObjectNode o = valid(r);
                boolean overGateway = r.nextInt(10) == 0;
                int size = overGateway ? 1024 * 1024 + 1 + r.nextInt(1000) : 256 * 1024 + 1 + r.nextInt(40_000);
                StringBuilder pad = new StringBuilder();
                while (pad.length() < size) pad.append("{\"p\":\"").append("y".repeat(60_000)).append("\"},");
                String body = "{\"pad\":[" + pad + "1]," + o.toString().substring(1);
                yield signed(kind, body, 413, "payload_too_large");
            }
            case "wrong_type" -> wrongType(r);
            case "amount" -> amount(r);
            case "currency" -> {
                ObjectNode o = valid(r);
                String c;
                do {
                    String[] odd = {"EURO", "E", "€€€", "12A", "eu", "EUR ", " EUR", "XAU", "XXX", "e\u0301ur"};
                    c = r.nextBoolean() ? odd[r.nextInt(odd.length)] : "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26));
                } while (Currencies.isKnown(c));
                ((ObjectNode) o.get("amount")).put("currency", c);
                yield signed(kind, o.toString(), 422, "unknown_currency");
            }
            case "status" -> {
                ObjectNode o = valid(r);
                String[] odd = {"shipped", "paid", "SUCCEEDEDX", "succeeded!", "refund", "zz" + r.nextInt(1000), "\u0000", "☃"};
                o.put("status", odd[r.nextInt(odd.length)]);
                yield signed(kind, o.toString(), 422, "unknown_status");
            }
            case "timestamp" -> {
                ObjectNode o = valid(r);
                String[] odd = {"yesterday", "2026-13-45T00:00:00Z", "+999999-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                        "2026-11-22", "12:00", "2026-11-22T12:00:00", "1732276800", "2026-11-22T25:00:00Z"};
                o.put("occurred_at", odd[r.nextInt(odd.length)]);
                yield signed(kind, o.toString(), 422, "invalid_timestamp");
            }
            case "utf8" -> {
                ObjectNode o = valid(r);
                if (r.nextInt(4) == 0) {
                    String[] lone = {"\\ud800", "\\udfff", "x\\ud83dy", "\\ude00\\ud83d"};
                    String body = o.toString().replace("visa 4242", "visa " + lone[r.nextInt(lone.length)]);
                    yield signed(kind, body, 400, "invalid_encoding");
                }
                byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        {(byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
                byte[] b = o.toString().getBytes(StandardCharsets.UTF_8);
                byte[] ins = bad[r.nextInt(bad.length)];
                int at = indexOf(b, "visa".getBytes(StandardCharsets.UTF_8));
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(b, at, out, at + ins.length, b.length - at);
                yield signed(kind, out, 400, "invalid_encoding");
            }
            case "content_type" -> {
                byte[] body = valid(r).toString().getBytes(StandardCharsets.UTF_8);
                Map<String, String> h = genericHeaders(body, 0);
                String[] types = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "json", "application/jsonx", "application/json; charset=iso-8859-1", "application/json; charset=utf-16",
                        "text/json", "*/*", null};
                String t = types[r.nextInt(types.length)];
                if (t == null) h.remove("Content-Type");
                else h.put("Content-Type", t);
                yield new Case(kind, "POST", "/webhooks/payment", h, body, 415, "unsupported_media_type");
            }
            case "path_id" -> {
                String id = oddId(r);
                String encoded = encode(id);
                boolean notify = r.nextBoolean();
                int status = Ids.isValid(id) ? 404 : 400;
                String code = status == 404 ? "not_found" : "invalid_id";
                yield notify ? new Case(kind, "POST", "/transactions/" + encoded + "/notify", Map.of(), new byte[0], status, code)
                        : new Case(kind, "GET", "/transactions/" + encoded, Map.of(), new byte[0], status, code);
            }
            case "notify_body" -> {
                String path = "/transactions/" + txn(r) + "/notify";
                int pick = r.nextInt(6);
                Map<String, String> h = Map.of("Content-Type", "application/json");
                yield switch (pick) {
                    case 0 -> new Case(kind, "POST", path, h, "{\"reason\":".getBytes(StandardCharsets.UTF_8), 400, "malformed_json");
                    case 1 -> new Case(kind, "POST", path, h, "{\"reason\":42}".getBytes(StandardCharsets.UTF_8), 400, "invalid_field");
                    case 2 -> new Case(kind, "POST", path, h, ("{\"reason\":\"" + "r".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8), 413, "payload_too_large");
                    case 3 -> new Case(kind, "POST", path, h, "[1,2]".getBytes(StandardCharsets.UTF_8), 400, "malformed_json");
                    case 4 -> new Case(kind, "POST", path, h, new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, 400, "malformed_json");
                    default -> new Case(kind, "POST", path, h, "{\"reason\":\"card 4111 1111 1111 1111\"}".getBytes(StandardCharsets.UTF_8), 404, "not_found");
                };
            }
            case "route" -> {
                if (r.nextBoolean()) {
                    String[] paths = {"/", "/webhooks", "/webhooks/payment/x", "/webhooks/payments", "/transactions/",
                            "/transactions//notify", "/transactions/a/b/c", "/admin", "/health/x", "/WEBHOOKS/PAYMENT", "/%2e%2e/etc/passwd",
                            "/webhooks/payment%00", "/_local/unknown"};
                    String p = paths[r.nextInt(paths.length)];
                    String m = p.startsWith("/_local/") ? "POST" : new String[] {"GET", "POST", "PUT", "DELETE"}[r.nextInt(4)];
                    yield new Case(kind, m, p, Map.of(), new byte[0], 404, "route_not_found");
                }
                String[][] wrong = {{"GET", "/webhooks/payment"}, {"PUT", "/webhooks/payment"}, {"DELETE", "/webhooks/payment"},
                        {"PATCH", "/webhooks/payment"}, {"OPTIONS", "/webhooks/payment"}, {"POST", "/transactions/" + txn(r)},
                        {"DELETE", "/transactions/" + txn(r)}, {"GET", "/transactions/" + txn(r) + "/notify"}, {"PUT", "/transactions/x/notify"},
                        {"DELETE", "/notifications/redrive"}, {"POST", "/notifications"}, {"DELETE", "/notifications/replay"}, {"POST", "/notifications/replay/rpl_1"}, {"POST", "/transactions"}, {"DELETE", "/transactions"}};
                String[] w = wrong[r.nextInt(wrong.length)];
                yield new Case(kind, w[0], w[1], Map.of(), new byte[0], 405, "method_not_allowed");
            }
            case "provider_signature" -> {
                byte[] body = valid(r).toString().getBytes(StandardCharsets.UTF_8);
                Map<String, String> h = genericHeaders(body, 0);
                yield switch (r.nextInt(6)) {
                    case 0 -> { h.remove("Payhook-Signature"); yield new Case(kind, "POST", "/webhooks/payment", h, body, 401, "signature_missing"); }
                    case 1 -> { h.put("Payhook-Signature", "t=abc,v1=zz"); yield new Case(kind, "POST", "/webhooks/payment", h, body, 401, "signature_malformed"); }
                    case 2 -> {
                        h.put("Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1("not-the-secret", Instant.now().getEpochSecond(), body));
                        yield new Case(kind, "POST", "/webhooks/payment", h, body, 401, "signature_invalid");
                    }
                    case 3 -> new Case(kind, "POST", "/webhooks/payment", genericHeaders(body, -(301 + r.nextInt(100_000))), body, 401, "signature_expired");
                    case 4 -> {
                        // signed, then one byte of the body changed
                        byte[] tampered = body.clone();
                        int at = indexOf(tampered, "visa".getBytes(StandardCharsets.UTF_8));
                        tampered[at] = 'V';
                        yield new Case(kind, "POST", "/webhooks/payment", h, tampered, 401, "signature_invalid");
                    }
                    default -> new Case(kind, "POST", "/webhooks/payment?provider=nope" + r.nextInt(100), h, body, 400, "unknown_provider");
                };
            }
            case "sigv4" -> {
                byte[] body = valid(r).toString().getBytes(StandardCharsets.UTF_8);
                Map<String, String> h = genericHeaders(body, 0);
                yield switch (r.nextInt(3)) {
                    case 0 -> new Case(kind, "POST", "/webhooks/payment", h, body, false, Set.of(403), "missing_authentication");
                    case 1 -> {
                        Map<String, String> bad = new LinkedHashMap<>(h);
                        String date = SigV4.amzDate(Instant.now());
                        // names a "signed header" that is a card number: the refusal must not echo it
                        bad.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + config.accessKeyId() + "/" + date.substring(0, 8) + "/"
                                + config.region() + "/execute-api/aws4_request, SignedHeaders=host;x-amz-date;4111111111111111, Signature=" + "0".repeat(64));
                        bad.put("X-Amz-Date", date);
                        yield new Case(kind, "POST", "/webhooks/payment", bad, body, false, Set.of(403), "invalid_signature");
                    }
                    default -> {
                        Map<String, String> bad = client.withCredentials(new PayhookClient.Credentials(config.accessKeyId(), "not-the-secret-key"))
                                .prepare("POST", "/webhooks/payment", h, body).headers();
                        yield new Case(kind, "POST", "/webhooks/payment", bad, body, false, Set.of(403), "invalid_signature");
                    }
                };
            }
            case "headers" -> {
                byte[] body = valid(r).toString().getBytes(StandardCharsets.UTF_8);
                Map<String, String> h = genericHeaders(body, 0);
                if (r.nextInt(3) == 0) {
                    String path = r.nextBoolean() ? "/webhooks/payment?x=" + "q".repeat(8 * 1024 + r.nextInt(4096))
                            : "/transactions/" + "t".repeat(8 * 1024 + r.nextInt(4096));
                    String method = r.nextBoolean() ? "POST" : "GET";
                    // a GET carries no body (HttpURLConnection would send one as a POST)
                    yield new Case(kind, method, path, h, method.equals("GET") ? new byte[0] : body, r.nextBoolean(), Set.of(414), "uri_too_long");
                }
                if (r.nextBoolean()) {
                    h.put("X-Fuzz", "h".repeat(8 * 1024 + 1 + r.nextInt(8 * 1024)));
                } else {
                    for (int i = 0; i < 40; i++) h.put("X-Fuzz-" + i, "h".repeat(1000));
                }
                yield new Case(kind, "POST", "/webhooks/payment", h, body, r.nextBoolean(), Set.of(431), "request_headers_too_large");
            }
            case "card_data" -> {
                ObjectNode o = valid(r);
                String[] pans = {"4111111111111111", "5555-5555-5555-4444", "378282246310005", "6011111111111117"};
                String pan = pans[r.nextInt(pans.length)];
                yield switch (r.nextInt(4)) {
                    case 0 -> { o.put("transaction_id", PREFIX + pan); yield signed(kind, o.toString(), 400, "invalid_id"); }
                    case 1 -> { o.put("event_id", "evt-" + pan); yield signed(kind, o.toString(), 400, "invalid_id"); }
                    case 2 -> { o.put("customer_email", pan.replace("-", "") + "@example.com"); yield signed(kind, o.toString(), 400, "invalid_field"); }
                    default -> { ((ObjectNode) o.get("amount")).put("value", Long.parseLong(pan.replace("-", ""))); yield signed(kind, o.toString(), 422, "invalid_amount"); }
                };
            }
            case "syntax" -> {
                String v = valid(r).toString();
                String[] bodies = {v + "x", v + v, v.replaceFirst("\"status\"", "\"status\":\"failed\",\"status\""), v.replace(",", ",,"),
                        v.replace("\"visa 4242\"", "'visa 4242'"), v.replace("}", ",}"), v.replace("\"type\"", "type"),
                        v.replace("\"visa 4242\"", "\"visa\n4242\""), "\uFEFF\uFEFF" + v};
                yield signed(kind, bodies[r.nextInt(bodies.length)], 400, "malformed_json");
            }
            case "control_chars" -> {
                ObjectNode o = valid(r);
                o.put("type", "payment." + (char) r.nextInt(32) + "succeeded");
                yield signed(kind, o.toString(), 400, "invalid_field");
            }
            case "regex_bomb" -> {
                // text that makes backtracking or recursive pattern matching blow up (a stack overflow here was a real bug)
                ObjectNode o = valid(r);
                int n = r.nextInt(8) == 0 ? 25_000 + r.nextInt(5_000) : 1_000 + r.nextInt(3_000); // a few near the 64 KiB string limit
                String bomb = switch (r.nextInt(4)) {
                    case 0 -> "1 ".repeat(n);
                    case 1 -> "a@" + "a.".repeat(n) + "1";
                    case 2 -> "1-".repeat(n) + "x";
                    default -> "cvc" + " ".repeat(2 * n) + "1";
                };
                o.put(r.nextBoolean() ? "payment_method" : "extra", bomb);
                o.put("status", "zz-not-a-status");
                yield signed(kind, o.toString(), 422, "unknown_status");
            }
            case "sample_delivery" -> sampleDelivery(r);
            case "provider_mutation" -> providerMutation(r);
            default -> throw new IllegalStateException(kind);
        };
    }

    Case wrongType(Random r) {
        ObjectNode o = valid(r);
        String[] fields = {"event_id", "transaction_id", "status", "amount", "amount.value", "amount.currency", "type",
                "customer_id", "customer_email", "payment_method", "occurred_at"};
        String f = fields[r.nextInt(fields.length)];
        JsonNode[] wrong = {NODES.numberNode(123), NODES.booleanNode(true), NODES.arrayNode().add("x"), NODES.objectNode().put("a", 1),
                NODES.numberNode(1.5), NODES.nullNode()};
        JsonNode w = wrong[r.nextInt(wrong.length)];
        boolean required = Set.of("event_id", "transaction_id", "status", "amount", "amount.value", "amount.currency").contains(f);
        if (w.isNull() && !required) w = NODES.numberNode(7);
        if (f.equals("amount.value") && w.isIntegralNumber()) w = NODES.textNode("123"); // an integer is the right type
        if (f.equals("amount") && w.isObject()) {
            // an object is the right type, but it has no value
            o.set("amount", w);
            return signed("wrong_type", o.toString(), 400, "missing_field");
        }
        ObjectNode target = f.startsWith("amount.") ? (ObjectNode) o.get("amount") : o;
        target.set(f.startsWith("amount.") ? f.substring(7) : f, w);
        String body = o.toString();
        if (w.isNull()) return signed("wrong_type", body, 400, "missing_field");
        if (f.equals("amount.value")) return signed("wrong_type", body, 422, "invalid_amount");
        return signed("wrong_type", body, 400, "invalid_field");
    }

    Case amount(Random r) {
        ObjectNode o = valid(r);
        String marker = "\"value\":" + o.get("amount").get("value").asText();
        String literal;
        int status = 422;
        String code = "invalid_amount";
        switch (r.nextInt(8)) {
            case 0 -> literal = "-" + (1 + r.nextInt(1_000_000));
            case 1 -> literal = r.nextInt(1000) + "." + (1 + r.nextInt(99));
            case 2 -> literal = new String[] {"1e3", "1E+2", "100.0", "0.0", "-0.5", "1e-7", "1e400", "-1e400"}[r.nextInt(8)];
            case 3 -> literal = new java.math.BigInteger(63 + r.nextInt(3000), r).setBit(62).toString();
            case 4 -> literal = "9".repeat(19 + r.nextInt(981));
            case 5 -> {
                literal = "9".repeat(1001 + r.nextInt(2000));
                status = 400;
                code = "malformed_json";
            }
            case 6 -> {
                literal = new String[] {"NaN", "Infinity", "-Infinity", "01", "+1", "0x10", "1_000", "--1", ".5"}[r.nextInt(9)];
                status = 400;
                code = "malformed_json";
            }
            default -> literal = "-" + "9".repeat(1 + r.nextInt(500));
        }
        return signed("amount", o.toString().replace(marker, "\"value\":" + literal), status, code);
    }

    /** Correctly signed deliveries of every provider {@link SampleDeliveries} knows, with options no provider may accept. */
    Case sampleDelivery(Random r) {
        List<String> providers = EnvironmentSecretSource.VARIABLES.keySet().stream().sorted()
                .filter(p -> !SampleDeliveries.eventTypes(p).isEmpty()).toList();
        String provider = providers.get(r.nextInt(providers.size()));
        List<String> types = SampleDeliveries.eventTypes(provider);
        String type = types.get(r.nextInt(types.size()));
        String secret = config.providerSecrets().get(EnvironmentSecretSource.VARIABLES.get(provider)).split(",")[0];
        String t = txn(r);
        // a card number in the customer email can only be refused where the event carries the email: the generic format
        int pick = provider.equals("generic") ? r.nextInt(4) : new int[] {0, 2, 3}[r.nextInt(3)];
        SampleDeliveries.SampleOptions o = switch (pick) {
            // the ingest gate refuses these for every provider: a card number in the payment reference / event id
            case 0 -> new SampleDeliveries.SampleOptions(PREFIX + "4111111111111111", 1999, "EUR", null, "evt_4111111111111111");
            case 1 -> new SampleDeliveries.SampleOptions(t, 1999, "EUR", "5555555555554444@example.com", "evt_" + t);
            // what the generic format refuses (422) and a provider's own format keeps as ignored (200)
            case 2 -> new SampleDeliveries.SampleOptions(t, -1 - r.nextInt(1000), "EUR", null, "evt_" + t);
            default -> new SampleDeliveries.SampleOptions(t, 1999, "ZZZ", null, "evt_" + t);
        };
        SampleDeliveries.Delivery d;
        try {
            d = SampleDeliveries.build(provider, type, o, secret, Instant.now());
        } catch (IllegalArgumentException builderRefuses) {
            // a sample builder may refuse hostile options itself; the card-number id always builds
            pick = 0;
            d = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions(PREFIX + "4111111111111111", 1999, "EUR", null, "evt_4111111111111111"),
                    secret, Instant.now());
        }
        String kind = "sample_" + provider;
        // a card number where the payment reference is: refused, or — where the provider names the payment elsewhere
        // too (a Razorpay order, a downtime notice) — kept under the other id; either way never stored
        if (pick == 0) return new Case(kind, "POST", "/webhooks/payment", d.headers(), d.body(), true,
                provider.equals("generic") ? Set.of(400) : Set.of(400, 200), "invalid_id");
        if (pick == 1) return new Case(kind, "POST", "/webhooks/payment", d.headers(), d.body(), true, Set.of(400), "invalid_field");
        if (provider.equals("generic")) return new Case(kind, "POST", "/webhooks/payment", d.headers(), d.body(), true, Set.of(400, 422), null);
        return new Case(kind, "POST", "/webhooks/payment", d.headers(), d.body(), true, Set.of(200), null);
    }

    /**
     * A correct delivery of another provider (Stripe, Standard Webhooks, Adyen), then broken and — where
     * the signature is a header over the raw body — signed again, so the broken body reaches the parser.
     * Adyen signs inside the body: a changed amount fails its HMAC (401) or, where its text is unchanged,
     * is kept as ignored (200); a broken body fails to parse (400). An odd amount in a verified
     * delivery is kept as ignored (200); a time no calendar holds is an unusable envelope (422).
     */
    Case providerMutation(Random r) {
        List<String> providers = List.of("stripe", "standard_webhooks", "adyen").stream()
                .filter(p -> !SampleDeliveries.eventTypes(p).isEmpty()).toList();
        if (providers.isEmpty()) return generate(r, -1);
        String provider = providers.get(r.nextInt(providers.size()));
        List<String> types = SampleDeliveries.eventTypes(provider);
        String type = types.get(r.nextInt(types.size()));
        String secret = config.providerSecrets().get(EnvironmentSecretSource.VARIABLES.get(provider)).split(",")[0];
        String t = txn(r);
        Instant now = Instant.now();
        SampleDeliveries.Delivery d = SampleDeliveries.build(provider, type,
                new SampleDeliveries.SampleOptions(t, 1999, "EUR", null, "evt_" + t), secret, now);
        String body = new String(d.body(), StandardCharsets.UTF_8);
        String kind = "mutated_" + provider;
        byte[] mutated;
        Set<Integer> statuses;
        String code;
        int pick = r.nextInt(5);
        String amountMarker = provider.equals("stripe") ? "\"amount\":1999" : "\"value\":1999";
        if (pick == 2 && !body.contains(amountMarker)) pick = 0;
        if (pick == 3 && !provider.equals("stripe")) pick = 4;
        switch (pick) {
            case 0 -> {
                mutated = java.util.Arrays.copyOf(d.body(), r.nextInt(d.body().length));
                // Adyen is recognised by "notificationItems" in the body: cut before it, the delivery is generic and unsigned
                statuses = provider.equals("adyen") ? Set.of(400, 401) : Set.of(400);
                code = provider.equals("adyen") ? null : "malformed_json";
            }
            case 1 -> {
                byte[] b = d.body();
                int at = 1 + r.nextInt(b.length - 2);
                while (at < b.length - 1 && b[at] != '"') at++;
                mutated = new byte[b.length + 1];
                System.arraycopy(b, 0, mutated, 0, at + 1);
                mutated[at + 1] = (byte) 0xFF;
                System.arraycopy(b, at + 1, mutated, at + 2, b.length - at - 1);
                statuses = Set.of(400);
                code = "invalid_encoding";
            }
            case 2 -> {
                String[] odd = {"-1999", "19.99", "\"1999\"", "1e3", "99999999999999999999", "true"};
                String literal = odd[r.nextInt(odd.length)];
                mutated = body.replaceFirst(java.util.regex.Pattern.quote(amountMarker), java.util.regex.Matcher.quoteReplacement(
                        amountMarker.substring(0, amountMarker.indexOf(':') + 1) + literal)).getBytes(StandardCharsets.UTF_8);
                // Adyen's HMAC covers the amount as text: "1999" as a string still verifies, then is kept as ignored
                statuses = provider.equals("adyen") ? Set.of(401, 200) : Set.of(200);
                code = null;
            }
            case 3 -> {
                // a creation time no calendar can hold
                mutated = body.replaceFirst("\"created\":[0-9]+", "\"created\":" + (r.nextBoolean() ? Long.MAX_VALUE : -Long.MAX_VALUE))
                        .getBytes(StandardCharsets.UTF_8);
                statuses = Set.of(422);
                code = "invalid_timestamp";
            }
            default -> {
                mutated = body.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"x\":" + "[".repeat(40) + "]".repeat(40) + ","))
                        .getBytes(StandardCharsets.UTF_8);
                statuses = Set.of(400);
                code = "malformed_json";
            }
        }
        Map<String, String> h = new LinkedHashMap<>(d.headers());
        switch (provider) {
            case "stripe" -> h.put("Stripe-Signature", io.payhook.testkit.Signatures.timestampedV1(secret, now.getEpochSecond(), mutated));
            case "standard_webhooks" -> h.put("webhook-signature", io.payhook.testkit.Signatures.standardWebhooks(
                    secret, h.get("webhook-id"), Long.parseLong(h.get("webhook-timestamp")), mutated));
            default -> { }
        }
        return new Case(kind, "POST", "/webhooks/payment", h, mutated, true, statuses, code);
    }

    static String oddId(Random r) {
        String[] fixed = {"..", ".", "-x", "_x", "a/b", "a b", "a%b", "<script>", "'; DROP TABLE payment_transactions; --", "\u0000",
                "é", "txn\u202Eevil", "a".repeat(129), "a".repeat(128), "4111111111111111", "a?b", "a#b", "a\\b", "NaN", "~",
                "fuzz-" + "9".repeat(120), "a:b@c+d", "%00", "%2F", "\uD83D\uDE00"};
        if (r.nextInt(3) > 0) return fixed[r.nextInt(fixed.length)];
        String chars = "abcXYZ019_-.:@+/ %?#&=;,<>\"'\\{}|^`~!$*()[]é\u0000\n";
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 300 : 20);
        for (int i = 0; i < n; i++) b.append(chars.charAt(r.nextInt(chars.length())));
        return b.toString();
    }

    /** Percent-encodes every byte outside the RFC 3986 unreserved set (so the server decodes exactly {@code s}). */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}

package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.local.EnvironmentSecretSource;
import io.payhook.core.error.ErrorCode;
import io.payhook.functions.Http;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docs/openapi.yaml} against the API as it answers: a real request for every operation and
 * for every status and error code the document lists, sent to a whole local system; each answer's
 * status must be documented for its operation, its content type too, and its body must be valid
 * against the schema of that status ({@link OpenApiContract}). The last test fails when the
 * document lists an operation or a code no request produced, or misses an {@link ErrorCode} — so
 * the document cannot drift from the code in either direction.
 *
 * <p>The coverage check needs every test of the class; run alone, it is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than the gateway's limits of 8 KiB for the path and query, and for one header value. */
    private static final String OVERSIZED = "x".repeat(9 * 1024);

    @TempDir
    static Path dir;
    LocalSystem system;
    PayhookClient api;
    OpenApiContract contract;
    SoftAssertions softly;
    final Set<String> testsRun = new TreeSet<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        contract = OpenApiContract.load(OpenApiContract.repositoryFile("docs/openapi.yaml"));
        system = startSystem(dir);
        LocalConfig c = system.config();
        api = PayhookClient.of(system.url(), c.accessKeyId(), c.secretAccessKey(), c.region());
    }

    /**
     * The system under test: the local defaults, except that Standard Webhooks has no secret, so
     * that its deliveries show {@code provider_not_configured} (a provider without a secret fails closed).
     */
    static LocalSystem startSystem(Path dataDir) throws IOException {
        LocalConfig config = LocalConfig.fromEnvironment(Map.of("PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "", "PAYHOOK_REPLAY_MAX", Integer.toString(REPLAY_MAX)), 0, dataDir)
                .withLogLevel(JsonLog.Level.ERROR);
        return new LocalSystem(config).start();
    }

    @AfterAll
    void stop() {
        http.close();
        if (system != null) system.close();
    }

    @BeforeEach
    void soft() { softly = new SoftAssertions(); }

    @AfterEach
    void assertAll(TestInfo test) {
        test.getTestMethod().ifPresent(m -> testsRun.add(m.getName()));
        softly.assertAll();
    }

    // --- the document itself -------------------------------------------------------------------------

    @Test
    @Order(0)
    void theDocumentIsValidOpenApi31() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser()
                .readContents(Files.readString(OpenApiContract.repositoryFile("docs/openapi.yaml")), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1.");
        var sigv4 = parsed.getOpenAPI().getComponents().getSecuritySchemes().get("sigv4");
        assertThat(sigv4.getExtensions()).containsEntry("x-amazon-apigateway-authtype", "awsSigv4");
        // SigV4 everywhere (the document's default) but on the routes that are open on purpose
        assertThat(parsed.getOpenAPI().getSecurity()).singleElement().satisfies(s -> assertThat(s).containsOnlyKeys("sigv4"));
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            if (op.getSecurity() != null) assertThat(path).as("%s %s is open", method, path).isIn("/health", "/metrics");
        }));
    }

    // --- POST /webhooks/payment -----------------------------------------------------------------

    @Test
    @Order(1)
    void webhookAnswers() {
        String t = txn();
        SampleDeliveries.Delivery generic = delivery("generic", "succeeded", t);
        var first = expect(200, null, webhook(generic));
        softly.assertThat(first.json().path("duplicate").asBoolean(true)).as("first delivery").isFalse();
        var again = expect(200, null, webhook(generic));
        softly.assertThat(again.json().path("duplicate").asBoolean()).as("redelivery").isTrue();
        expect(200, null, webhook(delivery("stripe", "payment_intent.succeeded", null)));
        expect(200, null, webhook(delivery("generic", "authorized", null)).path("/webhooks/payment?provider=generic"));
        var batch = expect(200, null, webhook(adyenBatch(txn())));
        softly.assertThat(batch.json().path("events")).as("a batch lists its events").hasSize(2);
        var ignored = expect(200, null, webhook(stripeIgnored()));
        softly.assertThat(ignored.json().path("status").asText()).isEqualTo("IGNORED");

        expect(400, "malformed_json", signed("{\"event_id\": "));
        ObjectNode missing = genericEvent(txn());
        missing.remove("transaction_id");
        expect(400, "missing_field", signed(missing));
        expect(400, "invalid_field", signed(genericEvent(txn()).put("customer_id", "has space")));
        expect(400, "invalid_id", signed(genericEvent("bad id " + txn())));
        expect(400, "invalid_encoding", signed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}));
        expect(400, "unknown_provider", webhook(delivery("generic", "succeeded", null)).path("/webhooks/payment?provider=nope"));

        byte[] body = bytes(genericEvent(txn()));
        expect(401, "signature_missing", webhook(json(), body));
        expect(401, "signature_malformed", webhook(with(json(), "Payhook-Signature", "t=abc,v1=00"), body));
        expect(401, "signature_invalid", webhook(with(json(), "Payhook-Signature",
                Signatures.timestampedV1("not-the-secret", now(), body)), body));
        expect(401, "signature_expired", webhook(with(json(), "Payhook-Signature",
                Signatures.timestampedV1(secret("generic"), now() - 3600, body)), body));
        expect(401, "provider_not_configured", webhook(svix(delivery("standard_webhooks", "succeeded", null))));

        expect(413, "payload_too_large", signed(padded(300 * 1024)));
        expect(413, "payload_too_large", signed(padded(ApiGateway.MAX_READ + 1))); // the gateway's own limit
        expect(415, "unsupported_media_type", webhook(with(new LinkedHashMap<>(), "Content-Type", "text/plain"), body));
        expect(415, "unsupported_media_type", webhook(with(new LinkedHashMap<>(), "Content-Type", "application/json; charset=latin1"), body));

        ObjectNode negative = genericEvent(txn());
        ((ObjectNode) negative.get("amount")).put("value", -1);
        expect(422, "invalid_amount", signed(negative));
        ObjectNode currency = genericEvent(txn());
        ((ObjectNode) currency.get("amount")).put("currency", "XQQ");
        expect(422, "unknown_currency", signed(currency));
        expect(422, "unknown_status", signed(genericEvent(txn()).put("status", "almost")));
        expect(422, "invalid_timestamp", signed(genericEvent(txn()).put("occurred_at", "yesterday")));
    }

    // --- GET /transactions/{id}, POST /transactions/{id}/notify ------------------------------------

    @Test
    @Order(2)
    void transactionAnswers() {
        String t = txn();
        expect(200, null, webhook(delivery("generic", "succeeded", t)));
        expect(200, null, request("GET", "/transactions/" + t));
        var empty = expect(202, null, request("POST", "/transactions/" + t + "/notify"));
        softly.assertThat(empty.json().path("status").asText()).isEqualTo("QUEUED");
        var withReason = expect(202, null, request("POST", "/transactions/" + t + "/notify").json("{\"reason\": \"customer asked for a copy\"}"));
        softly.assertThat(empty.json().path("notification_id").asText()).isNotEqualTo(withReason.json().path("notification_id").asText());
        var read = expect(200, null, request("GET", "/transactions/" + t));
        softly.assertThat(read.json().path("notifications").size()).as("requested notifications are listed").isGreaterThanOrEqualTo(2);
        // the risk screen's finding, once the stream brought it (the document's Risk schema)
        Eventually.await("the risk of " + t, Duration.ofSeconds(30), () -> api.get("/transactions/" + t).json().path("risk").isObject());
        var screened = expect(200, null, request("GET", "/transactions/" + t));
        softly.assertThat(screened.json().path("risk").path("level").asText()).isIn("low", "elevated", "high");

        // a transaction without a customer email: nothing can be sent, and the answer says so
        String noEmail = txn();
        var options = new SampleDeliveries.SampleOptions(noEmail, 1999, "EUR", null, null);
        expect(200, null, webhook(SampleDeliveries.build("generic", "succeeded", options, secret("generic"), Instant.now())));
        var nobody = expect(200, null, request("POST", "/transactions/" + noEmail + "/notify"));
        softly.assertThat(nobody.json().path("status").asText()).isEqualTo("NO_RECIPIENT");
        var recorded = expect(200, null, request("GET", "/transactions/" + noEmail));
        softly.assertThat(recorded.json().path("notifications").get(0).path("status").asText()).isEqualTo("NO_RECIPIENT");

        // a transaction whose only event is ignored: no status, no amount
        var ignored = expect(200, null, webhook(stripeIgnored()));
        var bare = expect(200, null, request("GET", "/transactions/" + ignored.json().path("transaction_id").asText()));
        softly.assertThat(bare.json().path("status").isNull()).as("status of an ignored-only transaction").isTrue();

        // search: the projection follows the stream, so wait (bounded) for the transaction to show
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        PayhookClient.Response found;
        do {
            found = send(request("GET", "/transactions?merchant=default&limit=1"));
            if (found.json().path("transactions").isEmpty()) java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        } while (found.json().path("transactions").isEmpty() && System.nanoTime() < deadline);
        var page = expect(200, null, request("GET", "/transactions?merchant=default&status=SUCCEEDED&status=NONE&limit=1"));
        expect(200, null, request("GET", "/transactions?provider=generic&updated_from=" + Instant.now().minus(Duration.ofHours(1)) + "&limit=100"));
        expect(200, null, request("GET", "/transactions"));
        if (!page.json().path("next_cursor").isNull()) {
            expect(200, null, request("GET", "/transactions?merchant=default&status=SUCCEEDED&status=NONE&limit=1&cursor="
                    + page.json().path("next_cursor").asText()));
        }
        expect(200, null, request("GET", "/transactions?provider=generic&risk=low&risk=elevated,HIGH&limit=5"));
        expect(400, "invalid_field", request("GET", "/transactions?risk=severe"));
        expect(400, "unknown_filter", request("GET", "/transactions?colour=red"));
        expect(400, "invalid_field", request("GET", "/transactions?limit=101"));
        expect(400, "invalid_cursor", request("GET", "/transactions?cursor=forged.cursor"));

        expect(400, "invalid_id", request("GET", "/transactions/bad!id"));
        expect(404, "not_found", request("GET", "/transactions/" + txn()));

        expect(400, "invalid_id", request("POST", "/transactions/bad!id/notify"));
        expect(400, "malformed_json", request("POST", "/transactions/" + t + "/notify").json("{\"reason\": "));
        expect(400, "invalid_field", request("POST", "/transactions/" + t + "/notify").json("{\"reason\": 42}"));
        expect(400, "invalid_field", request("POST", "/transactions/" + t + "/notify").json("{\"reason\": \"" + "r".repeat(201) + "\"}"));
        expect(404, "not_found", request("POST", "/transactions/" + txn() + "/notify"));
        expect(413, "payload_too_large", request("POST", "/transactions/" + t + "/notify").json("{\"reason\": \"" + "r".repeat(5000) + "\"}"));
    }

    // --- GET /audit ----------------------------------------------------------------------------------

    @Test
    @Order(3)
    void auditAnswers() {
        String t = txn();
        expect(200, null, webhook(delivery("generic", "succeeded", t)));
        for (int i = 0; i < 3; i++) expect(200, null, request("GET", "/transactions/" + t));
        var page = expect(200, null, request("GET", "/audit?transaction_id=" + t + "&limit=2"));
        softly.assertThat(page.json().path("records")).hasSize(2);
        String cursor = page.json().path("next_cursor").asText();
        var last = expect(200, null, request("GET", "/audit?transaction_id=" + t + "&limit=2&cursor=" + cursor));
        softly.assertThat(last.json().path("next_cursor").isNull()).isTrue();
        expect(200, null, request("GET", "/audit?principal=" + system.config().accessKeyId() + "&from=2026-01-01T00:00:00Z&to=2100-01-01T00:00:00Z"));
        expect(400, "missing_field", request("GET", "/audit"));
        expect(400, "invalid_field", request("GET", "/audit?transaction_id=" + t + "&principal=x"));
        expect(400, "invalid_field", request("GET", "/audit?transaction_id=" + t + "&limit=101"));
        expect(400, "invalid_id", request("GET", "/audit?transaction_id=bad!id"));
        expect(400, "invalid_cursor", request("GET", "/audit?transaction_id=" + txn() + "&cursor=" + cursor));
    }

    // --- POST /notifications/replay, GET /notifications/replay/{job_id} -------------------------------

    /** The system's {@code PAYHOOK_REPLAY_MAX}: small, so that {@code replay_too_large} is produced. */
    static final int REPLAY_MAX = 5;

    @Test
    @Order(2)
    void replayAnswers() {
        Instant since = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String t = txn();
        expect(200, null, webhook(delivery("generic", "succeeded", t)));
        Eventually.await("the summary", Duration.ofSeconds(30), () -> api.get("/transactions?updated_from=" + since).body().contains(t));
        var created = expect(202, null, request("POST", "/notifications/replay")
                .json("{\"filter\": {\"updated_from\": \"" + since + "\", \"status\": [\"SUCCEEDED\", \"PENDING\"]}, \"reason\": \"outage\"}"));
        String job = created.json().path("job_id").asText();
        expect(200, null, request("GET", "/notifications/replay/" + job));
        expect(400, "missing_field", request("POST", "/notifications/replay").json("{\"filter\": {\"merchant\": \"default\"}}"));
        expect(400, "missing_field", request("POST", "/notifications/replay"));
        expect(400, "invalid_field", request("POST", "/notifications/replay").json("{\"filter\": {}, \"reason\": \"r\"}"));
        expect(400, "unknown_filter", request("POST", "/notifications/replay").json("{\"filter\": {\"cursor\": \"x\"}, \"reason\": \"r\"}"));
        expect(400, "malformed_json", request("POST", "/notifications/replay").json("{\"filter\": "));
        expect(413, "payload_too_large", request("POST", "/notifications/replay").json("{\"reason\": \"" + "r".repeat(5000) + "\"}"));
        for (int i = 0; i < REPLAY_MAX; i++) expect(200, null, webhook(delivery("generic", "succeeded", txn())));
        Eventually.await("the summaries", Duration.ofSeconds(30), () ->
                api.get("/transactions?limit=100&updated_from=" + since).json().path("transactions").size() > REPLAY_MAX);
        expect(400, "replay_too_large", request("POST", "/notifications/replay")
                .json("{\"filter\": {\"updated_from\": \"" + since + "\"}, \"reason\": \"r\"}"));
        expect(400, "invalid_id", request("GET", "/notifications/replay/job-1"));
        expect(404, "not_found", request("GET", "/notifications/replay/rpl_" + "0".repeat(32)));
    }

    // --- GET /notifications, POST and GET /notifications/redrive -----------------------------------

    @Test
    @Order(2)
    void notificationOperationsAnswer() {
        // before any redrive of this system: none to show
        expect(404, "not_found", request("GET", "/notifications/redrive"));
        var failed = expect(200, null, request("GET", "/notifications?status=FAILED&limit=10"));
        softly.assertThat(failed.json().path("truncated").isBoolean()).isTrue();
        expect(200, null, request("GET", "/notifications?status=bounced"));
        expect(400, "invalid_field", request("GET", "/notifications?status=SENT"));
        expect(400, "invalid_field", request("GET", "/notifications?status=FAILED&limit=501"));
        expect(400, "missing_field", request("GET", "/notifications"));
        expect(400, "unknown_filter", request("GET", "/notifications?status=FAILED&customer_id=cus_1"));

        expect(400, "malformed_json", request("POST", "/notifications/redrive").json("[1]"));
        expect(400, "invalid_field", request("POST", "/notifications/redrive").json("{\"reason\":42}"));
        expect(413, "payload_too_large", request("POST", "/notifications/redrive").json("{\"reason\":\"" + "r".repeat(5000) + "\"}"));
        var started = expect(202, null, request("POST", "/notifications/redrive").json("{\"reason\":\"contract\"}"));
        softly.assertThat(started.json().path("status").asText()).isEqualTo("running");
        // the local move loop ends after two empty receives of 1 s each: this one finds it running
        expect(409, "redrive_running", request("POST", "/notifications/redrive"));
        Eventually.await("the redrive ended", Duration.ofSeconds(60),
                () -> !send(request("GET", "/notifications/redrive")).json().path("status").asText().equals("running"));
        var ended = expect(200, null, request("GET", "/notifications/redrive"));
        softly.assertThat(ended.json().path("status").asText()).isEqualTo("completed");
        // the queue down: the redrive cannot start
        system.stopQueue();
        try {
            expect(503, "queue_unavailable", request("POST", "/notifications/redrive"));
            expect(503, "queue_unavailable", request("GET", "/notifications/redrive"));
        } finally {
            system.startQueue();
        }
    }

    // --- GET /health, GET /metrics ------------------------------------------------------------------

    @Test
    @Order(3)
    void operationsAnswers() {
        var health = expect(200, null, request("GET", "/health").unsigned());
        softly.assertThat(health.json().path("status").asText()).isEqualTo("ok");
        var metrics = expect(200, null, request("GET", "/metrics").unsigned());
        softly.assertThat(metrics.body()).contains("# TYPE payhook_webhooks_received_total counter");
    }

    // --- what every operation answers: SigV4 and the gateway's limits --------------------------------

    @Test
    @Order(4)
    void everyOperationRefusesBadSigV4AndOversizedRequests() {
        PayhookClient wrongKey = api.withCredentials(new PayhookClient.Credentials(system.config().accessKeyId(), "not-the-secret"));
        for (OpenApiContract.Operation op : contract.operations()) {
            String method = op.method().toUpperCase(java.util.Locale.ROOT);
            String path = op.path().replaceAll("\\{[^}]+}", "some-id");
            boolean open = contract.document().at(op.pointer() + "/security").isArray()
                    && contract.document().at(op.pointer() + "/security").isEmpty();
            if (!open) {
                expect(403, "missing_authentication", request(method, path).unsigned());
                expect(403, "invalid_signature", request(method, path).client(wrongKey));
            }
            expect(414, "uri_too_long", request(method, path + "?pad=" + OVERSIZED));
            expect(431, "request_headers_too_large", request(method, path).header("X-Padding", OVERSIZED));
        }
        expect(403, "missing_authentication", request("GET", "/no/such/route").unsigned());
        expect(403, "invalid_signature", request("GET", "/no/such/route").client(wrongKey));
    }

    @Test
    @Order(5)
    void requestsMatchingNoOperation() {
        expect(404, "route_not_found", request("GET", "/no/such/route"));
        expect(404, "route_not_found", request("POST", "/_local/nothing"));
        expect(405, "method_not_allowed", request("GET", "/webhooks/payment"));
        expect(405, "method_not_allowed", request("PUT", "/transactions/some-id"));
        expect(405, "method_not_allowed", request("POST", "/transactions"));
        expect(405, "method_not_allowed", request("GET", "/transactions/some-id/notify"));
        expect(405, "method_not_allowed", request("DELETE", "/health"));
        expect(405, "method_not_allowed", request("POST", "/metrics"));
        expect(405, "method_not_allowed", request("GET", "/notifications/replay"));
        expect(405, "method_not_allowed", request("POST", "/notifications"));
        expect(405, "method_not_allowed", request("DELETE", "/notifications/redrive"));
        expect(405, "method_not_allowed", request("POST", "/audit"));
    }

    // --- the table down ------------------------------------------------------------------------------

    @Test
    @Order(90)
    void whileTheTableIsDown() {
        String t = txn();
        expect(200, null, webhook(delivery("generic", "succeeded", t)));
        system.stopStore();
        try {
            expect(503, "store_unavailable", webhook(delivery("generic", "succeeded", txn())));
            expect(503, "store_unavailable", request("GET", "/transactions/" + t));
            expect(503, "store_unavailable", request("GET", "/transactions?merchant=default"));
            expect(503, "store_unavailable", request("POST", "/transactions/" + t + "/notify"));
            expect(503, "store_unavailable", request("GET", "/notifications?status=FAILED"));
            var health = expect(200, null, request("GET", "/health").unsigned());
            softly.assertThat(health.json().path("status").asText()).isEqualTo("degraded");
            softly.assertThat(health.json().path("components").path("dynamodb").asText()).isEqualTo("down");
            // its audit record cannot be written either: the operation does not start
            expect(503, "store_unavailable", request("GET", "/notifications/replay/rpl_" + "0".repeat(32)));
            expect(503, "store_unavailable", request("POST", "/notifications/replay").json("{\"filter\": {\"merchant\": \"default\"}, \"reason\": \"r\"}"));
            expect(503, "audit_unavailable", request("GET", "/notifications/redrive"));
            expect(503, "audit_unavailable", request("GET", "/audit?transaction_id=" + t));
        } finally {
            system.startStore();
        }
        expect(200, null, request("GET", "/transactions/" + t));
    }

    @Test
    @Order(91)
    void whileTheAuditTableIsDown() {
        String t = txn();
        expect(200, null, webhook(delivery("generic", "succeeded", t)));
        system.dynamo().client().deleteTable(b -> b.tableName(LocalSystem.AUDIT_TABLE));
        try {
            expect(200, null, webhook(delivery("generic", "succeeded", txn()))); // not audited
            expect(503, "audit_unavailable", request("GET", "/transactions/" + t));
            expect(503, "audit_unavailable", request("GET", "/transactions?merchant=default"));
            expect(503, "audit_unavailable", request("POST", "/transactions/" + t + "/notify"));
            expect(503, "audit_unavailable", request("GET", "/audit?transaction_id=" + t));
            expect(503, "audit_unavailable", request("POST", "/notifications/replay").json("{\"filter\": {\"merchant\": \"nobody\"}, \"reason\": \"r\"}"));
            expect(503, "audit_unavailable", request("GET", "/notifications/replay/rpl_" + "0".repeat(32)));
            expect(503, "audit_unavailable", request("GET", "/notifications?status=FAILED"));
            expect(503, "audit_unavailable", request("GET", "/notifications/redrive"));
            // the redrive has started (its work comes before its record, like a notify's); its answer is withheld
            expect(503, "audit_unavailable", request("POST", "/notifications/redrive"));
        } finally {
            system.dynamo().ensureAuditTable(LocalSystem.AUDIT_TABLE);
        }
        expect(200, null, request("GET", "/transactions/" + t));
    }

    // --- the document against what the API answered ---------------------------------------------------

    @Test
    @Order(100)
    void everyDocumentedAnswerWasProducedAndEveryErrorCodeIsDocumented() throws IOException {
        long requestTests = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count() - 1;
        assumeTrue(testsRun.size() == requestTests, "needs every test of the class to have run; ran " + testsRun);

        Set<String> gateway = OpenApiContract.gatewayCodes(
                Files.readString(OpenApiContract.repositoryFile("infra/src/main/java/io/payhook/infra/TapStack.java")));
        assertThat(gateway).as("API Gateway's own answers, read from TapStack's gatewayError calls").contains("internal_error", "throttled");

        List<String> problems = new ArrayList<>(contract.coverageProblems(gateway));
        Map<String, Set<Integer>> documented = contract.codesByStatus();
        for (ErrorCode c : ErrorCode.values()) {
            int status = Http.status(c);
            if (!documented.getOrDefault(c.wireCode(), Set.of()).contains(status)) {
                problems.add("ErrorCode." + c + ": '" + c.wireCode() + "' is not documented under status " + status);
            }
        }
        for (String g : gateway) {
            if (!documented.containsKey(g)) problems.add("API Gateway answers '" + g + "' (TapStack), but the document lists it nowhere");
        }
        assertThat(problems).as("docs/openapi.yaml against the answers of %d requests", contract.produced().size()).isEmpty();
    }

    // --- requests ----------------------------------------------------------------------------------------

    /** A request to send: signed by {@link #api} unless another client is given. */
    record Request(PayhookClient client, String method, String path, Map<String, String> headers, byte[] body) {
        Request client(PayhookClient c) { return new Request(c, method, path, headers, body); }

        Request unsigned() { return client(client.unsigned()); }

        Request path(String p) { return new Request(client, method, p, headers, body); }

        Request header(String name, String value) { return new Request(client, method, path, with(new LinkedHashMap<>(headers), name, value), body); }

        Request json(String text) {
            return new Request(client, method, path, with(new LinkedHashMap<>(headers), "Content-Type", "application/json"),
                    text.getBytes(StandardCharsets.UTF_8));
        }
    }

    Request request(String method, String path) { return new Request(api, method, path, Map.of(), new byte[0]); }

    Request webhook(SampleDeliveries.Delivery d) { return webhook(d.headers(), d.body()); }

    Request webhook(Map<String, String> headers, byte[] body) { return new Request(api, "POST", "/webhooks/payment", headers, body); }

    /** A generic-format delivery signed with the configured generic secret. */
    Request signed(byte[] body) {
        return webhook(with(json(), "Payhook-Signature", Signatures.timestampedV1(secret("generic"), now(), body)), body);
    }

    Request signed(String body) { return signed(body.getBytes(StandardCharsets.UTF_8)); }

    Request signed(ObjectNode event) { return signed(bytes(event)); }

    /**
     * Sends the request, checks the answer against the document, and expects {@code status} and
     * the error {@code code} (null for a success).
     */
    PayhookClient.Response expect(int status, String code, Request r) {
        PayhookClient.Response answer = send(r);
        String what = r.method() + " " + abbreviate(r.path());
        softly.assertThat(answer.status()).as("%s: status (%s)", what, abbreviate(answer.body())).isEqualTo(status);
        if (code != null) softly.assertThat(answer.errorCode()).as("%s: error code", what).isEqualTo(code);
        softly.assertThat(contract.check(r.method(), r.path(), answer.status(), answer.headers().get("Content-Type"), answer.body()))
                .as("%s: the answer against docs/openapi.yaml", what).isEmpty();
        return answer;
    }

    /**
     * Signs with {@link PayhookClient#prepare} and sends with the JDK's {@link HttpClient}: PayhookClient's
     * {@code HttpURLConnection} in fixed-length streaming mode drops the body of a {@code 401} (it treats
     * it as an HTTP authentication challenge it cannot retry), and the 401 bodies are part of the contract.
     */
    PayhookClient.Response send(Request r) {
        PayhookClient.Prepared p = r.client().prepare(r.method(), r.path(), r.headers(), r.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(p.uri()).timeout(Duration.ofSeconds(60))
                .method(p.method(), p.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(p.body()));
        p.headers().forEach(b::header);
        try {
            HttpResponse<String> answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            answer.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
            return new PayhookClient.Response(answer.statusCode(), headers, answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + abbreviate(r.path()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- deliveries ------------------------------------------------------------------------------------

    SampleDeliveries.Delivery delivery(String provider, String type, String transactionId) {
        var options = new SampleDeliveries.SampleOptions(transactionId, 1999, "EUR", SampleDeliveries.DEFAULT_EMAIL, null);
        return SampleDeliveries.build(provider, type, options, secret(provider), Instant.now());
    }

    /** The provider's first configured secret (Standard Webhooks has none here: its development default). */
    String secret(String provider) {
        String variable = EnvironmentSecretSource.VARIABLES.get(provider);
        List<String> configured = EnvironmentSecretSource.split(system.config().providerSecrets().get(variable));
        return configured.isEmpty() ? LocalConfig.DEV_PROVIDER_SECRETS.get(variable) : configured.get(0);
    }

    /** One Adyen delivery with two items (an authorisation and its capture), each signed as Adyen signs it. */
    SampleDeliveries.Delivery adyenBatch(String transactionId) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(delivery("adyen", "AUTHORISATION", transactionId).body());
            JsonNode capture = JSON.readTree(delivery("adyen", "CAPTURE", transactionId).body()).path("notificationItems").get(0);
            ((ArrayNode) root.get("notificationItems")).add(capture);
            return new SampleDeliveries.Delivery(json(), bytes(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed Stripe event of a type payhook does not map (kept as ignored, answered 200). */
    SampleDeliveries.Delivery stripeIgnored() {
        String customer = "cus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        root.put("object", "event");
        root.put("created", now());
        root.putObject("data").putObject("object").put("id", customer).put("object", "customer");
        root.put("type", "customer.created");
        byte[] body = bytes(root);
        return new SampleDeliveries.Delivery(with(json(), "Stripe-Signature", Signatures.timestampedV1(secret("stripe"), now(), body)), body);
    }

    /** A Standard Webhooks delivery with Svix's header names. */
    static SampleDeliveries.Delivery svix(SampleDeliveries.Delivery d) {
        Map<String, String> h = new LinkedHashMap<>();
        d.headers().forEach((k, v) -> h.put(k.startsWith("webhook-") ? "svix-" + k.substring("webhook-".length()) : k, v));
        return new SampleDeliveries.Delivery(h, d.body());
    }

    static ObjectNode genericEvent(String transactionId) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event_id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        o.put("transaction_id", transactionId);
        o.put("type", "payment.succeeded");
        o.put("status", "succeeded");
        o.putObject("amount").put("value", 1999).put("currency", "EUR");
        o.put("customer_id", "cust-7");
        o.put("payment_method", "visa 4242");
        o.put("occurred_at", Instant.now().toString());
        return o;
    }

    /** A valid generic event padded to at least {@code size} bytes. */
    static byte[] padded(int size) { return bytes(genericEvent(txn()).put("padding", "p".repeat(size))); }

    static String txn() { return "txn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16); }

    static long now() { return Instant.now().getEpochSecond(); }

    static Map<String, String> json() { return with(new LinkedHashMap<>(), "Content-Type", "application/json"); }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) { return s == null || s.length() <= 160 ? s : s.substring(0, 160) + "…"; }
}

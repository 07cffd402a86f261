package io.payhook.local;

import com.sun.net.httpserver.HttpServer;
import io.payhook.functions.JsonLog;
import io.payhook.local.console.ConsoleServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.payhook.local.ConsoleHttpIT.assertRefused;
import static io.payhook.local.ConsoleHttpIT.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./payhook console --api URL}'s server (proxy mode) pointed at a local system, with a static credentials
 * provider holding the local key pair: the local SigV4 checker proves the AWS SDK's signatures; and pointed at a
 * recording stand-in of API Gateway: only the given host is called, the stage path is kept, nothing of the browser's
 * (cookie, token, origin) goes upstream.
 */
class ConsoleProxyIT {
    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.ERROR);

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    ConsoleHttp proxy(URI api, IdentityProvider<? extends AwsCredentialsIdentity> credentials) throws IOException {
        ConsoleServer server = ConsoleServer.proxy(api, local.config().region(), credentials, Clock.systemUTC());
        open.add(server);
        int port = server.listen(0);
        return new ConsoleHttp("http://127.0.0.1:" + port).open();
    }

    StaticCredentialsProvider localKeyPair() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(local.config().accessKeyId(), local.config().secretAccessKey()));
    }

    @Test
    void itsCallsAreSignedByTheSdkAndAcceptedByTheApi() throws Exception {
        String t = LocalSystemIT.txn();
        assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", "p@example.com")).status()).isEqualTo(200);
        ConsoleHttp console = proxy(URI.create(local.system().url()), localKeyPair());
        assertThat(json(console.getWithSession("/console/api/session")).path("mode").asText()).isEqualTo("proxy");

        HttpResponse<String> got = console.getWithSession("/console/api/transactions/" + t);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(json(got).path("transaction_id").asText()).isEqualTo(t);
        // a query with a space, a plus sign, a colon and a repeated parameter: signed as the API reads it
        HttpResponse<String> search = console.getWithSession("/console/api/transactions?merchant=shop.eu%3A1&status=SUCCEEDED&status=REFUNDED"
                + "&updated_from=2026-01-01T00%3A00%3A00Z");
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        HttpResponse<String> audit = console.getWithSession("/console/api/audit?principal=arn%3Aaws%3Asts%3A%3A123456789012%3Aassumed-role%2Fsupport%2Fa%20b%2Bc");
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        HttpResponse<String> notify = console.post("/console/api/transactions/" + t + "/notify", console.sameOrigin(), "{\"reason\":\"proxy\"}");
        assertThat(notify.statusCode()).as(notify.body()).isEqualTo(202);
        var records = local.client().get("/audit?transaction_id=" + t).json().path("records");
        assertThat(records.findValuesAsText("action")).contains("notify", "get");
        assertThat(records.findValuesAsText("principal")).containsOnly(local.config().accessKeyId());

        assertRefused(console.getWithSession("/console/api/overview"), 501, "not_available_in_proxy_mode");
        assertRefused(console.post("/console/api/webhooks/payment", console.sameOrigin(), "{}"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api//127.0.0.1:1/transactions"), 404, "route_not_allowed");
    }

    @Test
    void theApisRefusalsAndAMissingUpstreamOrMissingCredentialsAreShownAsSentences() throws Exception {
        ConsoleHttp wrongKey = proxy(URI.create(local.system().url()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(local.config().accessKeyId(), "not-the-secret")));
        HttpResponse<String> refused = wrongKey.getWithSession("/console/api/transactions");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).path("error").asText()).isEqualTo("invalid_signature");

        IdentityProvider<AwsCredentialsIdentity> none = new IdentityProvider<>() {
            @Override
            public Class<AwsCredentialsIdentity> identityType() { return AwsCredentialsIdentity.class; }

            @Override
            public java.util.concurrent.CompletableFuture<AwsCredentialsIdentity> resolveIdentity(
                    software.amazon.awssdk.identity.spi.ResolveIdentityRequest request) {
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("Profile file contained no credentials for profile 'support'"));
            }
        };
        assertRefused(proxy(URI.create(local.system().url()), none).getWithSession("/console/api/transactions"), 502, "credentials_unavailable");

        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertRefused(proxy(URI.create("http://127.0.0.1:" + closedPort), localKeyPair()).getWithSession("/console/api/transactions"),
                502, "upstream_unavailable");
    }

    /** What the stand-in of API Gateway received. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {}

    @Test
    void onlyTheGivenHostIsCalledWithTheStagePathKeptAndNothingOfTheBrowsers() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        gateway.createContext("/", x -> {
            try (x) {
                received.add(new Received(x.getRequestMethod(), x.getRequestURI().getRawPath(), x.getRequestURI().getRawQuery(),
                        Map.copyOf(x.getRequestHeaders()), new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] out = "{\"transactions\":[],\"next_cursor\":null}".getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, out.length);
                x.getResponseBody().write(out);
            }
        });
        gateway.start();
        open.add(() -> gateway.stop(0));
        var credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDPROXYTEST", "proxy-secret", "proxy-session-token"));
        ConsoleHttp console = proxy(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/prod/"), credentials);

        assertThat(console.getWithSession("/console/api/transactions?merchant=shop%20eu&status=A&status=B").statusCode()).isEqualTo(200);
        assertThat(console.post("/console/api/transactions/pi_1/notify", console.sameOrigin(), "{\"reason\":\"r\"}").statusCode()).isEqualTo(200);

        assertThat(received).hasSize(2);
        Received search = received.get(0);
        assertThat(search.method()).isEqualTo("GET");
        assertThat(search.path()).isEqualTo("/prod/transactions");
        assertThat(search.query()).isEqualTo("merchant=shop%20eu&status=A&status=B");
        Received notify = received.get(1);
        assertThat(notify.path()).isEqualTo("/prod/transactions/pi_1/notify");
        assertThat(notify.body()).isEqualTo("{\"reason\":\"r\"}");
        for (Received r : received) {
            Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.headers().forEach((k, v) -> h.put(k, String.join(",", v)));
            assertThat(h.get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDPROXYTEST/")
                    .contains("/" + local.config().region() + "/execute-api/aws4_request");
            assertThat(h.get("X-Amz-Security-Token")).isEqualTo("proxy-session-token");
            assertThat(h).doesNotContainKeys("Cookie", "X-Payhook-Console-Token", "Origin", "Sec-Fetch-Site");
        }
    }
}

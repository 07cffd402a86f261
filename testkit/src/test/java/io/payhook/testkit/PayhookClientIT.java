package io.payhook.testkit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against a JDK HTTP server that answers every request with 401 and a JSON body echoing
 * what it received: error answers keep their body, requests are signed (or not) as asked.
 */
class PayhookClientIT {
    static HttpServer server;
    static final Map<String, String> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            byte[] in = x.getRequestBody().readAllBytes();
            received.clear();
            received.put("method", x.getRequestMethod());
            received.put("body", new String(in, StandardCharsets.UTF_8));
            x.getRequestHeaders().forEach((k, v) -> received.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            byte[] out = "{\"error\":\"signature_expired\",\"message\":\"too old\"}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(401, out.length);
            x.getResponseBody().write(out);
            x.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() { server.stop(0); }

    PayhookClient client() {
        return PayhookClient.of("http://127.0.0.1:" + server.getAddress().getPort(), "AKIDEXAMPLE", "secret", "eu-west-1");
    }

    @Test
    void aPostAnswered401KeepsItsJsonBody() {
        var d = SampleDeliveries.signGeneric("{\"event_id\":\"evt_1\"}", "generic-secret", Instant.ofEpochSecond(1_800_000_000L));
        var r = client().webhook(d);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("signature_expired");
        assertThat(r.json().get("message").asText()).isEqualTo("too old");
        assertThat(received).containsEntry("method", "POST").containsEntry("body", "{\"event_id\":\"evt_1\"}")
                .containsEntry("content-type", "application/json")
                .containsEntry("payhook-signature", Signatures.timestampedV1("generic-secret", 1_800_000_000L,
                        "{\"event_id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signsWithItsCredentialsAndClockOrNotAtAll() {
        Clock old = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        client().withCredentials(new PayhookClient.Credentials("AKIDOTHER", "x")).withClock(old).get("/transactions/t1");
        assertThat(received.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDOTHER/20260102/eu-west-1/execute-api/aws4_request");
        assertThat(received).containsEntry("x-amz-date", "20260102T030405Z").containsEntry("method", "GET");

        client().unsigned().get("/health");
        assertThat(received).doesNotContainKey("authorization").doesNotContainKey("x-amz-date");
    }

    @Test
    void aGetWithABodyIsRefusedRatherThanSentAsAPost() {
        assertThatThrownBy(() -> client().send("GET", "/health", Map.of(), new byte[] {'x'}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET");
    }
}

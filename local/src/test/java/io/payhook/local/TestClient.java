package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Drives the local HTTP API like a real client: SigV4-signed with the SDK's signer, provider-signed bodies. */
final class TestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final String base;
    final LocalConfig config;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, JsonNode body, String raw) {}

    TestClient(String base, LocalConfig config) {
        this.base = base;
        this.config = config;
    }

    SigV4 signer(String key, String secret, Clock clock) {
        return new SigV4(key, secret, config.region(), Duration.ofMinutes(5), clock);
    }

    Response send(String method, String path, Map<String, String> headers, byte[] body) {
        return send(method, path, headers, body, signer(config.accessKeyId(), config.secretAccessKey(), Clock.systemUTC()));
    }

    /** Signs with {@code signer} (null: unsigned) and sends. */
    Response send(String method, String path, Map<String, String> headers, byte[] body, SigV4 signer) {
        URI uri = URI.create(base + path);
        Map<String, String> all = new HashMap<>(headers);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 && method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        if (signer != null) {
            all.put("Host", uri.getHost() + ":" + uri.getPort());
            signer.signHeaders(method, uri, all, body).forEach(b::header);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), n, r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) { return send("GET", path, Map.of(), new byte[0]); }

    Response post(String path, String json) {
        return send("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** A generic-format webhook signed with the configured generic secret. */
    Response webhook(String json) { return webhook(json, Instant.now().getEpochSecond()); }

    Response webhook(String json, long signedAt) {
        String secret = config.providerSecrets().get("PAYHOOK_GENERIC_SECRETS").split(",")[0];
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return send("POST", "/webhooks/payment", Map.of("Content-Type", "application/json",
                "Payhook-Signature", io.payhook.testkit.Signatures.timestampedV1(secret, signedAt, b)), b);
    }

    static String generic(String eventId, String txn, String status, long amount, String currency, String email) {
        return "{\"event_id\":\"" + eventId + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + status
                + "\",\"status\":\"" + status + "\",\"amount\":{\"value\":" + amount + ",\"currency\":\"" + currency + "\"},"
                + "\"customer_id\":\"cus_test\"," + (email == null ? "" : "\"customer_email\":\"" + email + "\",")
                + "\"payment_method\":\"visa 4242\",\"occurred_at\":\"" + Instant.now() + "\"}";
    }
}

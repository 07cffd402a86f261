package io.payhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.payhook.functions.IngestHandler;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Runs in a fresh JVM on the Lambda jar's classpath: initialise the ingest handler the way the
 * Lambda runtime does (no-arg constructor, wiring from the environment), handle one signed
 * webhook against DynamoDB Local (secrets and data key from the probe's stub), print the timings
 * as {@code key=value} lines.
 */
public final class ColdStartChild {
    /** The generic provider secret to sign with (the one the stub's Secrets Manager holds). */
    static final String SECRET_VARIABLE = "COLD_START_PROBE_SECRET";

    private ColdStartChild() {}

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        IngestHandler handler = new IngestHandler();
        long t1 = System.nanoTime();
        String id = "cold-" + Long.toString(System.nanoTime(), 36);
        String body = "{\"event_id\":\"evt_" + id + "\",\"transaction_id\":\"" + id + "\",\"type\":\"payment.succeeded\","
                + "\"status\":\"succeeded\",\"amount\":{\"value\":1999,\"currency\":\"EUR\"},"
                + "\"customer_email\":\"customer@example.com\",\"occurred_at\":\"" + Instant.now() + "\"}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String sig = sign(System.getenv(SECRET_VARIABLE), Instant.now().getEpochSecond(), b);
        var event = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/webhooks/payment")
                .withHeaders(Map.of("Content-Type", "application/json", "Payhook-Signature", sig)).withBody(body);
        var response = handler.handleRequest(event, null);
        long t2 = System.nanoTime();
        System.out.println("status=" + response.getStatusCode());
        System.out.println("init_ms=" + (t1 - t0) / 1_000_000.0);
        System.out.println("first_request_ms=" + (t2 - t1) / 1_000_000.0);
        System.out.println("since_jvm_start_ms=" + (System.currentTimeMillis() - jvmStart));
        System.exit(response.getStatusCode() == 200 ? 0 : 1);
    }

    /**
     * The generic provider's {@code Payhook-Signature} (t=…,v1=HMAC-SHA256 of "t." + body), written
     * here with the JDK only: the Lambda jar is shrunk to what the handlers use, and signing is not.
     */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.payhook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.payhook.functions.FunctionsContract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KMS, Secrets Manager (JSON 1.1, {@code X-Amz-Target}) and SNS (query protocol) on 127.0.0.1, as
 * far as the functions use them, so the Lambda wiring runs off AWS unchanged: a child JVM points the
 * SDK at it with the SDK's own service endpoint variables ({@link #endpointVariables}), exactly as
 * it would reach the services in AWS. Data keys are "wrapped" by prefixing them (no secrecy: a test
 * stand-in). Used by the cold-start probe and LambdaJarIT.
 */
public final class AwsStub implements AutoCloseable {
    /** The field key the functions are configured with ({@code PAYHOOK_KMS_KEY_ARN}). */
    public static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000";
    /** The provider-secrets secret ({@code PAYHOOK_PROVIDER_SECRETS_ARN}). */
    public static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:payhook-stub-AbCdEf";
    private static final byte[] WRAP = "stub-kms:".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String secretString;
    private final int publishesToRefuse;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger publishes = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param genericSecret     the one provider secret GetSecretValue answers ({@code {"generic":[secret]}})
     * @param publishesToRefuse how many SNS publishes to refuse first (a failing channel), then accept
     */
    public AwsStub(String genericSecret, int publishesToRefuse) throws IOException {
        this.secretString = JSON.createObjectNode().set("generic", JSON.createArrayNode().add(genericSecret)).toString();
        this.publishesToRefuse = publishesToRefuse;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /**
     * The variables that send the SDK's KMS, Secrets Manager and SNS clients here
     * ({@code AWS_ENDPOINT_URL_<SERVICE>}, SDK 2.21+), plus the key and secret ARNs the functions read.
     */
    public Map<String, String> endpointVariables() {
        return Map.of("AWS_ENDPOINT_URL_KMS", url(), "AWS_ENDPOINT_URL_SECRETS_MANAGER", url(), "AWS_ENDPOINT_URL_SNS", url(),
                FunctionsContract.KMS_KEY_ARN, KEY_ARN, FunctionsContract.PROVIDER_SECRETS_ARN, SECRET_ARN);
    }

    /** The operations called so far ({@code secretsmanager.GetSecretValue}, {@code TrentService.Decrypt}, {@code Publish}, ...). */
    public List<String> calls() { return List.copyOf(calls); }

    /** SNS publishes received, refused ones included. */
    public int publishes() { return publishes.get(); }

    private void answer(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String target = x.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) {
            String form = new String(body, StandardCharsets.UTF_8);
            if (!form.contains("Action=Publish")) { reply(x, 400, "text/xml", error("InvalidAction")); return; }
            calls.add("Publish");
            if (publishes.incrementAndGet() <= publishesToRefuse) { reply(x, 400, "text/xml", error("InvalidParameter")); return; }
            reply(x, 200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                    + "<MessageId>00000000-0000-4000-8000-000000000001</MessageId></PublishResult>"
                    + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>");
            return;
        }
        calls.add(target);
        JsonNode in = JSON.readTree(body);
        ObjectNode out = JSON.createObjectNode();
        switch (target) {
            case "secretsmanager.GetSecretValue" -> out.put("ARN", in.path("SecretId").asText()).put("Name", "payhook-stub")
                    .put("VersionId", "v1").put("SecretString", secretString);
            case "TrentService.GenerateDataKey" -> {
                byte[] key = new byte[in.path("NumberOfBytes").asInt(32)];
                random.nextBytes(key);
                byte[] wrapped = Arrays.copyOf(WRAP, WRAP.length + key.length);
                System.arraycopy(key, 0, wrapped, WRAP.length, key.length);
                out.put("KeyId", KEY_ARN).put("Plaintext", Base64.getEncoder().encodeToString(key))
                        .put("CiphertextBlob", Base64.getEncoder().encodeToString(wrapped));
            }
            case "TrentService.Decrypt" -> {
                byte[] wrapped = Base64.getDecoder().decode(in.path("CiphertextBlob").asText());
                byte[] key = Arrays.copyOfRange(wrapped, WRAP.length, wrapped.length);
                out.put("KeyId", KEY_ARN).put("Plaintext", Base64.getEncoder().encodeToString(key));
            }
            default -> {
                reply(x, 400, "application/x-amz-json-1.1", "{\"__type\":\"UnknownOperationException\"}");
                return;
            }
        }
        reply(x, 200, "application/x-amz-json-1.1", out.toString());
    }

    private static String error(String code) {
        return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>stub</Message></Error>"
                + "<RequestId>r-0</RequestId></ErrorResponse>";
    }

    private static void reply(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("x-amzn-RequestId", "r-1");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() { server.stop(0); }
}

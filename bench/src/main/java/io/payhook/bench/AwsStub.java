package io.payhook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.payhook.functions.FunctionsContract;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KMS, Secrets Manager (JSON 1.1, {@code X-Amz-Target}), SNS (query protocol), SES API v2 (REST JSON,
 * {@code SendEmail}) and the Lambda SnapStart credentials endpoint (container credentials) on 127.0.0.1,
 * as far as the functions use them, so the Lambda wiring runs off AWS unchanged: a child JVM points the
 * SDK at it with the SDK's own service endpoint variables ({@link #endpointVariables}), exactly as it
 * would reach the services in AWS. Data keys are "wrapped" by prefixing them, MACs are HMAC-SHA256 under a
 * fixed stub key (no secrecy: a test stand-in). What each operation received is kept for assertions. Used
 * by the cold-start probe and LambdaJarIT.
 */
public final class AwsStub implements AutoCloseable {
    /** The field key the functions are configured with ({@code PAYHOOK_KMS_KEY_ARN}). */
    public static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000";
    /** The HMAC key of the suppression list ({@code PAYHOOK_ADDRESS_KEY_ARN}). */
    public static final String ADDRESS_KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-0000000000aa";
    /** The provider-secrets secret ({@code PAYHOOK_PROVIDER_SECRETS_ARN}). */
    public static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:payhook-stub-AbCdEf";
    /** The confirmation topic ({@code PAYHOOK_TOPIC_ARN}). */
    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:payhook-confirmations-stub";
    /** The operations topic ({@code PAYHOOK_OPS_TOPIC_ARN}): publishes to it are never refused. */
    public static final String OPS_TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:payhook-ops-stub";
    /** Path of the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}). */
    public static final String CREDENTIALS_PATH = "/2021-04-23/credentials";
    /** The token the container credentials endpoint wants ({@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). */
    public static final String CREDENTIALS_TOKEN = "stub-container-token";

    private static final byte[] WRAP = "stub-kms:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC_KEY = "stub-hmac-key".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String secretString;
    private final int publishesToRefuse;
    private final String credentialsAccessKey;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> confirmations = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> alerts = new CopyOnWriteArrayList<>();
    private final List<JsonNode> emails = new CopyOnWriteArrayList<>();
    private final AtomicInteger publishes = new AtomicInteger();
    private final AtomicInteger credentialFetches = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param genericSecret     the one provider secret GetSecretValue answers ({@code {"generic":[secret]}})
     * @param publishesToRefuse how many publishes to the confirmation topic to refuse first (a failing channel), then accept
     */
    public AwsStub(String genericSecret, int publishesToRefuse) throws IOException {
        this(genericSecret, publishesToRefuse, "stub");
    }

    /** @param credentialsAccessKey the access key id the container credentials endpoint hands out */
    public AwsStub(String genericSecret, int publishesToRefuse, String credentialsAccessKey) throws IOException {
        this.secretString = JSON.createObjectNode().set("generic", JSON.createArrayNode().add(genericSecret)).toString();
        this.publishesToRefuse = publishesToRefuse;
        this.credentialsAccessKey = credentialsAccessKey;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /**
     * The variables that send the SDK's KMS, Secrets Manager, SNS and SES clients here
     * ({@code AWS_ENDPOINT_URL_<SERVICE>}, SDK 2.21+), plus the ARNs the functions read.
     */
    public Map<String, String> endpointVariables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("AWS_ENDPOINT_URL_KMS", url());
        v.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", url());
        v.put("AWS_ENDPOINT_URL_SNS", url());
        v.put("AWS_ENDPOINT_URL_SESV2", url());
        v.put(FunctionsContract.KMS_KEY_ARN, KEY_ARN);
        v.put(FunctionsContract.ADDRESS_KEY_ARN, ADDRESS_KEY_ARN);
        v.put(FunctionsContract.PROVIDER_SECRETS_ARN, SECRET_ARN);
        v.put(FunctionsContract.TOPIC_ARN, TOPIC_ARN);
        v.put(FunctionsContract.OPS_TOPIC_ARN, OPS_TOPIC_ARN);
        return v;
    }

    /**
     * The variables of a SnapStart function's credentials: container credentials from this stub instead of
     * access keys (a child given these must not have {@code AWS_ACCESS_KEY_ID}).
     */
    public Map<String, String> containerCredentialVariables() {
        return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", url() + CREDENTIALS_PATH, "AWS_CONTAINER_AUTHORIZATION_TOKEN", CREDENTIALS_TOKEN);
    }

    /** The operations called so far ({@code secretsmanager.GetSecretValue}, {@code TrentService.Decrypt}, {@code Publish}, {@code SendEmail}, ...). */
    public List<String> calls() { return List.copyOf(calls); }

    /** How many times {@code operation} was called. */
    public long count(String operation) { return calls.stream().filter(operation::equals).count(); }

    /** Publishes to the confirmation topic, refused ones included. */
    public int publishes() { return publishes.get(); }

    /** The accepted publishes to the confirmation topic (their form parameters). */
    public List<Map<String, String>> confirmations() { return List.copyOf(confirmations); }

    /** The publishes to the operations topic (their form parameters). */
    public List<Map<String, String>> alerts() { return List.copyOf(alerts); }

    /** The SES SendEmail request bodies. */
    public List<JsonNode> emails() { return List.copyOf(emails); }

    /** Container credentials handed out. */
    public int credentialFetches() { return credentialFetches.get(); }

    /** The stub's MAC of a message, as GenerateMac answers it (hex), for tests that compute an address key. */
    public static String macHex(String message) {
        return java.util.HexFormat.of().formatHex(mac(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] mac(byte[] message) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(MAC_KEY, "HmacSHA256"));
            return m.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String path = x.getRequestURI().getPath();
        if (path.equals(CREDENTIALS_PATH)) { credentials(x); return; }
        if (path.equals("/v2/email/outbound-emails")) { sendEmail(x, body); return; }
        String target = x.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) { sns(x, body); return; }
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
            case "TrentService.GenerateMac" -> {
                if (!"HMAC_SHA_256".equals(in.path("MacAlgorithm").asText())) {
                    reply(x, 400, "application/x-amz-json-1.1", "{\"__type\":\"InvalidKeyUsageException\"}");
                    return;
                }
                out.put("KeyId", in.path("KeyId").asText()).put("MacAlgorithm", "HMAC_SHA_256")
                        .put("Mac", Base64.getEncoder().encodeToString(mac(Base64.getDecoder().decode(in.path("Message").asText()))));
            }
            default -> {
                reply(x, 400, "application/x-amz-json-1.1", "{\"__type\":\"UnknownOperationException\"}");
                return;
            }
        }
        reply(x, 200, "application/x-amz-json-1.1", out.toString());
    }

    private void sns(HttpExchange x, byte[] body) throws IOException {
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        if (!"Publish".equals(form.get("Action"))) { reply(x, 400, "text/xml", error("InvalidAction")); return; }
        calls.add("Publish");
        if (OPS_TOPIC_ARN.equals(form.get("TopicArn"))) {
            alerts.add(form);
        } else {
            if (publishes.incrementAndGet() <= publishesToRefuse) { reply(x, 400, "text/xml", error("InvalidParameter")); return; }
            confirmations.add(form);
        }
        reply(x, 200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                + "<MessageId>00000000-0000-4000-8000-00000000000" + (alerts.size() + confirmations.size()) + "</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>");
    }

    private void sendEmail(HttpExchange x, byte[] body) throws IOException {
        calls.add("SendEmail");
        if (!"POST".equals(x.getRequestMethod())) { reply(x, 405, "application/json", "{\"message\":\"method\"}"); return; }
        JsonNode in = JSON.readTree(body);
        emails.add(in);
        reply(x, 200, "application/json", "{\"MessageId\":\"0100018c-stub-ses-" + emails.size() + "\"}");
    }

    private void credentials(HttpExchange x) throws IOException {
        if (!CREDENTIALS_TOKEN.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            reply(x, 401, "application/json", "{\"message\":\"unauthorized\"}");
            return;
        }
        calls.add("ContainerCredentials");
        credentialFetches.incrementAndGet();
        ObjectNode out = JSON.createObjectNode().put("AccessKeyId", credentialsAccessKey).put("SecretAccessKey", credentialsAccessKey)
                .put("Token", "stub-session-token-" + credentialFetches.get())
                .put("Expiration", Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        reply(x, 200, "application/json", out.toString());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
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

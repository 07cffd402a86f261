package io.payhook.bench;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.payhook.local.LocalQueues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed artifact is the ProGuard-shrunk Lambda jar, and shrinking removes whatever it cannot
 * see being used, so this runs every handler and every AWS client from that jar, in a fresh JVM with
 * nothing else on its class path ({@link LambdaJarChild}): DynamoDB (DynamoDB Local, PartiQL included),
 * SQS (the embedded SQS server), and for KMS, Secrets Manager and SNS a stub speaking their wire
 * protocols. A class or method the shrinker dropped shows up here as NoClassDefFoundError,
 * NoSuchMethodError or a failed answer.
 */
class LambdaJarIT {
    static final Path JAR = Path.of("..", "functions", "target", "payhook-functions-0.1.0-SNAPSHOT-lambda.jar");
    static final String REGION = "us-east-1";
    static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000000";
    static final String SECRET = "lambda_jar_it_generic_secret";
    static final byte[] STUB_WRAP = "stub-kms:".getBytes(StandardCharsets.US_ASCII);

    static DynamoDBProxyServer ddb;
    static LocalQueues queues;
    static HttpServer stub;
    static final List<String> calls = new CopyOnWriteArrayList<>();
    static final AtomicInteger publishes = new AtomicInteger();
    static final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        assertThat(JAR).as("the shrunk Lambda jar, built in the functions module's package phase (mvn verify builds it)").exists();
        try (var classes = Files.walk(Path.of("..", "functions", "target", "classes"))) {
            long newestClass = classes.mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
            assertThat(JAR.toFile().lastModified()).as("the Lambda jar is older than the functions classes: "
                    + "run mvn verify (or package), which rebuilds it, not mvn test").isGreaterThanOrEqualTo(newestClass);
        }
        int ddbPort = ColdStartProbe.freePort();
        ddb = ColdStartProbe.startDynamoDbLocal(ddbPort, "payment_transactions-jar-it");
        queues = new LocalQueues(ColdStartProbe.freePort(), REGION);
        queues.start(5, Duration.ofSeconds(30));
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", LambdaJarIT::answer);
        stub.start();
        String stubUrl = "http://127.0.0.1:" + stub.getAddress().getPort();

        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ColdStartProbe.ACCESS_KEY); // the table's owner in DynamoDB Local
        env.put("AWS_SECRET_ACCESS_KEY", ColdStartProbe.ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + ddbPort);
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + queues.port());
        env.put("AWS_ENDPOINT_URL_KMS", stubUrl);
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", stubUrl);
        env.put("AWS_ENDPOINT_URL_SNS", stubUrl);
        env.put("PAYHOOK_TABLE_NAME", "payment_transactions-jar-it");
        env.put("PAYHOOK_QUEUE_URL", queues.queueUrl());
        env.put("PAYHOOK_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:payhook-jar-it");
        env.put("PAYHOOK_KMS_KEY_ARN", KEY_ARN);
        env.put("PAYHOOK_PROVIDER_SECRETS_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:payhook-jar-it-AbCdEf");
        env.put("LAMBDA_JAR_IT_SECRET", SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stub != null) stub.stop(0);
        if (queues != null) queues.close();
        if (ddb != null) ddb.stop();
    }

    @Test
    void everyHandlerAndEveryAwsClientRunsFromTheShrunkJar() throws Exception {
        String txn = "pi_jar_it_" + Long.toString(System.nanoTime(), 36);
        Map<String, String> stored = child("store", txn);
        assertThat(stored).containsEntry("ingest", "200").containsEntry("query", "200").containsEntry("notify", "202")
                .containsEntry("notifications", "2"); // the requested one and the confirmation the outbox made due
        assertThat(stored.get("output")).doesNotContain("priming step failed");
        assertThat(calls).contains("secretsmanager.GetSecretValue", "TrentService.GenerateDataKey");

        Message m = receive(stored.get("notification_id"));
        Map<String, String> sent = child("send", m.body(), m.receiptHandle());
        assertThat(sent).containsEntry("send_1_failures", "1").containsEntry("send_2_failures", "0");
        assertThat(sent.get("output")).doesNotContain("could not delay the retry"); // ChangeMessageVisibility worked
        assertThat(calls).contains("TrentService.Decrypt");
        assertThat(publishes.get()).isEqualTo(2);
    }

    private static Message receive(String notificationId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Message m : queues.client().receiveMessage(b -> b.queueUrl(queues.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                if (m.body().contains(notificationId)) return m;
            }
        }
        throw new AssertionError("notification " + notificationId + " never reached the queue");
    }

    /** The child in a fresh JVM (throws with its output if it exits non-zero). */
    private static Map<String, String> child(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = JAR.toAbsolutePath() + ":" + Path.of("target", "test-classes").toAbsolutePath() + ":" + Path.of("target", "classes").toAbsolutePath();
        return ColdStartProbe.run(java, List.of("-XX:+UseSerialGC"), cp, LambdaJarChild.class.getName(), env, args);
    }

    /** KMS, Secrets Manager (JSON 1.1, X-Amz-Target) and SNS (query protocol) as far as the functions use them. */
    private static void answer(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String target = x.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) {
            String form = new String(body, StandardCharsets.UTF_8);
            if (!form.contains("Action=Publish")) { reply(x, 400, "text/xml", error("InvalidAction")); return; }
            calls.add("Publish");
            if (publishes.incrementAndGet() == 1) { reply(x, 400, "text/xml", error("InvalidParameter")); return; }
            reply(x, 200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                    + "<MessageId>00000000-0000-4000-8000-000000000001</MessageId></PublishResult>"
                    + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>");
            return;
        }
        calls.add(target);
        JsonNode in = new ObjectMapper().readTree(body);
        var out = new ObjectMapper().createObjectNode();
        switch (target) {
            case "secretsmanager.GetSecretValue" -> out.put("ARN", in.path("SecretId").asText()).put("Name", "payhook-jar-it")
                    .put("VersionId", "v1").put("SecretString", "{\"generic\":[\"" + SECRET + "\"]}");
            case "TrentService.GenerateDataKey" -> {
                byte[] key = new byte[in.path("NumberOfBytes").asInt(32)];
                new java.security.SecureRandom().nextBytes(key);
                byte[] wrapped = new byte[STUB_WRAP.length + key.length];
                System.arraycopy(STUB_WRAP, 0, wrapped, 0, STUB_WRAP.length);
                System.arraycopy(key, 0, wrapped, STUB_WRAP.length, key.length);
                out.put("KeyId", KEY_ARN).put("Plaintext", Base64.getEncoder().encodeToString(key))
                        .put("CiphertextBlob", Base64.getEncoder().encodeToString(wrapped));
            }
            case "TrentService.Decrypt" -> {
                byte[] wrapped = Base64.getDecoder().decode(in.path("CiphertextBlob").asText());
                byte[] key = java.util.Arrays.copyOfRange(wrapped, STUB_WRAP.length, wrapped.length);
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
}

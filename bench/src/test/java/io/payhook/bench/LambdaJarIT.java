package io.payhook.bench;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.payhook.functions.FunctionsContract;
import io.payhook.local.LocalQueues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed artifact is the ProGuard-shrunk Lambda jar, and shrinking removes whatever it cannot
 * see being used, so this runs every handler and every AWS client from that jar, in a fresh JVM with
 * nothing else on its class path ({@link LambdaJarChild}): DynamoDB (DynamoDB Local, PartiQL included),
 * SQS (the embedded SQS server), and for KMS, Secrets Manager and SNS a stub speaking their wire
 * protocols ({@link AwsStub}), each reached through the SDK's {@code AWS_ENDPOINT_URL_*} variable.
 * A class or method the shrinker dropped shows up here as NoClassDefFoundError, NoSuchMethodError
 * or a failed answer.
 */
class LambdaJarIT {
    static final Path JAR = Path.of("..", "functions", "target", "payhook-functions-0.1.0-SNAPSHOT-lambda.jar");
    static final String REGION = "us-east-1";
    static final String SECRET = "lambda_jar_it_generic_secret";

    static DynamoDBProxyServer ddb;
    static LocalQueues queues;
    static AwsStub stub;
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
        stub = new AwsStub(SECRET, 1); // SNS refuses the first publish: the sender's retry path

        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ColdStartProbe.ACCESS_KEY); // the table's owner in DynamoDB Local
        env.put("AWS_SECRET_ACCESS_KEY", ColdStartProbe.ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + ddbPort);
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + queues.port());
        env.putAll(stub.endpointVariables()); // KMS, Secrets Manager, SNS, and the key and secret ARNs
        env.put(FunctionsContract.TABLE_NAME, "payment_transactions-jar-it");
        env.put(FunctionsContract.QUEUE_URL, queues.queueUrl());
        env.put(FunctionsContract.TOPIC_ARN, "arn:aws:sns:us-east-1:000000000000:payhook-jar-it");
        env.put("LAMBDA_JAR_IT_SECRET", SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stub != null) stub.close();
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
        assertThat(stub.calls()).contains("secretsmanager.GetSecretValue", "TrentService.GenerateDataKey");

        Message m = receive(stored.get("notification_id"));
        Map<String, String> sent = child("send", m.body(), m.receiptHandle());
        assertThat(sent).containsEntry("send_1_failures", "1").containsEntry("send_2_failures", "0");
        assertThat(sent.get("output")).doesNotContain("could not delay the retry"); // ChangeMessageVisibility worked
        assertThat(stub.calls()).contains("TrentService.Decrypt");
        assertThat(stub.publishes()).isEqualTo(2);
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
}

package io.payhook.bench;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.aws.sqs.NotificationMessages;
import io.payhook.core.port.NotificationQueue;
import io.payhook.functions.FunctionsContract;
import io.payhook.local.LocalQueues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed artifact is the ProGuard-shrunk Lambda jar, and shrinking removes whatever it cannot
 * see being used, so this runs every handler and every AWS client from that jar, in a fresh JVM with
 * nothing else on its class path ({@link LambdaJarChild}): DynamoDB (DynamoDB Local, PartiQL included;
 * the suppression list and the alert ledger's items too), SQS (the embedded SQS server), and for KMS
 * (GenerateDataKey, Decrypt, GenerateMac), Secrets Manager, SNS (confirmations and the operations
 * topic), SES v2 (SendEmail) and SnapStart's container credentials a stub speaking their wire protocols
 * ({@link AwsStub}), each reached through the SDK's {@code AWS_ENDPOINT_URL_*} variable. The customer
 * confirmation is rendered from core's Mustache templates inside the shrunk jar (mustache.java resolves
 * values reflectively). A class or method the shrinker dropped shows up here as NoClassDefFoundError,
 * NoSuchMethodError or a failed answer.
 */
class LambdaJarIT {
    static final Path JAR = Path.of("..", "functions", "target", "payhook-functions-0.1.0-SNAPSHOT-lambda.jar");
    static final String REGION = "us-east-1";
    static final String SECRET = "lambda_jar_it_generic_secret";
    static final String TABLE = "payment_transactions-jar-it";
    static final String CUSTOMER = "customer@example.com";

    static DynamoDBProxyServer ddb;
    static int ddbPort;
    static LocalQueues queues;
    static AwsStub stub;
    static final Map<String, String> env = new HashMap<>();
    /** Stands in for the X-Ray daemon: the UDP segment documents the functions send. */
    static java.net.DatagramSocket xray;
    static final List<String> segments = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assertThat(JAR).as("the shrunk Lambda jar, built in the functions module's package phase (mvn verify builds it)").exists();
        try (var classes = Files.walk(Path.of("..", "functions", "target", "classes"))) {
            long newestClass = classes.mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
            assertThat(JAR.toFile().lastModified()).as("the Lambda jar is older than the functions classes: "
                    + "run mvn verify (or package), which rebuilds it, not mvn test").isGreaterThanOrEqualTo(newestClass);
        }
        ddbPort = ColdStartProbe.freePort();
        ddb = ColdStartProbe.startDynamoDbLocal(ddbPort, TABLE);
        try (DynamoDbClient c = table()) {
            c.createTable(io.payhook.aws.dynamodb.SummaryTable.createRequest(TABLE + "_summaries")); // the search's
        }
        queues = new LocalQueues(ColdStartProbe.freePort(), REGION);
        queues.start(5, Duration.ofSeconds(30));
        // the confirmation topic refuses its first two publishes: the dead-letter path, then one retry
        stub = new AwsStub(SECRET, 2, ColdStartProbe.ACCESS_KEY);

        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ColdStartProbe.ACCESS_KEY); // the table's owner in DynamoDB Local
        env.put("AWS_SECRET_ACCESS_KEY", ColdStartProbe.ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + ddbPort);
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + queues.port());
        env.putAll(stub.endpointVariables()); // KMS, Secrets Manager, SNS, SES, and the ARNs
        env.put(FunctionsContract.ENV, "jar-it");
        env.put(FunctionsContract.TABLE_NAME, TABLE);
        env.put(FunctionsContract.SUMMARY_TABLE_NAME, TABLE + "_summaries"); // the query function requires it (search); not read here
        env.put(FunctionsContract.QUEUE_URL, queues.queueUrl());
        env.put(FunctionsContract.NOTIFIER, FunctionsContract.NOTIFIER_SES);
        env.put(FunctionsContract.SES_FROM, "Jar IT Shop <payments@shop.example>");
        env.put(FunctionsContract.SES_CONFIGURATION_SET, "payhook-jar-it");
        env.put(FunctionsContract.MERCHANT_NAME, "Jar IT Shop");
        env.put(FunctionsContract.AUDIT_TABLE_NAME, ColdStartProbe.AUDIT_TABLE);
        env.put(FunctionsContract.AUDIT_TTL_DAYS, "90");
        env.put(FunctionsContract.DLQ_ARN, "arn:aws:sqs:" + REGION + ":000000000000:payhook-notifications-dlq"); // notification-ops
        env.put(FunctionsContract.RISK_RULES, "{\"dispute\": {\"points\": 40}}"); // risk: parsed by the shrunk jar's Jackson
        env.put("LAMBDA_JAR_IT_SECRET", SECRET);
        // what Lambda sets with active tracing: the X-Ray recorder takes its Lambda path and streams subsegments
        xray = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
        Thread daemon = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            while (!xray.isClosed()) {
                var packet = new java.net.DatagramPacket(buf, buf.length);
                try {
                    xray.receive(packet);
                    segments.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "xray-daemon-stand-in");
        daemon.setDaemon(true);
        daemon.start();
        env.put("LAMBDA_TASK_ROOT", Files.createTempDirectory("lambda-task-root").toString());
        env.put("_X_AMZN_TRACE_ID", "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + xray.getLocalPort());
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stub != null) stub.close();
        if (xray != null) xray.close();
        if (queues != null) queues.close();
        if (ddb != null) ddb.stop();
    }

    @Test
    void everyHandlerAndEveryAwsClientRunsFromTheShrunkJar() throws Exception {
        String txn = "pi_jar_it_" + Long.toString(System.nanoTime(), 36);
        Map<String, String> stored = child(env, "store", txn);
        assertThat(stored).containsEntry("ingest", "200").containsEntry("query", "200").containsEntry("notify", "202")
                .containsEntry("health", "200").containsEntry("notifications", "2"); // the requested one and the confirmation the outbox made due
        // the projector and the search from the shrunk jar: the one transaction of this run, one page, no cursor
        assertThat(stored).containsEntry("projector", "ok").containsEntry("search", "200").containsEntry("search_pages", "1");
        // the risk screen from the shrunk jar: its rules parsed, the transaction's finding written and read back
        assertThat(stored).containsEntry("risk", "ok");
        assertThat(stored.get("health_body")).startsWith("{\"status\":\"ok\",\"components\":{\"table\":{\"status\":\"ok\"")
                .contains("\"queue\":{\"status\":\"ok\",\"approximate_messages\":1");
        assertThat(stored.get("output")).doesNotContain("priming step failed").doesNotContain(CUSTOMER)
                .contains("\"trace_id\":\"1-67891233-abcdef012345678912345678\"")
                // EMF: the stored event, and the ingest latency
                .containsPattern("\\{\"_aws\":\\{\"Timestamp\":\\d+,\"CloudWatchMetrics\":\\[\\{\"Namespace\":\"Payhook\",\"Dimensions\":\\[\\[\"Provider\",\"Outcome\"]],"
                        + "\"Metrics\":\\[\\{\"Name\":\"WebhooksReceived\",\"Unit\":\"Count\"}]}]},\"Provider\":\"generic\",\"Outcome\":\"stored\",\"WebhooksReceived\":1,")
                .contains("\"Name\":\"IngestLatency\",\"Unit\":\"Milliseconds\"");
        assertThat(stub.calls()).contains("secretsmanager.GetSecretValue", "TrentService.GenerateDataKey");

        // the other notification (due after the stored event) goes to the queue too: it is the one that dead-letters
        String requested = stored.get("notification_id");
        String due = otherNotification(stored.get("output"), requested);
        queues.client().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody(NotificationMessages.encode(new NotificationQueue.Message(txn, due))));
        Map<String, Message> received = receive(due, requested);
        Message dead = received.get(due);
        Message m = received.get(requested);
        Map<String, String> sent = child(env, "send", dead.body(), dead.receiptHandle(), m.body(), m.receiptHandle());
        assertThat(sent).containsEntry("dead_failures", "1").containsEntry("send_1_failures", "1").containsEntry("send_2_failures", "0");
        String senderOutput = sent.get("output");
        assertThat(senderOutput).doesNotContain("could not delay the retry") // ChangeMessageVisibility worked
                .doesNotContain(CUSTOMER).doesNotContain("priming step failed")
                .contains("\"Channel\":\"ses\",\"Outcome\":\"dead_lettered\",\"Notifications\":1")
                .contains("\"Channel\":\"ses\",\"Outcome\":\"sent\",\"Notifications\":1")
                .contains("operations alert raised");
        assertThat(stub.calls()).contains("TrentService.Decrypt", "TrentService.GenerateMac", "SendEmail");
        assertThat(stub.publishes()).as("refused twice, then taken once").isEqualTo(3);

        // the operations alert: the payment named, no personal data; its window claimed in the table
        assertThat(stub.alerts()).hasSize(1);
        Map<String, String> alert = stub.alerts().get(0);
        assertThat(alert.get("Subject")).isEqualTo("payhook jar-it: notification dead-lettered — generic " + txn);
        assertThat(alert.get("Message")).contains("transaction id: " + txn, "notification id: " + due, "docs/OPERATIONS.md")
                .doesNotContain(CUSTOMER);
        try (DynamoDbClient table = table()) {
            assertThat(table.query(b -> b.tableName(TABLE).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PaymentTable.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PaymentTable.ALERT_PREFIX
                            + "NOTIFICATION_DEAD_LETTERED|txn:" + txn)))).count()).isEqualTo(1);
        }

        // the confirmation topic got it first, with its filterable attributes and no address
        assertThat(stub.confirmations()).hasSize(1);
        assertThat(stub.confirmations().get(0).toString()).contains("SUCCEEDED").doesNotContain(CUSTOMER);

        // SES got the customer's email, rendered from the Mustache templates inside the shrunk jar
        assertThat(stub.emails()).hasSize(1);
        JsonNode email = stub.emails().get(0);
        assertThat(email.path("FromEmailAddress").asText()).isEqualTo("Jar IT Shop <payments@shop.example>");
        assertThat(email.path("Destination").path("ToAddresses").get(0).asText()).isEqualTo(CUSTOMER);
        assertThat(email.path("ConfigurationSetName").asText()).isEqualTo("payhook-jar-it");
        assertThat(email.path("EmailTags").toString()).contains("{\"Name\":\"payhook_notification\",\"Value\":\"" + requested + "\"}",
                "{\"Name\":\"payhook_txn\",\"Value\":\"" + HexFormat.of().formatHex(txn.getBytes(StandardCharsets.UTF_8)) + "\"}");
        JsonNode simple = email.path("Content").path("Simple");
        assertThat(simple.path("Subject").path("Charset").asText()).isEqualTo("UTF-8");
        String text = simple.path("Body").path("Text").path("Data").asText();
        String html = simple.path("Body").path("Html").path("Data").asText();
        for (String part : List.of(text, html)) {
            assertThat(part).contains("Jar IT Shop", "€19.99", txn, requested).doesNotContain("{{").doesNotContain("4242424242");
        }
        assertThat(text).contains("Payment method: visa ****4242"); // a {{#section}} over a String value
        assertThat(html).contains("<").doesNotContain("{{");

        // SES says the address bounced: recorded on the notification, the address suppressed by its keyed hash
        Map<String, String> fed = child(env, "feedback", txn, requested);
        assertThat(fed.get("view")).containsPattern("\"notification_id\":\"" + requested + "\",\"channel\":\"[a-z]+\",\"status\":\"BOUNCED\"");
        assertThat(fed.get("output")).doesNotContain(CUSTOMER);
        // the failures page: the bounced confirmation and the dead-lettered one, each with its transaction, no address
        assertThat(fed.get("listed_BOUNCED")).contains("\"transaction_id\":\"" + txn + "\",\"notification_id\":\"" + requested + "\"")
                .doesNotContain(CUSTOMER);
        assertThat(fed.get("listed_FAILED")).contains("\"transaction_id\":\"" + txn + "\",\"notification_id\":\"" + due + "\"");
        // every SDK call an X-Ray subsegment of the invocation's trace: service, operation, names; never item data
        java.util.Set<String> traced = new java.util.TreeSet<>();
        Matcher sub = Pattern.compile("\"name\":\"([A-Za-z0-9]+)\"[^\n]*\"namespace\":\"aws\"").matcher(String.join("\n", segments));
        while (sub.find()) traced.add(sub.group(1));
        assertThat(traced).as("SDK calls traced").contains("DynamoDb", "Kms", "SecretsManager", "Sns", "SesV2", "Sqs");
        assertThat(String.join("\n", segments)).contains("1-67891233-abcdef012345678912345678").doesNotContain(CUSTOMER);
        System.out.println("X-Ray subsegments by service: " + traced + " (" + segments.size() + " documents)");

        try (DynamoDbClient table = table()) {
            assertThat(table.getItem(b -> b.tableName(TABLE).key(Map.of(PaymentTable.PK,
                    AttributeValue.fromS(PaymentTable.SUPPRESSION_PREFIX + AwsStub.macHex(CUSTOMER)),
                    PaymentTable.SK, AttributeValue.fromS(PaymentTable.SUPPRESSION_SORT_KEY)))).hasItem()).isTrue();
        }
    }

    @Test
    void aSnapStartFunctionPrimesWithoutSecretsAndAfterTheRestoreFetchesSecretsAndCredentialsAnew() throws Exception {
        // SnapStart's Java runtime gives container credentials, not access keys
        Map<String, String> snapStart = new HashMap<>(env);
        snapStart.remove("AWS_ACCESS_KEY_ID");
        snapStart.remove("AWS_SECRET_ACCESS_KEY");
        snapStart.putAll(stub.containerCredentialVariables());
        long secretsBefore = stub.count("secretsmanager.GetSecretValue");
        int credentialsBefore = stub.credentialFetches();
        Map<String, String> r = child(snapStart, "snapstart", "pi_snap_" + Long.toString(System.nanoTime(), 36));
        assertThat(r).containsEntry("ingest", "200");
        assertThat(stub.count("secretsmanager.GetSecretValue") - secretsBefore)
                .as("the primers read no provider secret; the webhook after the restore reads them once").isEqualTo(1);
        assertThat(stub.credentialFetches() - credentialsBefore)
                .as("credentials fetched for the primers' read, then again after the restore").isGreaterThanOrEqualTo(2);
        assertThat(r.get("output")).doesNotContain("priming step failed").doesNotContain("restore step failed");
    }

    private static String otherNotification(String output, String requested) {
        Matcher ids = Pattern.compile("\"notification_id\":\"(ntf_[0-9a-z_]+)\"").matcher(output);
        while (ids.find()) if (!ids.group(1).equals(requested)) return ids.group(1);
        throw new AssertionError("no second notification in the store child's output:\n" + output);
    }

    private static DynamoDbClient table() {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + ddbPort)).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ColdStartProbe.ACCESS_KEY, ColdStartProbe.ACCESS_KEY))).build();
    }

    /** Receives until a message of each notification is in hand (a batch may hold several: none is left invisible). */
    private static Map<String, Message> receive(String... notificationIds) throws InterruptedException {
        Map<String, Message> found = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (found.size() < notificationIds.length && System.nanoTime() < deadline) {
            for (Message m : queues.client().receiveMessage(b -> b.queueUrl(queues.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                for (String id : notificationIds) if (m.body().contains(id)) found.put(id, m);
            }
        }
        if (found.size() < notificationIds.length) throw new AssertionError("notifications " + List.of(notificationIds) + " never reached the queue: " + found.keySet());
        return found;
    }

    /** The child in a fresh JVM (throws with its output if it exits non-zero). */
    private static Map<String, String> child(Map<String, String> environment, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = JAR.toAbsolutePath() + ":" + Path.of("target", "test-classes").toAbsolutePath() + ":" + Path.of("target", "classes").toAbsolutePath();
        return ColdStartProbe.run(java, List.of("-XX:+UseSerialGC"), cp, LambdaJarChild.class.getName(), environment, args);
    }
}

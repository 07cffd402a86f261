package io.payhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.payhook.functions.FeedbackHandler;
import io.payhook.functions.HealthHandler;
import io.payhook.functions.IngestHandler;
import io.payhook.functions.NotificationOpsHandler;
import io.payhook.functions.NotificationSenderHandler;
import io.payhook.functions.NotifyRequestHandler;
import io.payhook.functions.OutboxStreamHandler;
import io.payhook.functions.Priming;
import io.payhook.functions.QueryHandler;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM whose class path is the shrunk Lambda jar and this class only (see
 * {@link LambdaJarIT}): every handler, built the way the Lambda runtime builds it (no-arg
 * constructor, wiring from the environment), against local endpoints. Uses nothing from the jar
 * but the handlers and the event classes, as the runtime does. Prints {@code key=value} lines and
 * throws (exit 1) on the first unexpected answer.
 * <ul>
 *   <li>{@code store <transaction id>}: ingest (Secrets Manager, KMS, DynamoDB), query, notify
 *   request, then the outbox on the two stream records that follow (PartiQL read, SQS send), the projector and the
 *   risk screen on the first (its finding then in the query's answer), health
 *   (DynamoDB GetItem, SQS GetQueueAttributes), then the SnapStart primers.</li>
 *   <li>{@code send <body 1> <receipt 1> <body 2> <receipt 2>}: the sender (SES notifier: the topic, then
 *   SES) on the first message as its last allowed receive while the stub refuses the topic (FAILED, the
 *   dead-letter alert: the ledger's conditional put, the operations topic), then on the second twice —
 *   refused (SQS ChangeMessageVisibility), then sent (KMS decrypt and GenerateMac, the suppression list,
 *   the confirmation rendered from its Mustache templates, SNS publish, SES SendEmail).</li>
 *   <li>{@code feedback <transaction id> <notification id>}: SES's bounce record for it through SNS
 *   (GenerateMac, the suppression put, the notification's feedback), then the query shows it, and the failures
 *   page lists it under BOUNCED and the dead-lettered one under FAILED (the index by status, audit records).</li>
 *   <li>{@code snapstart <transaction id>}: what a SnapStart function does — handler init, the primers
 *   before the snapshot, the restore hooks, then one signed webhook.</li>
 * </ul>
 */
public final class LambdaJarChild {
    private LambdaJarChild() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "store" -> store(args[1]);
            case "send" -> send(args[1], args[2], args[3], args[4]);
            case "feedback" -> feedback(args[1], args[2]);
            case "snapstart" -> snapstart(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static APIGatewayProxyRequestEvent signedWebhook(String txn) {
        String body = "{\"event_id\":\"evt_" + txn + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment.succeeded\","
                + "\"status\":\"succeeded\",\"amount\":{\"value\":1999,\"currency\":\"EUR\"},"
                + "\"customer_email\":\"customer@example.com\",\"payment_method\":\"visa ****4242\",\"occurred_at\":\"" + Instant.now() + "\"}";
        String sig = ColdStartChild.sign(System.getenv("LAMBDA_JAR_IT_SECRET"), Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8));
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/webhooks/payment")
                .withHeaders(Map.of("Content-Type", "application/json", "Payhook-Signature", sig,
                        "X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678;Sampled=1")).withBody(body);
    }

    private static void store(String txn) {
        expect("ingest", new IngestHandler().handleRequest(signedWebhook(txn), null), 200);

        var get = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/transactions/" + txn)
                .withPathParameters(Map.of("id", txn));
        QueryHandler query = new QueryHandler();
        String view = expect("query", query.handleRequest(get, null), 200);
        if (!view.contains("\"status\":\"SUCCEEDED\"")) throw new IllegalStateException("query: " + view);

        String notified = expect("notify", new NotifyRequestHandler().handleRequest(new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/transactions/" + txn + "/notify").withPathParameters(Map.of("id", txn))
                .withHeaders(Map.of("Content-Type", "application/json")).withBody("{\"reason\":\"customer asked\"}"), null), 202);
        String notificationId = notified.replaceAll(".*\"notification_id\":\"([^\"]+)\".*", "$1");

        OutboxStreamHandler outbox = new OutboxStreamHandler();
        // the event's stream record: the confirmation falls due (PartiQL batch read, a notification item written)
        var failures = outbox.handleRequest(event(record("1", Map.of("transaction_id", s(txn), "kind", s("EVENT"),
                "status", s("SUCCEEDED")))), null).getBatchItemFailures();
        if (failures != null && !failures.isEmpty()) throw new IllegalStateException("outbox (event): " + failures);
        // the requested notification's stream record: it goes to the queue
        failures = outbox.handleRequest(event(record("2", Map.of("transaction_id", s(txn), "kind", s("NOTIFICATION"),
                "notification_id", s(notificationId), "status", s("QUEUED")))), null).getBatchItemFailures();
        if (failures != null && !failures.isEmpty()) throw new IllegalStateException("outbox (notification): " + failures);

        // the projection from the same record, then the search over it: two pages of one, the second by the cursor
        var projected = new io.payhook.functions.ProjectorStreamHandler().handleRequest(event(record("1", Map.of("transaction_id", s(txn),
                "kind", s("EVENT"), "status", s("SUCCEEDED")))), null).getBatchItemFailures();
        if (projected != null && !projected.isEmpty()) throw new IllegalStateException("projector: " + projected);
        System.out.println("projector=ok");
        // the risk screen from the same record (its rules from PAYHOOK_RISK_RULES: the JSON parsed in the shrunk jar),
        // then the transaction shows its finding
        var screened = new io.payhook.functions.RiskStreamHandler().handleRequest(event(record("1", Map.of("transaction_id", s(txn),
                "kind", s("EVENT"), "status", s("SUCCEEDED")))), null).getBatchItemFailures();
        if (screened != null && !screened.isEmpty()) throw new IllegalStateException("risk: " + screened);
        String withRisk = expect("query", query.handleRequest(get, null), 200);
        if (!withRisk.contains("\"risk\":{\"level\":\"")) throw new IllegalStateException("no risk finding: " + withRisk);
        System.out.println("risk=ok");
        int pages = 0;
        String cursor = null;
        java.util.Set<String> found = new java.util.HashSet<>();
        do {
            Map<String, List<String>> q = new HashMap<>(Map.of("limit", List.of("1")));
            if (cursor != null) q.put("cursor", List.of(cursor));
            String page = expect("search", query.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                    .withResource(QueryHandler.SEARCH_RESOURCE).withPath("/transactions").withMultiValueQueryStringParameters(q), null), 200);
            pages++;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"transaction_id\":\"([^\"]+)\"").matcher(page);
            while (m.find()) found.add(m.group(1));
            java.util.regex.Matcher c = java.util.regex.Pattern.compile("\"next_cursor\":\"([^\"]+)\"").matcher(page);
            cursor = c.find() ? c.group(1) : null;
        } while (cursor != null && pages < 10);
        if (!found.contains(txn)) throw new IllegalStateException("search did not find " + txn);
        System.out.println("search_pages=" + pages);

        String after = expect("query", query.handleRequest(get, null), 200);
        String health = expect("health", new HealthHandler().handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                .withPath("/health"), null), 200);
        System.out.println("health_body=" + health);
        System.out.println("view=" + after);
        Priming.runNow(); // what SnapStart runs before its snapshot: the primers the handlers registered
        System.out.println("notification_id=" + notificationId);
        System.out.println("notifications=" + (after.split("\"notification_id\"", -1).length - 1));
    }

    private static void send(String deadBody, String deadReceipt, String body, String receipt) {
        NotificationSenderHandler sender = new NotificationSenderHandler();
        // the first message at its last allowed receive, while the topic refuses: FAILED, dead-lettered, alerted
        System.out.println("dead_failures=" + sender.handleRequest(sqs(deadBody, deadReceipt, 5), null).getBatchItemFailures().size());
        for (int receive = 1; receive <= 2; receive++) {
            var failures = sender.handleRequest(sqs(body, receipt, receive), null).getBatchItemFailures();
            System.out.println("send_" + receive + "_failures=" + (failures == null ? 0 : failures.size()));
        }
        Priming.runNow();
    }

    private static SQSEvent sqs(String body, String receipt, int receive) {
        var m = new SQSEvent.SQSMessage();
        m.setMessageId("m-" + receive);
        m.setBody(body);
        m.setReceiptHandle(receipt);
        m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receive)));
        var e = new SQSEvent();
        e.setRecords(List.of(m));
        return e;
    }

    /** SES's documented Bounce record (event publishing), tagged as payhook tags its confirmations, inside an SNS record. */
    private static void feedback(String txn, String notificationId) {
        String bounce = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"customer@example.com\",\"action\":\"failed\",\"status\":\"5.1.1\","
                + "\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}],\"timestamp\":\"2017-08-05T00:41:02.669Z\","
                + "\"feedbackId\":\"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000\",\"reportingMTA\":\"dsn; mta.example.com\"},"
                + "\"mail\":{\"timestamp\":\"2017-08-05T00:40:02.012Z\",\"source\":\"payments@shop.example\",\"messageId\":\"0100018c-stub-ses-1\","
                + "\"destination\":[\"customer@example.com\"],\"tags\":{\"ses:configuration-set\":[\"payhook-jar-it\"],"
                + "\"payhook_notification\":[\"" + notificationId + "\"],\"payhook_txn\":[\""
                + HexFormat.of().formatHex(txn.getBytes(StandardCharsets.UTF_8)) + "\"]}}}";
        var r = new SNSEvent.SNSRecord();
        r.setEventSource("aws:sns");
        r.setSns(new SNSEvent.SNS().withType("Notification").withMessage(bounce));
        var e = new SNSEvent();
        e.setRecords(List.of(r));
        new FeedbackHandler().handleRequest(e, null);
        String view = expect("query", new QueryHandler().handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                .withPath("/transactions/" + txn).withPathParameters(Map.of("id", txn)), null), 200);
        System.out.println("view=" + view);
        // the failures page from the shrunk jar: the index by status (the bounced one, the dead-lettered one), audited
        NotificationOpsHandler ops = new NotificationOpsHandler();
        for (String status : List.of("BOUNCED", "FAILED")) {
            var ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
            ctx.setRequestId("jar-it-" + status);
            var identity = new APIGatewayProxyRequestEvent.RequestIdentity();
            identity.setUserArn("arn:aws:iam::000000000000:user/jar-it");
            ctx.setIdentity(identity);
            System.out.println("listed_" + status + "=" + expect("list", ops.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                    .withResource("/notifications").withPath("/notifications").withRequestContext(ctx)
                    .withMultiValueQueryStringParameters(Map.of("status", List.of(status))), null), 200));
        }
        Priming.runNow();
    }

    private static void snapstart(String txn) {
        IngestHandler handler = new IngestHandler(); // init
        Priming.runNow();                            // before the snapshot
        Priming.restoreNow();                        // after the restore
        expect("ingest", handler.handleRequest(signedWebhook(txn), null), 200);
    }

    private static String expect(String what, APIGatewayProxyResponseEvent r, int status) {
        System.out.println(what + "=" + r.getStatusCode());
        if (r.getStatusCode() != status) throw new IllegalStateException(what + ": " + r.getStatusCode() + " " + r.getBody());
        return r.getBody();
    }

    private static AttributeValue s(String v) { return new AttributeValue(v); }

    private static DynamodbEvent.DynamodbStreamRecord record(String sequence, Map<String, AttributeValue> image) {
        var r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName("INSERT");
        var sr = new StreamRecord();
        sr.setSequenceNumber(sequence);
        sr.setNewImage(new HashMap<>(image));
        r.setDynamodb(sr);
        return r;
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord r) {
        var e = new DynamodbEvent();
        e.setRecords(List.of(r));
        return e;
    }
}

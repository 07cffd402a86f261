package io.payhook.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.payhook.functions.IngestHandler;
import io.payhook.functions.NotificationSenderHandler;
import io.payhook.functions.NotifyRequestHandler;
import io.payhook.functions.OutboxStreamHandler;
import io.payhook.functions.Priming;
import io.payhook.functions.QueryHandler;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
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
 *   request, then the outbox on the two stream records that follow (PartiQL read, SQS send), then
 *   the SnapStart primers.</li>
 *   <li>{@code send <message body> <receipt handle>}: the sender on that SQS message twice; the
 *   stub SNS refuses the first publish (SQS ChangeMessageVisibility), takes the second (KMS decrypt).</li>
 * </ul>
 */
public final class LambdaJarChild {
    private LambdaJarChild() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "store" -> store(args[1]);
            case "send" -> send(args[1], args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void store(String txn) {
        String body = "{\"event_id\":\"evt_" + txn + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment.succeeded\","
                + "\"status\":\"succeeded\",\"amount\":{\"value\":1999,\"currency\":\"EUR\"},"
                + "\"customer_email\":\"customer@example.com\",\"occurred_at\":\"" + Instant.now() + "\"}";
        String sig = ColdStartChild.sign(System.getenv("LAMBDA_JAR_IT_SECRET"), Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8));
        expect("ingest", new IngestHandler().handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/webhooks/payment").withHeaders(Map.of("Content-Type", "application/json", "Payhook-Signature", sig))
                .withBody(body), null), 200);

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

        String after = expect("query", query.handleRequest(get, null), 200);
        Priming.runNow(); // what SnapStart runs before its snapshot: the primers the handlers registered
        System.out.println("notification_id=" + notificationId);
        System.out.println("notifications=" + (after.split("\"notification_id\"", -1).length - 1));
    }

    private static void send(String messageBody, String receiptHandle) {
        NotificationSenderHandler sender = new NotificationSenderHandler();
        for (int receive = 1; receive <= 2; receive++) {
            var m = new SQSEvent.SQSMessage();
            m.setMessageId("m-1");
            m.setBody(messageBody);
            m.setReceiptHandle(receiptHandle);
            m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receive)));
            var e = new SQSEvent();
            e.setRecords(List.of(m));
            var failures = sender.handleRequest(e, null).getBatchItemFailures();
            System.out.println("send_" + receive + "_failures=" + (failures == null ? 0 : failures.size()));
        }
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

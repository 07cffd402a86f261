package io.payhook.local;

import io.payhook.aws.dynamodb.ItemMapper;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data dir from before the index of open notifications is refused with a message that says what to do, and is left
 * as it was (adding the index in place is a DynamoDB Local background job that failed once in two tries: DECISIONS 38).
 */
class LocalDynamoIT {
    @TempDir
    Path dir;

    @Test
    void aTableWithoutTheIndexIsRefusedPlainlyAndLeftAsItWas() throws Exception {
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            // the table as older data dirs have it: no index, notification items without notification_state
            var old = PaymentTable.createRequest("payment_transactions");
            dynamo.client().createTable(b -> b.tableName(old.tableName()).keySchema(old.keySchema()).billingMode(old.billingMode())
                    .streamSpecification(old.streamSpecification())
                    .attributeDefinitions(old.attributeDefinitions().stream()
                            .filter(a -> a.attributeName().equals(PaymentTable.PK) || a.attributeName().equals(PaymentTable.SK)).toList()));
            for (NotificationStatus s : List.of(NotificationStatus.QUEUED, NotificationStatus.FAILED, NotificationStatus.SENT)) {
                Map<String, AttributeValue> item = new java.util.HashMap<>(ItemMapper.toItem(
                        new Notification("ntf_" + s, "txn_old", "email", s, "status_changed", Status.SUCCEEDED, t, null, 1)));
                item.remove(PaymentTable.NOTIFICATION_STATE);
                dynamo.client().putItem(b -> b.tableName("payment_transactions").item(item));
            }
        }
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            assertThatThrownBy(() -> dynamo.ensureTable("payment_transactions"))
                    .isInstanceOf(LocalDynamo.OlderDataDirException.class)
                    .hasMessageContaining("older payhook").hasMessageContaining(PaymentTable.BY_NOTIFICATION_STATUS)
                    .hasMessageContaining("--data-dir");
            var table = dynamo.client().describeTable(b -> b.tableName("payment_transactions")).table();
            assertThat(table.globalSecondaryIndexes()).as("nothing added").isEmpty();
            assertThat(dynamo.client().scan(b -> b.tableName("payment_transactions")).count()).as("nothing lost").isEqualTo(3);
        }
    }

    @Test
    void aNewTableHasTheIndexAndIsAcceptedAgain() throws Exception {
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            dynamo.ensureTable("payment_transactions");
            assertThat(dynamo.client().describeTable(b -> b.tableName("payment_transactions")).table().globalSecondaryIndexes())
                    .extracting(g -> g.indexName()).contains(PaymentTable.BY_NOTIFICATION_STATUS);
        }
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            dynamo.ensureTable("payment_transactions"); // the next start: accepted, nothing to add
        }
    }

    /**
     * A Query answered past the embedded SDK v2 bridge ({@link EmbeddedQuery}) answers what the bridge answers: the same
     * items of every attribute type, pages, counts, index reads, filters and projections, and the same errors. The
     * bridge's answer is the same request asking for its consumed capacity (a field the fast path leaves to it).
     */
    @Test
    void aQueryAnswersAsTheEmbeddedSdkV2ClientDoes() throws Exception {
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            dynamo.ensureSummaryTable("payment_transaction_summaries");
            var ddb = dynamo.client();
            for (int i = 0; i < 30; i++) {
                Map<String, AttributeValue> item = new java.util.HashMap<>();
                item.put("transaction_id", AttributeValue.fromS("t-" + (i % 3)));
                item.put("merchant", AttributeValue.fromS("m-1"));
                item.put("status", AttributeValue.fromS(i % 2 == 0 ? "SUCCEEDED" : "FAILED"));
                item.put("provider", AttributeValue.fromS("generic"));
                item.put("created_key", AttributeValue.fromS(String.format("2026-12-02T10:%02d#t-%d", i, i)));
                item.put("updated_key", AttributeValue.fromS("k" + i));
                item.put("updated_day", AttributeValue.fromS("2026-12-02"));
                item.put("n", AttributeValue.fromN(Integer.toString(i)));
                item.put("b", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {1, 2, (byte) i})));
                item.put("ss", AttributeValue.fromSs(List.of("A", "B")));
                item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
                item.put("bs", AttributeValue.fromBs(List.of(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {9}))));
                item.put("m", AttributeValue.fromM(Map.of("x", AttributeValue.fromL(List.of(AttributeValue.fromBool(true),
                        AttributeValue.fromNul(true), AttributeValue.fromS("y"))))));
                // distinct keys: the summary table's key is the transaction id alone
                item.put("transaction_id", AttributeValue.fromS("t-" + i));
                ddb.putItem(b -> b.tableName("payment_transaction_summaries").item(item));
            }
            List<software.amazon.awssdk.services.dynamodb.model.QueryRequest> queries = List.of(
                    software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName("payment_transaction_summaries")
                            .keyConditionExpression("transaction_id = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS("t-7")))
                            .consistentRead(true).build(),
                    software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName("payment_transaction_summaries")
                            .indexName("by_merchant").keyConditionExpression("merchant = :m AND created_key <= :hi")
                            .filterExpression("#s IN (:s)").expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":m", AttributeValue.fromS("m-1"), ":hi", AttributeValue.fromS("2026-12-02T10:20$"),
                                    ":s", AttributeValue.fromS("FAILED")))
                            .scanIndexForward(false).limit(7).build(),
                    software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName("payment_transaction_summaries")
                            .indexName("by_status").keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SUCCEEDED"))).projectionExpression("transaction_id, m, bs")
                            .build(),
                    software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName("payment_transaction_summaries")
                            .indexName("by_status").keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("FAILED")))
                            .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT).build());
            for (var q : queries) {
                assertThat(EmbeddedQuery.query(dynamo.engine(), q)).as("answered past the bridge").isNotNull();
                var bridge = q.toBuilder().returnConsumedCapacity(software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL);
                var start = q;
                int pages = 0;
                do {
                    var fast = ddb.query(start);
                    var slow = ddb.query(bridge.exclusiveStartKey(start.exclusiveStartKey()).build());
                    assertThat(fast.items()).as(q.toString()).isEqualTo(slow.items());
                    assertThat(fast.count()).isEqualTo(slow.count());
                    assertThat(fast.scannedCount()).isEqualTo(slow.scannedCount());
                    assertThat(fast.lastEvaluatedKey()).isEqualTo(slow.lastEvaluatedKey());
                    assertThat(fast.consumedCapacity()).isNull();
                    start = q.toBuilder().exclusiveStartKey(fast.hasLastEvaluatedKey() && !fast.lastEvaluatedKey().isEmpty()
                            ? fast.lastEvaluatedKey() : null).build();
                    pages++;
                } while (start.exclusiveStartKey() != null && !start.exclusiveStartKey().isEmpty());
                if (q.limit() != null) assertThat(pages).as("paged").isGreaterThan(1);
            }
            // errors: the bridge's, unchanged
            assertThatThrownBy(() -> ddb.query(b -> b.tableName("no_such_table").keyConditionExpression("transaction_id = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("x")))))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
            assertThatThrownBy(() -> ddb.query(b -> b.tableName("payment_transaction_summaries").keyConditionExpression("status = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("x")))))
                    .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class)
                    .hasMessageContaining("status");
        }
    }

    /** The write meter sees every write, in both of the SDK's call forms, with its units per table and index. */
    @Test
    void theWriteMeterSeesEachWriteAndItsUnitsPerIndex() throws Exception {
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            dynamo.ensureSummaryTable("payment_transaction_summaries");
            List<software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            dynamo.meterWrites((request, consumed) -> seen.addAll(consumed));
            Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of("transaction_id", AttributeValue.fromS("t-1"),
                    "merchant", AttributeValue.fromS("m-1"), "status", AttributeValue.fromS("PENDING"),
                    "provider", AttributeValue.fromS("generic"), "created_key", AttributeValue.fromS("c"),
                    "updated_key", AttributeValue.fromS("u"), "updated_day", AttributeValue.fromS("2026-12-02")));
            dynamo.client().putItem(b -> b.tableName("payment_transaction_summaries").item(item));
            item.put("status", AttributeValue.fromS("SUCCEEDED"));
            var answer = dynamo.client().putItem(software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder()
                    .tableName("payment_transaction_summaries").item(item).build());
            dynamo.meterWrites(null);
            dynamo.client().putItem(b -> b.tableName("payment_transaction_summaries").item(item));

            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).table().capacityUnits()).isEqualTo(1.0);
            assertThat(seen.get(0).globalSecondaryIndexes()).containsOnlyKeys("by_merchant", "by_status", "by_provider", "by_updated_day");
            assertThat(seen.get(1).globalSecondaryIndexes().get("by_status").capacityUnits()).as("its key changed").isEqualTo(2.0);
            assertThat(answer.consumedCapacity()).as("the answer carries the capacity the meter asked for").isNotNull();
        }
    }
}

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
}

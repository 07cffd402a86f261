package io.payhook.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.port.AuditLog;
import io.payhook.core.port.AuditLogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log contract against the DynamoDB adapter on DynamoDB Local, the table created from
 * {@link AuditTable#createRequest} — the shape the stack declares.
 */
class DynamoDbAuditLogIT extends AuditLogContract {
    @TempDir
    static Path dir;
    static AmazonDynamoDBLocal dynamo;
    static DynamoDbAuditLog log;

    @BeforeAll
    static void open() {
        dynamo = DynamoDBEmbedded.create(dir.resolve("payment_audit.db").toFile(), true);
        dynamo.dynamoDbClient().createTable(AuditTable.createRequest("payment_audit"));
        log = new DynamoDbAuditLog(dynamo.dynamoDbClient(), "payment_audit", Duration.ofDays(90));
    }

    @AfterAll
    static void close() {
        if (dynamo != null) dynamo.shutdown();
    }

    @Override
    protected AuditLog log() { return log; }

    @Test
    void theItemCarriesItsExpiryAndNoEmptyAttribute() {
        String target = "txn#" + id("txn_ttl");
        log.append(record("alice", AuditAction.GET, target, T, "req-ttl"));
        var item = dynamo.dynamoDbClient().getItem(b -> b.tableName("payment_audit")
                .key(Map.of(AuditTable.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(target),
                        AuditTable.SK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(AuditRecord.time(T) + "#req-ttl")))).item();
        assertThat(item.get(AuditTable.EXPIRES_AT).n()).isEqualTo(Long.toString(T.plus(Duration.ofDays(90)).getEpochSecond()));
        assertThat(item).doesNotContainKeys(AuditTable.QUERY, AuditTable.ERROR);
        assertThat(item.get(AuditTable.OUTCOME).s()).isEqualTo("2xx");
    }
}

package io.payhook.aws.dynamodb;

import io.payhook.core.usecase.ThrottledAlerts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;

import static io.payhook.aws.dynamodb.PaymentTable.*;

/**
 * The alert aggregation ledger in the payments table: the first alert of a kind and subject in a window
 * puts {@code alert#<key>} / {@code <window start>} with a condition, so across every function instance
 * one wins; the item carries the table's TTL attribute, so it expires by itself.
 */
public final class DynamoDbAlertLedger implements ThrottledAlerts.Ledger {
    private final DynamoDbClient client;
    private final String table;

    public DynamoDbAlertLedger(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public boolean claim(String key, Instant windowStart, Instant expiresAt) {
        Map<String, AttributeValue> item = Map.of(
                PK, AttributeValue.fromS(ALERT_PREFIX + key),
                SK, AttributeValue.fromS(ItemMapper.time(windowStart)),
                KIND, AttributeValue.fromS(KIND_ALERT),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException alreadyRaised) {
            return false;
        }
    }
}

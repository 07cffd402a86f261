package io.payhook.aws.dynamodb;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.port.SuppressionList;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;

import static io.payhook.aws.dynamodb.PaymentTable.*;

/**
 * {@link SuppressionList} in the payments table: one item per suppressed address, under the partition
 * {@code address#<keyed hash>} (never the address), sort key {@code SUPPRESSED}. Its kind keeps it out of
 * every transaction's fold. Suppressing is a conditional put, so the first reason is kept.
 */
public final class DynamoDbSuppressionList implements SuppressionList {
    private final DynamoDbClient client;
    private final String table;

    public DynamoDbSuppressionList(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public boolean isSuppressed(String addressKey) {
        try {
            return client.getItem(b -> b.tableName(table).consistentRead(true).key(key(addressKey))).hasItem();
        } catch (SdkException e) {
            throw new StoreUnavailableException("the suppression list could not be read", e);
        }
    }

    @Override
    public void suppress(String addressKey, String reason, Instant at) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(addressKey));
        item.put(KIND, AttributeValue.fromS(KIND_SUPPRESSION));
        item.put(REASON, AttributeValue.fromS(reason));
        item.put(SUPPRESSED_AT, AttributeValue.fromS(ItemMapper.time(at)));
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + PK + ")"));
        } catch (ConditionalCheckFailedException already) {
            // suppressed before: the first reason stays
        } catch (SdkException e) {
            throw new StoreUnavailableException("the suppression could not be recorded", e);
        }
    }

    static Map<String, AttributeValue> key(String addressKey) {
        return Map.of(PK, AttributeValue.fromS(SUPPRESSION_PREFIX + addressKey), SK, AttributeValue.fromS(SUPPRESSION_SORT_KEY));
    }
}

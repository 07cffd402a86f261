package io.payhook.aws.dynamodb;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.Risk;
import io.payhook.core.port.RiskStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.payhook.aws.dynamodb.PaymentTable.*;

/**
 * {@link RiskStore} in the payments table ({@link PaymentTable}): a finding is the item {@value PaymentTable#RISK_SORT_KEY}
 * of its transaction's partition, put on the condition that its version is the one read; a customer's facts are the
 * partition {@code velocity#<customer key>} — a failure marker per failed event (a put on the event's key: the same
 * event never makes a second marker) read with a Query of the window's key range, and the first payment, set by an
 * {@code if_not_exists} update that answers the holder. Every velocity item carries {@value PaymentTable#EXPIRES_AT}.
 * SDK failures become {@link StoreUnavailableException}.
 */
public final class DynamoDbRiskStore implements RiskStore {
    private final DynamoDbClient client;
    private final String table;

    public DynamoDbRiskStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    static String velocityPartition(String customerKey) { return VELOCITY_PREFIX + customerKey; }

    static String failureKey(Instant at, String eventKey) { return FAILURE_PREFIX + ItemMapper.time(at) + "#" + eventKey; }

    @Override
    public void recordFailure(String customerKey, String transactionId, String eventKey, Instant at, Instant expiresAt) {
        Map<String, AttributeValue> item = Map.of(
                PK, AttributeValue.fromS(velocityPartition(customerKey)),
                SK, AttributeValue.fromS(failureKey(at, eventKey)),
                KIND, AttributeValue.fromS(KIND_VELOCITY),
                PAYMENT_ID, AttributeValue.fromS(transactionId),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        try {
            // the key is the event's: recorded again, it is the same marker (the condition spares a second write's stream record)
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + PK + ")"));
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            // the same event, recorded before
        } catch (SdkException e) {
            throw new StoreUnavailableException("the risk facts could not be written", e);
        }
    }

    @Override
    public Set<String> failedPayments(String customerKey, Instant from, Instant to) {
        Set<String> out = new TreeSet<>();
        Map<String, AttributeValue> values = Map.of(
                ":p", AttributeValue.fromS(velocityPartition(customerKey)),
                ":lo", AttributeValue.fromS(FAILURE_PREFIX + ItemMapper.time(from)),
                ":hi", AttributeValue.fromS(FAILURE_PREFIX + ItemMapper.time(to) + "$")); // '$' sorts after the '#' that follows the time
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> s = start;
                QueryResponse r = client.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :p AND #sk BETWEEN :lo AND :hi")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(values).exclusiveStartKey(s));
                for (Map<String, AttributeValue> item : r.items()) {
                    AttributeValue payment = item.get(PAYMENT_ID);
                    if (payment != null && payment.s() != null) out.add(payment.s());
                }
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the risk facts could not be read", e);
        }
        return out;
    }

    @Override
    public String claimFirstPayment(String customerKey, String transactionId, Instant expiresAt) {
        try {
            var r = client.updateItem(b -> b.tableName(table)
                    .key(Map.of(PK, AttributeValue.fromS(velocityPartition(customerKey)), SK, AttributeValue.fromS(FIRST_PAYMENT_SORT_KEY)))
                    .updateExpression("SET #k = :k, #p = if_not_exists(#p, :t), #e = if_not_exists(#e, :e)")
                    .expressionAttributeNames(Map.of("#k", KIND, "#p", PAYMENT_ID, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(KIND_VELOCITY), ":t", AttributeValue.fromS(transactionId),
                            ":e", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                    .returnValues(ReturnValue.ALL_NEW));
            return r.attributes().get(PAYMENT_ID).s();
        } catch (SdkException e) {
            throw new StoreUnavailableException("the risk facts could not be written", e);
        }
    }

    @Override
    public boolean putRisk(String transactionId, Risk risk, long expectedVersion) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(#pk)";
        } else {
            condition = "#v = :v";
            values.put(":v", AttributeValue.fromN(Long.toString(expectedVersion)));
        }
        Map<String, String> names = expectedVersion == 0 ? Map.of("#pk", PK) : Map.of("#v", RISK_VERSION);
        try {
            client.putItem(b -> b.tableName(table).item(ItemMapper.toItem(transactionId, risk)).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the risk finding could not be written", e);
        }
    }
}

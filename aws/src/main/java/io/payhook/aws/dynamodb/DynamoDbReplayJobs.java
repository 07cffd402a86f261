package io.payhook.aws.dynamodb;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.port.ReplayJobs;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.payhook.aws.dynamodb.PaymentTable.*;

/**
 * {@link ReplayJobs} in the payments table: one item per job, {@code replay#<job id>} / {@value PaymentTable#REPLAY_JOB_SORT_KEY},
 * holding the matched ids and the position. The item is on the table's stream — its insert and each move of its position
 * are what the outbox advances the job on — and carries the table's TTL attribute, so a job is forgotten
 * {@link #KEPT} after it was created.
 */
public final class DynamoDbReplayJobs implements ReplayJobs {
    /** How long a job (and so its progress) can be read after it was created. */
    public static final Duration KEPT = Duration.ofDays(90);

    private final DynamoDbClient client;
    private final String table;

    public DynamoDbReplayJobs(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String jobId) {
        return Map.of(PK, AttributeValue.fromS(REPLAY_JOB_PREFIX + jobId), SK, AttributeValue.fromS(REPLAY_JOB_SORT_KEY));
    }

    @Override
    public void create(ReplayJob job) {
        Map<String, AttributeValue> item = new HashMap<>(key(job.jobId()));
        item.put(KIND, AttributeValue.fromS(KIND_REPLAY_JOB));
        item.put(JOB_ID, AttributeValue.fromS(job.jobId()));
        item.put(FILTER, AttributeValue.fromS(job.filter()));
        item.put(REASON, AttributeValue.fromS(job.reason()));
        item.put(REQUESTED_AT, AttributeValue.fromS(ItemMapper.time(job.requestedAt())));
        item.put(UPDATED_AT, AttributeValue.fromS(ItemMapper.time(job.updatedAt())));
        item.put(TRANSACTION_IDS, AttributeValue.fromL(job.transactionIds().stream().map(AttributeValue::fromS).toList()));
        item.put(MATCHED, AttributeValue.fromN(Integer.toString(job.matched())));
        item.put(NEXT, AttributeValue.fromN(Integer.toString(job.next())));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(job.requestedAt().plus(KEPT).getEpochSecond())));
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + PK + ")"));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("a replay job with this id exists", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the replay job could not be stored", e);
        }
    }

    @Override
    public Optional<ReplayJob> load(String jobId) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(b -> b.tableName(table).key(key(jobId)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new StoreUnavailableException("the replay job could not be read", e);
        }
        if (item == null || item.isEmpty()) return Optional.empty();
        List<String> ids = item.get(TRANSACTION_IDS).l().stream().map(AttributeValue::s).toList();
        return Optional.of(new ReplayJob(item.get(JOB_ID).s(), item.get(FILTER).s(), item.get(REASON).s(),
                Instant.parse(item.get(REQUESTED_AT).s()), ids, Integer.parseInt(item.get(NEXT).n()),
                Instant.parse(item.get(UPDATED_AT).s())));
    }

    @Override
    public boolean advance(String jobId, int from, int to, Instant at) {
        try {
            client.updateItem(b -> b.tableName(table).key(key(jobId))
                    .updateExpression("SET #n = :to, #u = :at")
                    .conditionExpression("#n = :from")
                    .expressionAttributeNames(Map.of("#n", NEXT, "#u", UPDATED_AT))
                    .expressionAttributeValues(Map.of(":to", AttributeValue.fromN(Integer.toString(to)),
                            ":from", AttributeValue.fromN(Integer.toString(from)), ":at", AttributeValue.fromS(ItemMapper.time(at)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the replay job could not be moved on", e);
        }
    }
}

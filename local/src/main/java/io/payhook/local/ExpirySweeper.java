package io.payhook.local;

import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.usecase.ArchiveTransactions;
import io.payhook.functions.JsonLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What DynamoDB's TTL does in AWS, which DynamoDB Local does not: deletes the items past their {@code expires_at}, so
 * the stream carries the same REMOVE records (docs/ARCHIVE.md). Stricter than TTL on purpose: a transaction goes only
 * when its newest item has expired (all of it at once), and only after {@link ArchiveTransactions#beforeRemoval} has
 * put it in the archive; each delete is conditional on the item still being expired, so a change that lands meanwhile
 * keeps it. If archiving fails, the round stops and deletes nothing more; the next round tries again.
 */
public final class ExpirySweeper implements Runnable {
    private final DynamoDbClient client;
    private final String table;
    private final ArchiveTransactions archiver;
    private final Clock clock;
    private final Duration every;
    private volatile boolean running = true;

    ExpirySweeper(DynamoDbClient client, String table, ArchiveTransactions archiver, Clock clock, Duration every) {
        this.client = client;
        this.table = table;
        this.archiver = archiver;
        this.clock = clock;
        this.every = every;
    }

    /**
     * A tenth of the retention, between 1 s and 1 h (a round scans the table: with the default P90D it runs hourly, so a
     * bench run never meets one; DynamoDB's own TTL takes up to days).
     */
    static Duration interval(io.payhook.core.model.Retention retention) {
        Duration d = retention.period().dividedBy(10);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }

    void stop() { running = false; }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!running) return;
            try {
                sweep();
            } catch (RuntimeException e) {
                JsonLog.warn("expiry sweep stopped; nothing more deleted this round", "error", e.getClass().getSimpleName());
            }
        }
    }

    /** The outcome of one round. */
    public record Round(int transactions, int items) {}

    /**
     * One round: every transaction whose newest event or notification item has expired is archived, then its expired
     * items are deleted. Throws (having deleted nothing of that transaction) when archiving fails.
     */
    Round sweep() {
        long now = clock.instant().getEpochSecond();
        Set<String> candidates = new LinkedHashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            // Scan: local only (every function is denied Scan in AWS, where TTL does this)
            var r = client.scan(b -> b.tableName(table).consistentRead(true)
                    .filterExpression("#e <= :now AND (#k = :ev OR #k = :nt)")
                    .projectionExpression("#pk")
                    .expressionAttributeNames(Map.of("#e", PaymentTable.EXPIRES_AT, "#k", PaymentTable.KIND, "#pk", PaymentTable.PK))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                            ":ev", AttributeValue.fromS(PaymentTable.KIND_EVENT), ":nt", AttributeValue.fromS(PaymentTable.KIND_NOTIFICATION))));
            r.items().forEach(i -> candidates.add(i.get(PaymentTable.PK).s()));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        int transactions = 0;
        int items = 0;
        for (String id : candidates) {
            if (!running) break;
            List<Map<String, AttributeValue>> all = items(id);
            boolean allExpired = !all.isEmpty() && all.stream().allMatch(i -> i.containsKey(PaymentTable.EXPIRES_AT)
                    && Long.parseLong(i.get(PaymentTable.EXPIRES_AT).n()) <= now);
            if (!allExpired) continue; // its newest item has not expired yet
            archiver.beforeRemoval(id); // first the archive; throws → nothing of it is deleted
            for (Map<String, AttributeValue> item : all) {
                try {
                    client.deleteItem(b -> b.tableName(table)
                            .key(Map.of(PaymentTable.PK, item.get(PaymentTable.PK), PaymentTable.SK, item.get(PaymentTable.SK)))
                            .conditionExpression("#e <= :now")
                            .expressionAttributeNames(Map.of("#e", PaymentTable.EXPIRES_AT))
                            .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
                    items++;
                } catch (ConditionalCheckFailedException changedMeanwhile) {
                    // changed (or gone) since it was read: it stays; the archiver sees the change
                }
            }
            transactions++;
        }
        if (transactions > 0) {
            JsonLog.info("expired transactions archived and removed", "transactions", Integer.toString(transactions),
                    "items", Integer.toString(items));
        }
        return new Round(transactions, items);
    }

    /** The transaction's event and notification items (keys, kind, expiry). */
    private List<Map<String, AttributeValue>> items(String id) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var r = client.query(b -> b.tableName(table).consistentRead(true).keyConditionExpression("#pk = :pk")
                    .projectionExpression("#pk, #sk, #k, #e")
                    .expressionAttributeNames(Map.of("#pk", PaymentTable.PK, "#sk", PaymentTable.SK, "#k", PaymentTable.KIND,
                            "#e", PaymentTable.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(id))).exclusiveStartKey(from));
            for (var i : r.items()) {
                String kind = i.get(PaymentTable.KIND) == null ? null : i.get(PaymentTable.KIND).s();
                if (PaymentTable.KIND_EVENT.equals(kind) || PaymentTable.KIND_NOTIFICATION.equals(kind)) out.add(i);
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}

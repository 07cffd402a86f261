package io.payhook.aws.dynamodb;

import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.error.AuditUnavailableException;
import io.payhook.core.port.AuditLog;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.payhook.aws.dynamodb.AuditTable.*;

/**
 * {@link AuditLog} on the {@code payment_audit-<env>} table ({@link AuditTable}). A record is one conditional put
 * ({@code attribute_not_exists}), so nothing is ever replaced — and the function roles hold {@code PutItem} alone,
 * no update or delete. Reads are Queries of the target's partition (strongly consistent) or of the
 * {@value AuditTable#BY_PRINCIPAL} index, newest first, continued from the last record seen.
 */
public final class DynamoDbAuditLog implements AuditLog {
    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;

    /** @param retention how long a record is kept: its {@value AuditTable#EXPIRES_AT} is its time plus this */
    public DynamoDbAuditLog(DynamoDbClient client, String table, Duration retention) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive");
    }

    @Override
    public void append(AuditRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS(r.target()));
        item.put(SK, AttributeValue.fromS(r.sortKey()));
        item.put(PRINCIPAL, AttributeValue.fromS(r.principal()));
        item.put(ACTION, AttributeValue.fromS(r.action().wire));
        if (!r.query().isEmpty()) item.put(QUERY, AttributeValue.fromS(r.query()));
        item.put(AT, AttributeValue.fromS(AuditRecord.time(r.at())));
        item.put(REQUEST_ID, AttributeValue.fromS(r.requestId()));
        item.put(OUTCOME, AttributeValue.fromS(r.outcome()));
        if (r.error() != null) item.put(ERROR, AttributeValue.fromS(r.error()));
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(r.at().plus(retention).getEpochSecond())));
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException exists) {
            throw new AuditUnavailableException("an audit record with this key exists; it is never replaced", exists);
        } catch (SdkException e) {
            throw new AuditUnavailableException("the audit table could not be written: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public List<AuditRecord> query(Query q) {
        boolean byPrincipal = q.by() == By.PRINCIPAL;
        String partition = byPrincipal ? PRINCIPAL : PK;
        Map<String, String> names = new HashMap<>(Map.of("#p", partition));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(q.value())));
        StringBuilder condition = new StringBuilder("#p = :p");
        String lo = q.from() == null ? null : AuditRecord.time(q.from());
        // every sort key at `to` is "<to>#…", after "<to>" itself: "≤ <to>" keeps exactly at < to
        String hi = q.to() == null ? null : AuditRecord.time(q.to());
        if (lo != null || hi != null) names.put("#s", SK);
        if (lo != null && hi != null) {
            condition.append(" AND #s BETWEEN :lo AND :hi");
            values.put(":lo", AttributeValue.fromS(lo));
            values.put(":hi", AttributeValue.fromS(hi));
        } else if (lo != null) {
            condition.append(" AND #s >= :lo");
            values.put(":lo", AttributeValue.fromS(lo));
        } else if (hi != null) {
            condition.append(" AND #s <= :hi");
            values.put(":hi", AttributeValue.fromS(hi));
        }
        Map<String, AttributeValue> start = q.after() == null ? null : startKey(q, byPrincipal);
        List<AuditRecord> out = new ArrayList<>();
        try {
            do {
                QueryRequest.Builder b = QueryRequest.builder().tableName(table).keyConditionExpression(condition.toString())
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .scanIndexForward(false).limit(q.limit() - out.size());
                if (byPrincipal) b.indexName(BY_PRINCIPAL);
                else b.consistentRead(true);
                if (start != null) b.exclusiveStartKey(start);
                QueryResponse page = client.query(b.build());
                for (Map<String, AttributeValue> item : page.items()) out.add(record(item));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && out.size() < q.limit());
        } catch (SdkException e) {
            throw new AuditUnavailableException("the audit table could not be read: " + e.getClass().getSimpleName(), e);
        }
        return List.copyOf(out);
    }

    /** Where the previous page ended: the table's key, and on the index the index's key too. */
    private static Map<String, AttributeValue> startKey(Query q, boolean byPrincipal) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put(PK, AttributeValue.fromS(q.after().target()));
        k.put(SK, AttributeValue.fromS(q.after().sortKey()));
        if (byPrincipal) k.put(PRINCIPAL, AttributeValue.fromS(q.value()));
        return k;
    }

    static AuditRecord record(Map<String, AttributeValue> item) {
        return new AuditRecord(s(item, PRINCIPAL), AuditAction.fromWire(s(item, ACTION)), s(item, PK), s(item, QUERY),
                Instant.parse(s(item, AT)), s(item, REQUEST_ID), s(item, OUTCOME), s(item, ERROR));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}

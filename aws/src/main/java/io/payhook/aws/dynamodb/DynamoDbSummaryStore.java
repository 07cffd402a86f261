package io.payhook.aws.dynamodb;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.Money;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.port.SummaryStore;
import io.payhook.core.port.TransactionSearch;
import io.payhook.core.search.SearchPlan;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.payhook.aws.dynamodb.SummaryTable.*;

/**
 * The summary table ({@link SummaryTable}): the projector's conditional put and search's index reads — Query only,
 * never a Scan. DynamoDB's {@code Limit} counts items before the filter, so a read goes on past it until it has
 * its matches or the partition is exhausted. SDK failures become {@link StoreUnavailableException}.
 */
public final class DynamoDbSummaryStore implements SummaryStore, TransactionSearch {
    /** Items DynamoDB evaluates per Query call at least (a selective filter needs several calls either way). */
    static final int MIN_PAGE = 50;

    private final DynamoDbClient client;
    private final String table;

    public DynamoDbSummaryStore(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public boolean put(TransactionSummary s) {
        try {
            client.putItem(PutItemRequest.builder().tableName(table).item(item(s))
                    // newer: more events, or as many and a newer risk finding (TransactionSummary.newerThan)
                    .conditionExpression("attribute_not_exists(#pk) OR #n < :n OR (#n = :n AND (attribute_not_exists(#rv) OR #rv < :rv))")
                    .expressionAttributeNames(Map.of("#pk", PK, "#n", EVENT_COUNT, "#rv", RISK_VERSION))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Long.toString(s.eventCount())),
                            ":rv", AttributeValue.fromN(Long.toString(s.riskVersion()))))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException newerStored) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the summary table could not be written", e);
        }
    }

    @Override
    public List<TransactionSummary> read(Read r) {
        String sk = r.index().sortAttribute();
        String highest = r.highest();
        if (r.below() != null && (highest == null || r.below().compareTo(highest) < 0)) highest = r.below();
        if (r.lowest() != null && highest != null && r.lowest().compareTo(highest) > 0) return List.of();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#p", r.index().partitionAttribute());
        values.put(":p", AttributeValue.fromS(r.partition()));
        String key = "#p = :p";
        if (r.lowest() != null && highest != null) {
            key += " AND #s BETWEEN :lo AND :hi";
        } else if (highest != null) {
            key += " AND #s <= :hi";
        } else if (r.lowest() != null) {
            key += " AND #s >= :lo";
        }
        if (r.lowest() != null || highest != null) names.put("#s", sk);
        if (r.lowest() != null) values.put(":lo", AttributeValue.fromS(r.lowest()));
        if (highest != null) values.put(":hi", AttributeValue.fromS(highest));
        String filter = filter(r.filter(), names, values);
        List<TransactionSummary> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse resp = client.query(QueryRequest.builder().tableName(table).indexName(r.index().indexName())
                        .keyConditionExpression(key).filterExpression(filter)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .scanIndexForward(false).limit(Math.max(MIN_PAGE, r.limit()))
                        .exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> item : resp.items()) {
                    // the bound is inclusive in the key condition; the key the previous page ended at is not returned again
                    if (r.below() != null && r.below().equals(s(item, sk))) continue;
                    out.add(summary(item));
                    if (out.size() == r.limit()) return out;
                }
                start = resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty() ? resp.lastEvaluatedKey() : null;
            } while (start != null);
            return out;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the summary table could not be read", e);
        }
    }

    /** The filter expression of what the key condition does not guarantee, or null. */
    private static String filter(SearchPlan.Filter f, Map<String, String> names, Map<String, AttributeValue> values) {
        List<String> parts = new ArrayList<>();
        if (f.merchant() != null) parts.add(eq("merchant", MERCHANT, f.merchant(), names, values));
        if (f.provider() != null) parts.add(eq("provider", PROVIDER, f.provider(), names, values));
        if (f.customerId() != null) parts.add(eq("customer", CUSTOMER_ID, f.customerId(), names, values));
        if (!f.statuses().isEmpty()) {
            names.put("#status", STATUS);
            List<String> in = new ArrayList<>();
            int i = 0;
            for (String st : f.statuses()) {
                values.put(":status" + i, AttributeValue.fromS(st));
                in.add(":status" + i++);
            }
            parts.add("#status IN (" + String.join(", ", in) + ")");
        }
        if (!f.risks().isEmpty()) {
            names.put("#risk", RISK);
            List<String> in = new ArrayList<>();
            int i = 0;
            for (String level : f.risks()) {
                values.put(":risk" + i, AttributeValue.fromS(level));
                in.add(":risk" + i++);
            }
            parts.add("#risk IN (" + String.join(", ", in) + ")");
        }
        if (f.updatedFrom() != null || f.updatedTo() != null) names.put("#uk", UPDATED_KEY);
        if (f.updatedFrom() != null) {
            values.put(":uf", AttributeValue.fromS(TransactionSummary.keyTime(f.updatedFrom())));
            parts.add("#uk >= :uf");
        }
        if (f.updatedTo() != null) {
            values.put(":ut", AttributeValue.fromS(TransactionSummary.keyTime(f.updatedTo()) + "$"));
            parts.add("#uk <= :ut");
        }
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    private static String eq(String tag, String attribute, String value, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#" + tag, attribute);
        values.put(":" + tag, AttributeValue.fromS(value));
        return "#" + tag + " = :" + tag;
    }

    static Map<String, AttributeValue> item(TransactionSummary s) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, AttributeValue.fromS(s.transactionId()));
        m.put(STATUS, AttributeValue.fromS(s.status()));
        m.put(PROVIDER, AttributeValue.fromS(s.provider()));
        if (s.merchant() != null) m.put(MERCHANT, AttributeValue.fromS(s.merchant()));
        if (s.customerId() != null) m.put(CUSTOMER_ID, AttributeValue.fromS(s.customerId()));
        if (s.amount() != null) {
            m.put(AMOUNT_MINOR, AttributeValue.fromN(Long.toString(s.amount().minorUnits())));
            m.put(CURRENCY, AttributeValue.fromS(s.amount().currency()));
        }
        m.put(CREATED_AT, AttributeValue.fromS(s.createdAt().toString()));
        m.put(UPDATED_AT, AttributeValue.fromS(s.updatedAt().toString()));
        m.put(EVENT_COUNT, AttributeValue.fromN(Long.toString(s.eventCount())));
        m.put(CREATED_KEY, AttributeValue.fromS(s.createdKey()));
        m.put(UPDATED_KEY, AttributeValue.fromS(s.updatedKey()));
        m.put(UPDATED_DAY, AttributeValue.fromS(s.updatedDay()));
        if (s.risk() != null) m.put(RISK, AttributeValue.fromS(s.risk()));
        m.put(RISK_VERSION, AttributeValue.fromN(Long.toString(s.riskVersion())));
        return m;
    }

    static TransactionSummary summary(Map<String, AttributeValue> m) {
        Money amount = m.containsKey(AMOUNT_MINOR) ? new Money(Long.parseLong(m.get(AMOUNT_MINOR).n()), s(m, CURRENCY)) : null;
        return new TransactionSummary(s(m, PK), s(m, PROVIDER), s(m, MERCHANT), s(m, STATUS), amount, s(m, CUSTOMER_ID),
                Instant.parse(s(m, CREATED_AT)), Instant.parse(s(m, UPDATED_AT)), Long.parseLong(m.get(EVENT_COUNT).n()),
                s(m, RISK), m.containsKey(RISK_VERSION) ? Long.parseLong(m.get(RISK_VERSION).n()) : 0);
    }

    private static String s(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.s();
    }
}

package io.payhook.bench.load;

import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.local.LocalDynamo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the system's writes cost, as DynamoDB Local reports it ({@link LocalDynamo#meterWrites}): write units per
 * table and per index, and write requests per table. The floor's own PutItems (kind {@code BENCH_FLOOR}) are not
 * counted. A write refused by its condition is not counted either (DynamoDB Local answers it with an exception, no
 * consumed capacity; AWS would charge it).
 */
final class WriteUnits implements LocalDynamo.WriteMeter {
    /** "table" or "table/index" → write units. */
    private final Map<String, DoubleAdder> units = new ConcurrentHashMap<>();
    /** table → write requests. */
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder floorPuts = new LongAdder();

    @Override
    public void written(DynamoDbRequest request, List<ConsumedCapacity> consumed) {
        if (request instanceof PutItemRequest p) {
            AttributeValue kind = p.item().get(PaymentTable.KIND);
            if (kind != null && "BENCH_FLOOR".equals(kind.s())) {
                floorPuts.increment();
                return;
            }
        }
        for (ConsumedCapacity c : consumed) {
            requests.computeIfAbsent(c.tableName(), k -> new LongAdder()).increment();
            double table = c.table() != null && c.table().capacityUnits() != null ? c.table().capacityUnits()
                    : c.capacityUnits() == null ? 0 : c.capacityUnits();
            units.computeIfAbsent(c.tableName(), k -> new DoubleAdder()).add(table);
            for (var e : c.globalSecondaryIndexes().entrySet()) add(c.tableName() + "/" + e.getKey(), e.getValue());
            for (var e : c.localSecondaryIndexes().entrySet()) add(c.tableName() + "/" + e.getKey(), e.getValue());
        }
    }

    private void add(String key, Capacity c) {
        if (c.capacityUnits() != null) units.computeIfAbsent(key, k -> new DoubleAdder()).add(c.capacityUnits());
    }

    /** Write units by "table" and "table/index", sorted. */
    Map<String, Double> units() {
        Map<String, Double> out = new TreeMap<>();
        units.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Write units of a table and its indexes together. */
    double unitsOf(String table) {
        return units().entrySet().stream().filter(e -> e.getKey().equals(table) || e.getKey().startsWith(table + "/"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The floor's PutItems seen (not counted as writes; their items are in the payment table). */
    long floorPuts() { return floorPuts.sum(); }

    long requestsOf(String table) {
        LongAdder a = requests.get(table);
        return a == null ? 0 : a.sum();
    }
}

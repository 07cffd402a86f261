package io.payhook.bench.load;

import io.payhook.local.LocalSystem;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Items stored in the payment and summary tables and in each of their indexes, as DynamoDB Local describes them. */
final class ItemCounts {
    private ItemCounts() {}

    /** "table" and "table/index" → items now. */
    static Map<String, Long> of(DynamoDbClient ddb) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : List.of(LocalSystem.TABLE, LocalSystem.SUMMARY_TABLE)) {
            var t = ddb.describeTable(b -> b.tableName(name)).table();
            out.put(name, t.itemCount());
            t.globalSecondaryIndexes().forEach(ix -> out.put(name + "/" + ix.indexName(), ix.itemCount()));
        }
        return out;
    }
}

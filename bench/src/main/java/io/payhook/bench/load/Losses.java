package io.payhook.bench.load;

import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.local.LocalSystem;
import io.payhook.testkit.PayhookClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** After the load: how many acknowledged events are not stored (the promise is none). */
final class Losses {
    private Losses() {}

    /** In this JVM: a consistent GetItem per event. */
    static long inTable(DynamoDbClient ddb, List<Workers.Acked> acked) {
        long lost = 0;
        for (Workers.Acked a : acked) {
            var r = ddb.getItem(b -> b.tableName(LocalSystem.TABLE).consistentRead(true).key(Map.of(
                    PaymentTable.PK, AttributeValue.fromS(a.transactionId()),
                    PaymentTable.SK, AttributeValue.fromS(PaymentTable.eventKey(a.provider(), a.eventId())))));
            if (!r.hasItem() || r.item().isEmpty()) lost++;
        }
        return lost;
    }

    /** Against a remote URL: every acknowledged event must be in its transaction's history. */
    static long overHttp(PayhookClient client, List<Workers.Acked> acked) {
        long lost = 0;
        for (Workers.Acked a : acked) {
            PayhookClient.Response r = client.get("/transactions/" + a.transactionId());
            if (r.status() != 200 || !r.body().contains("\"event_id\":\"" + a.eventId() + "\"")) lost++;
        }
        return lost;
    }
}

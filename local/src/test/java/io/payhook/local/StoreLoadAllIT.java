package io.payhook.local;

import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DynamoDbTransactionStore#loadAll} (PartiQL IN lists) against DynamoDB Local gives what {@code load} gives. */
class StoreLoadAllIT {
    @TempDir Path dir;

    @Test
    void loadAllMatchesLoadAcrossSeveralInLists() throws Exception {
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            dynamo.ensureTable(LocalSystem.TABLE);
            var store = new DynamoDbTransactionStore(dynamo.client(), LocalSystem.TABLE);
            Instant t = Instant.parse("2026-11-30T12:00:00Z");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2 * DynamoDbTransactionStore.IN_LIST + 3; i++) {
                String id = "txn_all_" + i;
                ids.add(id);
                store.append(new StoredEvent("generic", "evt_a_" + i, id, "payment.pending", Status.PENDING,
                        new Money(100 + i, "EUR"), null, null, null, t, t));
                if (i % 3 == 0) {
                    store.append(new StoredEvent("generic", "evt_b_" + i, id, "payment.succeeded", Status.SUCCEEDED,
                            new Money(100 + i, "EUR"), null, new SealedValue(new byte[] {1, 2, 3}), null, t.plusSeconds(1), t));
                    store.createNotification(new Notification(Transaction.autoNotificationId(id, Status.SUCCEEDED), id, "email",
                            NotificationStatus.QUEUED, "status_changed", Status.SUCCEEDED, t, null, 0));
                }
            }
            List<String> asked = new ArrayList<>(ids);
            asked.add("txn_all_unknown");
            asked.add(ids.get(0)); // asked twice

            Map<String, Transaction> all = store.loadAll(asked);

            assertThat(all).hasSize(ids.size()).doesNotContainKey("txn_all_unknown");
            for (String id : ids) {
                assertThat(all.get(id)).as(id).isEqualTo(store.load(id).orElseThrow());
            }
            assertThat(all.get("txn_all_3").status()).isEqualTo(Status.SUCCEEDED);
            assertThat(all.get("txn_all_3").notifications()).hasSize(1);
            assertThat(all.get("txn_all_4").status()).isEqualTo(Status.PENDING);
            assertThat(store.loadAll(List.of("txn_all_5"))).containsOnlyKeys("txn_all_5");
            assertThat(store.loadAll(List.of())).isEmpty();
        }
    }
}

package io.payhook.local;

import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DynamoDbTransactionStore}'s conditions and PartiQL reads against DynamoDB Local. */
class DynamoDbTransactionStoreIT {
    static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir Path dir;
    LocalDynamo dynamo;
    DynamoDbTransactionStore store;

    @BeforeEach
    void openStore() throws Exception {
        dynamo = new LocalDynamo(dir);
        dynamo.ensureTable(LocalSystem.TABLE);
        store = new DynamoDbTransactionStore(dynamo.client(), LocalSystem.TABLE);
    }

    @AfterEach
    void closeStore() throws Exception {
        dynamo.close();
    }

    /** {@link DynamoDbTransactionStore#claimNotification}: one attempt holds a notification. */
    @Test
    void oneAttemptHoldsANotificationUntilItRecordsAnOutcomeOrItsClaimEnds() {
        Instant t = T;
        store.append(new StoredEvent("generic", "evt_c_1", "txn_claim", "payment.succeeded", Status.SUCCEEDED,
                new Money(100, "EUR"), null, null, null, t, t));
        store.createNotification(new Notification("ntf_claim", "txn_claim", "email", NotificationStatus.QUEUED,
                "status_changed", Status.SUCCEEDED, t, null, 0));

        assertThat(store.claimNotification("txn_claim", "ntf_claim", t, t.plusSeconds(60))).isTrue();
        assertThat(store.claimNotification("txn_claim", "ntf_claim", t.plusSeconds(1), t.plusSeconds(61))).as("held").isFalse();
        assertThat(store.claimNotification("txn_claim", "ntf_claim", t.plusSeconds(60), t.plusSeconds(120))).as("claim ended").isTrue();

        store.recordNotificationOutcome("txn_claim", "ntf_claim", NotificationStatus.QUEUED, null, 1); // a failed attempt
        assertThat(store.claimNotification("txn_claim", "ntf_claim", t.plusSeconds(61), t.plusSeconds(121))).as("outcome ends the claim").isTrue();

        store.recordNotificationOutcome("txn_claim", "ntf_claim", NotificationStatus.SENT, t.plusSeconds(62), 2);
        assertThat(store.claimNotification("txn_claim", "ntf_claim", t.plusSeconds(200), t.plusSeconds(260))).as("sent").isFalse();
        assertThat(store.claimNotification("txn_claim", "ntf_unknown", t, t.plusSeconds(60))).as("unknown").isFalse();
        assertThat(store.load("txn_claim").orElseThrow().notifications()).singleElement()
                .satisfies(n -> assertThat(n.status()).isEqualTo(NotificationStatus.SENT));
    }

    /** {@link DynamoDbTransactionStore#loadAll} (PartiQL IN lists) gives what {@code load} gives. */
    @Test
    void loadAllMatchesLoadAcrossSeveralInLists() {
        Instant t = T;
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

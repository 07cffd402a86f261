package io.payhook.local;

import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DynamoDbTransactionStore#claimNotification}'s conditions against DynamoDB Local. */
class StoreClaimIT {
    @TempDir Path dir;

    @Test
    void oneAttemptHoldsANotificationUntilItRecordsAnOutcomeOrItsClaimEnds() throws Exception {
        try (LocalDynamo dynamo = new LocalDynamo(dir)) {
            dynamo.ensureTable(LocalSystem.TABLE);
            var store = new DynamoDbTransactionStore(dynamo.client(), LocalSystem.TABLE);
            Instant t = Instant.parse("2026-11-30T12:00:00Z");
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
    }
}

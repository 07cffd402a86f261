package io.payhook.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.SealedValue;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.protection.ProtectionGate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.payhook.core.port.TransactionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract against the DynamoDB adapter on DynamoDB Local (embedded, on a SQLite file),
 * with the table created from {@link PaymentTable#createRequest} — the shape the stack declares.
 */
class DynamoDbTransactionStoreIT extends TransactionStoreContract {
    @TempDir
    static Path dir;
    static AmazonDynamoDBLocal dynamo;
    static DynamoDbTransactionStore store;

    @BeforeAll
    static void open() {
        // true: telemetry off (no calls out of this machine)
        dynamo = DynamoDBEmbedded.create(dir.resolve("payment_transactions.db").toFile(), true);
        dynamo.dynamoDbClient().createTable(PaymentTable.createRequest("payment_transactions"));
        store = new DynamoDbTransactionStore(dynamo.dynamoDbClient(), "payment_transactions", Clock.fixed(T, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        if (dynamo != null) dynamo.shutdown();
    }

    @Override
    protected TransactionStore store() { return store; }

    /** More keys than one PartiQL IN list holds: {@link DynamoDbTransactionStore#loadAll} pages over several statements. */
    @Test
    void theContractsLoadAllCaseSpansSeveralInLists() {
        assertThat(53).isGreaterThan(2 * DynamoDbTransactionStore.IN_LIST);
    }

    /** A final notification's item loses {@code notification_state}, so the sparse index no longer holds it. */
    @Test
    void aFinalNotificationLeavesTheIndex() {
        String txn = id("txn_idx");
        store.append(event(txn, "evt_1", io.payhook.core.model.Status.SUCCEEDED, 100, "customer@example.com", T));
        store.createNotification(queued(txn, "ntf_a", T));
        store.createNotification(queued(txn, "ntf_b", T));
        assertThat(indexed(txn)).containsOnlyKeys("ntf_a", "ntf_b").containsValues("QUEUED");
        store.recordNotificationOutcome(txn, "ntf_a", io.payhook.core.model.NotificationStatus.FAILED, null);
        store.recordNotificationOutcome(txn, "ntf_b", io.payhook.core.model.NotificationStatus.SENT, T);
        assertThat(indexed(txn)).containsExactly(java.util.Map.entry("ntf_a", "FAILED"));
        var item = dynamo.dynamoDbClient().getItem(b -> b.tableName("payment_transactions").consistentRead(true).key(java.util.Map.of(
                PaymentTable.PK, AttributeValue.fromS(txn), PaymentTable.SK, AttributeValue.fromS(PaymentTable.notificationKey("ntf_b"))))).item();
        assertThat(item).containsKey(PaymentTable.STATUS).doesNotContainKey(PaymentTable.NOTIFICATION_STATE);
    }

    /**
     * With a retention every write carries {@code expires_at} (ingest still one conditional put), a later change moves the
     * older items forward, the pointer has none, and a restore puts a transaction back once (conditional puts).
     */
    @Test
    void retentionExpiryPointerAndRestore() {
        var retention = io.payhook.core.model.Retention.parse("PT60S");
        var clock = new java.util.concurrent.atomic.AtomicReference<>(T);
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return clock.get(); }
        };
        var kept = new DynamoDbTransactionStore(dynamo.dynamoDbClient(), "payment_transactions", moving, retention);
        String txn = id("txn_ret");
        kept.append(event(txn, "evt_1", io.payhook.core.model.Status.SUCCEEDED, 100, "customer@example.com", T));
        kept.createNotification(queued(txn, "ntf_a", T.plusSeconds(1)));
        assertThat(expiry(txn, PaymentTable.eventKey("generic", "evt_1"))).isEqualTo(T.plusSeconds(60).getEpochSecond());
        assertThat(expiry(txn, PaymentTable.notificationKey("ntf_a"))).isEqualTo(T.plusSeconds(61).getEpochSecond());
        clock.set(T.plusSeconds(30));
        kept.recordNotificationOutcome(txn, "ntf_a", io.payhook.core.model.NotificationStatus.SENT, T.plusSeconds(30));
        assertThat(expiry(txn, PaymentTable.notificationKey("ntf_a"))).isEqualTo(T.plusSeconds(90).getEpochSecond());
        kept.extendExpiry(txn, T.plusSeconds(90));
        assertThat(expiry(txn, PaymentTable.eventKey("generic", "evt_1"))).isEqualTo(T.plusSeconds(90).getEpochSecond());
        kept.extendExpiry(txn, T.plusSeconds(10)); // never backwards
        assertThat(expiry(txn, PaymentTable.eventKey("generic", "evt_1"))).isEqualTo(T.plusSeconds(90).getEpochSecond());

        var before = kept.load(txn).orElseThrow();
        var at = new io.payhook.core.port.Archive.Location("transactions/v1/2026/11/22/12/x.jsonl.gz", 10, 20);
        kept.recordArchived(txn, at);
        assertThat(kept.archived(txn)).contains(at);
        assertThat(kept.archivedAll(java.util.List.of(txn, id("txn_never"), txn))).containsExactly(java.util.Map.entry(txn, at));
        assertThat(kept.load(txn)).contains(before); // the pointer is no event nor notification
        assertThat(dynamo.dynamoDbClient().getItem(b -> b.tableName("payment_transactions").consistentRead(true).key(java.util.Map.of(
                PaymentTable.PK, AttributeValue.fromS(txn), PaymentTable.SK, AttributeValue.fromS(PaymentTable.ARCHIVE_SORT_KEY)))).item())
                .doesNotContainKey(PaymentTable.EXPIRES_AT);

        String copy = id("txn_restored");
        var moved = io.payhook.core.model.Transaction.fold(
                before.events().stream().map(e -> new io.payhook.core.model.StoredEvent(e.provider(), e.eventId(), copy, e.type(), e.status(),
                        e.amount(), e.customerId(), e.customerEmail(), e.paymentMethod(), e.occurredAt(), e.reverses(), e.ignoredReason(),
                        e.receivedAt(), e.merchant())).toList(),
                before.notifications().stream().map(n -> new io.payhook.core.model.Notification(n.notificationId(), copy, n.channel(), n.status(),
                        n.reason(), n.forStatus(), n.requestedAt(), n.sentAt(), n.attempts(), n.detail(), n.messageId())).toList());
        assertThat(kept.restore(moved, T.plusSeconds(500))).isEqualTo(2);
        assertThat(kept.restore(moved, T.plusSeconds(500))).isZero();
        assertThat(kept.load(copy)).contains(moved);
        assertThat(expiry(copy, PaymentTable.eventKey("generic", "evt_1"))).isEqualTo(T.plusSeconds(500).getEpochSecond());
    }

    private static long expiry(String txn, String sortKey) {
        return Long.parseLong(dynamo.dynamoDbClient().getItem(b -> b.tableName("payment_transactions").consistentRead(true).key(java.util.Map.of(
                PaymentTable.PK, AttributeValue.fromS(txn), PaymentTable.SK, AttributeValue.fromS(sortKey)))).item().get(PaymentTable.EXPIRES_AT).n());
    }

    /** Notification id → {@code notification_state} of this transaction's items in the index, read from the index itself. */
    private static java.util.Map<String, String> indexed(String txn) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (String state : java.util.List.of("QUEUED", "FAILED")) {
            dynamo.dynamoDbClient().queryPaginator(b -> b.tableName("payment_transactions").indexName(PaymentTable.BY_NOTIFICATION_STATUS)
                    .keyConditionExpression("#ns = :ns").expressionAttributeNames(java.util.Map.of("#ns", PaymentTable.NOTIFICATION_STATE))
                    .expressionAttributeValues(java.util.Map.of(":ns", AttributeValue.fromS(state)))).items().forEach(i -> {
                if (i.get(PaymentTable.PK).s().equals(txn)) out.put(i.get(PaymentTable.NOTIFICATION_ID).s(), i.get(PaymentTable.NOTIFICATION_STATE).s());
            });
        }
        return out;
    }

    /**
     * A transaction of 1,000 events loads whole: its items (~1.3 kB each, an envelope-sized sealed email) are more than
     * one Query page of 1 MB, so {@code load} must follow the pages.
     */
    @Test
    void aTransactionWithAThousandEventsLoadsWhole() {
        String txn = id("txn_1000");
        FieldCipher envelopeSized = new FieldCipher() {
            @Override public SealedValue seal(String plaintext, java.util.Map<String, String> context) {
                byte[] b = java.util.Arrays.copyOf(CIPHER.seal(plaintext, context).ciphertext(), 1_200);
                return new SealedValue(b);
            }
            @Override public String open(SealedValue sealed, java.util.Map<String, String> context) { throw new UnsupportedOperationException(); }
        };
        ProtectionGate gate = new ProtectionGate(envelopeSized);
        for (int i = 0; i < 1_000; i++) {
            io.payhook.core.model.Status status = i == 999 ? io.payhook.core.model.Status.SUCCEEDED : io.payhook.core.model.Status.PENDING;
            PaymentEvent e = new PaymentEvent("generic", "evt_" + i, txn, "payment.update", status, new Money(100, "EUR"), "cus_1",
                    "customer@example.com", "visa ****4242", T.plusSeconds(i));
            assertThat(store.append(gate.protect(java.util.List.of(e), ProtectionGate.Policy.REFUSE, T.plusSeconds(i + 1)).get(0)))
                    .isEqualTo(TransactionStore.AppendResult.STORED);
        }
        var firstPage = dynamo.dynamoDbClient().query(b -> b.tableName("payment_transactions").consistentRead(true)
                .keyConditionExpression("#pk = :pk").expressionAttributeNames(java.util.Map.of("#pk", PaymentTable.PK))
                .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS(txn))));
        assertThat(firstPage.count()).as("one Query page holds only part of it").isLessThan(1_000);
        assertThat(firstPage.hasLastEvaluatedKey() && !firstPage.lastEvaluatedKey().isEmpty()).isTrue();

        var t = store.load(txn).orElseThrow();
        assertThat(t.events()).hasSize(1_000);
        assertThat(t.events().stream().map(ev -> ev.eventId()).distinct()).hasSize(1_000);
        assertThat(t.status()).isEqualTo(io.payhook.core.model.Status.SUCCEEDED);
        assertThat(store.loadAll(java.util.List.of(txn, id("txn_other"))).get(txn).events()).hasSize(1_000);
    }
}

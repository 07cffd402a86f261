package io.payhook.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.core.port.TransactionStore;
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
}

package io.payhook.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.port.SummaryStore;
import io.payhook.core.port.SummaryStoreContract;
import io.payhook.core.port.TransactionSearch;
import io.payhook.core.search.SearchPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary contract against the DynamoDB adapter on DynamoDB Local, the table created from
 * {@link SummaryTable#createRequest} — the shape the stack declares.
 */
class DynamoDbSummaryStoreIT extends SummaryStoreContract {
    @TempDir
    static Path dir;
    static AmazonDynamoDBLocal dynamo;
    static DynamoDbSummaryStore store;

    @BeforeAll
    static void open() {
        dynamo = DynamoDBEmbedded.create(dir.resolve("summaries.db").toFile(), true);
        dynamo.dynamoDbClient().createTable(SummaryTable.createRequest("payment_transaction_summaries"));
        store = new DynamoDbSummaryStore(dynamo.dynamoDbClient(), "payment_transaction_summaries");
    }

    @AfterAll
    static void close() {
        if (dynamo != null) dynamo.shutdown();
    }

    @Override
    protected SummaryStore store() { return store; }

    @Override
    protected TransactionSearch search() { return store; }

    @Test
    void theTableHasEveryIndexOfThePlan() {
        var t = dynamo.dynamoDbClient().describeTable(b -> b.tableName("payment_transaction_summaries")).table();
        assertThat(t.globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder("by_merchant", "by_customer", "by_status", "by_provider", "by_updated_day");
    }

    @Test
    void aKeyBoundBeyondTheCursorReadsNothing() {
        String m = id("m");
        store.put(summary(m + "_a", m, "SUCCEEDED", "stripe", null, T, T, 1));
        SearchPlan.Filter any = new SearchPlan.Filter(null, null, null, null, null, null);
        assertThat(store.read(new TransactionSearch.Read(SearchPlan.Index.BY_MERCHANT, m, TransactionSummary.keyTime(T.plusSeconds(1)),
                null, TransactionSummary.keyTime(T), any, 5))).isEmpty();
    }
}

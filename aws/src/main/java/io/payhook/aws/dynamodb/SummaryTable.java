package io.payhook.aws.dynamodb;

import io.payhook.core.search.SearchPlan;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of the {@code payment_transaction_summaries} table: one item per transaction (its
 * {@link io.payhook.core.model.TransactionSummary}), written by the projector only — a table of its own, so the
 * payments table's stream (the outbox) carries no projection writes. Its global secondary indexes are
 * {@link SearchPlan.Index}: {@code by_merchant}, {@code by_customer} (sparse: only summaries with a customer),
 * {@code by_status}, {@code by_provider} on {@code created_key}, and {@code by_updated_day} on {@code updated_key};
 * each projects every attribute, so a search reads nothing but the index. The CDK stack declares the same shape.
 */
public final class SummaryTable {
    public static final String PK = "transaction_id";
    public static final String STATUS = "status";
    public static final String PROVIDER = "provider";
    public static final String MERCHANT = "merchant";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String AMOUNT_MINOR = "amount_minor";
    public static final String CURRENCY = "currency";
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    /** How many events the fold had (N): the summary's version. */
    public static final String EVENT_COUNT = "event_count";
    public static final String CREATED_KEY = "created_key";
    public static final String UPDATED_KEY = "updated_key";
    public static final String UPDATED_DAY = "updated_day";
    /** The risk level of the transaction's last screen (S: low, elevated, high), absent before its first. Not a key: filtered. */
    public static final String RISK = "risk";
    /** The version of that finding (N, 0 without one): with as many events, the summary with the newer finding wins. */
    public static final String RISK_VERSION = "risk_version";

    private SummaryTable() {}

    /** Create-table request: on-demand, every index of {@link SearchPlan.Index}. */
    public static CreateTableRequest createRequest(String tableName) {
        Set<String> keyAttributes = new LinkedHashSet<>(List.of(PK));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (SearchPlan.Index ix : SearchPlan.Index.values()) {
            keyAttributes.add(ix.partitionAttribute());
            keyAttributes.add(ix.sortAttribute());
            indexes.add(GlobalSecondaryIndex.builder().indexName(ix.indexName())
                    .keySchema(KeySchemaElement.builder().attributeName(ix.partitionAttribute()).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(ix.sortAttribute()).keyType(KeyType.RANGE).build())
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
        }
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(keyAttributes.stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a).attributeType(ScalarAttributeType.S).build()).toList())
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(indexes)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    /** The index names, for the stack's assertions. */
    public static List<String> indexNames() { return Arrays.stream(SearchPlan.Index.values()).map(SearchPlan.Index::indexName).toList(); }
}

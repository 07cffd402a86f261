package io.payhook.aws.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The shape of the {@code payment_audit-<env>} table (PCI DSS 10.2): partition key {@value #PK} (the record's
 * target: {@code txn#<id>}, {@code search}, {@code replay#<job>}, {@code redrive}, {@code notifications#<status>},
 * {@code audit}), sort key
 * {@value #SK} ({@code <at ISO-8601, fixed width>#<request id>}), the index {@value #BY_PRINCIPAL} (partition
 * {@value #PRINCIPAL}, the same sort key, every attribute), TTL on {@value #EXPIRES_AT}. No stream: nothing
 * follows from an audit record. The CDK stack declares the same shape; locally the runner creates it with
 * {@link #createRequest}.
 */
public final class AuditTable {
    public static final String PK = "target";
    public static final String SK = "at_request";
    public static final String BY_PRINCIPAL = "by_principal";

    public static final String PRINCIPAL = "principal";
    public static final String ACTION = "action";
    /** The canonical filter of a search or audit read (S), absent when empty. */
    public static final String QUERY = "query";
    /** When the call was answered, ISO-8601 UTC with milliseconds (S). */
    public static final String AT = "at";
    public static final String REQUEST_ID = "request_id";
    /** The answer's HTTP status class, {@code 2xx} (S). */
    public static final String OUTCOME = "outcome";
    /** The answer's error code (S), absent for a success. */
    public static final String ERROR = "error";
    /** TTL: epoch seconds after which DynamoDB deletes the record (N) — the environment's audit retention after {@value #AT}. */
    public static final String EXPIRES_AT = "expires_at";

    private AuditTable() {}

    /** Create-table request: on-demand, the principal index. */
    public static CreateTableRequest createRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(PRINCIPAL).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(BY_PRINCIPAL)
                        .keySchema(KeySchemaElement.builder().attributeName(PRINCIPAL).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }
}

package io.payhook.bench;

import io.payhook.aws.dynamodb.PaymentTable;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * The cold-start floor: runs in a fresh JVM on the Lambda jar's classpath and does only what any
 * Java Lambda that stores a record with the AWS SDK must do — build a DynamoDB client the way
 * {@code LambdaServices} does (URL-connection HTTP client, environment credentials, fixed region)
 * and make one conditional PutItem of an item shaped like a stored event. No payhook code runs;
 * the difference between this and {@link ColdStartChild} is what payhook adds to a cold start.
 */
public final class SdkFloorChild {
    private SdkFloorChild() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        DynamoDbClient ddb = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
        long t1 = System.nanoTime();
        String id = "floor-" + Long.toString(System.nanoTime(), 36);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PaymentTable.PK, AttributeValue.fromS(id));
        item.put(PaymentTable.SK, AttributeValue.fromS(PaymentTable.EVENT_PREFIX + "2026-11-30T00:00:00Z#evt_" + id));
        item.put(PaymentTable.KIND, AttributeValue.fromS("floor"));
        item.put(PaymentTable.PROVIDER, AttributeValue.fromS("generic"));
        item.put(PaymentTable.EVENT_ID, AttributeValue.fromS("evt_" + id));
        item.put(PaymentTable.TYPE, AttributeValue.fromS("payment.succeeded"));
        item.put(PaymentTable.STATUS, AttributeValue.fromS("SUCCEEDED"));
        item.put(PaymentTable.AMOUNT_MINOR, AttributeValue.fromN("1999"));
        // the same request shape as the store's append (the calls the shrunk jar keeps)
        int status = ddb.putItem(PutItemRequest.builder().tableName(System.getenv("PAYHOOK_TABLE_NAME")).item(item)
                .conditionExpression("attribute_not_exists(" + PaymentTable.PK + ")").build()).sdkHttpResponse().statusCode();
        long t2 = System.nanoTime();
        System.out.println("status=" + status);
        System.out.println("init_ms=" + (t1 - t0) / 1_000_000.0);
        System.out.println("first_request_ms=" + (t2 - t1) / 1_000_000.0);
        System.exit(status == 200 ? 0 : 1);
    }
}

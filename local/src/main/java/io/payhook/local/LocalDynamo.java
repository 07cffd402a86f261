package io.payhook.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.aws.dynamodb.PaymentTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local, embedded in this JVM, its SQLite file {@code <data-dir>/dynamodb/payment_transactions.db} (so the
 * table survives a restart, also a kill -9: every write is a committed SQLite transaction).
 */
public final class LocalDynamo implements AutoCloseable {
    private final AmazonDynamoDBLocal db;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;

    public LocalDynamo(Path dir) throws IOException {
        Files.createDirectories(dir);
        // the File is the SQLite database file; true = telemetry off (no calls out of this machine)
        this.db = DynamoDBEmbedded.create(dir.resolve("payment_transactions.db").toFile(), true);
        this.client = db.dynamoDbClient();
        this.streams = db.dynamoDbStreamsClient();
    }

    public DynamoDbClient client() { return client; }

    public DynamoDbStreamsClient streams() { return streams; }

    /** Creates the payment table unless it exists; returns its stream ARN. */
    public String ensureTable(String name) {
        try {
            return client.describeTable(b -> b.tableName(name)).table().latestStreamArn();
        } catch (ResourceNotFoundException missing) {
            return client.createTable(PaymentTable.createRequest(name)).tableDescription().latestStreamArn();
        }
    }

    @Override
    public void close() { db.shutdown(); }
}

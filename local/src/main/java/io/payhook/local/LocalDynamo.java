package io.payhook.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.aws.dynamodb.PaymentTable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * DynamoDB Local, embedded in this JVM, its SQLite file {@code <data-dir>/dynamodb/payment_transactions.db} (so the
 * table survives a restart, also a kill -9: every write is a committed SQLite transaction).
 *
 * <p>The store can be stopped and started again while the system runs (fault injection,
 * {@link LocalSystem#stopStore()}): {@link #client()} and {@link #streams()} are stable
 * delegating clients that always call the current embedded instance and, while it is stopped,
 * fail at once with an SDK exception — what an SDK client sees when DynamoDB cannot be reached,
 * so the adapters map it as they would in AWS ({@code store_unavailable}). A stop waits for the
 * calls in flight, so no call is cut off half-way by the shutdown.
 */
public final class LocalDynamo implements AutoCloseable {
    private final File file;
    /** Read: one call to the store. Write: swapping the instance (stop/start). */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private AmazonDynamoDBLocal db;
    private DynamoDbClient currentClient;
    /** The engine's own (SDK v1) client: queries skip the embedded SDK v2 bridge ({@link EmbeddedQuery}). */
    private com.amazonaws.services.dynamodbv2.AmazonDynamoDB currentEngine;
    private DynamoDbStreamsClient currentStreams;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private volatile WriteMeter writeMeter;

    public LocalDynamo(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("payment_transactions.db").toFile();
        this.client = delegating(DynamoDbClient.class, l -> l.currentClient);
        this.streams = delegating(DynamoDbStreamsClient.class, l -> l.currentStreams);
        start();
    }

    /** A data dir whose table this version cannot use; the message says what to do. */
    public static final class OlderDataDirException extends IllegalStateException {
        OlderDataDirException(String message) { super(message); }
    }

    /**
     * Sees every write made through {@link #client()} and what it cost: DynamoDB Local reports a write's consumed
     * capacity per table and index (write units: one per item of up to 1 KB written to the table and to each index it
     * touches, two for an index entry whose key changed) when asked. {@code ./payhook scale} measures the items a
     * webhook writes with it.
     */
    @FunctionalInterface
    public interface WriteMeter {
        /**
         * @param request  the write as sent (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems)
         * @param consumed its consumed capacity, per table, with the indexes' shares
         */
        void written(software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest request,
                     java.util.List<software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity> consumed);
    }

    /**
     * Meters the writes made through {@link #client()} from now on, or stops with null. While a meter is set every
     * write asks DynamoDB Local for its consumed capacity per index ({@code ReturnConsumedCapacity.INDEXES}); that
     * adds a field to the answer and changes nothing else. Measurement only; nothing in payhook sets one.
     */
    public void meterWrites(WriteMeter meter) { this.writeMeter = meter; }

    private static final java.util.Set<String> WRITES = java.util.Set.of("putItem", "updateItem", "deleteItem", "batchWriteItem",
            "transactWriteItems");

    /** The write with its consumed capacity asked for (per index), unless the caller asked already. */
    private static Object withCapacity(Object request) {
        var indexes = software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.INDEXES;
        return switch (request) {
            case software.amazon.awssdk.services.dynamodb.model.PutItemRequest r when r.returnConsumedCapacity() == null ->
                    r.toBuilder().returnConsumedCapacity(indexes).build();
            case software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest r when r.returnConsumedCapacity() == null ->
                    r.toBuilder().returnConsumedCapacity(indexes).build();
            case software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest r when r.returnConsumedCapacity() == null ->
                    r.toBuilder().returnConsumedCapacity(indexes).build();
            case software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest r when r.returnConsumedCapacity() == null ->
                    r.toBuilder().returnConsumedCapacity(indexes).build();
            case software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest r when r.returnConsumedCapacity() == null ->
                    r.toBuilder().returnConsumedCapacity(indexes).build();
            default -> request;
        };
    }

    private static java.util.List<software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity> consumed(Object response) {
        return switch (response) {
            case software.amazon.awssdk.services.dynamodb.model.PutItemResponse r ->
                    r.consumedCapacity() == null ? java.util.List.of() : java.util.List.of(r.consumedCapacity());
            case software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse r ->
                    r.consumedCapacity() == null ? java.util.List.of() : java.util.List.of(r.consumedCapacity());
            case software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse r ->
                    r.consumedCapacity() == null ? java.util.List.of() : java.util.List.of(r.consumedCapacity());
            case software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse r -> r.consumedCapacity();
            case software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse r -> r.consumedCapacity();
            default -> java.util.List.of();
        };
    }

    /** The engine's own client (tests of {@link EmbeddedQuery}); null while the store is stopped. */
    com.amazonaws.services.dynamodbv2.AmazonDynamoDB engine() { return currentEngine; }

    /** Always the current instance's client; an {@link SdkClientException} while the store is stopped. */
    public DynamoDbClient client() { return client; }

    /** Always the current instance's streams client; an {@link SdkClientException} while the store is stopped. */
    public DynamoDbStreamsClient streams() { return streams; }

    /**
     * Creates the payment table unless it exists, with TTL on {@code expires_at} as in AWS (alert ledger
     * items, expired transactions); returns its stream ARN.
     */
    public String ensureTable(String name) {
        String streamArn;
        if (exists(name)) {
            // not DescribeTable: DynamoDB Local counts every item of the table and its indexes to answer it, which made
            // serve's start grow with the data (docs/BENCHMARKS.md "serve start time"); a Query of the index and the
            // streams' own list cost the same whatever the table holds
            try {
                client.query(b -> b.tableName(name).indexName(PaymentTable.BY_NOTIFICATION_STATUS).limit(1)
                        .keyConditionExpression("#s = :s").expressionAttributeNames(java.util.Map.of("#s", PaymentTable.NOTIFICATION_STATE))
                        .expressionAttributeValues(java.util.Map.of(":s",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("payhook-start-probe"))));
            } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException noIndex) {
                // adding an index to a table is a background job in DynamoDB Local 2.6.1 that failed once in two tries
                // (SQLite "no such column indexKey_0") and then hung its shutdown: refuse plainly instead (DECISIONS 38)
                throw new OlderDataDirException("this data dir was written by an older payhook: its table " + name
                        + " has no index " + PaymentTable.BY_NOTIFICATION_STATUS + ", which this version needs and cannot add safely."
                        + " Start with another --data-dir (or move this one away); the old one still opens with the payhook that wrote it");
            }
            streamArn = streams.listStreams(b -> b.tableName(name)).streams().stream()
                    .max(java.util.Comparator.comparing(software.amazon.awssdk.services.dynamodb.model.Stream::streamLabel))
                    .map(software.amazon.awssdk.services.dynamodb.model.Stream::streamArn)
                    .orElseThrow(() -> new IllegalStateException("the table " + name + " has no stream"));
        } else {
            streamArn = client.createTable(PaymentTable.createRequest(name)).tableDescription().latestStreamArn();
        }
        enableTimeToLive(name);
        return streamArn;
    }

    /**
     * Creates the audit table ({@link io.payhook.aws.dynamodb.AuditTable}: the principal index) unless it exists, with
     * TTL on its {@code expires_at} as in AWS.
     */
    public void ensureAuditTable(String name) {
        if (!exists(name)) client.createTable(io.payhook.aws.dynamodb.AuditTable.createRequest(name));
        enableTimeToLive(name);
    }

    /** Creates the summary table (the search projection) unless it exists, with every index of the stack's. */
    public void ensureSummaryTable(String name) {
        if (!exists(name)) client.createTable(io.payhook.aws.dynamodb.SummaryTable.createRequest(name));
    }

    /** Whether the table exists: ListTables, which DynamoDB Local answers without counting anything. */
    private boolean exists(String name) {
        return client.listTablesPaginator(b -> b.limit(100)).tableNames().stream().anyMatch(name::equals);
    }

    /**
     * Makes everything the store keeps look {@code by} older — stream records, shards, items' creation times — as if
     * that much time had passed (DynamoDB Local's own hook; it then rolls its shards over as it does every 4 hours).
     * Tests of a long downtime.
     */
    void age(java.time.Duration by) {
        lock.readLock().lock();
        try {
            db.dilateEventTimes(by.toMillis());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** TTL on {@value PaymentTable#EXPIRES_AT} (a table of an older data dir gets it too); DynamoDB Local accepts it. */
    private void enableTimeToLive(String name) {
        try {
            var status = client.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().timeToLiveStatus();
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) return;
            client.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName(PaymentTable.EXPIRES_AT)));
        } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
            // not supported by this DynamoDB Local: items only expire in AWS (the ledger's windows are by time anyway)
            io.payhook.functions.JsonLog.warn("DynamoDB Local did not enable TTL", "error", e.getClass().getSimpleName());
        }
    }

    /** Opens DynamoDB Local on the SQLite file (again, after {@link #stop}). */
    public void start() {
        lock.writeLock().lock();
        try {
            if (db != null) return;
            // the File is the SQLite database file; true = telemetry off (no calls out of this machine)
            AmazonDynamoDBLocal d = DynamoDBEmbedded.create(file, true);
            currentClient = d.dynamoDbClient();
            currentEngine = d.amazonDynamoDB();
            currentStreams = d.dynamoDbStreamsClient();
            db = d;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Waits for the calls in flight, then shuts DynamoDB Local down; the data stays in the SQLite file. */
    public void stop() {
        lock.writeLock().lock();
        try {
            if (db == null) return;
            AmazonDynamoDBLocal d = db;
            db = null;
            currentClient = null;
            currentEngine = null;
            currentStreams = null;
            d.shutdown();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean running() {
        lock.readLock().lock();
        try {
            return db != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() { stop(); }

    /** A {@code type} whose every call goes to {@code current} under the read lock. */
    private <T> T delegating(Class<T> type, Function<LocalDynamo, T> current) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, method, args, type);
            if (method.getName().equals("close") && method.getParameterCount() == 0) return null; // closed with the store
            WriteMeter meter = type == DynamoDbClient.class && WRITES.contains(method.getName()) ? writeMeter : null;
            boolean query = type == DynamoDbClient.class && method.getName().equals("query") && args != null && args.length == 1;
            if ((meter != null || query) && args[0] instanceof java.util.function.Consumer<?>) {
                // the builder-consumer form builds the request and calls this proxy again with it (metered there)
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            lock.readLock().lock();
            try {
                T target = current.apply(this);
                if (target == null) {
                    throw SdkClientException.create("Unable to execute " + method.getName() + ": the local DynamoDB store is stopped");
                }
                if (query && args[0] instanceof software.amazon.awssdk.services.dynamodb.model.QueryRequest q) {
                    var answer = EmbeddedQuery.query(currentEngine, q);
                    if (answer != null) return answer;
                }
                if (meter == null) return method.invoke(target, args);
                Object request = withCapacity(args[0]);
                Object response = method.invoke(target, request);
                meter.written((software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest) request, consumed(response));
                return response;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                lock.readLock().unlock();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> type) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "LocalDynamo." + type.getSimpleName();
        };
    }
}

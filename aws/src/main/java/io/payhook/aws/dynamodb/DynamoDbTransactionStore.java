package io.payhook.aws.dynamodb;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.model.Retention;
import io.payhook.core.port.Archive;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.protection.ProtectedEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static io.payhook.aws.dynamodb.PaymentTable.*;

/**
 * {@link TransactionStore} on one DynamoDB table (see {@link PaymentTable} for the item shape).
 * Dedupe is a conditional put on the event's key, so concurrent deliveries of one event race
 * inside DynamoDB and exactly one wins. SDK failures become {@link StoreUnavailableException}.
 */
public final class DynamoDbTransactionStore implements TransactionStore {
    private static final String NOT_EXISTS = "attribute_not_exists(" + PK + ")";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Retention retention;

    /** A store whose items never expire. */
    public DynamoDbTransactionStore(DynamoDbClient client, String table, Clock clock) { this(client, table, clock, null); }

    /**
     * @param clock     the time written as a notification item's {@code updated_at}
     * @param retention how long items stay after a change ({@value PaymentTable#EXPIRES_AT} on every write), or null: never expire
     */
    public DynamoDbTransactionStore(DynamoDbClient client, String table, Clock clock, Retention retention) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    /** The item's expiry for a change at {@code at} (epoch seconds), or null without a retention. */
    private AttributeValue expiry(Instant at) {
        return retention == null ? null : AttributeValue.fromN(Long.toString(retention.expiresAt(at).getEpochSecond()));
    }

    @Override
    public AppendResult append(ProtectedEvent event) {
        try {
            Map<String, AttributeValue> item = ItemMapper.toItem(event);
            AttributeValue expires = expiry(event.event().receivedAt());
            if (expires != null) item.put(EXPIRES_AT, expires); // the same single conditional write
            client.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression(NOT_EXISTS).build());
            return AppendResult.STORED;
        } catch (ConditionalCheckFailedException duplicate) {
            return AppendResult.DUPLICATE;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the transaction table could not be written", e);
        }
    }

    @Override
    public Optional<Transaction> load(String transactionId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse r = client.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(transactionId)))
                        .exclusiveStartKey(start).build());
                items.addAll(r.items());
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the transaction table could not be read", e);
        }
        return fold(items);
    }

    /**
     * Reads up to {@value #IN_LIST} partitions per request with a PartiQL {@code SELECT … WHERE
     * transaction_id IN […]} (ExecuteStatement, strongly consistent, paginated): the outbox reads a
     * stream batch's transactions this way instead of one Query each.
     */
    @Override
    public Map<String, Transaction> loadAll(Collection<String> transactionIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(transactionIds));
        if (ids.size() == 1) {
            return load(ids.get(0)).map(t -> Map.of(ids.get(0), t)).orElse(Map.of());
        }
        Map<String, List<Map<String, AttributeValue>>> byId = new HashMap<>();
        try {
            for (int from = 0; from < ids.size(); from += IN_LIST) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
                String statement = "SELECT * FROM \"" + table + "\" WHERE \"" + PK + "\" IN ["
                        + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + "]";
                List<AttributeValue> parameters = chunk.stream().map(AttributeValue::fromS).toList();
                String next = null;
                do {
                    String token = next;
                    ExecuteStatementResponse r = client.executeStatement(b -> b.statement(statement)
                            .parameters(parameters).consistentRead(true).nextToken(token));
                    for (Map<String, AttributeValue> item : r.items()) {
                        AttributeValue pk = item.get(PK);
                        if (pk != null && pk.s() != null) byId.computeIfAbsent(pk.s(), k -> new ArrayList<>()).add(item);
                    }
                    next = r.nextToken();
                } while (next != null && !next.isEmpty());
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("the transaction table could not be read", e);
        }
        Map<String, Transaction> out = new HashMap<>();
        byId.forEach((id, items) -> fold(items).ifPresent(t -> out.put(id, t)));
        return out;
    }

    /** Partition keys per PartiQL IN list (well inside DynamoDB's limit for IN on the partition key). */
    public static final int IN_LIST = 25;

    private static Optional<Transaction> fold(List<Map<String, AttributeValue>> items) {
        List<StoredEvent> events = new ArrayList<>();
        List<Notification> notifications = new ArrayList<>();
        io.payhook.core.model.Risk risk = null;
        for (Map<String, AttributeValue> item : items) {
            if (ItemMapper.isEvent(item)) events.add(ItemMapper.toEvent(item));
            else if (ItemMapper.isNotification(item)) notifications.add(ItemMapper.toNotification(item));
            else if (ItemMapper.isRisk(item)) risk = ItemMapper.toRisk(item);
        }
        return events.isEmpty() ? Optional.empty() : Optional.of(Transaction.fold(events, notifications, risk));
    }

    @Override
    public boolean createNotification(Notification n) {
        try {
            Map<String, AttributeValue> item = ItemMapper.toItem(n);
            AttributeValue expires = expiry(n.requestedAt());
            if (expires != null) item.put(EXPIRES_AT, expires);
            client.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression(NOT_EXISTS).build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification could not be recorded", e);
        }
    }

    private static Map<String, AttributeValue> notificationItemKey(String transactionId, String notificationId) {
        return Map.of(PK, AttributeValue.fromS(transactionId), SK, AttributeValue.fromS(notificationKey(notificationId)));
    }

    /** The notification statuses nothing more is done for ({@link NotificationStatus#isFinal}), as a condition's values. */
    private static final List<NotificationStatus> FINAL = java.util.Arrays.stream(NotificationStatus.values())
            .filter(NotificationStatus::isFinal).toList();
    private static final List<NotificationStatus> WAS_SENT = java.util.Arrays.stream(NotificationStatus.values())
            .filter(NotificationStatus::wasSent).toList();

    /** {@code NOT (#st IN (:f0, :f1, ...))} and its values: the notification is not final. */
    private static String notFinal(Map<String, AttributeValue> values) {
        return "NOT (#st IN (" + in("f", FINAL, values) + "))";
    }

    private static String in(String prefix, List<NotificationStatus> statuses, Map<String, AttributeValue> values) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            names.add(":" + prefix + i);
            values.put(":" + prefix + i, AttributeValue.fromS(statuses.get(i).name()));
        }
        return String.join(", ", names);
    }

    @Override
    public boolean claimNotification(String transactionId, String notificationId, Instant now, Instant until) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":until", AttributeValue.fromN(Long.toString(until.toEpochMilli())));
        values.put(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":zero", AttributeValue.fromN("0"));
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(notificationItemKey(transactionId, notificationId))
                    // the claim is the attempt: it counts even if the attempt never records its outcome (store down, crash)
                    .updateExpression("SET " + CLAIMED_UNTIL + " = :until, " + ATTEMPTS + " = if_not_exists(" + ATTEMPTS + ", :zero) + :one")
                    // never claim a final (sent...) or unknown notification, nor one another attempt holds
                    .conditionExpression("attribute_exists(" + PK + ") AND " + notFinal(values) + " AND (attribute_not_exists("
                            + CLAIMED_UNTIL + ") OR " + CLAIMED_UNTIL + " <= :now)")
                    .expressionAttributeNames(Map.of("#st", STATUS))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException heldFinalOrGone) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification could not be claimed", e);
        }
    }

    @Override
    public void recordNotificationOutcome(String transactionId, String notificationId, Attempt attempt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":s", AttributeValue.fromS(attempt.status().name()));
        values.put(":u", AttributeValue.fromS(ItemMapper.time(clock.instant())));
        String update = "SET #st = :s, " + UPDATED_AT + " = :u";
        AttributeValue expires = expiry(clock.instant());
        if (expires != null) { // a change: the transaction's retention runs from it (older items: the archiver)
            update += ", " + EXPIRES_AT + " = :e";
            values.put(":e", expires);
        }
        if (attempt.sentAt() != null) {
            update += ", " + SENT_AT + " = :t";
            values.put(":t", AttributeValue.fromS(ItemMapper.time(attempt.sentAt())));
        }
        if (attempt.detail() != null) {
            update += ", " + DETAIL + " = :d";
            values.put(":d", AttributeValue.fromS(attempt.detail()));
        }
        if (attempt.messageId() != null) {
            update += ", " + MESSAGE_ID + " = :m";
            values.put(":m", AttributeValue.fromS(attempt.messageId()));
        }
        String state = notificationState(attempt.status());
        if (state != null) update += ", " + NOTIFICATION_STATE + " = :s"; // open or a problem: in the index under its status
        // the attempt is over: a retry may claim it at once; a sent (or unsendable) notification leaves the index
        update += " REMOVE " + CLAIMED_UNTIL + (state == null ? ", " + NOTIFICATION_STATE : "");
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(notificationItemKey(transactionId, notificationId))
                    .updateExpression(update)
                    // never change a final notification (a sent one is not downgraded); never create one from an update
                    .conditionExpression("attribute_exists(" + PK + ") AND " + notFinal(values))
                    .expressionAttributeNames(Map.of("#st", STATUS))
                    .expressionAttributeValues(values).build());
        } catch (ConditionalCheckFailedException finalOrGone) {
            // sent (or found unsendable) by another attempt, or never existed: nothing changes (the attempt counted when it claimed)
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification outcome could not be recorded", e);
        }
    }

    @Override
    public boolean recordNotificationFeedback(String transactionId, String notificationId, NotificationStatus status, String detail) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":s", AttributeValue.fromS(status.name()));
        values.put(":d", AttributeValue.fromS(detail));
        values.put(":u", AttributeValue.fromS(ItemMapper.time(clock.instant())));
        AttributeValue expires = expiry(clock.instant());
        if (expires != null) values.put(":e", expires);
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(notificationItemKey(transactionId, notificationId))
                    // bounced and complained go back into the index under their status (a sent notification had left it)
                    .updateExpression("SET #st = :s, " + NOTIFICATION_STATE + " = :s, " + DETAIL + " = :d, " + UPDATED_AT + " = :u"
                            + (expires != null ? ", " + EXPIRES_AT + " = :e" : ""))
                    .conditionExpression("attribute_exists(" + PK + ") AND #st IN (" + in("w", WAS_SENT, values) + ")")
                    .expressionAttributeNames(Map.of("#st", STATUS))
                    .expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException notSentOrGone) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification feedback could not be recorded", e);
        }
    }

    /**
     * The Query of one status's partition of the sparse index {@value PaymentTable#BY_NOTIFICATION_STATUS}.
     *
     * @throws IllegalArgumentException for a status that is not indexed
     */
    private QueryRequest.Builder byNotificationStatus(NotificationStatus status) {
        String state = notificationState(status);
        if (state == null) throw new IllegalArgumentException("notifications " + status + " are not indexed");
        return QueryRequest.builder().tableName(table).indexName(BY_NOTIFICATION_STATUS)
                .keyConditionExpression("#ns = :ns")
                .expressionAttributeNames(Map.of("#ns", NOTIFICATION_STATE))
                .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(state)));
    }

    /** A Query of the sparse index {@value PaymentTable#BY_NOTIFICATION_STATUS}, page by page, oldest request first. */
    @Override
    public void forEachNotification(NotificationStatus status, Consumer<Notification> sink) {
        QueryRequest.Builder query = byNotificationStatus(status);
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse r = client.query(query.exclusiveStartKey(start).build());
                r.items().forEach(item -> sink.accept(ItemMapper.toNotification(item)));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification index could not be read", e);
        }
    }

    /** A Query of the sparse index {@value PaymentTable#BY_NOTIFICATION_STATUS} backwards, pages of at most {@code limit}. */
    @Override
    public List<Notification> recentNotifications(NotificationStatus status, int limit) {
        QueryRequest.Builder query = byNotificationStatus(status).scanIndexForward(false);
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        List<Notification> out = new ArrayList<>(Math.min(limit, 1000));
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryResponse r = client.query(query.limit(limit - out.size()).exclusiveStartKey(start).build());
                for (var item : r.items()) if (out.size() < limit) out.add(ItemMapper.toNotification(item));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null && out.size() < limit);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification index could not be read", e);
        }
        return List.copyOf(out);
    }

    @Override
    public void forEachTransactionChangedSince(Instant since, Consumer<String> sink) {
        Set<String> seen = new LinkedHashSet<>();
        scan("#k = :k AND #r >= :since",
                Map.of("#k", KIND, "#r", RECEIVED_AT),
                Map.of(":k", AttributeValue.fromS(KIND_EVENT), ":since", AttributeValue.fromS(ItemMapper.time(since))),
                item -> seen.add(item.get(PK).s()));
        seen.forEach(sink);
    }

    private void scan(String filter, Map<String, String> names, Map<String, AttributeValue> values,
                      Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        try {
            do {
                var r = client.scan(ScanRequest.builder().tableName(table).filterExpression(filter)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .consistentRead(true).exclusiveStartKey(start).build());
                r.items().forEach(each);
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the transaction table could not be scanned", e);
        }
    }

    // ---- retention and the archive ----

    private static Map<String, AttributeValue> pointerKey(String transactionId) {
        return Map.of(PK, AttributeValue.fromS(transactionId), SK, AttributeValue.fromS(ARCHIVE_SORT_KEY));
    }

    /** One GetItem of the pointer (strongly consistent); only asked when the transaction has no items. */
    @Override
    public Optional<Archive.Location> archived(String transactionId) {
        try {
            var r = client.getItem(b -> b.tableName(table).key(pointerKey(transactionId)).consistentRead(true));
            if (!r.hasItem() || r.item().isEmpty()) return Optional.empty();
            Map<String, AttributeValue> m = r.item();
            return Optional.of(new Archive.Location(m.get(ARCHIVE_OBJECT).s(), Long.parseLong(m.get(ARCHIVE_OFFSET).n()),
                    Long.parseLong(m.get(ARCHIVE_LENGTH).n())));
        } catch (SdkException e) {
            throw new StoreUnavailableException("the transaction table could not be read", e);
        }
    }

    /** BatchGetItem of the pointers, 100 keys a request, unprocessed keys asked again (strongly consistent). */
    @Override
    public Map<String, Archive.Location> archivedAll(Collection<String> transactionIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(transactionIds));
        Map<String, Archive.Location> out = new HashMap<>();
        try {
            for (int from = 0; from < ids.size(); from += 100) {
                List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                        .map(DynamoDbTransactionStore::pointerKey).toList();
                Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> request = Map.of(table,
                        software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
                for (int round = 0; !request.isEmpty(); round++) {
                    if (round > 0) sleepBackoff(round);
                    var asked = request;
                    var r = client.batchGetItem(b -> b.requestItems(asked));
                    for (Map<String, AttributeValue> m : r.responses().getOrDefault(table, List.of())) {
                        out.put(m.get(PK).s(), new Archive.Location(m.get(ARCHIVE_OBJECT).s(), Long.parseLong(m.get(ARCHIVE_OFFSET).n()),
                                Long.parseLong(m.get(ARCHIVE_LENGTH).n())));
                    }
                    request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
                    if (round > 8 && !request.isEmpty()) throw new StoreUnavailableException("archive pointers left unprocessed", null);
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("the transaction table could not be read", e);
        }
        return out;
    }

    private static void sleepBackoff(int round) {
        try {
            Thread.sleep(Math.min(1_000L, 25L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while reading archive pointers", e);
        }
    }

    @Override
    public void recordArchived(String transactionId, Archive.Location location) {
        Map<String, AttributeValue> item = new HashMap<>(pointerKey(transactionId));
        item.put(KIND, AttributeValue.fromS(KIND_ARCHIVE));
        item.put(ARCHIVE_OBJECT, AttributeValue.fromS(location.key()));
        item.put(ARCHIVE_OFFSET, AttributeValue.fromN(Long.toString(location.offset())));
        item.put(ARCHIVE_LENGTH, AttributeValue.fromN(Long.toString(location.length())));
        item.put(ARCHIVED_AT, AttributeValue.fromS(ItemMapper.time(clock.instant())));
        try {
            client.putItem(b -> b.tableName(table).item(item)); // no expires_at: the pointer stays
        } catch (SdkException e) {
            throw new StoreUnavailableException("the archive pointer could not be written", e);
        }
    }

    /**
     * A Query of the partition's keys and expiries, then one conditional UpdateItem per event or notification item that
     * expires before {@code expiresAt} (usually none: items written on one day share their expiry).
     */
    @Override
    public void extendExpiry(String transactionId, Instant expiresAt) {
        if (retention == null) return;
        AttributeValue e = AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()));
        try {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse r = client.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .projectionExpression("#pk, #sk, #k, #e")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK, "#k", KIND, "#e", EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(transactionId)))
                        .exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> item : r.items()) {
                    String kind = item.get(KIND) == null ? null : item.get(KIND).s();
                    if (!KIND_EVENT.equals(kind) && !KIND_NOTIFICATION.equals(kind)) continue;
                    AttributeValue current = item.get(EXPIRES_AT);
                    if (current != null && Long.parseLong(current.n()) >= expiresAt.getEpochSecond()) continue;
                    try {
                        client.updateItem(UpdateItemRequest.builder().tableName(table)
                                .key(Map.of(PK, item.get(PK), SK, item.get(SK)))
                                .updateExpression("SET #e = :e")
                                .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#e) OR #e < :e)")
                                .expressionAttributeNames(Map.of("#pk", PK, "#e", EXPIRES_AT))
                                .expressionAttributeValues(Map.of(":e", e)).build());
                    } catch (ConditionalCheckFailedException goneOrLater) {
                        // expired meanwhile, or moved further by another change: nothing to do
                    }
                }
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException ex) {
            throw new StoreUnavailableException("the expiry of the transaction's items could not be moved", ex);
        }
    }

    @Override
    public int restore(Transaction t, Instant expiresAt) {
        AttributeValue e = AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Notification n : t.notifications()) items.add(ItemMapper.toItem(n)); // notifications first: see the port
        for (StoredEvent ev : t.events()) items.add(ItemMapper.toItem(ev));
        int written = 0;
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> withExpiry = new HashMap<>(item);
            if (retention != null) withExpiry.put(EXPIRES_AT, e);
            try {
                client.putItem(PutItemRequest.builder().tableName(table).item(withExpiry).conditionExpression(NOT_EXISTS).build());
                written++;
            } catch (ConditionalCheckFailedException exists) {
                // restored before (or never lost): idempotent
            } catch (SdkException ex) {
                throw new StoreUnavailableException("the transaction could not be restored", ex);
            }
        }
        return written;
    }
}

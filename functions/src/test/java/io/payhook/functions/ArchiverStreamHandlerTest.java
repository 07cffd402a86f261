package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.Notification;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.Archive;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.usecase.ArchiveTransactions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiverStreamHandlerTest {
    static AttributeValue s(String v) { return new AttributeValue().withS(v); }

    static DynamodbEvent.DynamodbStreamRecord record(String name, String txn, String sk, Map<String, AttributeValue> old,
                                                     Map<String, AttributeValue> now, String seq) {
        DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName(name);
        StreamRecord sr = new StreamRecord();
        sr.setSequenceNumber(seq);
        sr.setKeys(Map.of("transaction_id", s(txn), "timestamp", s(sk)));
        if (old != null) sr.setOldImage(old);
        if (now != null) sr.setNewImage(now);
        r.setDynamodb(sr);
        return r;
    }

    static Map<String, AttributeValue> eventImage(String txn, String eventId, String expires) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("transaction_id", s(txn));
        m.put("timestamp", s("EVENT#generic#" + eventId));
        m.put("kind", s("EVENT"));
        m.put("provider", s("generic"));
        m.put("event_id", s(eventId));
        m.put("type", s("payment.succeeded"));
        m.put("status", s("SUCCEEDED"));
        m.put("occurred_at", s("2026-12-02T11:00:00.000Z"));
        m.put("received_at", s("2026-12-02T11:00:01.000Z"));
        m.put("expires_at", new AttributeValue().withN(expires));
        return m;
    }

    static Map<String, AttributeValue> notificationImage(String txn, String status, String claimed) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("transaction_id", s(txn));
        m.put("timestamp", s("NOTIF#n1"));
        m.put("kind", s("NOTIFICATION"));
        m.put("notification_id", s("n1"));
        m.put("status", s(status));
        m.put("attempts", new AttributeValue().withN(claimed == null ? "0" : "1"));
        if (claimed != null) m.put("claimed_until", new AttributeValue().withN("1700000000000"));
        return m;
    }

    @Test
    void changesRemovalsAndBookkeepingAreToldApart() {
        Set<String> changed = new LinkedHashSet<>();
        Map<String, List<StoredEvent>> removedEvents = new HashMap<>();
        Map<String, List<Notification>> removedNotifications = new HashMap<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = List.of(
                record("INSERT", "txn_a", "EVENT#generic#e1", null, eventImage("txn_a", "e1", "100"), "1"),
                record("MODIFY", "txn_b", "EVENT#generic#e1", eventImage("txn_b", "e1", "100"), eventImage("txn_b", "e1", "200"), "2"),
                record("REMOVE", "txn_c", "EVENT#generic#e1", eventImage("txn_c", "e1", "100"), null, "3"),
                record("REMOVE", "txn_d", "NOTIF#n1", null, null, "4"), // keys only (a stream without old images)
                record("INSERT", "alert#x", "W", null, Map.of("kind", s("ALERT")), "5"),
                record("INSERT", "txn_e", "ARCHIVE", null, Map.of("kind", s("ARCHIVE")), "6"),
                record("MODIFY", "txn_f", "NOTIF#n1", notificationImage("txn_f", "QUEUED", null), notificationImage("txn_f", "QUEUED", "1"), "7"),
                record("MODIFY", "txn_g", "NOTIF#n1", notificationImage("txn_g", "QUEUED", "1"), notificationImage("txn_g", "SENT", "1"), "8"));
        for (var r : records) ArchiverStreamHandler.classify(r, changed, removedEvents, removedNotifications);
        assertThat(changed).containsExactly("txn_a", "txn_g"); // txn_b only had its expiry moved, txn_f a claim
        assertThat(removedEvents).containsOnlyKeys("txn_c", "txn_d");
        assertThat(removedEvents.get("txn_c")).extracting(StoredEvent::eventId).containsExactly("e1");
        assertThat(removedEvents.get("txn_d")).isEmpty();
    }

    @Test
    void aBatchWhoseArchiveFailsComesBackWhole() {
        List<String> pointers = new ArrayList<>();
        TransactionStore store = (TransactionStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionStore.class}, (p, m, a) -> switch (m.getName()) {
                    case "loadAll" -> Map.of();
                    case "archived" -> java.util.Optional.empty();
                    case "archivedAll" -> Map.of();
                    case "recordArchived" -> pointers.add((String) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Archive down = new Archive() {
            @Override public List<Location> put(List<ArchiveRecord> records) { throw new StoreUnavailableException("down", null); }
            @Override public ArchiveRecord read(Location location) { throw new UnsupportedOperationException(); }
            @Override public void forEachSince(Instant since, Consumer<ArchiveRecord> sink) {}
        };
        ArchiverStreamHandler h = new ArchiverStreamHandler(new ArchiveTransactions(store, down, null, Clock.systemUTC()));
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(List.of(record("REMOVE", "txn_c", "EVENT#generic#e1", eventImage("txn_c", "e1", "100"), null, "7"),
                record("INSERT", "txn_a", "EVENT#generic#e2", null, eventImage("txn_a", "e2", "100"), "8")));
        StreamsEventResponse r = h.handleRequest(e, null);
        assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly("7");
        assertThat(pointers).as("no pointer before the archive holds the record").isEmpty();
    }
}

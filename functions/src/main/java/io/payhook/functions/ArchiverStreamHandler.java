package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.payhook.aws.dynamodb.ItemMapper;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.model.Notification;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.usecase.ArchiveTransactions;
import software.amazon.awssdk.core.SdkBytes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The table's stream → the archive ({@link ArchiveTransactions}; docs/ARCHIVE.md), a stream reader of its own beside
 * the outbox's and the projector's. A created or changed event or notification item marks its transaction changed (a
 * change of bookkeeping only — the archiver's own expiry moves, a delivery attempt's claim — does not); a removed one (TTL, or the local sweep)
 * marks it expired, with the item's old image when the stream carries old images. The whole batch is archived as one
 * object; if that fails, the whole batch is reported back (partial batch response from its first record) and retried:
 * every step is idempotent.
 */
public final class ArchiverStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final ArchiveTransactions archiver;

    public ArchiverStreamHandler(ArchiveTransactions archiver) { this.archiver = archiver; }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context ctx) {
        try (Invocation ignored = Invocation.begin(ctx, null, null)) {
            List<DynamodbEvent.DynamodbStreamRecord> records = StreamBatch.records(event);
            Set<String> changed = new LinkedHashSet<>();
            Map<String, List<StoredEvent>> removedEvents = new LinkedHashMap<>();
            Map<String, List<Notification>> removedNotifications = new LinkedHashMap<>();
            for (DynamodbEvent.DynamodbStreamRecord r : records) classify(r, changed, removedEvents, removedNotifications);
            Map<String, ArchiveTransactions.Removed> removed = new LinkedHashMap<>();
            for (String id : union(removedEvents.keySet(), removedNotifications.keySet())) {
                removed.put(id, new ArchiveTransactions.Removed(removedEvents.getOrDefault(id, List.of()),
                        removedNotifications.getOrDefault(id, List.of())));
            }
            try {
                archiver.handle(changed, removed);
            } catch (RuntimeException e) {
                if (records.isEmpty()) throw e;
                return StreamBatch.failedFrom("archive batch", records.get(0), e);
            }
            return StreamBatch.complete();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** Sorts one record into changed or removed (pure; unit-tested). */
    static void classify(DynamodbEvent.DynamodbStreamRecord r, Set<String> changed,
                         Map<String, List<StoredEvent>> removedEvents, Map<String, List<Notification>> removedNotifications) {
        var d = r.getDynamodb();
        if (d == null || d.getKeys() == null) return;
        String txn = s(d.getKeys(), PaymentTable.PK);
        String sk = s(d.getKeys(), PaymentTable.SK);
        if (txn == null || sk == null) return;
        boolean event = sk.startsWith(PaymentTable.EVENT_PREFIX);
        boolean notification = sk.startsWith(PaymentTable.NOTIFICATION_PREFIX);
        if (!event && !notification) return; // pointers, jobs, ledgers, suppressions
        if ("REMOVE".equals(r.getEventName())) {
            Map<String, AttributeValue> old = d.getOldImage();
            if (old != null && !old.isEmpty()) {
                var item = sdk(old);
                if (event && ItemMapper.isEvent(item)) removedEvents.computeIfAbsent(txn, k -> new ArrayList<>()).add(ItemMapper.toEvent(item));
                if (notification && ItemMapper.isNotification(item)) {
                    removedNotifications.computeIfAbsent(txn, k -> new ArrayList<>()).add(ItemMapper.toNotification(item));
                }
            }
            removedEvents.putIfAbsent(txn, new ArrayList<>()); // known expired, even from keys only
            return;
        }
        if ("MODIFY".equals(r.getEventName()) && onlyBookkeeping(d.getOldImage(), d.getNewImage())) return;
        changed.add(txn);
    }

    /**
     * Whether the images differ only in bookkeeping (needs old images): {@code expires_at} (the archiver moving expiries)
     * or a delivery attempt's claim ({@code claimed_until}, {@code attempts}; its outcome, a change of its own, follows).
     */
    static boolean onlyBookkeeping(Map<String, AttributeValue> old, Map<String, AttributeValue> now) {
        if (old == null || now == null) return false;
        Map<String, AttributeValue> a = new HashMap<>(old);
        Map<String, AttributeValue> b = new HashMap<>(now);
        for (String k : BOOKKEEPING) {
            a.remove(k);
            b.remove(k);
        }
        return Objects.equals(a, b);
    }

    private static final List<String> BOOKKEEPING = List.of(PaymentTable.EXPIRES_AT, PaymentTable.CLAIMED_UNTIL, PaymentTable.ATTEMPTS);

    private static String s(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.getS();
    }

    /** A stream image as the SDK's item (what {@link ItemMapper} reads). */
    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk(Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> m = new HashMap<>();
        image.forEach((k, v) -> m.put(k, sdk(v)));
        return m;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk(AttributeValue v) {
        var b = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (v.getS() != null) b.s(v.getS());
        else if (v.getN() != null) b.n(v.getN());
        else if (v.getB() != null) b.b(SdkBytes.fromByteBuffer(v.getB().duplicate()));
        else if (v.getBOOL() != null) b.bool(v.getBOOL());
        else if (Boolean.TRUE.equals(v.getNULL())) b.nul(true);
        else if (v.getSS() != null) b.ss(v.getSS());
        else if (v.getNS() != null) b.ns(v.getNS());
        else if (v.getM() != null) b.m(sdk(v.getM()));
        else if (v.getL() != null) b.l(v.getL().stream().map(ArchiverStreamHandler::sdk).toList());
        return b.build();
    }
}

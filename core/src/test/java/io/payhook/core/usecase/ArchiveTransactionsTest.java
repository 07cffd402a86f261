package io.payhook.core.usecase;

import io.payhook.core.archive.ArchiveCodec;
import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.error.PayhookException;
import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.Archive;
import io.payhook.core.port.InMemoryTransactionStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveTransactionsTest {
    static final Instant T = Instant.parse("2026-12-02T11:00:00Z");

    /** Objects as bytes, by key, in the codec's format (what both real stores hold). */
    static final class MemoryArchive implements Archive {
        final Map<String, byte[]> objects = new HashMap<>();
        boolean down;
        int n;

        @Override
        public List<Location> put(List<ArchiveRecord> records) {
            if (down) throw new StoreUnavailableException("down", null);
            ArchiveCodec.Encoded o = ArchiveCodec.encode(records, T.plusSeconds(n++));
            objects.put(o.key(), o.bytes());
            return o.ranges().stream().map(r -> new Location(o.key(), r[0], r[1])).toList();
        }

        @Override
        public ArchiveRecord read(Location l) {
            return ArchiveCodec.decodeMember(Arrays.copyOfRange(objects.get(l.key()), (int) l.offset(), (int) (l.offset() + l.length())));
        }

        @Override
        public void forEachSince(Instant since, Consumer<ArchiveRecord> sink) {
            objects.keySet().stream().sorted().forEach(k -> ArchiveCodec.decodeObject(objects.get(k)).forEach(sink));
        }
    }

    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final MemoryArchive archive = new MemoryArchive();
    final ArchiveTransactions archiver = new ArchiveTransactions(store, archive, null, Clock.fixed(T, ZoneOffset.UTC));

    StoredEvent event(String txn, String id, Status s, int second) {
        StoredEvent e = new StoredEvent("generic", id, txn, "payment." + s, s, new Money(100, "EUR"), "cus_1", null, "visa 4242",
                T.plusSeconds(second), Set.of(), null, T.plusSeconds(second), "default");
        store.events.put(txn + "|generic|" + id, e);
        return e;
    }

    Notification notification(String txn, String id) {
        Notification n = new Notification(id, txn, "email", NotificationStatus.SENT, "status_changed", Status.SUCCEEDED,
                T.plusSeconds(5), T.plusSeconds(6), 1);
        store.notifications.put(id, n);
        return n;
    }

    @Test
    void onlyATerminalTransactionIsArchivedOnAChangeAndWithoutAPointer() {
        event("txn_p", "e1", Status.PENDING, 1);
        event("txn_s", "e1", Status.SUCCEEDED, 1);
        assertThat(archiver.handle(Set.of("txn_p", "txn_s"), Map.of())).isEqualTo(1);
        assertThat(archive.objects).hasSize(1);
        List<ArchiveRecord> all = new ArrayList<>();
        archive.forEachSince(Instant.EPOCH, all::add);
        assertThat(all).extracting(ArchiveRecord::transactionId).containsExactly("txn_s");
        assertThat(all.get(0).reason()).isEqualTo(ArchiveRecord.Reason.TERMINAL);
        assertThat(store.pointers).isEmpty();
    }

    @Test
    void itemsRemovedInSeveralBatchesEndInOneCompleteRecordFoundByTheId() {
        StoredEvent e1 = event("txn_x", "e1", Status.PENDING, 1);
        StoredEvent e2 = event("txn_x", "e2", Status.DISPUTED, 2);
        Notification n1 = notification("txn_x", "n1");
        // TTL removes e1 first (its old image on the stream), the rest later
        store.events.remove("txn_x|generic|e1");
        archiver.handle(Set.of(), Map.of("txn_x", new ArchiveTransactions.Removed(List.of(e1), List.of())));
        assertThat(store.pointers).containsKey("txn_x");
        store.events.remove("txn_x|generic|e2");
        store.notifications.remove("n1");
        archiver.handle(Set.of(), Map.of("txn_x", new ArchiveTransactions.Removed(List.of(e2), List.of(n1))));

        GetTransaction.Found found = new GetTransaction(store, archive).find("txn_x");
        assertThat(found.archived()).isTrue();
        assertThat(found.transaction().events()).containsExactly(e1, e2);
        assertThat(found.transaction().notifications()).containsExactly(n1);
        assertThat(found.transaction().status()).isEqualTo(Status.DISPUTED);
        // keys only (a stream without old images): the last record and what remains still make it whole
        archiver.handle(Set.of(), Map.of("txn_x", ArchiveTransactions.Removed.NONE));
        assertThat(new GetTransaction(store, archive).find("txn_x").transaction().events()).containsExactly(e1, e2);
    }

    @Test
    void aLateChangeAfterExpiryBringsTheWholeTransactionBackIntoTheTable() {
        StoredEvent e1 = event("txn_late", "e1", Status.SUCCEEDED, 1);
        Notification n1 = notification("txn_late", "n1");
        store.events.remove("txn_late|generic|e1");
        store.notifications.remove("n1");
        archiver.handle(Set.of(), Map.of("txn_late", new ArchiveTransactions.Removed(List.of(e1), List.of(n1))));
        assertThat(store.load("txn_late")).isEmpty();
        // a refund 100 days later: one event in the table, the rest in the archive
        StoredEvent refund = event("txn_late", "e2", Status.REFUNDED, 100 * 86_400);
        archiver.handle(Set.of("txn_late"), Map.of());
        var t = store.load("txn_late").orElseThrow();
        assertThat(t.events()).containsExactly(e1, refund);
        assertThat(t.notifications()).containsExactly(n1);
        assertThat(t.status()).isEqualTo(Status.REFUNDED);
        List<ArchiveRecord> all = new ArrayList<>();
        archive.forEachSince(Instant.EPOCH, all::add);
        assertThat(all).filteredOn(r -> r.reason() == ArchiveRecord.Reason.TERMINAL).singleElement()
                .satisfies(r -> assertThat(r.transaction().events()).containsExactly(e1, refund)); // archived whole
    }

    @Test
    void whenTheArchiveCannotBeWrittenNoPointerIsWrittenAndTheCallerIsTold() {
        event("txn_f", "e1", Status.SUCCEEDED, 1);
        archive.down = true;
        assertThatThrownBy(() -> archiver.beforeRemoval("txn_f")).isInstanceOf(StoreUnavailableException.class);
        assertThat(store.pointers).isEmpty();
        assertThat(archive.objects).isEmpty();
        archive.down = false;
        archiver.beforeRemoval("txn_f");
        assertThat(store.pointers).containsKey("txn_f");
    }

    @Test
    void anUnknownIdIsStillNotFound() {
        assertThatThrownBy(() -> new GetTransaction(store, archive).find("txn_none")).isInstanceOf(PayhookException.class)
                .hasMessageContaining("No such transaction");
    }
}

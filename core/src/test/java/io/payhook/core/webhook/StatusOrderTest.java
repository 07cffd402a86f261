package io.payhook.core.webhook;

import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monotonic state machine as a property: for every permutation of a transaction's events
 * the folded status equals the in-order result and every event stays in the history. Exhaustive
 * over all permutations of realistic sequences (up to 7 events = 5,040 orders each), plus
 * seeded random sequences over all statuses.
 */
class StatusOrderTest {
    static final List<List<Status>> SEQUENCES = List.of(
            List.of(Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED),
            List.of(Status.PENDING, Status.FAILED, Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED),
            List.of(Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.REFUNDED),
            List.of(Status.PENDING, Status.AUTHORIZED, Status.CANCELED),
            List.of(Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.PARTIALLY_REFUNDED,
                    Status.REFUNDED, Status.DISPUTED),
            List.of(Status.PENDING, Status.PENDING, Status.FAILED));

    @Test
    void everyPermutationEndsInTheInOrderStatusAndKeepsEveryEvent() {
        long checked = 0;
        for (List<Status> seq : SEQUENCES) {
            List<StoredEvent> inOrder = events(seq);
            Status expected = inOrderStatus(seq);
            for (List<StoredEvent> perm : permutations(inOrder)) {
                // arrival order = permutation; receipt times follow arrival
                List<StoredEvent> arrived = new ArrayList<>();
                for (int i = 0; i < perm.size(); i++) arrived.add(received(perm.get(i), i));
                Transaction t = Transaction.fold(arrived, List.of());
                assertThat(t.status()).isEqualTo(expected);
                assertThat(t.events()).hasSize(seq.size());
                assertThat(t.events()).extracting(StoredEvent::eventId).containsExactlyElementsOf(
                        inOrder.stream().map(StoredEvent::eventId).toList());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5_000);
    }

    @Test
    void seededRandomSequencesOverAllStatuses() {
        long seed = 20261122L;
        Random r = new Random(seed);
        Status[] all = Status.values();
        for (int n = 0; n < 2_000; n++) {
            List<Status> seq = new ArrayList<>();
            int len = 1 + r.nextInt(8);
            for (int i = 0; i < len; i++) seq.add(all[r.nextInt(all.length)]);
            List<StoredEvent> events = new ArrayList<>(events(seq));
            Status expected = inOrderStatus(seq);
            java.util.Collections.shuffle(events, r);
            assertThat(Transaction.fold(events, List.of()).status()).as("seed %d sequence %s", seed, seq).isEqualTo(expected);
        }
    }

    /** Applying the events in occurrence order, one by one, with the transition rule. */
    static Status inOrderStatus(List<Status> seq) {
        Status s = null;
        for (Status next : seq) s = s == null ? next : s.advance(next);
        return s;
    }

    static List<StoredEvent> events(List<Status> seq) {
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < seq.size(); i++) {
            out.add(new StoredEvent("generic", "evt_" + i, "txn_perm", "payment", seq.get(i), new Money(1000, "EUR"),
                    null, null, null, t0.plusSeconds(i), t0));
        }
        return out;
    }

    static StoredEvent received(StoredEvent e, int arrival) {
        return new StoredEvent(e.provider(), e.eventId(), e.transactionId(), e.type(), e.status(), e.amount(), e.customerId(),
                e.customerEmail(), e.paymentMethod(), e.occurredAt(), Instant.parse("2026-11-22T11:00:00Z").plusSeconds(arrival));
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) return List.of(items);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }
}

package io.payhook.core.webhook;

import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status model as a property: whatever statuses a transaction's events report (ignored events
 * included) and take back (a failed capture, a failed refund, a dispute won), and in whatever order
 * they arrive, {@link Transaction#fold} reaches the status and amount of an independent oracle that
 * applies them one at a time in occurrence order ({@link Steps}), and keeps every event in its history,
 * ordered by occurrence.
 *
 * <p>Generated cases come from fixed seeds (a failure names its seed, so it reproduces exactly);
 * each seed draws a sequence of 1–12 steps over all statuses, null (ignored) and the reversals, and
 * checks 40 random arrival orders of it. {@link StatusOrderTest} checks every permutation of realistic
 * sequences exhaustively. (jqwik was tried for this and not kept: its current release asks AI agents
 * not to use it — see docs/PROVIDERS.md.)
 */
class StatusOrderPropertiesTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final List<Steps> CHOICES;

    static {
        List<Steps> c = new ArrayList<>();
        for (Status s : Status.values()) c.add(Steps.of(s));
        c.add(Steps.of((Status) null)); // an ignored event
        c.addAll(Steps.REVERSALS);
        CHOICES = List.copyOf(c);
    }

    static LongStream seeds() { return LongStream.range(0, 100); }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyArrivalOrderFoldsToTheInOrderStatusAndKeepsEveryEvent(long seed) {
        Random r = new Random(seed);
        List<Steps> seq = sequence(r);
        List<StoredEvent> inOrder = Steps.events(seq, T0, T0);
        Status expected = Steps.inOrder(seq);
        List<String> historyIds = inOrder.stream().map(StoredEvent::eventId).toList();
        for (int order = 0; order < 40; order++) {
            List<StoredEvent> arrived = new ArrayList<>(inOrder);
            Collections.shuffle(arrived, r);
            // receipt times follow the arrival order, as they would in the store
            List<StoredEvent> received = new ArrayList<>();
            for (int i = 0; i < arrived.size(); i++) received.add(Steps.receivedAt(arrived.get(i), T0.plusSeconds(3600 + i)));

            Transaction t = Transaction.fold(received, List.of());

            assertThat(t.status()).as("seed %d, sequence %s, arrival %s", seed, seq, ids(received)).isEqualTo(expected);
            assertThat(t.events()).extracting(StoredEvent::eventId).as("seed %d: history", seed).containsExactlyElementsOf(historyIds);
            assertThat(t.amount()).as("seed %d: the latest authorised or captured amount in force", seed)
                    .isEqualTo(Steps.inOrderAmount(seq));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyPrefixOfAnArrivalFoldsToTheOracleOfItsEventsInOccurrenceOrder(long seed) {
        // the store folds whatever it has so far: at every step of any arrival order it must agree with the oracle
        Random r = new Random(~seed);
        List<Steps> seq = sequence(r);
        List<StoredEvent> events = Steps.events(seq, T0, T0);
        List<Integer> arrival = new ArrayList<>();
        for (int i = 0; i < seq.size(); i++) arrival.add(i);
        Collections.shuffle(arrival, r);
        for (int n = 1; n <= arrival.size(); n++) {
            List<Integer> seen = new ArrayList<>(arrival.subList(0, n));
            List<StoredEvent> have = seen.stream().map(events::get).toList();
            Collections.sort(seen); // occurrence order
            Status oracle = Steps.inOrder(seen.stream().map(seq::get).toList());
            assertThat(Transaction.fold(have, List.of()).status()).as("seed %d after %d events", seed, n).isEqualTo(oracle);
        }
    }

    static List<Steps> sequence(Random r) {
        int len = 1 + r.nextInt(12);
        List<Steps> seq = new ArrayList<>(len);
        for (int i = 0; i < len; i++) seq.add(CHOICES.get(r.nextInt(CHOICES.size())));
        return seq;
    }

    static List<String> ids(List<StoredEvent> events) { return events.stream().map(StoredEvent::eventId).toList(); }
}

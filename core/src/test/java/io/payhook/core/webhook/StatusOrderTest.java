package io.payhook.core.webhook;

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
 * The status model as a property: for every permutation of a transaction's events the folded status
 * equals the in-order result ({@link Steps#inOrder}, an independent oracle) and every event stays in
 * the history. Exhaustive over all permutations of realistic sequences (up to 7 events = 5,040 orders
 * each) — including the ones a status ranking alone could not express: an authorisation canceled or
 * expired, a capture that failed and was captured again, a refund that failed, a dispute won and then
 * charged back a second time — plus seeded random sequences over all statuses and reversals.
 */
class StatusOrderTest {
    static final List<List<Steps>> SEQUENCES = List.of(
            Steps.of(Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED),
            Steps.of(Status.PENDING, Status.FAILED, Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED),
            Steps.of(Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.REFUNDED),
            Steps.of(Status.PENDING, Status.AUTHORIZED, Status.CANCELED),
            Steps.of(Status.PENDING, Status.AUTHORIZED, Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.PARTIALLY_REFUNDED,
                    Status.REFUNDED, Status.DISPUTED),
            Steps.of(Status.PENDING, Status.PENDING, Status.FAILED),
            // manual capture: authorised (payment_intent.amount_capturable_updated, an uncaptured charge.succeeded), then expired
            Steps.of(Status.PENDING, Status.AUTHORIZED, Status.AUTHORIZED, Status.CANCELED),
            // a capture the scheme rejected (Adyen CAPTURE, then CAPTURE_FAILED), captured again later
            List.of(Steps.of(Status.AUTHORIZED), Steps.of(Status.SUCCEEDED), Steps.CAPTURE_FAILED, Steps.of(Status.SUCCEEDED)),
            // a capture that failed for good
            List.of(Steps.of(Status.PENDING), Steps.of(Status.AUTHORIZED), Steps.of(Status.SUCCEEDED), Steps.CAPTURE_FAILED),
            // a refund that failed (Stripe refund.failed, Adyen REFUND_FAILED / REFUNDED_REVERSED), then a partial refund
            List.of(Steps.of(Status.AUTHORIZED), Steps.of(Status.SUCCEEDED), Steps.of(Status.REFUNDED), Steps.REFUND_FAILED,
                    Steps.of(Status.PARTIALLY_REFUNDED)),
            // a dispute won (Stripe charge.dispute.closed won, Adyen CHARGEBACK_REVERSED), then a second chargeback
            List.of(Steps.of(Status.SUCCEEDED), Steps.of(Status.DISPUTED), Steps.DISPUTE_WON, Steps.of(Status.DISPUTED)),
            // a dispute won on a partially refunded payment goes back to partially refunded
            List.of(Steps.of(Status.AUTHORIZED), Steps.of(Status.SUCCEEDED), Steps.of(Status.PARTIALLY_REFUNDED),
                    Steps.of(Status.DISPUTED), Steps.DISPUTE_WON));

    @Test
    void theOracleReadsTheRealSequencesAsProvidersDocumentThem() {
        assertThat(Steps.inOrder(SEQUENCES.get(6))).as("authorised then expired").isEqualTo(Status.CANCELED);
        assertThat(Steps.inOrder(SEQUENCES.get(7))).as("recaptured").isEqualTo(Status.SUCCEEDED);
        assertThat(Steps.inOrder(SEQUENCES.get(8))).as("capture failed").isEqualTo(Status.FAILED);
        assertThat(Steps.inOrder(SEQUENCES.get(9))).as("refund failed, then a partial refund").isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(Steps.inOrder(SEQUENCES.get(10))).as("second chargeback").isEqualTo(Status.DISPUTED);
        assertThat(Steps.inOrder(SEQUENCES.get(11))).as("won, back to partially refunded").isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(Steps.inOrder(SEQUENCES.get(11).subList(0, 4))).isEqualTo(Status.DISPUTED);
    }

    @Test
    void everyPermutationEndsInTheInOrderStatusAndKeepsEveryEvent() {
        long checked = 0;
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        for (List<Steps> seq : SEQUENCES) {
            List<StoredEvent> inOrder = Steps.events(seq, t0, t0);
            Status expected = Steps.inOrder(seq);
            for (List<StoredEvent> perm : permutations(inOrder)) {
                // arrival order = permutation; receipt times follow arrival
                List<StoredEvent> arrived = new ArrayList<>();
                for (int i = 0; i < perm.size(); i++) arrived.add(Steps.receivedAt(perm.get(i), t0.plusSeconds(3600 + i)));
                Transaction t = Transaction.fold(arrived, List.of());
                assertThat(t.status()).isEqualTo(expected);
                assertThat(t.amount()).isEqualTo(Steps.inOrderAmount(seq));
                assertThat(t.events()).hasSize(seq.size());
                assertThat(t.events()).extracting(StoredEvent::eventId).containsExactlyElementsOf(
                        inOrder.stream().map(StoredEvent::eventId).toList());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5_000);
    }

    @Test
    void seededRandomSequencesOverAllStatusesAndReversals() {
        long seed = 20261122L;
        Random r = new Random(seed);
        List<Steps> choices = new ArrayList<>();
        for (Status s : Status.values()) choices.add(Steps.of(s));
        choices.addAll(Steps.REVERSALS);
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        for (int n = 0; n < 2_000; n++) {
            List<Steps> seq = new ArrayList<>();
            int len = 1 + r.nextInt(8);
            for (int i = 0; i < len; i++) seq.add(choices.get(r.nextInt(choices.size())));
            List<StoredEvent> events = new ArrayList<>(Steps.events(seq, t0, t0));
            Status expected = Steps.inOrder(seq);
            java.util.Collections.shuffle(events, r);
            assertThat(Transaction.fold(events, List.of()).status()).as("seed %d sequence %s", seed, seq).isEqualTo(expected);
        }
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

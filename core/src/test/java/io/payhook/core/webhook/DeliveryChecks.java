package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks shared by the provider packages' tests (GoCardless, Paddle): the stable error code of a refusal, and the
 * order-independence of a provider's realistic lifecycle over every arrival order (as {@link StatusOrderTest} does
 * for synthetic steps).
 */
public final class DeliveryChecks {
    private DeliveryChecks() {}

    /** The call fails with a {@link PayhookException} of exactly {@code code}. */
    public static void expect(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /**
     * Folds the parsed events of one transaction in every arrival order (receipt times follow arrival) and checks
     * that each ends in {@code expected}, with the same amount as the in-order fold and the whole history in
     * occurrence order. Returns how many orders were checked.
     */
    public static long foldsToTheSameInEveryOrder(List<PaymentEvent> events, Status expected) {
        Instant received = Instant.parse("2030-01-01T00:00:00Z");
        List<StoredEvent> stored = events.stream().map(e -> StoredEvent.of(e, null, received, e.merchant())).toList();
        Transaction inOrder = Transaction.fold(stored, List.of());
        assertThat(inOrder.status()).as("in occurrence order").isEqualTo(expected);
        List<String> history = inOrder.events().stream().map(StoredEvent::eventId).toList();
        long n = 0;
        for (List<StoredEvent> perm : permutations(stored)) {
            List<StoredEvent> arrived = new ArrayList<>();
            for (int i = 0; i < perm.size(); i++) arrived.add(Steps.receivedAt(perm.get(i), received.plusSeconds(i)));
            Transaction t = Transaction.fold(arrived, List.of());
            assertThat(t.status()).as("arrival %s", arrived.stream().map(StoredEvent::type).toList()).isEqualTo(expected);
            assertThat(t.amount()).isEqualTo(inOrder.amount());
            assertThat(t.events()).extracting(StoredEvent::eventId).containsExactlyElementsOf(history);
            n++;
        }
        return n;
    }

    public static <T> List<List<T>> permutations(List<T> items) { return StatusOrderTest.permutations(items); }
}

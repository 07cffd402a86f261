package io.payhook.core.webhook;

import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider's realistic lifecycle as parsed by the provider itself, folded in every arrival order: the
 * status must not depend on the order providers deliver in (they guarantee none). The events' occurrence
 * times are the provider's; receipt times follow arrival, as they would in the store.
 */
public final class Lifecycles {
    private Lifecycles() {}

    /**
     * Folds every permutation of {@code events} (all of one transaction) and asserts each ends in
     * {@code expected} and keeps every event; returns the number of orders checked.
     */
    public static int everyOrderEndsIn(List<PaymentEvent> events, Status expected) {
        Instant received = Instant.parse("2030-01-01T00:00:00Z");
        List<StoredEvent> stored = events.stream().map(e -> StoredEvent.of(e, null, received, e.merchant())).toList();
        int checked = 0;
        for (List<StoredEvent> perm : StatusOrderTest.permutations(stored)) {
            List<StoredEvent> arrived = new ArrayList<>();
            for (int i = 0; i < perm.size(); i++) arrived.add(Steps.receivedAt(perm.get(i), received.plusSeconds(i)));
            Transaction t = Transaction.fold(arrived, List.of());
            assertThat(t.status()).as("arrival order %s", arrived.stream().map(StoredEvent::type).toList()).isEqualTo(expected);
            assertThat(t.events()).hasSize(events.size());
            checked++;
        }
        return checked;
    }
}

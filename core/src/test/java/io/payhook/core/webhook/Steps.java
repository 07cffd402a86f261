package io.payhook.core.webhook;

import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Test vocabulary for the status properties: a step of a payment's life is the status an event reports
 * (or none: ignored) and the statuses it takes back, and {@link #inOrder} is an independent oracle —
 * applying the steps one at a time in occurrence order: a step takes back every report so far of the
 * statuses it reverses, then adds its own; the status is the highest-ranked report left.
 */
record Steps(Status reports, Set<Status> reverses) {
    static final Steps REFUND_FAILED = new Steps(Status.SUCCEEDED, EnumSet.of(Status.REFUNDED, Status.PARTIALLY_REFUNDED));
    static final Steps CAPTURE_FAILED = new Steps(Status.FAILED, EnumSet.of(Status.SUCCEEDED, Status.AUTHORIZED));
    static final Steps DISPUTE_WON = new Steps(Status.SUCCEEDED, EnumSet.of(Status.DISPUTED));
    static final List<Steps> REVERSALS = List.of(REFUND_FAILED, CAPTURE_FAILED, DISPUTE_WON);

    static Steps of(Status s) { return new Steps(s, Set.of()); }

    static List<Steps> of(Status... statuses) {
        List<Steps> out = new ArrayList<>();
        for (Status s : statuses) out.add(of(s));
        return out;
    }

    /** The oracle's status after applying {@code steps} in the order given (= occurrence order). */
    static Status inOrder(List<Steps> steps) {
        List<Status> inForce = new ArrayList<>();
        for (Steps s : steps) {
            inForce.removeIf(s.reverses()::contains);
            if (s.reports() != null) inForce.add(s.reports());
        }
        Status status = null;
        for (Status s : inForce) status = status == null ? s : status.advance(s);
        return status;
    }

    /**
     * The oracle's amount: event {@code i} carries {@code 1000 + i}; the latest report of AUTHORIZED or
     * SUCCEEDED still in force by an event that takes nothing back, else the first event's.
     */
    static Money inOrderAmount(List<Steps> steps) {
        List<Integer> inForce = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Steps s = steps.get(i);
            inForce.removeIf(j -> s.reverses().contains(steps.get(j).reports()));
            if (s.reports() != null) inForce.add(i);
        }
        Integer latest = null;
        for (int i : inForce) {
            Status st = steps.get(i).reports();
            if ((st == Status.AUTHORIZED || st == Status.SUCCEEDED) && steps.get(i).reverses().isEmpty()) latest = i;
        }
        return new Money(1000L + (latest == null ? 0 : latest), "EUR");
    }

    /** Events for the steps, one second apart in occurrence, all received at {@code received}. */
    static List<StoredEvent> events(List<Steps> steps, Instant t0, Instant received) {
        List<StoredEvent> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Steps s = steps.get(i);
            out.add(new StoredEvent("generic", "evt_%03d".formatted(i), "txn_property", "payment", s.reports(),
                    new Money(1000L + i, "EUR"), null, null, null, t0.plusSeconds(i), s.reverses(),
                    s.reports() == null && s.reverses().isEmpty() ? "unmapped_event_type" : null, received));
        }
        return out;
    }

    static StoredEvent receivedAt(StoredEvent e, Instant at) {
        return new StoredEvent(e.provider(), e.eventId(), e.transactionId(), e.type(), e.status(), e.amount(), e.customerId(),
                e.customerEmail(), e.paymentMethod(), e.occurredAt(), e.reverses(), e.ignoredReason(), at, e.merchant());
    }
}

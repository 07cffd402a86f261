package io.payhook.core.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTest {
    @Test
    void neverMovesBackwards() {
        assertThat(Status.SUCCEEDED.advance(Status.PENDING)).isEqualTo(Status.SUCCEEDED);
        assertThat(Status.PENDING.advance(Status.SUCCEEDED)).isEqualTo(Status.SUCCEEDED);
        assertThat(Status.SUCCEEDED.advance(Status.REFUNDED)).isEqualTo(Status.REFUNDED);
        assertThat(Status.REFUNDED.advance(Status.PARTIALLY_REFUNDED)).isEqualTo(Status.REFUNDED);
        assertThat(Status.FAILED.advance(Status.SUCCEEDED)).isEqualTo(Status.SUCCEEDED);
        assertThat(Status.SUCCEEDED.advance(Status.FAILED)).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void parsesCanonicalNamesAndCommonSpellings() {
        assertThat(Status.parse("succeeded")).contains(Status.SUCCEEDED);
        assertThat(Status.parse("Cancelled")).contains(Status.CANCELED);
        assertThat(Status.parse("partially-refunded")).contains(Status.PARTIALLY_REFUNDED);
        assertThat(Status.parse("authorised")).contains(Status.AUTHORIZED);
        assertThat(Status.parse("shipped")).isEmpty();
        assertThat(Status.parse(null)).isEmpty();
    }

    @Test
    void lateProcessingAfterSuccessStaysInHistoryWithoutChangingStatus() {
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        StoredEvent succeeded = event("e2", Status.SUCCEEDED, t0.plusSeconds(5), t0.plusSeconds(5));
        StoredEvent lateProcessing = event("e1", Status.PENDING, t0, t0.plusSeconds(9));
        Transaction t = Transaction.fold(List.of(succeeded, lateProcessing), List.of());
        assertThat(t.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(t.events()).extracting(StoredEvent::eventId).containsExactly("e1", "e2");
        assertThat(t.createdAt()).isEqualTo(t0.plusSeconds(5));
        assertThat(t.updatedAt()).isEqualTo(t0.plusSeconds(9));
    }

    @Test
    void autoNotificationIdIsStablePerTransactionAndStatus() {
        assertThat(Transaction.autoNotificationId("pi_1", Status.SUCCEEDED))
                .isEqualTo(Transaction.autoNotificationId("pi_1", Status.SUCCEEDED))
                .isNotEqualTo(Transaction.autoNotificationId("pi_1", Status.REFUNDED))
                .isNotEqualTo(Transaction.autoNotificationId("pi_2", Status.SUCCEEDED))
                .startsWith("ntf_auto_");
    }

    /**
     * The merchant is the earliest received event's (ties: occurrence, then id), whatever the later events carry or when
     * they occurred — a late event never moves a payment to another merchant; events stored before merchants were
     * recorded (none) are skipped.
     */
    @Test
    void theMerchantIsTheEarliestReceivedEventsAndNeverChanges() {
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        StoredEvent first = withMerchant(event("evt_b", Status.PENDING, t0.plusSeconds(5), t0), "shop-eu");
        StoredEvent laterButOccurredEarlier = withMerchant(event("evt_a", Status.SUCCEEDED, t0, t0.plusSeconds(60)), "acct_other");
        StoredEvent legacy = event("evt_0", Status.PENDING, t0, t0.minusSeconds(60)); // stored before merchants were recorded
        assertThat(Transaction.fold(List.of(first), List.of()).merchant()).isEqualTo("shop-eu");
        for (List<StoredEvent> order : List.of(List.of(first, laterButOccurredEarlier, legacy), List.of(legacy, laterButOccurredEarlier, first))) {
            Transaction t = Transaction.fold(order, List.of());
            assertThat(t.merchant()).isEqualTo("shop-eu");
            assertThat(t.status()).as("the status still folds by occurrence").isEqualTo(Status.SUCCEEDED);
        }
        // one delivery (same receipt): the earliest by occurrence, then id
        StoredEvent sibling = withMerchant(event("evt_c", Status.PENDING, t0.plusSeconds(1), t0), "shop-us");
        assertThat(Transaction.fold(List.of(first, sibling), List.of()).merchant()).isEqualTo("shop-us");
        assertThat(Transaction.fold(List.of(legacy), List.of()).merchant()).as("only events without one").isNull();
    }

    static StoredEvent withMerchant(StoredEvent e, String merchant) {
        return new StoredEvent(e.provider(), e.eventId(), e.transactionId(), e.type(), e.status(), e.amount(), e.customerId(),
                e.customerEmail(), e.paymentMethod(), e.occurredAt(), e.reverses(), e.ignoredReason(), e.receivedAt(), merchant);
    }

    static StoredEvent event(String id, Status s, Instant occurred, Instant received) {
        return new StoredEvent("generic", id, "txn_1", "payment." + s, s, new Money(1000, "EUR"), null, null, null, occurred, received);
    }
}

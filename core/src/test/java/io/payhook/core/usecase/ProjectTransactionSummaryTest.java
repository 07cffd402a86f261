package io.payhook.core.usecase;

import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.port.InMemorySummaries;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.protection.ProtectionGate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectTransactionSummaryTest {
    static final Instant T = Instant.parse("2026-12-02T08:00:00Z");
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final InMemorySummaries summaries = new InMemorySummaries();
    final ProjectTransactionSummary projector = new ProjectTransactionSummary(store, summaries);

    void append(String eventId, Status status, Instant at) {
        PaymentEvent e = new PaymentEvent("stripe", eventId, "txn_p", "t", status, new Money(990, "EUR"), "cus_9",
                null, null, at.minusSeconds(1));
        store.append(new ProtectionGate(new TestCipher(), MerchantLabels.NONE).protect(List.of(e), ProtectionGate.Policy.DROP, at).get(0));
    }

    @Test
    void theSummaryIsTheLatestFoldWhateverOrderTheRecordsComeIn() {
        append("evt_1", null, T);
        projector.eventStored("txn_p");
        assertThat(summaries.get("txn_p").status()).as("every event ignored").isEqualTo(TransactionSummary.NO_STATUS);
        append("evt_2", Status.PENDING, T.plusSeconds(1));
        append("evt_3", Status.SUCCEEDED, T.plusSeconds(2));
        projector.eventStored("txn_p"); // the record of evt_3, before evt_2's
        projector.eventStored("txn_p"); // evt_2's, late: the fold it reads is no older
        TransactionSummary s = summaries.get("txn_p");
        assertThat(s.status()).isEqualTo("SUCCEEDED");
        assertThat(s.eventCount()).isEqualTo(3);
        assertThat(s.merchant()).isEqualTo("default");
        assertThat(s.customerId()).isEqualTo("cus_9");
        assertThat(s.createdAt()).isEqualTo(T);
        assertThat(s.updatedAt()).isEqualTo(T.plusSeconds(2));
        assertThat(s.createdKey()).isEqualTo("2026-12-02T08:00:00.000000000Z#txn_p");
        assertThat(s.updatedKey()).isEqualTo("2026-12-02T08:00:02.000000000Z#txn_p");
        assertThat(s.updatedDay()).isEqualTo("2026-12-02");
        assertThat(summaries.put(new TransactionSummary("txn_p", "stripe", "default", "PENDING", null, null, T, T, 2)))
                .as("an older fold never overwrites").isFalse();
    }

    @Test
    void anUnknownTransactionProjectsNothing() {
        projector.eventStored("txn_none");
        assertThat(summaries.get("txn_none")).isNull();
    }
}

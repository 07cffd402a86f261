package io.payhook.core.usecase;

import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Risk;
import io.payhook.core.model.Status;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.InMemoryRiskStore;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.RecordingAlerts;
import io.payhook.core.port.RecordingMetrics;
import io.payhook.core.port.TestCipher;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.risk.RiskRules;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.payhook.core.risk.RiskScreen.AMOUNT_LARGE;
import static io.payhook.core.risk.RiskScreen.FAILED_VELOCITY;
import static io.payhook.core.risk.RiskScreen.FIRST_PAYMENT_LARGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScreenRiskTest {
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final InMemoryRiskStore risks = new InMemoryRiskStore(store);
    final RecordingAlerts alerts = new RecordingAlerts();
    final RecordingMetrics metrics = new RecordingMetrics();
    final ScreenRisk screen = new ScreenRisk(store, risks, RiskRules.defaults(), alerts, metrics, Clock.fixed(T, ZoneOffset.UTC));

    TransactionStore.AppendResult append(String txn, String eventId, Status status, long cents, String customer, Instant at) {
        PaymentEvent e = new PaymentEvent("generic", eventId, txn, "payment." + (status == null ? "noted" : status.name().toLowerCase()),
                status, new Money(cents, "EUR"), customer, null, "visa ****4242", at);
        return store.append(new ProtectionGate(new TestCipher(), MerchantLabels.NONE).protect(List.of(e), ProtectionGate.Policy.DROP, at).get(0));
    }

    @Test
    void aLargePaymentIsHighWithItsReasonAndOneAlertNamingIt() {
        append("pay_big", "evt_1", Status.SUCCEEDED, 1_250_000, null, T);
        Risk r = screen.eventStored("pay_big").orElseThrow();
        assertThat(r.level()).isEqualTo(Risk.Level.HIGH);
        assertThat(r.score()).isEqualTo(70);
        assertThat(r.reasons()).containsExactly(AMOUNT_LARGE);
        assertThat(r.version()).isEqualTo(1);
        assertThat(store.load("pay_big").orElseThrow().risk()).isEqualTo(r);
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alerts.Kind.HIGH_RISK);
            assertThat(a.transactionId()).isEqualTo("pay_big");
            assertThat(a.reason()).contains("amount_large");
        });
        assertThat(metrics.lines).containsExactly("risk high");
        // the same record again (a redelivery, a replay): the same finding, nothing written, no second alert
        assertThat(screen.eventStored("pay_big")).contains(r);
        assertThat(store.load("pay_big").orElseThrow().risk().version()).isEqualTo(1);
        assertThat(alerts.raised).hasSize(1);
    }

    @Test
    void threeFailedPaymentsOfOneCustomerWithinTenMinutesAndARedeliveryThatDoesNotCount() {
        append("pay_f1", "evt_f1", Status.FAILED, 1000, "cus_v", T);
        screen.eventStored("pay_f1");
        append("pay_f2", "evt_f2", Status.FAILED, 1000, "cus_v", T.plusSeconds(120));
        screen.eventStored("pay_f2");
        // a second failure event of pay_f2 (another attempt), and its record seen twice: still two payments
        append("pay_f2", "evt_f2b", Status.FAILED, 1000, "cus_v", T.plusSeconds(180));
        screen.eventStored("pay_f2");
        screen.eventStored("pay_f2");
        assertThat(append("pay_f2", "evt_f2b", Status.FAILED, 1000, "cus_v", T.plusSeconds(180)))
                .as("a redelivered event is not stored again").isEqualTo(TransactionStore.AppendResult.DUPLICATE);
        assertThat(store.load("pay_f2").orElseThrow().risk().reasons()).doesNotContain(FAILED_VELOCITY);
        // another customer's failures never count for this one
        append("pay_o1", "evt_o1", Status.FAILED, 1000, "cus_other", T.plusSeconds(200));
        screen.eventStored("pay_o1");
        append("pay_f3", "evt_f3", Status.FAILED, 1000, "cus_v", T.plusSeconds(540));
        Risk third = screen.eventStored("pay_f3").orElseThrow();
        assertThat(third.reasons()).contains(FAILED_VELOCITY);
        assertThat(third.level()).isEqualTo(Risk.Level.ELEVATED);
        assertThat(risks.failures).as("one marker per failed event").hasSize(5);
        // a failure more than 10 minutes after the first two: only itself and pay_f3 in its window
        append("pay_f4", "evt_f4", Status.FAILED, 1000, "cus_v", T.plusSeconds(540 + 600));
        assertThat(screen.eventStored("pay_f4").orElseThrow().reasons()).doesNotContain(FAILED_VELOCITY);
    }

    @Test
    void theFirstPaymentOfACustomerAboveTheThresholdAndOnlyTheFirst() {
        append("pay_1", "evt_1", Status.SUCCEEDED, 150_000, "cus_new", T);
        assertThat(screen.eventStored("pay_1").orElseThrow().reasons()).containsExactly(FIRST_PAYMENT_LARGE);
        append("pay_2", "evt_2", Status.SUCCEEDED, 150_000, "cus_new", T.plusSeconds(60));
        assertThat(screen.eventStored("pay_2").orElseThrow().reasons()).isEmpty();
        assertThat(screen.eventStored("pay_1").orElseThrow().reasons()).as("still the first").containsExactly(FIRST_PAYMENT_LARGE);
    }

    @Test
    void aFindingThatChangesIsWrittenWithTheNextVersionAndANewHighAlertsAgainOnlyAfterLeavingHigh() {
        append("pay_d", "evt_1", Status.SUCCEEDED, 600_000, null, T);
        assertThat(screen.eventStored("pay_d").orElseThrow()).extracting(Risk::level, Risk::version).containsExactly(Risk.Level.ELEVATED, 1L);
        append("pay_d", "evt_2", Status.DISPUTED, 600_000, null, T.plusSeconds(60));
        assertThat(screen.eventStored("pay_d").orElseThrow()).extracting(Risk::level, Risk::version).containsExactly(Risk.Level.HIGH, 2L);
        assertThat(alerts.raised).hasSize(1);
    }

    @Test
    void aTransactionWithoutAStatusIsNotScreenedAndAnUnknownOneNeither() {
        append("pay_x", "evt_1", null, 99_000_000, null, T);
        assertThat(screen.eventStored("pay_x")).isEmpty();
        assertThat(screen.eventStored("pay_none")).isEmpty();
        assertThat(store.risks).isEmpty();
    }

    @Test
    void aScreenThatLosesTheConditionalWriteReadsAgainAndGivesUpAfterThreeTries() {
        append("pay_r", "evt_1", Status.SUCCEEDED, 1_250_000, null, T);
        int[] lost = {1};
        ScreenRisk racing = new ScreenRisk(store, new io.payhook.core.port.RiskStore() {
            @Override public void recordFailure(String c, String t, String e, Instant at, Instant x) { risks.recordFailure(c, t, e, at, x); }
            @Override public java.util.Set<String> failedPayments(String c, Instant f, Instant t) { return risks.failedPayments(c, f, t); }
            @Override public String claimFirstPayment(String c, String t, Instant x) { return risks.claimFirstPayment(c, t, x); }
            @Override public boolean putRisk(String t, Risk r, long v) { return lost[0]-- <= 0 && risks.putRisk(t, r, v); }
        }, RiskRules.defaults(), alerts, metrics, Clock.fixed(T, ZoneOffset.UTC));
        assertThat(racing.eventStored("pay_r").orElseThrow().level()).isEqualTo(Risk.Level.HIGH);
        lost[0] = 100;
        append("pay_r", "evt_2", Status.DISPUTED, 1_250_000, null, T.plusSeconds(1));
        assertThatThrownBy(() -> racing.eventStored("pay_r")).isInstanceOf(IllegalStateException.class);
    }
}

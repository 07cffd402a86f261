package io.payhook.core.usecase;

import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Risk;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random sequences of payment events for several customers — out of order, redelivered (a duplicate delivery,
 * not stored again), and with stream records handled twice or late (replays) — screened by {@link ScreenRisk} with the
 * default rules, against a model written here from docs/RISK.md, independently of the rules' code: after every step
 * each screened transaction's stored finding is the one the model expects from its last screen, failure markers are
 * exactly one per failed event, and every transition into high raised one alert.
 */
class ScreenRiskSequenceTest {
    static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final List<String> CUSTOMERS = java.util.Arrays.asList("cus_a", "cus_b", "cus_c", null);
    static final List<String> METHODS = java.util.Arrays.asList("visa ****4242", "sepa_debit", "bank_transfer", "bacs", null);
    static final List<Status> STATUSES = java.util.Arrays.asList(Status.PENDING, Status.FAILED, Status.FAILED, Status.AUTHORIZED,
            Status.SUCCEEDED, Status.DISPUTED, null);

    /** One payment of the sequence: fixed customer, currency, amount and method. */
    record Payment(String id, String customer, Money amount, String method) {}

    // --- the model: docs/RISK.md's defaults, written out in major units
    static BigDecimal large(String currency) { return currency.equals("JPY") ? new BigDecimal("1700000") : new BigDecimal("10000"); }

    static BigDecimal elevated(String currency) { return currency.equals("JPY") ? new BigDecimal("850000") : new BigDecimal("5000"); }

    static BigDecimal firstPayment(String currency) { return currency.equals("JPY") ? new BigDecimal("170000") : new BigDecimal("1000"); }

    static final Set<String> BANK = Set.of("sepa_debit", "bank_transfer", "bacs");

    /** What the model knows: which events each screened payment had when screened, and the order of first screens. */
    final Map<String, Set<StoredEvent>> marked = new HashMap<>();
    final Map<String, String> firstOfCustomer = new HashMap<>();
    final Map<String, List<String>> expected = new HashMap<>();
    final Map<String, String> expectedLevel = new HashMap<>();
    int expectedHighAlerts;

    List<String> model(Transaction t) {
        // velocity: every failed event of a screened payment of the same customer is marked; count distinct payments
        if (t.customerId() != null) {
            marked.computeIfAbsent(t.transactionId(), k -> new HashSet<>()).addAll(t.events());
            if (t.amount() != null) firstOfCustomer.putIfAbsent(t.customerId(), t.transactionId());
        }
        Instant latest = T0;
        for (StoredEvent e : t.events()) if (e.occurredAt().isAfter(latest)) latest = e.occurredAt();
        Set<String> failedPayments = new HashSet<>();
        if (t.customerId() != null) {
            for (var m : marked.entrySet()) {
                for (StoredEvent e : m.getValue()) {
                    if (e.status() == Status.FAILED && t.customerId().equals(e.customerId())
                            && !e.occurredAt().isBefore(latest.minus(WINDOW)) && !e.occurredAt().isAfter(latest)) failedPayments.add(m.getKey());
                }
            }
        }
        int score = 0;
        List<String> reasons = new ArrayList<>();
        BigDecimal major = t.amount().toMajor();
        if (major.compareTo(large(t.amount().currency())) > 0) {
            score += 70;
            reasons.add("amount_large");
        } else if (major.compareTo(elevated(t.amount().currency())) > 0) {
            score += 40;
            reasons.add("amount_elevated");
        }
        if (t.paymentMethod() != null && BANK.contains(t.paymentMethod())) {
            score += 25;
            reasons.add("bank_transfer");
        }
        if (failedPayments.size() >= 3) {
            score += 50;
            reasons.add("failed_velocity");
        }
        if (t.customerId() != null && t.transactionId().equals(firstOfCustomer.get(t.customerId()))
                && major.compareTo(firstPayment(t.amount().currency())) > 0) {
            score += 30;
            reasons.add("first_payment_large");
        }
        if (t.status() == Status.DISPUTED) {
            score += 40;
            reasons.add("disputed");
        }
        String level = score >= 70 ? "high" : score >= 30 ? "elevated" : "low";
        List<String> out = new ArrayList<>();
        out.add(level + " " + score);
        out.addAll(reasons);
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 17, 42, 2026, 90210, 31337})
    void everyScreenedPaymentCarriesTheModelsFindingAndNoEventCountsTwice(long seed) {
        Random rnd = new Random(seed);
        InMemoryTransactionStore store = new InMemoryTransactionStore();
        InMemoryRiskStore risks = new InMemoryRiskStore(store);
        RecordingAlerts alerts = new RecordingAlerts();
        ScreenRisk screen = new ScreenRisk(store, risks, RiskRules.defaults(), alerts, new RecordingMetrics(),
                Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        ProtectionGate gate = new ProtectionGate(new TestCipher(), MerchantLabels.NONE);

        List<Payment> payments = new ArrayList<>();
        long[] cents = {50_000, 99_000, 100_001, 400_000, 500_001, 900_000, 1_000_001, 2_500_000};
        for (int i = 0; i < 14; i++) {
            String currency = rnd.nextInt(4) == 0 ? "JPY" : "EUR";
            long amount = cents[rnd.nextInt(cents.length)] * (currency.equals("JPY") ? 2 : 1); // yen: whole units, thresholds ×170
            payments.add(new Payment("pay_" + seed + "_" + i, CUSTOMERS.get(rnd.nextInt(CUSTOMERS.size())), new Money(amount, currency),
                    METHODS.get(rnd.nextInt(METHODS.size()))));
        }
        List<PaymentEvent> delivered = new ArrayList<>();
        List<String> records = new ArrayList<>(); // stream records seen: transaction ids, a replay takes any of them again
        Map<String, String> lastLevel = new LinkedHashMap<>();
        int events = 0;
        for (int step = 0; step < 160; step++) {
            int action = rnd.nextInt(10);
            if (action < 6 || delivered.isEmpty()) {
                Payment p = payments.get(rnd.nextInt(payments.size()));
                Status s = STATUSES.get(rnd.nextInt(STATUSES.size()));
                Instant at = T0.plusSeconds(rnd.nextInt(40 * 60)); // out of order: any time in 40 minutes
                PaymentEvent e = new PaymentEvent("generic", "evt_" + step, p.id(), "payment.x", s, p.amount(), p.customer(), null,
                        p.method(), at);
                assertThat(store.append(gate.protect(List.of(e), ProtectionGate.Policy.DROP, at).get(0))).isEqualTo(TransactionStore.AppendResult.STORED);
                delivered.add(e);
                events++;
                records.add(p.id());
                handle(screen, store, p.id(), lastLevel);
            } else if (action < 8) {
                // a provider redelivers an event: acknowledged as a duplicate, nothing stored, no stream record
                PaymentEvent again = delivered.get(rnd.nextInt(delivered.size()));
                assertThat(store.append(gate.protect(List.of(again), ProtectionGate.Policy.DROP, again.occurredAt()).get(0)))
                        .isEqualTo(TransactionStore.AppendResult.DUPLICATE);
            } else {
                // a stream record handled again, late (a retried batch, a replay after a crash)
                handle(screen, store, records.get(rnd.nextInt(records.size())), lastLevel);
            }
            for (var e : expected.entrySet()) {
                Risk r = store.load(e.getKey()).orElseThrow().risk();
                assertThat(r).as("seed " + seed + " step " + step + " " + e.getKey()).isNotNull();
                List<String> got = new ArrayList<>();
                got.add(r.level().wire() + " " + r.score());
                got.addAll(r.reasons());
                assertThat(got).as("seed " + seed + " step " + step + " " + e.getKey()).isEqualTo(e.getValue());
            }
            long failedEvents = store.events.values().stream()
                    .filter(ev -> ev.status() == Status.FAILED && ev.customerId() != null && marked.containsKey(ev.transactionId())
                            && marked.get(ev.transactionId()).stream().anyMatch(m -> m.eventId().equals(ev.eventId())))
                    .count();
            assertThat(risks.failures).as("one marker per failed event of a screened payment, however often it was seen").hasSize((int) failedEvents);
        }
        assertThat(events).as("the sequence stored events").isGreaterThan(50);
        assertThat(alerts.raised.stream().filter(a -> a.kind() == Alerts.Kind.HIGH_RISK)).hasSize(expectedHighAlerts);
        assertThat(expected.values().stream().map(v -> v.get(0).split(" ")[0]).distinct())
                .as("the seeds reach more than one level").hasSizeGreaterThan(1);
    }

    private void handle(ScreenRisk screen, InMemoryTransactionStore store, String id, Map<String, String> lastLevel) {
        Transaction before = store.load(id).orElseThrow();
        if (before.status() == null) {
            assertThat(screen.eventStored(id)).isEmpty();
            return;
        }
        List<String> want = model(before);
        String level = want.get(0).split(" ")[0];
        if (level.equals("high") && !"high".equals(lastLevel.get(id))) expectedHighAlerts++;
        lastLevel.put(id, level);
        expected.put(id, want);
        screen.eventStored(id);
    }
}

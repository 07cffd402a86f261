package io.payhook.core.port;

import io.payhook.core.model.Risk;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link RiskStore} of core's unit tests: findings in the in-memory transaction store, velocity facts in maps. */
public final class InMemoryRiskStore implements RiskStore {
    /** One failure marker: the payment and when it failed. */
    public record Failure(String transactionId, Instant at) {}

    private final InMemoryTransactionStore store;
    /** Failure markers by {@code customer | event key}. */
    public final Map<String, Failure> failures = new ConcurrentHashMap<>();
    /** The first payment by customer. */
    public final Map<String, String> firsts = new ConcurrentHashMap<>();

    public InMemoryRiskStore(InMemoryTransactionStore store) { this.store = store; }

    @Override
    public void recordFailure(String customerKey, String transactionId, String eventKey, Instant at, Instant expiresAt) {
        failures.putIfAbsent(customerKey + "|" + eventKey, new Failure(transactionId, at));
    }

    @Override
    public Set<String> failedPayments(String customerKey, Instant from, Instant to) {
        Set<String> out = new TreeSet<>();
        failures.forEach((k, f) -> {
            if (k.startsWith(customerKey + "|") && !f.at().isBefore(from) && !f.at().isAfter(to)) out.add(f.transactionId());
        });
        return out;
    }

    @Override
    public String claimFirstPayment(String customerKey, String transactionId, Instant expiresAt) {
        String held = firsts.putIfAbsent(customerKey, transactionId);
        return held == null ? transactionId : held;
    }

    @Override
    public synchronized boolean putRisk(String transactionId, Risk risk, long expectedVersion) {
        Risk current = store.risks.get(transactionId);
        if ((current == null ? 0 : current.version()) != expectedVersion) return false;
        store.risks.put(transactionId, risk);
        return true;
    }
}

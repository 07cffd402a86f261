package io.payhook.core.usecase;

import io.payhook.core.model.Risk;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.Metrics;
import io.payhook.core.port.RiskStore;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.risk.RiskRules;
import io.payhook.core.risk.RiskScreen;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * The risk screen, run from the table's stream for every stored payment event (its own stream consumer: it never
 * delays the acknowledgement, and neither the outbox nor the projection waits for it). For the event's transaction:
 * <ol>
 *   <li>the customer's velocity facts are recorded — a marker per failed event of the transaction, keyed by the event,
 *       so an event seen again (a redelivered record, a replay, another screen of its transaction) never counts twice —
 *       and read: the distinct failed payments within the window ending at the transaction's latest event, and which
 *       payment is the customer's first;</li>
 *   <li>the transaction, as its strongly consistent fold, is scored ({@link RiskScreen});</li>
 *   <li>the finding is written only when it differs from the stored one, conditionally on the version read, so two
 *       screens of one transaction never lose a finding; one that becomes {@code high} raises an operations alert naming
 *       the transaction ({@link Alerts.Kind#HIGH_RISK}, throttled per payment) before it is written, so a crash in between
 *       alerts again rather than never.</li>
 * </ol>
 * A transaction none of whose events reported a status (every one ignored) is not screened. The customer is keyed by
 * provider and the customer id as stored (masked by the protection gate; never an email).
 */
public final class ScreenRisk {
    /**
     * How long a failure marker outlives its window: longer than the stream keeps a record (24 hours), so a record
     * handled late, or again, still finds the markers its screen found the first time.
     */
    public static final Duration MARKER_SLACK = Duration.ofDays(2);
    /** Screens of one transaction that lost the conditional write to another before this one gives up (the record is retried). */
    static final int ATTEMPTS = 3;

    private final TransactionStore store;
    private final RiskStore risks;
    private final RiskScreen screen;
    private final Alerts alerts;
    private final Metrics metrics;
    private final Clock clock;

    public ScreenRisk(TransactionStore store, RiskStore risks, RiskRules rules, Alerts alerts, Metrics metrics, Clock clock) {
        this.store = store;
        this.risks = risks;
        this.screen = new RiskScreen(rules);
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * An event of {@code transactionId} was stored: screens the transaction.
     *
     * @return the transaction's finding now, or empty when it is unknown or not screened (no status yet)
     * @throws IllegalStateException when other screens of the same transaction kept changing it (the record is retried)
     */
    public Optional<Risk> eventStored(String transactionId) {
        for (int attempt = 1; ; attempt++) {
            Transaction t = store.load(transactionId).orElse(null);
            if (t == null || t.status() == null) return Optional.empty();
            RiskScreen.Assessment a = screen.screen(t, facts(t));
            Risk current = t.risk();
            if (a.sameAs(current)) return Optional.of(current);
            if (a.level() == Risk.Level.HIGH && (current == null || current.level() != Risk.Level.HIGH)) {
                alerts.raise(new Alerts.Alert(Alerts.Kind.HIGH_RISK, t.provider(), t.transactionId(), null,
                        "risk level high (score " + a.score() + "): " + String.join(", ", a.reasons())));
                metrics.riskHigh();
            }
            long expected = current == null ? 0 : current.version();
            Risk next = new Risk(a.level(), a.score(), a.reasons(), expected + 1, clock.instant());
            if (risks.putRisk(transactionId, next, expected)) return Optional.of(next);
            if (attempt >= ATTEMPTS) {
                throw new IllegalStateException("the risk of a transaction kept changing under its screen; the record is retried");
            }
        }
    }

    /** Records the transaction's velocity facts and reads its customer's. */
    RiskScreen.Facts facts(Transaction t) {
        String customer = customerKey(t);
        if (customer == null) return RiskScreen.Facts.NONE;
        RiskRules rules = screen.rules();
        Instant now = clock.instant();
        int failed = 0;
        if (rules.failedVelocity().points() > 0) {
            Duration window = rules.failedVelocity().window();
            for (StoredEvent e : t.events()) {
                if (e.status() != Status.FAILED) continue;
                Instant from = e.occurredAt().isAfter(now) ? e.occurredAt() : now;
                risks.recordFailure(customer, t.transactionId(), e.provider() + "#" + e.eventId(), e.occurredAt(),
                        from.plus(window).plus(MARKER_SLACK));
            }
            Instant latest = t.events().stream().map(StoredEvent::occurredAt).max(Comparator.naturalOrder()).orElseThrow();
            failed = risks.failedPayments(customer, latest.minus(window), latest).size();
        }
        boolean first = false;
        if (rules.firstPayment().points() > 0 && t.amount() != null) {
            first = t.transactionId().equals(risks.claimFirstPayment(customer, t.transactionId(), now.plus(rules.firstPayment().remember())));
        }
        return new RiskScreen.Facts(failed, first);
    }

    /**
     * The key of a transaction's customer in the velocity facts: {@code <provider>#<customer id>} (customer ids are the
     * provider's), or null without a customer id.
     */
    public static String customerKey(Transaction t) {
        return t.customerId() == null ? null : t.provider() + "#" + t.customerId();
    }

    /**
     * After a downtime longer than the stream keeps its records (locally: the poller's checkpoint says so), screens every
     * transaction changed since {@code since}, as {@link ProcessOutbox#catchUp} does for the outbox.
     *
     * @return how many transactions were screened again
     */
    public int catchUp(Instant since) {
        int[] n = {0};
        store.forEachTransactionChangedSince(since, id -> {
            eventStored(id);
            n[0]++;
        });
        return n[0];
    }
}

package io.payhook.core.risk;

import io.payhook.core.model.Money;
import io.payhook.core.model.Risk;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Scores one transaction (pure): its folded state and what the table knows of its customer ({@link Facts}) against the
 * {@link RiskRules}. The same inputs always give the same {@link Assessment}.
 */
public final class RiskScreen {
    /** Reason: the amount is above the large threshold of its currency. */
    public static final String AMOUNT_LARGE = "amount_large";
    /** Reason: the amount is above the elevated threshold of its currency (and not above the large one). */
    public static final String AMOUNT_ELEVATED = "amount_elevated";
    /** Reason: the payment method is a bank transfer or debit. */
    public static final String BANK_TRANSFER = "bank_transfer";
    /** Reason: the customer had the configured number of failed payments or more within the window. */
    public static final String FAILED_VELOCITY = "failed_velocity";
    /** Reason: the customer's first payment, above the first-payment threshold. */
    public static final String FIRST_PAYMENT_LARGE = "first_payment_large";
    /** Reason: the transaction is disputed. */
    public static final String DISPUTED = "disputed";
    /** Every reason code, in the order an assessment lists them. */
    public static final List<String> REASONS = List.of(AMOUNT_LARGE, AMOUNT_ELEVATED, BANK_TRANSFER, FAILED_VELOCITY,
            FIRST_PAYMENT_LARGE, DISPUTED);

    /**
     * What the table knows of the transaction's customer when it is screened.
     *
     * @param failedPayments distinct failed payments of the customer within the velocity window ending at the
     *                       transaction's latest event (its own included); 0 without a customer
     * @param firstPayment   whether the transaction is the first payment payhook saw of its customer
     */
    public record Facts(int failedPayments, boolean firstPayment) {
        /** Nothing known: no customer. */
        public static final Facts NONE = new Facts(0, false);
    }

    /** What a screen found: a {@link Risk} without its version and time. */
    public record Assessment(Risk.Level level, int score, List<String> reasons) {
        public Assessment {
            Objects.requireNonNull(level, "level");
            reasons = List.copyOf(reasons);
        }

        /** Whether {@code r} says the same. */
        public boolean sameAs(Risk r) {
            return r != null && r.level() == level && r.score() == score && r.reasons().equals(reasons);
        }
    }

    private final RiskRules rules;
    private final List<Pattern> bankMethods;

    public RiskScreen(RiskRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.bankMethods = rules.bankTransfer().methods().stream().map(m -> Pattern.compile(m, Pattern.CASE_INSENSITIVE)).toList();
    }

    public RiskRules rules() { return rules; }

    /** The transaction's score, level and reasons. */
    public Assessment screen(Transaction t, Facts facts) {
        int score = 0;
        List<String> reasons = new ArrayList<>();
        Money amount = t.amount();
        if (amount != null && fires(rules.largeAmount().points()) && above(amount, rules.largeAmount().threshold())) {
            score += rules.largeAmount().points();
            reasons.add(AMOUNT_LARGE);
        } else if (amount != null && fires(rules.elevatedAmount().points()) && above(amount, rules.elevatedAmount().threshold())) {
            score += rules.elevatedAmount().points();
            reasons.add(AMOUNT_ELEVATED);
        }
        if (fires(rules.bankTransfer().points()) && isBankTransfer(t.paymentMethod())) {
            score += rules.bankTransfer().points();
            reasons.add(BANK_TRANSFER);
        }
        if (fires(rules.failedVelocity().points()) && facts.failedPayments() >= rules.failedVelocity().failures()) {
            score += rules.failedVelocity().points();
            reasons.add(FAILED_VELOCITY);
        }
        if (fires(rules.firstPayment().points()) && facts.firstPayment() && amount != null && above(amount, rules.firstPayment().threshold())) {
            score += rules.firstPayment().points();
            reasons.add(FIRST_PAYMENT_LARGE);
        }
        if (fires(rules.disputePoints()) && t.status() == Status.DISPUTED) {
            score += rules.disputePoints();
            reasons.add(DISPUTED);
        }
        return new Assessment(level(score), score, reasons);
    }

    /** The level of a score. */
    public Risk.Level level(int score) {
        if (score >= rules.highAt()) return Risk.Level.HIGH;
        if (score >= rules.elevatedAt()) return Risk.Level.ELEVATED;
        return Risk.Level.LOW;
    }

    /**
     * Whether a stored payment method is a bank transfer or debit: its first word, lower case ({@code sepa_debit},
     * {@code bacs}; {@code visa ****4242} → {@code visa}), matched in full by one of the rule's patterns.
     */
    public boolean isBankTransfer(String paymentMethod) {
        if (paymentMethod == null || paymentMethod.isBlank()) return false;
        String first = paymentMethod.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        for (Pattern p : bankMethods) if (p.matcher(first).matches()) return true;
        return false;
    }

    private static boolean fires(int points) { return points > 0; }

    private static boolean above(Money amount, RiskRules.Threshold threshold) {
        return amount.minorUnits() > threshold.minorUnits(amount.currency());
    }
}

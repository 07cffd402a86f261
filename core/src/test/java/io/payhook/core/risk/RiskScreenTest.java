package io.payhook.core.risk;

import io.payhook.core.model.Money;
import io.payhook.core.model.Risk;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.payhook.core.risk.RiskScreen.AMOUNT_ELEVATED;
import static io.payhook.core.risk.RiskScreen.AMOUNT_LARGE;
import static io.payhook.core.risk.RiskScreen.BANK_TRANSFER;
import static io.payhook.core.risk.RiskScreen.DISPUTED;
import static io.payhook.core.risk.RiskScreen.FAILED_VELOCITY;
import static io.payhook.core.risk.RiskScreen.FIRST_PAYMENT_LARGE;
import static org.assertj.core.api.Assertions.assertThat;

class RiskScreenTest {
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    final RiskScreen screen = new RiskScreen(RiskRules.defaults());

    static Transaction txn(Money amount, String method, Status... statuses) {
        List<StoredEvent> events = new ArrayList<>();
        int i = 0;
        for (Status s : statuses) {
            events.add(new StoredEvent("stripe", "evt_" + i, "pi_1", "t", s, amount, "cus_1", null, method, T.plusSeconds(i), T.plusSeconds(i)));
            i++;
        }
        return Transaction.fold(events, List.of());
    }

    RiskScreen.Assessment screen(Money amount, String method, RiskScreen.Facts facts, Status... statuses) {
        return screen.screen(txn(amount, method, statuses), facts);
    }

    @Test
    void amountsAboveTheThresholdsOfTheirCurrency() {
        var none = RiskScreen.Facts.NONE;
        assertThat(screen(new Money(1_000_000, "EUR"), null, none, Status.SUCCEEDED))
                .as("exactly 10,000.00 is not above it").isEqualTo(new RiskScreen.Assessment(Risk.Level.ELEVATED, 40, List.of(AMOUNT_ELEVATED)));
        assertThat(screen(new Money(1_000_001, "EUR"), null, none, Status.SUCCEEDED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.HIGH, 70, List.of(AMOUNT_LARGE)));
        assertThat(screen(new Money(500_000, "EUR"), null, none, Status.SUCCEEDED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.LOW, 0, List.of()));
        assertThat(screen(new Money(500_001, "USD"), null, none, Status.SUCCEEDED).reasons()).containsExactly(AMOUNT_ELEVATED);
        // yen: 10,000 yen is small change; the configured equivalent counts
        assertThat(screen(new Money(1_000_001, "JPY"), null, none, Status.SUCCEEDED).reasons()).containsExactly(AMOUNT_ELEVATED);
        assertThat(screen(new Money(1_700_001, "JPY"), null, none, Status.SUCCEEDED).level()).isEqualTo(Risk.Level.HIGH);
        // dinar: three decimals
        assertThat(screen(new Money(10_000_000, "KWD"), null, none, Status.SUCCEEDED).reasons()).containsExactly(AMOUNT_ELEVATED);
        assertThat(screen(new Money(10_000_001, "KWD"), null, none, Status.SUCCEEDED).reasons()).containsExactly(AMOUNT_LARGE);
    }

    @Test
    void bankTransfersAreRecognisedByTheFirstWordOfTheMethod() {
        assertThat(screen.isBankTransfer("sepa_debit")).isTrue();
        assertThat(screen.isBankTransfer("SEPA_CORE")).isTrue();
        assertThat(screen.isBankTransfer("bacs")).isTrue();
        assertThat(screen.isBankTransfer("bank_transfer")).isTrue();
        assertThat(screen.isBankTransfer("ach_credit_transfer")).isTrue();
        assertThat(screen.isBankTransfer("visa ****4242")).isFalse();
        assertThat(screen.isBankTransfer("card")).isFalse();
        assertThat(screen.isBankTransfer("cashapp")).as("a pattern matches the whole word").isFalse();
        assertThat(screen.isBankTransfer(null)).isFalse();
        var none = RiskScreen.Facts.NONE;
        assertThat(screen(new Money(100, "EUR"), "sepa_debit", none, Status.SUCCEEDED))
                .as("a bank transfer alone is low, with its reason").isEqualTo(new RiskScreen.Assessment(Risk.Level.LOW, 25, List.of(BANK_TRANSFER)));
        assertThat(screen(new Money(600_000, "EUR"), "bank_transfer", none, Status.SUCCEEDED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.ELEVATED, 65, List.of(AMOUNT_ELEVATED, BANK_TRANSFER)));
    }

    @Test
    void velocityAndFirstPaymentComeFromTheFacts() {
        Money small = new Money(100, "EUR");
        assertThat(screen(small, null, new RiskScreen.Facts(2, false), Status.FAILED).level()).isEqualTo(Risk.Level.LOW);
        assertThat(screen(small, null, new RiskScreen.Facts(3, false), Status.FAILED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.ELEVATED, 50, List.of(FAILED_VELOCITY)));
        assertThat(screen(new Money(100_000, "EUR"), null, new RiskScreen.Facts(0, true), Status.SUCCEEDED).reasons())
                .as("1,000.00 is not above the first-payment threshold").isEmpty();
        assertThat(screen(new Money(100_001, "EUR"), null, new RiskScreen.Facts(0, true), Status.SUCCEEDED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.ELEVATED, 30, List.of(FIRST_PAYMENT_LARGE)));
        assertThat(screen(new Money(100_001, "EUR"), null, new RiskScreen.Facts(0, false), Status.SUCCEEDED).reasons())
                .as("not the customer's first").isEmpty();
        assertThat(screen(new Money(600_000, "EUR"), "sepa_debit", new RiskScreen.Facts(4, true), Status.FAILED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.HIGH, 145, List.of(AMOUNT_ELEVATED, BANK_TRANSFER, FAILED_VELOCITY, FIRST_PAYMENT_LARGE)));
    }

    @Test
    void aDisputeRaisesTheLevelByOne() {
        var none = RiskScreen.Facts.NONE;
        assertThat(screen(new Money(100, "EUR"), null, none, Status.SUCCEEDED, Status.DISPUTED))
                .isEqualTo(new RiskScreen.Assessment(Risk.Level.ELEVATED, 40, List.of(DISPUTED)));
        assertThat(screen(new Money(100, "EUR"), "sepa_debit", none, Status.SUCCEEDED, Status.DISPUTED).level())
                .as("low (25) → elevated").isEqualTo(Risk.Level.ELEVATED);
        assertThat(screen(new Money(600_000, "EUR"), null, none, Status.SUCCEEDED, Status.DISPUTED))
                .as("elevated → high").isEqualTo(new RiskScreen.Assessment(Risk.Level.HIGH, 80, List.of(AMOUNT_ELEVATED, DISPUTED)));
        // every score of the elevated band (30–69) plus 40 is high, of the low band (0–29) elevated
        for (int s = 0; s < 70; s++) {
            assertThat(screen.level(s + 40).ordinal()).as("score " + s).isEqualTo(screen.level(s).ordinal() + 1);
        }
    }

    @Test
    void aRuleWithoutPointsNeverFires() {
        RiskRules quiet = RiskRules.parse("{\"large_amount\": {\"points\": 0}, \"elevated_amount\": {\"points\": 0}}".getBytes());
        assertThat(new RiskScreen(quiet).screen(txn(new Money(99_000_000, "EUR"), null, Status.SUCCEEDED), RiskScreen.Facts.NONE).reasons())
                .isEmpty();
    }
}

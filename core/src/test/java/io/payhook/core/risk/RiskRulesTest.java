package io.payhook.core.risk;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RiskRulesTest {
    static RiskRules parse(String json) { return RiskRules.parse(json.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void theDefaultsAreTheSeedsRules() {
        RiskRules d = RiskRules.defaults();
        assertThat(d.elevatedAt()).isEqualTo(30);
        assertThat(d.highAt()).isEqualTo(70);
        // 10,000.00 in the currency's own minor units: cents, yen, fils
        assertThat(d.largeAmount().threshold().minorUnits("EUR")).isEqualTo(1_000_000);
        assertThat(d.largeAmount().threshold().minorUnits("USD")).isEqualTo(1_000_000);
        assertThat(d.largeAmount().threshold().minorUnits("KWD")).isEqualTo(10_000_000);
        assertThat(d.largeAmount().threshold().minorUnits("CHF")).isEqualTo(1_000_000);
        // where 10,000 units are far from it, the configured equivalent
        assertThat(d.largeAmount().threshold().minorUnits("JPY")).isEqualTo(1_700_000);
        assertThat(d.elevatedAmount().threshold().minorUnits("EUR")).isEqualTo(500_000);
        assertThat(d.elevatedAmount().threshold().minorUnits("JPY")).isEqualTo(850_000);
        assertThat(d.firstPayment().threshold().minorUnits("EUR")).isEqualTo(100_000);
        assertThat(d.firstPayment().threshold().minorUnits("JPY")).isEqualTo(170_000);
        assertThat(d.failedVelocity().failures()).isEqualTo(3);
        assertThat(d.failedVelocity().window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(parse("{}")).as("an empty file is the defaults").isEqualTo(d);
    }

    @Test
    void aFileReplacesWhatItGivesAndKeepsTheRest() {
        RiskRules r = parse("""
                {"levels": {"high": 80},
                 "large_amount": {"above": "20000.00", "currencies": {"JPY": "3000000", "KWD": "5000.5"}},
                 "bank_transfer": {"points": 0},
                 "failed_velocity": {"failures": 5, "window": "PT30M"},
                 "first_payment": {"remember": "P30D"},
                 "dispute": {"points": 50}}
                """);
        assertThat(r.highAt()).isEqualTo(80);
        assertThat(r.elevatedAt()).as("kept").isEqualTo(30);
        assertThat(r.largeAmount().points()).as("kept").isEqualTo(70);
        assertThat(r.largeAmount().threshold().minorUnits("EUR")).isEqualTo(2_000_000);
        assertThat(r.largeAmount().threshold().minorUnits("JPY")).isEqualTo(3_000_000);
        assertThat(r.largeAmount().threshold().minorUnits("KWD")).isEqualTo(5_000_500);
        assertThat(r.largeAmount().threshold().minorUnits("INR")).as("the file's currencies replace the default table")
                .isEqualTo(2_000_000);
        assertThat(r.elevatedAmount()).isEqualTo(RiskRules.defaults().elevatedAmount());
        assertThat(r.bankTransfer().points()).isZero();
        assertThat(r.bankTransfer().methods()).isEqualTo(RiskRules.defaults().bankTransfer().methods());
        assertThat(r.failedVelocity()).isEqualTo(new RiskRules.FailedVelocity(50, 5, Duration.ofMinutes(30)));
        assertThat(r.firstPayment().remember()).isEqualTo(Duration.ofDays(30));
        assertThat(r.disputePoints()).isEqualTo(50);
        assertThat(r.largeAmount().threshold().above()).isEqualByComparingTo(new BigDecimal("20000"));
    }

    @Test
    void whatDoesNotValidateIsRefusedNamingTheMember() {
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(RiskRulesException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> parse("{\"levels\": {\"elevated\": 30,}")).hasMessageContaining("not well-formed JSON");
        assertThatThrownBy(() -> parse("{\"velocity\": {}}")).hasMessageContaining("unknown member 'velocity'")
                .hasMessageContaining("failed_velocity");
        assertThatThrownBy(() -> parse("{\"dispute\": {\"point\": 3}}")).hasMessageContaining("'dispute.point'");
        assertThatThrownBy(() -> parse("{\"dispute\": {\"points\": -1}}")).hasMessageContaining("'dispute.points' must be an integer from 0");
        assertThatThrownBy(() -> parse("{\"dispute\": {\"points\": 1.5}}")).hasMessageContaining("'dispute.points'");
        assertThatThrownBy(() -> parse("{\"levels\": {\"high\": 20}}")).hasMessageContaining("'levels.high' must be above 'levels.elevated'");
        assertThatThrownBy(() -> parse("{\"large_amount\": {\"above\": 10000}}"))
                .hasMessageContaining("'large_amount.above' must be a positive decimal amount in major units, as a string");
        assertThatThrownBy(() -> parse("{\"large_amount\": {\"above\": \"-5\"}}")).hasMessageContaining("'large_amount.above'");
        assertThatThrownBy(() -> parse("{\"large_amount\": {\"currencies\": {\"jpy\": \"100\"}}}"))
                .hasMessageContaining("'large_amount.currencies.jpy' is not an ISO 4217 currency code");
        assertThatThrownBy(() -> parse("{\"large_amount\": {\"currencies\": {\"JPY\": \"100.5\"}}}"))
                .hasMessageContaining("more decimals than JPY has");
        assertThatThrownBy(() -> parse("{\"failed_velocity\": {\"window\": \"10 minutes\"}}"))
                .hasMessageContaining("'failed_velocity.window' must be an ISO-8601 duration from PT1S to P1D");
        assertThatThrownBy(() -> parse("{\"failed_velocity\": {\"window\": \"P2D\"}}")).hasMessageContaining("'failed_velocity.window'");
        assertThatThrownBy(() -> parse("{\"bank_transfer\": {\"methods\": [\"sepa(\"]}}"))
                .hasMessageContaining("'bank_transfer.methods[0]' is not a regular expression");
        assertThatThrownBy(() -> parse("{\"bank_transfer\": \"sepa\"}")).hasMessageContaining("'bank_transfer' must be an object");
        assertThatThrownBy(() -> parse("{\"dispute\": {\"points\": 1}, \"dispute\": {\"points\": 2}}"))
                .as("duplicate keys").hasMessageContaining("not well-formed JSON");
    }
}

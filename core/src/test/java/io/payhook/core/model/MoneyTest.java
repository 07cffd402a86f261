package io.payhook.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {
    @Test
    void exponentsFollowIso4217() {
        assertThat(Currencies.exponent("JPY")).contains(0);
        assertThat(Currencies.exponent("KRW")).contains(0);
        assertThat(Currencies.exponent("EUR")).contains(2);
        assertThat(Currencies.exponent("usd")).contains(2);
        assertThat(Currencies.exponent("KWD")).contains(3);
        assertThat(Currencies.exponent("BHD")).contains(3);
        assertThat(Currencies.exponent("XXX")).isEmpty();
        assertThat(Currencies.exponent("ZZZ")).isEmpty();
        assertThat(Currencies.exponent("EU")).isEmpty();
        assertThat(Currencies.exponent("1UR")).isEmpty();
    }

    @Test
    void formatsInTheCurrencysOwnDecimals() {
        assertThat(new Money(1234, "EUR").format()).isEqualTo("12.34 EUR");
        assertThat(new Money(100000, "JPY").format()).isEqualTo("100,000 JPY");
        assertThat(new Money(1234, "KWD").format()).isEqualTo("1.234 KWD");
        assertThat(new Money(5, "usd").format()).isEqualTo("0.05 USD");
    }

    @Test
    void refusesNegativeAndUnknown() {
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, "ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}

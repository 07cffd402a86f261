package io.payhook.core.model;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * An amount of money: integer minor units (cents for EUR, yen for JPY, fils/1000 for KWD) and
 * an upper-case ISO 4217 code. Never a float.
 *
 * @param minorUnits amount in the currency's minor unit, {@code >= 0}
 * @param currency   ISO 4217 alphabetic code, upper case
 */
public record Money(long minorUnits, String currency) {
    public Money {
        if (minorUnits < 0) throw new IllegalArgumentException("amount must not be negative");
        if (currency == null || !Currencies.isKnown(currency)) throw new IllegalArgumentException("unknown currency");
        currency = currency.toUpperCase(Locale.ROOT);
    }

    public int exponent() { return Currencies.exponent(currency).orElseThrow(); }

    /** The decimal value in major units, e.g. 1234 EUR minor → 12.34. */
    public BigDecimal toMajor() { return BigDecimal.valueOf(minorUnits, exponent()); }

    /** Human form with the currency's own number of decimals: {@code 12.34 EUR}, {@code 1,000 JPY}, {@code 1.234 KWD}. */
    public String format() {
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(Locale.ROOT);
        f.setGroupingUsed(true);
        f.setMinimumFractionDigits(exponent());
        f.setMaximumFractionDigits(exponent());
        return f.format(toMajor()) + " " + currency;
    }
}

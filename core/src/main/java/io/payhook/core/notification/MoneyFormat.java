package io.payhook.core.notification;

import io.payhook.core.model.Money;

import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * An amount as a customer reads it: the currency's own number of decimals (JPY none, EUR two, KWD
 * three — from the amount, never from the locale), the currency's symbol, grouping and decimal marks
 * as the configured locale writes them ({@code €1,234.56} in en-IE, {@code 1.234,56 €} in de-DE).
 */
public final class MoneyFormat {
    private MoneyFormat() {}

    public static String format(Money money, Locale locale) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        try {
            f.setCurrency(Currency.getInstance(money.currency()));
        } catch (IllegalArgumentException notInTheJdk) {
            return money.format(); // "12.34 XYZ": the code, the currency's decimals
        }
        f.setMinimumFractionDigits(money.exponent());
        f.setMaximumFractionDigits(money.exponent());
        String s = f.format(money.toMajor());
        // where the locale has no sign for the currency it writes the code, glued to the digits ("KWD1.250")
        String code = money.currency();
        if (s.startsWith(code) && s.length() > code.length() && Character.isDigit(s.charAt(code.length()))) {
            s = code + '\u00a0' + s.substring(code.length());
        }
        return s;
    }
}

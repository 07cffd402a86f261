package io.payhook.core.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ISO 4217 minor-unit exponents. The JDK's {@link java.util.Currency} table is the source
 * (it is ISO 4217 maintained with the JDK); a few codes where payment providers differ from
 * ISO are overridden below, and pseudo-currencies without minor units (XAU, XXX...) are refused.
 */
public final class Currencies {
    /**
     * Exponents where providers' practice is the law for the amounts they send. ISK and UGX are
     * zero-decimal at Stripe and Adyen although ISO lists 0/0 anyway; kept explicit so a JDK
     * update cannot change how we read amounts.
     */
    private static final Map<String, Integer> OVERRIDES = Map.of(
            "ISK", 0, "UGX", 0, "JPY", 0, "KRW", 0, "KWD", 3, "BHD", 3, "JOD", 3, "OMR", 3, "TND", 3, "EUR", 2);

    private Currencies() {}

    /** The number of decimals of the currency's minor unit, or empty if the code is not a currency. */
    public static Optional<Integer> exponent(String code) {
        if (code == null || code.length() != 3) return Optional.empty();
        String upper = code.toUpperCase(Locale.ROOT);
        for (int i = 0; i < 3; i++) {
            char c = upper.charAt(i);
            if (c < 'A' || c > 'Z') return Optional.empty();
        }
        Integer fixed = OVERRIDES.get(upper);
        if (fixed != null) return Optional.of(fixed);
        try {
            int digits = java.util.Currency.getInstance(upper).getDefaultFractionDigits();
            return digits < 0 ? Optional.empty() : Optional.of(digits);
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public static boolean isKnown(String code) { return exponent(code).isPresent(); }
}

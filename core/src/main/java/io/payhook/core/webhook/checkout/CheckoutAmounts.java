package io.payhook.core.webhook.checkout;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Currencies;
import io.payhook.core.model.Money;

import java.util.Locale;
import java.util.Set;

/**
 * Checkout.com's amount format, as data ("Format the amount value", checkout.com/docs/payments/accept-payments/
 * format-the-amount-value): an integer that is the full amount for the currencies of {@link #FULL}, the
 * amount times 1000 for those of {@link #THOUSANDTHS}, and the amount times 100 for every other currency.
 * That is ISO 4217's exponent for every current currency but CLP and UYI (ISO 0, Checkout 2) and CLF (ISO 4,
 * Checkout 2) — and withdrawn ones such as ITL: their amounts are converted to ISO minor units, exactly (an
 * amount with more precision than ISO allows is refused, never rounded).
 */
public final class CheckoutAmounts {
    private CheckoutAmounts() {}

    /** Currencies whose Checkout.com amount is the full amount (exponent 0). */
    public static final Set<String> FULL = Set.of("BIF", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VUV",
            "VND", "XAF", "XOF", "XPF");
    /** Currencies whose Checkout.com amount is in thousandths (exponent 3; the last digit is always 0). */
    public static final Set<String> THOUSANDTHS = Set.of("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND");

    /** Checkout.com's exponent for a currency code (upper or lower case). */
    public static int exponent(String currency) {
        String c = currency.toUpperCase(Locale.ROOT);
        return FULL.contains(c) ? 0 : THOUSANDTHS.contains(c) ? 3 : 2;
    }

    /**
     * Money in ISO 4217 minor units from a Checkout.com amount. 422 {@code unknown_currency} for a code that
     * is not ISO 4217; 422 {@code invalid_amount} when the amount cannot be written exactly in ISO minor units
     * (e.g. 100050 CLP, which is 1000.50 pesos) or is out of range.
     */
    public static Money money(long checkoutAmount, String currency, String field) {
        String code = Json.currency(currency);
        int iso = Currencies.exponent(code).orElseThrow();
        int diff = exponent(code) - iso;
        long minor = checkoutAmount;
        if (diff > 0) {
            long scale = pow10(diff);
            if (checkoutAmount % scale != 0) {
                throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' has more decimals than " + code + " has.");
            }
            minor = checkoutAmount / scale;
        } else if (diff < 0) {
            try {
                minor = Math.multiplyExact(checkoutAmount, pow10(-diff));
            } catch (ArithmeticException e) {
                throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' is out of range.");
            }
        }
        return new Money(minor, code);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) p *= 10;
        return p;
    }
}

package io.payhook.core.providers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds full card numbers (PANs) in text and keeps only what PCI DSS allows to display:
 * the first 6 and the last 4 digits. A candidate is 13–19 digits, optionally separated by
 * single spaces or dashes, that passes the Luhn check.
 */
public final class CardData {
    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    private CardData() {}

    public static boolean isLuhnValid(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** True if {@code text} contains something that is a full card number. */
    public static boolean containsPan(String text) {
        if (text == null) return false;
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (isLuhnValid(m.group().replaceAll("[ -]", ""))) return true;
        }
        return false;
    }

    /** Replaces every PAN in {@code text} by {@code BIN******LAST4}. */
    public static String maskPans(String text) {
        if (text == null) return null;
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            String replacement = isLuhnValid(digits)
                    ? digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4)
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Card brand from the BIN, for display; {@code card} when unknown. */
    public static String brand(String digits) {
        if (digits.startsWith("4")) return "visa";
        if (digits.matches("^(5[1-5]|2[2-7]).*")) return "mastercard";
        if (digits.matches("^3[47].*")) return "amex";
        if (digits.matches("^(6011|65|64[4-9]).*")) return "discover";
        if (digits.matches("^35(2[89]|[3-8]).*")) return "jcb";
        if (digits.matches("^3(0[0-5]|[68]).*")) return "diners";
        return "card";
    }

    /**
     * A payment method as shown: at most brand and last 4. A value carrying a PAN becomes
     * {@code "<brand> ****<last4>"}; anything else is kept, truncated to 64 characters.
     */
    public static String maskPaymentMethod(String value) {
        if (value == null || value.isBlank()) return null;
        Matcher m = CANDIDATE.matcher(value);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (isLuhnValid(digits)) return brand(digits) + " ****" + digits.substring(digits.length() - 4);
        }
        String v = value.strip();
        return v.length() > 64 ? v.substring(0, 64) : v;
    }
}

package io.payhook.core.protection;


import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds full card numbers (PANs) in text and keeps only what PCI DSS allows to display: the
 * first 6 and the last 4 digits. Also drops sensitive authentication data (card verification
 * codes and PINs) from free text, and masks email addresses in it.
 *
 * <h2>What counts as a card number</h2>
 * Text is cut into <em>digit runs</em>: groups of ASCII digits separated by a single space, dash,
 * dot or slash ({@code 4111 1111 1111 1111}, {@code 4111-1111-1111-1111}, {@code 4111111111111111}).
 * A candidate is any sequence of <em>whole</em> consecutive groups of a run with 13–19 digits in
 * all — so {@code "ref 12 4111 1111 1111 1111"} still finds the card, while a group is never
 * split: a 20-digit reference is not a 16-digit card number with extra digits around it.
 * Two rules decide:
 * <ul>
 *   <li>{@link #containsPan}/{@link #maskPans} — <b>any Luhn-valid candidate</b>. Used for free text
 *       (event type, payment method, reasons, log lines): masking a false positive there only costs
 *       a few displayed digits.</li>
 *   <li>{@link #containsSchemePan}/{@link #maskSchemePans} — the rule for identifiers, which are refused
 *       or masked: Luhn-valid <b>and</b> from a card scheme's range (major industry identifier 2–6,
 *       i.e. Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir, RuPay…, plus
 *       15-digit UATP numbers starting with 1 and the newer UnionPay/RuPay 81/82 ranges), standing as
 *       a token of its own (not glued to a letter) and written as one group of digits or in groups of
 *       3–6 digits the way cards are printed (the last group may be shorter). One in ten random digit strings passes Luhn: refusing a
 *       provider's numeric reference (Adyen's 16-digit pspReference starts with 88, outside the card
 *       ranges), a hex id whose letters happen to leave 14 digits in a row, or a UUID whose groups
 *       happen to be all digits (8-4-4-4-12) would lose real payments. The price: an id with a card
 *       number glued to letters ({@code order4111111111111111}) is not recognised.</li>
 * </ul>
 * Detection targets card numbers as people and systems write them. It is not a defence against a
 * sender who deliberately encodes a PAN (fullwidth digits, base64): a signed sender can smuggle
 * anything; payhook only keeps the fields it knows.
 */
public final class CardData {
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,8}\\.[A-Za-z]{2,63}");
    /** A verification code or PIN written in free text: {@code cvc 123}, {@code CVV2: 1234}. */
    private static final Pattern SAD_IN_TEXT = Pattern.compile(
            "(?i)\\b(cvc2?|cvv2?|cav2|cid|csc|security code|pin)([ \\t]{0,3}[:=#]?[ \\t]{0,3})[0-9]{3,6}\\b");

    private CardData() {}

    public static boolean isLuhnValid(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) return false;
            if (dbl) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            dbl = !dbl;
        }
        return !digits.isEmpty() && sum % 10 == 0;
    }

    /**
     * Whether {@code digits} (digits only) is a number a card scheme could have issued: 13–19 digits,
     * Luhn-valid, from a payment-card range (see the class comment).
     */
    public static boolean isSchemePan(String digits) {
        int n = digits.length();
        if (n < 13 || n > 19 || !isLuhnValid(digits)) return false;
        char first = digits.charAt(0);
        if (first >= '2' && first <= '6') return true;
        if (first == '1') return n == 15;                       // UATP
        return digits.startsWith("81") || digits.startsWith("82"); // UnionPay, RuPay
    }

    private static boolean isAnyPan(String digits) {
        return digits.length() >= 13 && digits.length() <= 19 && isLuhnValid(digits);
    }

    /** True if {@code text} contains something that is a full card number (any Luhn-valid candidate). */
    public static boolean containsPan(String text) {
        return find(text, Rule.ANY) != null;
    }

    /** True if {@code text} contains a card scheme's PAN (the rule for identifiers). */
    public static boolean containsSchemePan(String text) {
        return find(text, Rule.SCHEME) != null;
    }

    /** Replaces every PAN in {@code text} (any Luhn-valid candidate) by {@code BIN******LAST4}. */
    public static String maskPans(String text) {
        return mask(text, Rule.ANY);
    }

    /** Replaces every card scheme's PAN in {@code text} by {@code BIN******LAST4} (the rule for identifiers). */
    public static String maskSchemePans(String text) {
        return mask(text, Rule.SCHEME);
    }

    /** Replaces every email address in {@code text} by {@code [email]}. */
    public static String maskEmails(String text) {
        if (text == null || text.indexOf('@') < 0) return text;
        return EMAIL.matcher(text).replaceAll("[email]");
    }

    /** Whether {@code text} contains an email address. */
    public static boolean containsEmail(String text) {
        return text != null && text.indexOf('@') >= 0 && EMAIL.matcher(text).find();
    }

    /**
     * Card data in free text made safe: PANs masked to BIN + last 4, verification codes and PINs
     * written next to their name ({@code cvc 123}) replaced by {@code ***}.
     */
    public static String maskCardData(String text) {
        if (text == null) return null;
        String s = maskPans(text);
        return SAD_IN_TEXT.matcher(s).replaceAll("$1$2***");
    }

    /** Free text as it may be kept: {@link #maskCardData} and email addresses replaced by {@code [email]}. */
    public static String scrubText(String text) {
        return maskEmails(maskCardData(text));
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
     * {@code "<brand> ****<last4>"}; anything else is kept (emails and verification codes
     * scrubbed), truncated to 64 characters.
     */
    public static String maskPaymentMethod(String value) {
        if (value == null || value.isBlank()) return null;
        String pan = find(value, Rule.SCHEME);
        if (pan == null) pan = find(value, Rule.ANY);
        if (pan != null) return brand(pan) + " ****" + pan.substring(pan.length() - 4);
        String v = scrubText(value.strip());
        return v.length() > 64 ? v.substring(0, 64) : v;
    }

    /**
     * Which candidates count. {@link #ANY}: every Luhn-valid candidate (free text). {@link #SCHEME}
     * (identifiers): a card scheme's number ({@link #isSchemePan}) that stands as a token of its own —
     * not glued to a letter ({@code ab4111111111111111cd} is taken for a hex or base62 id, where
     * digit runs come by chance) — written as one group of digits or in groups of 3–6 digits the way
     * cards are printed (4-4-4-4, 4-6-5; the last group may be shorter), so a UUID whose groups happen
     * to be all digits (8-4-4-4-12) or a date-based reference ({@code 2026-11-22-001234}) is not a card.
     */
    private enum Rule {
        ANY, SCHEME;

        boolean accepts(String text, int runStart, List<int[]> groups, int g, int end, String digits) {
            if (this == ANY) return isAnyPan(digits);
            if (!isSchemePan(digits)) return false;
            if (end > g) {
                for (int i = g; i <= end; i++) {
                    int len = groups.get(i)[1] - groups.get(i)[0];
                    if (len > 6 || (len < 3 && i < end)) return false;
                }
            }
            int from = runStart + groups.get(g)[0];
            int to = runStart + groups.get(end)[1];
            return !(from > 0 && Character.isLetter(text.charAt(from - 1))) && !(to < text.length() && Character.isLetter(text.charAt(to)));
        }
    }

    /** The digits of the first card number in {@code text} accepted by {@code rule}, or null. */
    private static String find(String text, Rule rule) {
        if (text == null) return null;
        for (int[] span : runs(text)) {
            Iterator<Candidate> it = new Candidates(text, span[0], text.substring(span[0], span[1]), rule);
            if (it.hasNext()) return it.next().digits();
        }
        return null;
    }

    /**
     * A card-number candidate that a rule accepts: the whole groups of a digit run from offset
     * {@code from} to {@code to} (within the run), and their digits.
     */
    private record Candidate(int from, int to, String digits) {}

    /**
     * The candidates of one digit run that {@code rule} accepts, in order — the one walk over the digit
     * windows that {@link #find} and {@link #maskRun} share: every sequence of whole consecutive groups
     * with 13–19 digits in all, starting at each group in turn.
     */
    private static final class Candidates implements Iterator<Candidate> {
        private final String text;
        private final int runStart;
        private final String run;
        private final Rule rule;
        private final List<int[]> groups;
        private int g;
        private int end = -1;
        private int digits;
        private Candidate next;

        Candidates(String text, int runStart, String run, Rule rule) {
            this.text = text;
            this.runStart = runStart;
            this.run = run;
            this.rule = rule;
            this.groups = groups(run);
        }

        @Override
        public boolean hasNext() {
            while (next == null && g < groups.size()) {
                end++;
                if (end >= groups.size()) { g++; end = g - 1; digits = 0; continue; }
                digits += groups.get(end)[1] - groups.get(end)[0];
                if (digits > 19) { g++; end = g - 1; digits = 0; continue; }
                if (digits < 13) continue;
                int from = groups.get(g)[0];
                int to = groups.get(end)[1];
                String d = digitsOf(run, from, to);
                if (rule.accepts(text, runStart, groups, g, end, d)) next = new Candidate(from, to, d);
            }
            return next != null;
        }

        @Override
        public Candidate next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            Candidate c = next;
            next = null;
            return c;
        }
    }

    /**
     * Masks until nothing the rule accepts is left: masking can expose a new candidate (digits before a
     * masked card's BIN that, with it, pass Luhn), so the result is a fixpoint — masking it again
     * changes nothing. Every round only turns digits into {@code *}, so it ends.
     */
    private static String mask(String text, Rule rule) {
        if (text == null) return null;
        String s = text;
        for (int round = 0; round < 20; round++) {
            String next = maskOnce(s, rule);
            if (next.equals(s)) return s;
            s = next;
        }
        return s;
    }

    private static String maskOnce(String text, Rule rule) {
        StringBuilder out = null;
        int last = 0;
        for (int[] span : runs(text)) {
            String masked = maskRun(text, span[0], text.substring(span[0], span[1]), rule);
            if (masked == null) continue;
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, last, span[0]).append(masked);
            last = span[1];
        }
        if (out == null) return text;
        return out.append(text, last, text.length()).toString();
    }

    /**
     * The run with its card numbers masked, or null when it holds none. Every digit in the middle of
     * some accepted candidate (after its first 6, before its last 4) becomes {@code *}; overlapping
     * candidates (a false positive sharing groups with a real card) therefore never show more of the
     * real card than its BIN and last 4. Separators inside a masked stretch are dropped, so a card
     * reads {@code 411111******1111} however it was written.
     */
    private static String maskRun(String text, int runStart, String run, Rule rule) {
        boolean[] hide = new boolean[run.length()];
        boolean[] covered = new boolean[run.length()];
        boolean any = false;
        for (Iterator<Candidate> it = new Candidates(text, runStart, run, rule); it.hasNext(); ) {
            Candidate c = it.next();
            any = true;
            int seen = 0;
            int count = c.digits().length();
            for (int i = c.from(); i < c.to(); i++) {
                covered[i] = true;
                if (run.charAt(i) >= '0' && run.charAt(i) <= '9') {
                    if (seen >= 6 && seen < count - 4) hide[i] = true;
                    seen++;
                }
            }
        }
        if (!any) return null;
        StringBuilder out = new StringBuilder(run.length());
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && covered[i] && i > 0 && i + 1 < run.length() && covered[i - 1] && covered[i + 1]) continue;
            out.append(hide[i] ? '*' : c);
        }
        return out.toString();
    }

    /**
     * The digit runs of {@code text} as {start, end} offsets: ASCII digits, groups joined by a single
     * space, dash, dot or slash. A plain loop rather than a regular expression: Java's regex engine
     * recurses once per repetition of a group, and a hostile 64 KiB string of {@code "1 1 1 …"} would
     * overflow the stack.
     */
    private static List<int[]> runs(String text) {
        List<int[]> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) { i++; continue; }
            int start = i;
            while (i < n && isDigit(text.charAt(i))) i++;
            while (i + 1 < n && isSeparator(text.charAt(i)) && isDigit(text.charAt(i + 1))) {
                i++;
                while (i < n && isDigit(text.charAt(i))) i++;
            }
            out.add(new int[] {start, i});
        }
        return out;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static boolean isSeparator(char c) { return c == ' ' || c == '-' || c == '.' || c == '/'; }

    private static List<int[]> groups(String run) {
        List<int[]> groups = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= run.length(); i++) {
            boolean digit = i < run.length() && run.charAt(i) >= '0' && run.charAt(i) <= '9';
            if (digit && start < 0) start = i;
            if (!digit && start >= 0) { groups.add(new int[] {start, i}); start = -1; }
        }
        return groups;
    }

    private static String digitsOf(String run, int from, int to) {
        StringBuilder b = new StringBuilder(19);
        for (int i = from; i < to; i++) {
            char c = run.charAt(i);
            if (c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }
}

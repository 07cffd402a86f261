package io.payhook.core.risk;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.model.Currencies;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The risk screen's rules, as data ({@link RiskScreen} applies them). Each rule that fires adds its points to the score;
 * the level is {@code high} from {@link #highAt} points, {@code elevated} from {@link #elevatedAt}, else {@code low}.
 * {@link #defaults()} are the seeds' rules (docs/RISK.md); {@link #parse} reads a rules file
 * ({@code PAYHOOK_RISK_RULES_FILE}) over them: a member the file gives replaces the default of that member, a member it
 * leaves out keeps the default, an unknown member is refused. A rule with 0 points never fires.
 *
 * @param elevatedAt     the score from which the level is elevated (at least 1)
 * @param highAt         the score from which the level is high (above {@code elevatedAt})
 * @param largeAmount    {@code amount_large}: the transaction's amount is above the threshold of its currency
 * @param elevatedAmount {@code amount_elevated}: above this threshold but not above the large one
 * @param bankTransfer   {@code bank_transfer}: the payment method is a bank transfer or debit
 * @param failedVelocity {@code failed_velocity}: the customer has this many failed payments or more within the window
 *                       ending at the transaction's latest event
 * @param firstPayment   {@code first_payment_large}: the customer's first payment payhook saw, above a threshold
 * @param disputePoints  {@code disputed}: the transaction is DISPUTED (with the default levels 40 points lift a
 *                       payment exactly one level)
 */
public record RiskRules(int elevatedAt, int highAt, AmountRule largeAmount, AmountRule elevatedAmount, BankTransfer bankTransfer,
                        FailedVelocity failedVelocity, FirstPayment firstPayment, int disputePoints) {

    /** Where the rules come from, in every refusal. */
    static final String FILE = "risk rules";
    /** The most points one rule may give. */
    static final int MAX_POINTS = 1000;

    public RiskRules {
        Objects.requireNonNull(largeAmount, "largeAmount");
        Objects.requireNonNull(elevatedAmount, "elevatedAmount");
        Objects.requireNonNull(bankTransfer, "bankTransfer");
        Objects.requireNonNull(failedVelocity, "failedVelocity");
        Objects.requireNonNull(firstPayment, "firstPayment");
        if (elevatedAt < 1) throw new RiskRulesException(FILE + ": 'levels.elevated' must be at least 1");
        if (highAt <= elevatedAt) throw new RiskRulesException(FILE + ": 'levels.high' must be above 'levels.elevated'");
        points(disputePoints, "dispute.points");
    }

    /**
     * An amount threshold: the amount is compared in its currency's minor units with the currency's own threshold, else
     * with {@code above} in major units scaled by the currency's exponent (10,000.00 is 1,000,000 cents, 10,000 yen,
     * 10,000.000 dinar).
     *
     * @param above      the default threshold in major units (a decimal, e.g. 10000.00)
     * @param currencies per-currency thresholds in major units (ISO 4217 code, upper case → decimal)
     */
    public record Threshold(BigDecimal above, Map<String, BigDecimal> currencies) {
        public Threshold {
            Objects.requireNonNull(above, "above");
            currencies = currencies == null ? Map.of() : Map.copyOf(new TreeMap<>(currencies));
        }

        /** The threshold of {@code currency} in its minor units. */
        public long minorUnits(String currency) {
            BigDecimal major = currencies.getOrDefault(currency, above);
            int exponent = Currencies.exponent(currency).orElse(2);
            // a default with more decimals than the currency has: the next whole minor unit up
            return major.movePointRight(exponent).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        }
    }

    /** A rule on the transaction's amount. */
    public record AmountRule(int points, Threshold threshold) {
        public AmountRule {
            Objects.requireNonNull(threshold, "threshold");
        }
    }

    /**
     * Bank transfers and debits, recognised by the payment method: its first word, lower case (a method as stored:
     * {@code sepa_debit}, {@code bacs}, {@code visa ****4242} → {@code visa}), matched in full by one of the patterns.
     *
     * @param methods regular expressions (java.util.regex), each matched against the whole first word
     */
    public record BankTransfer(int points, List<String> methods) {
        public BankTransfer {
            methods = methods == null ? List.of() : List.copyOf(methods);
        }
    }

    /**
     * Failure velocity per customer.
     *
     * @param failures how many distinct failed payments of one customer fire the rule (the transaction's own included)
     * @param window   how far back from the transaction's latest event they are counted
     */
    public record FailedVelocity(int points, int failures, Duration window) {
        public FailedVelocity {
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * The customer's first payment, above a threshold.
     *
     * @param remember how long payhook remembers which payment was a customer's first (after that, the customer is new again)
     */
    public record FirstPayment(int points, Threshold threshold, Duration remember) {
        public FirstPayment {
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(remember, "remember");
        }
    }

    /**
     * Approximately 10,000.00 EUR in currencies where 10,000 units are far from it (end of 2026; review them for your
     * business): the large-amount thresholds; the elevated ones are half, the first-payment ones a tenth.
     */
    static final Map<String, BigDecimal> LARGE_BY_CURRENCY;

    static {
        Map<String, BigDecimal> m = new TreeMap<>();
        String[][] table = {
                {"BRL", "60000"}, {"CLP", "10500000"}, {"CNY", "82000"}, {"COP", "45000000"}, {"CZK", "250000"},
                {"DKK", "75000"}, {"HKD", "90000"}, {"HUF", "4000000"}, {"IDR", "180000000"}, {"INR", "950000"},
                {"ISK", "1500000"}, {"JPY", "1700000"}, {"KRW", "15000000"}, {"MXN", "210000"}, {"NOK", "115000"},
                {"PHP", "650000"}, {"PLN", "43000"}, {"SEK", "115000"}, {"THB", "380000"}, {"TRY", "450000"},
                {"TWD", "360000"}, {"VND", "280000000"}, {"ZAR", "200000"}};
        for (String[] row : table) m.put(row[0], new BigDecimal(row[1]));
        LARGE_BY_CURRENCY = java.util.Collections.unmodifiableMap(m);
    }

    /** Bank transfers and direct debits as providers name them (first word of the stored payment method). */
    static final List<String> BANK_METHODS = List.of("bank_transfer", "banktransfer", "bank", "wire", "wire_transfer",
            "sepa", "sepa_.*", "sepadirectdebit", "bacs.*", "ach.*", "becs.*", "us_bank_account", "netbanking", "autogiro",
            "betalingsservice", "pad", "faster_payments", "pay_by_bank", "open_banking", "trustly", "sofort", "giropay",
            "ideal", "eps");

    private static Map<String, BigDecimal> scaled(Map<String, BigDecimal> m, BigDecimal divisor) {
        Map<String, BigDecimal> out = new TreeMap<>();
        m.forEach((c, v) -> out.put(c, v.divide(divisor, 0, java.math.RoundingMode.HALF_UP)));
        return out;
    }

    /**
     * The seeds' rules: above 10,000.00 → {@code amount_large} 70 points (high on its own), above 5,000.00 →
     * {@code amount_elevated} 40 (elevated), a bank transfer or debit → {@code bank_transfer} 25 (with an elevated amount:
     * still elevated; with a large one: high), 3 failed payments of a customer within 10 minutes → {@code failed_velocity}
     * 50 (elevated), the customer's first payment above 1,000.00 → {@code first_payment_large} 30 (elevated), a dispute
     * → {@code disputed} 40 (one level up); elevated from 30 points, high from 70.
     */
    public static RiskRules defaults() {
        return new RiskRules(30, 70,
                new AmountRule(70, new Threshold(new BigDecimal("10000.00"), LARGE_BY_CURRENCY)),
                new AmountRule(40, new Threshold(new BigDecimal("5000.00"), scaled(LARGE_BY_CURRENCY, BigDecimal.valueOf(2)))),
                new BankTransfer(25, BANK_METHODS),
                new FailedVelocity(50, 3, Duration.ofMinutes(10)),
                new FirstPayment(30, new Threshold(new BigDecimal("1000.00"), scaled(LARGE_BY_CURRENCY, BigDecimal.TEN)), Duration.ofDays(400)),
                40);
    }

    /** The top-level members of a rules file, in the order docs/RISK.md lists them. */
    static final List<String> MEMBERS = List.of("levels", "large_amount", "elevated_amount", "bank_transfer", "failed_velocity",
            "first_payment", "dispute");

    /**
     * The rules of a rules file (UTF-8 JSON object) over {@link #defaults()}.
     *
     * @throws RiskRulesException naming the member, when anything does not validate
     */
    public static RiskRules parse(byte[] json) {
        JsonNode root;
        try {
            root = io.payhook.core.json.Json.tree(json);
        } catch (StreamConstraintsException e) {
            throw new RiskRulesException(FILE + ": exceeds a JSON limit (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new RiskRulesException(FILE + ": not well-formed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RiskRulesException(FILE + ": not readable as UTF-8 JSON");
        }
        if (root == null || !root.isObject()) throw new RiskRulesException(FILE + ": must be a JSON object (write {} for the defaults)");
        only(root, "", MEMBERS);
        RiskRules d = defaults();
        JsonNode levels = section(root, "levels", List.of("elevated", "high"));
        JsonNode large = section(root, "large_amount", List.of("points", "above", "currencies"));
        JsonNode elevated = section(root, "elevated_amount", List.of("points", "above", "currencies"));
        JsonNode bank = section(root, "bank_transfer", List.of("points", "methods"));
        JsonNode velocity = section(root, "failed_velocity", List.of("points", "failures", "window"));
        JsonNode first = section(root, "first_payment", List.of("points", "above", "currencies", "remember"));
        JsonNode dispute = section(root, "dispute", List.of("points"));
        return new RiskRules(
                integer(levels, "levels.elevated", d.elevatedAt(), 1, 10 * MAX_POINTS),
                integer(levels, "levels.high", d.highAt(), 1, 10 * MAX_POINTS),
                amountRule(large, "large_amount", d.largeAmount()),
                amountRule(elevated, "elevated_amount", d.elevatedAmount()),
                new BankTransfer(integer(bank, "bank_transfer.points", d.bankTransfer().points(), 0, MAX_POINTS),
                        methods(bank, d.bankTransfer().methods())),
                new FailedVelocity(integer(velocity, "failed_velocity.points", d.failedVelocity().points(), 0, MAX_POINTS),
                        integer(velocity, "failed_velocity.failures", d.failedVelocity().failures(), 1, 1000),
                        duration(velocity, "failed_velocity.window", d.failedVelocity().window(), Duration.ofSeconds(1), Duration.ofDays(1), "PT1S to P1D")),
                new FirstPayment(integer(first, "first_payment.points", d.firstPayment().points(), 0, MAX_POINTS),
                        threshold(first, "first_payment", d.firstPayment().threshold()),
                        duration(first, "first_payment.remember", d.firstPayment().remember(), Duration.ofDays(1), Duration.ofDays(3660), "P1D to P3660D")),
                integer(dispute, "dispute.points", d.disputePoints(), 0, MAX_POINTS));
    }

    private static void points(int p, String name) {
        if (p < 0 || p > MAX_POINTS) throw new RiskRulesException(FILE + ": '" + name + "' must be an integer from 0 to " + MAX_POINTS);
    }

    private static AmountRule amountRule(JsonNode n, String name, AmountRule d) {
        return new AmountRule(integer(n, name + ".points", d.points(), 0, MAX_POINTS), threshold(n, name, d.threshold()));
    }

    private static Threshold threshold(JsonNode n, String name, Threshold d) {
        BigDecimal above = d.above();
        if (n != null && n.has("above")) above = decimal(n.get("above"), name + ".above");
        Map<String, BigDecimal> currencies = d.currencies();
        if (n != null && n.has("currencies")) {
            JsonNode c = n.get("currencies");
            if (!c.isObject()) throw new RiskRulesException(FILE + ": '" + name + ".currencies' must be an object of currency code → amount");
            currencies = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                var e = it.next();
                String code = e.getKey();
                String member = name + ".currencies." + (code.length() <= 8 ? code : code.substring(0, 8) + "...");
                if (!code.matches("[A-Z]{3}") || !Currencies.isKnown(code)) {
                    throw new RiskRulesException(FILE + ": '" + member + "' is not an ISO 4217 currency code in upper case");
                }
                BigDecimal v = decimal(e.getValue(), member);
                if (v.stripTrailingZeros().scale() > Currencies.exponent(code).orElseThrow()) {
                    throw new RiskRulesException(FILE + ": '" + member + "' has more decimals than " + code + " has");
                }
                currencies.put(code, v);
            }
        }
        return new Threshold(above, currencies);
    }

    private static BigDecimal decimal(JsonNode v, String name) {
        if (v == null || !v.isTextual() || !v.textValue().matches("[0-9]{1,15}(\\.[0-9]{1,6})?") || new BigDecimal(v.textValue()).signum() <= 0) {
            throw new RiskRulesException(FILE + ": '" + name + "' must be a positive decimal amount in major units, as a string (e.g. \"10000.00\")");
        }
        return new BigDecimal(v.textValue());
    }

    private static List<String> methods(JsonNode n, List<String> d) {
        if (n == null || !n.has("methods")) return d;
        JsonNode m = n.get("methods");
        if (!m.isArray() || m.size() > 100) throw new RiskRulesException(FILE + ": 'bank_transfer.methods' must be an array of at most 100 patterns");
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode p : m) {
            String name = "bank_transfer.methods[" + i++ + "]";
            if (!p.isTextual() || p.textValue().isBlank() || p.textValue().length() > 100) {
                throw new RiskRulesException(FILE + ": '" + name + "' must be a non-empty pattern of at most 100 characters");
            }
            try {
                Pattern.compile(p.textValue());
            } catch (PatternSyntaxException e) {
                throw new RiskRulesException(FILE + ": '" + name + "' is not a regular expression: " + e.getDescription());
            }
            out.add(p.textValue());
        }
        return out;
    }

    private static int integer(JsonNode n, String name, int d, int min, int max) {
        String field = name.substring(name.lastIndexOf('.') + 1);
        if (n == null || !n.has(field)) return d;
        JsonNode v = n.get(field);
        if (!v.isIntegralNumber() || v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(min)) < 0
                || v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new RiskRulesException(FILE + ": '" + name + "' must be an integer from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static Duration duration(JsonNode n, String name, Duration d, Duration min, Duration max, String range) {
        String field = name.substring(name.lastIndexOf('.') + 1);
        if (n == null || !n.has(field)) return d;
        JsonNode v = n.get(field);
        Duration out = null;
        if (v.isTextual()) {
            try {
                out = Duration.parse(v.textValue());
            } catch (DateTimeParseException e) {
                out = null;
            }
        }
        if (out == null || out.compareTo(min) < 0 || out.compareTo(max) > 0) {
            throw new RiskRulesException(FILE + ": '" + name + "' must be an ISO-8601 duration from " + range);
        }
        return out;
    }

    private static JsonNode section(JsonNode root, String name, List<String> members) {
        JsonNode n = root.get(name);
        if (n == null) return null;
        if (!n.isObject()) throw new RiskRulesException(FILE + ": '" + name + "' must be an object");
        only(n, name + ".", members);
        return n;
    }

    private static void only(JsonNode n, String prefix, List<String> members) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!members.contains(f)) {
                String shown = f.length() <= 32 && f.matches("[A-Za-z0-9_.-]+") ? " '" + prefix + f + "'" : "";
                throw new RiskRulesException(FILE + ": unknown member" + shown + "; " + (prefix.isEmpty() ? "the members are " : "'"
                        + prefix.substring(0, prefix.length() - 1) + "' has ") + String.join(", ", members));
            }
        }
    }
}

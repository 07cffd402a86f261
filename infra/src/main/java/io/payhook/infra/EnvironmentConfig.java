package io.payhook.infra;

import io.payhook.functions.FunctionsContract;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that differs between environments, in one place. The compact constructor refuses a
 * configuration that would break a promise of SPEC §5/§6 (prod keeps audit logs 12 months and
 * retains its data; PITR is on), so a wrong edit fails at synth, not in an audit.
 *
 * @param name                 environment name, suffixed to every resource name ({@code dev}, {@code prod})
 * @param reservedConcurrency  reserved concurrent executions per function
 * @param logRetention         function, API access (and WAF) log retention; prod ≥ 365 days
 * @param alarmEmail           where alarms go (SNS email subscription of the alarm topic), or null for none
 * @param confirmationEmails   SNS email subscribers of the payment confirmation topic
 * @param throttleRate         API stage steady-state limit, requests per second
 * @param throttleBurst        API stage burst limit, requests
 * @param removalPolicy        what happens to data (table, keys, queues, secret, logs) on stack deletion; prod RETAIN
 * @param pointInTimeRecovery  DynamoDB point-in-time recovery (on in every environment)
 * @param webhookAuth          IAM (default) or OPEN: OPEN lets providers post to /webhooks/payment without SigV4
 * @param notifier             SNS (default) or SES (customer-addressed confirmations)
 * @param sesFrom              verified SES sender address when the notifier is SES, else null
 * @param merchants            the ingest function's {@code PAYHOOK_MERCHANTS}: each provider's merchant label for events
 *                             that name no merchant ({@code stripe=shop-eu,square=shop-us}); empty (the default) for none,
 *                             every such event then belongs to {@code default}. The ingest function validates it at
 *                             init (a wrong entry fails the deployment's version publish); {@code EnvironmentConfigTest}
 *                             holds every environment's value to the same parser before that
 */
public record EnvironmentConfig(String name, int reservedConcurrency, RetentionDays logRetention, String alarmEmail,
                                List<String> confirmationEmails, double throttleRate, int throttleBurst,
                                RemovalPolicy removalPolicy, boolean pointInTimeRecovery, WebhookAuth webhookAuth,
                                Notifier notifier, String sesFrom, String merchants) {

    /** Audit logs are kept at least 12 months in prod (PCI DSS 10.5.1). */
    public static final int PROD_MIN_LOG_RETENTION_DAYS = 365;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{1,11}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** Who may call {@code POST /webhooks/payment}; every other route is always IAM. */
    public enum WebhookAuth {
        /** SigV4 (AWS_IAM) on every route: the default. */
        IAM,
        /** Providers post directly; the provider signature is then the only gate, and a WAF web ACL guards the API. */
        OPEN
    }

    /** The channel of customer confirmations (the functions read it as {@link FunctionsContract#NOTIFIER}). */
    public enum Notifier {
        SNS(FunctionsContract.NOTIFIER_SNS), SES(FunctionsContract.NOTIFIER_SES);

        private final String wire;

        Notifier(String wire) { this.wire = wire; }

        /** The value of {@code PAYHOOK_NOTIFIER}: {@code sns} or {@code ses}. */
        public String wire() { return wire; }
    }

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("environment name must be 2-12 lower-case letters/digits: " + name);
        if (reservedConcurrency < 1) throw new IllegalArgumentException(name + ": reserved concurrency must be at least 1");
        Objects.requireNonNull(logRetention, "logRetention");
        if (alarmEmail != null && !EMAIL.matcher(alarmEmail).matches()) throw new IllegalArgumentException(name + ": alarm email is not an address");
        confirmationEmails = List.copyOf(confirmationEmails);
        for (String e : confirmationEmails) {
            if (!EMAIL.matcher(e).matches()) throw new IllegalArgumentException(name + ": confirmation subscriber is not an address: " + e);
        }
        if (throttleRate <= 0 || throttleBurst < 1) throw new IllegalArgumentException(name + ": throttling rate and burst must be positive");
        Objects.requireNonNull(removalPolicy, "removalPolicy");
        Objects.requireNonNull(webhookAuth, "webhookAuth");
        Objects.requireNonNull(notifier, "notifier");
        if (notifier == Notifier.SES && (sesFrom == null || !EMAIL.matcher(sesFrom).matches())) {
            throw new IllegalArgumentException(name + ": the SES notifier needs a verified sender address (sesFrom)");
        }
        if (notifier == Notifier.SNS && sesFrom != null) throw new IllegalArgumentException(name + ": sesFrom is only for the SES notifier");
        merchants = merchants == null ? "" : merchants.strip();
        if (!pointInTimeRecovery) throw new IllegalArgumentException(name + ": point-in-time recovery stays on (SPEC §6)");
        if (name.equals("prod")) {
            if (days(logRetention) < PROD_MIN_LOG_RETENTION_DAYS) {
                throw new IllegalArgumentException("prod: log retention must be at least " + PROD_MIN_LOG_RETENTION_DAYS + " days (audit logs 12 months)");
            }
            if (removalPolicy != RemovalPolicy.RETAIN) throw new IllegalArgumentException("prod: data must be retained (RemovalPolicy.RETAIN)");
        }
    }

    /** An environment without merchant labels. */
    public EnvironmentConfig(String name, int reservedConcurrency, RetentionDays logRetention, String alarmEmail,
                             List<String> confirmationEmails, double throttleRate, int throttleBurst,
                             RemovalPolicy removalPolicy, boolean pointInTimeRecovery, WebhookAuth webhookAuth,
                             Notifier notifier, String sesFrom) {
        this(name, reservedConcurrency, logRetention, alarmEmail, confirmationEmails, throttleRate, throttleBurst,
                removalPolicy, pointInTimeRecovery, webhookAuth, notifier, sesFrom, "");
    }

    public static EnvironmentConfig dev() {
        return new EnvironmentConfig("dev", 5, RetentionDays.ONE_MONTH, "payhook-alarms-dev@example.com",
                List.of("payments-dev@example.com"), 50, 100, RemovalPolicy.DESTROY, true,
                WebhookAuth.IAM, Notifier.SNS, null);
    }

    public static EnvironmentConfig prod() {
        return new EnvironmentConfig("prod", 100, RetentionDays.THIRTEEN_MONTHS, "payhook-alarms@example.com",
                List.of("payments@example.com"), 1000, 2000, RemovalPolicy.RETAIN, true,
                WebhookAuth.IAM, Notifier.SNS, null);
    }

    /** The configuration of {@code dev} or {@code prod} (the value of {@code -c env=...}). */
    public static EnvironmentConfig named(String env) {
        return switch (env) {
            case "dev" -> dev();
            case "prod" -> prod();
            default -> throw new IllegalArgumentException("unknown environment '" + env + "' (dev or prod)");
        };
    }

    /** The same environment with the webhook route's authorisation switched. */
    public EnvironmentConfig withWebhookAuth(WebhookAuth auth) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, auth, notifier, sesFrom, merchants);
    }

    /** The same environment sending customer confirmations through SES from {@code from}. */
    public EnvironmentConfig withSes(String from) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, Notifier.SES, from, merchants);
    }

    /** The same environment with other merchant labels ({@code PAYHOOK_MERCHANTS} of its ingest function). */
    public EnvironmentConfig withMerchants(String labels) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, notifier, sesFrom, labels);
    }

    /** The same environment with other alarm and confirmation addresses (context {@code alarmEmail}, {@code confirmationEmails}). */
    public EnvironmentConfig withAddresses(String alarm, List<String> confirmations) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarm, confirmations, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, notifier, sesFrom, merchants);
    }

    /** Addresses still at the {@code example.com} placeholders, which nobody reads. */
    public List<String> placeholderAddresses() {
        List<String> all = new java.util.ArrayList<>(confirmationEmails);
        if (alarmEmail != null) all.add(0, alarmEmail);
        return all.stream().filter(a -> a.toLowerCase(Locale.ROOT).endsWith("@example.com")).toList();
    }

    public boolean isProd() { return name.equals("prod"); }

    /** Retention in days ({@link Integer#MAX_VALUE} for never expire). */
    public int logRetentionDays() { return days(logRetention); }

    static int days(RetentionDays r) {
        return switch (r) {
            case ONE_DAY -> 1;
            case THREE_DAYS -> 3;
            case FIVE_DAYS -> 5;
            case ONE_WEEK -> 7;
            case TWO_WEEKS -> 14;
            case ONE_MONTH -> 30;
            case TWO_MONTHS -> 60;
            case THREE_MONTHS -> 90;
            case FOUR_MONTHS -> 120;
            case FIVE_MONTHS -> 150;
            case SIX_MONTHS -> 180;
            case ONE_YEAR -> 365;
            case THIRTEEN_MONTHS -> 400;
            case EIGHTEEN_MONTHS -> 545;
            case TWO_YEARS -> 731;
            case THREE_YEARS -> 1096;
            case FIVE_YEARS -> 1827;
            case SIX_YEARS -> 2192;
            case SEVEN_YEARS -> 2557;
            case EIGHT_YEARS -> 2922;
            case NINE_YEARS -> 3288;
            case TEN_YEARS -> 3653;
            case INFINITE -> Integer.MAX_VALUE;
        };
    }
}

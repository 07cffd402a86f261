package io.payhook.infra;

import io.payhook.functions.FunctionsContract;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
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
 * @param reservedConcurrency  reserved concurrent executions per function (health and feedback: at most {@link TapStack#AUX_MAX_CONCURRENCY})
 * @param logRetention         function, API access and execution (and WAF) log retention; prod ≥ 365 days
 * @param alarmEmail           where alarms go (SNS email subscription of the alarm topic), or null for none
 * @param opsEmail             where operations alerts go (SNS email subscription of the operations topic), or null for none
 * @param confirmationEmails   SNS email subscribers of the payment confirmation topic (a support mailbox)
 * @param throttleRate         API stage steady-state limit, requests per second
 * @param throttleBurst        API stage burst limit, requests
 * @param removalPolicy        what happens to data (table, keys, queues, secret, logs) on stack deletion; prod RETAIN
 * @param pointInTimeRecovery  DynamoDB point-in-time recovery (on in every environment)
 * @param webhookAuth          IAM (default) or OPEN: OPEN lets providers post to /webhooks/payment without SigV4
 * @param email                the customer confirmations: channel, SES sender, merchant name, locale
 * @param webhooks             what some providers need besides their secrets: Square's URL, the custom providers file
 * @param thresholds           alarm thresholds
 * @param riskRulesFile        the risk rules file (docs/RISK.md), absolute or relative to the repository root, or null for
 *                             the defaults: validated at synth, its JSON given to the risk function ({@code PAYHOOK_RISK_RULES})
 */
public record EnvironmentConfig(String name, int reservedConcurrency, RetentionDays logRetention, String alarmEmail,
                                String opsEmail, List<String> confirmationEmails, double throttleRate, int throttleBurst,
                                RemovalPolicy removalPolicy, boolean pointInTimeRecovery, WebhookAuth webhookAuth,
                                Email email, Webhooks webhooks, Thresholds thresholds, String riskRulesFile) {

    /** An environment with the default risk rules. */
    public EnvironmentConfig(String name, int reservedConcurrency, RetentionDays logRetention, String alarmEmail, String opsEmail,
                             List<String> confirmationEmails, double throttleRate, int throttleBurst, RemovalPolicy removalPolicy,
                             boolean pointInTimeRecovery, WebhookAuth webhookAuth, Email email, Webhooks webhooks, Thresholds thresholds) {
        this(name, reservedConcurrency, logRetention, alarmEmail, opsEmail, confirmationEmails, throttleRate, throttleBurst, removalPolicy,
                pointInTimeRecovery, webhookAuth, email, webhooks, thresholds, null);
    }

    /** The same environment with the risk rules of {@code file} (null: the defaults). */
    public EnvironmentConfig withRiskRules(String file) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, opsEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, email, webhooks, thresholds, file);
    }

    /** Audit logs are kept at least 12 months in prod (PCI DSS 10.5.1). */
    public static final int PROD_MIN_LOG_RETENTION_DAYS = 365;
    /** Days an audit record is kept (the audit table's TTL), per environment: dev 90, prod 400 (≥ 12 months, PCI DSS 10.5.1). */
    static final int DEV_AUDIT_RETENTION_DAYS = 90;
    static final int PROD_AUDIT_RETENTION_DAYS = 400;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{1,11}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    /** Who may call {@code POST /webhooks/payment}; every other route is always IAM. */
    public enum WebhookAuth {
        /** SigV4 (AWS_IAM) on every route: the default. */
        IAM,
        /** Providers post directly; the provider signature is then the only gate, and a WAF web ACL guards the API. */
        OPEN
    }

    /** The channel of customer confirmations (the functions read it as {@link FunctionsContract#NOTIFIER}). */
    public enum Notifier {
        /** Published to the confirmation topic only: its subscribers are fixed addresses (no customer is reached). */
        SNS(FunctionsContract.NOTIFIER_SNS),
        /** Sent to the customer through SES (and still published to the confirmation topic). */
        SES(FunctionsContract.NOTIFIER_SES);

        private final String wire;

        Notifier(String wire) { this.wire = wire; }

        /** The value of {@code PAYHOOK_NOTIFIER}: {@code sns} or {@code ses}. */
        public String wire() { return wire; }
    }

    /**
     * The customer confirmations.
     *
     * @param notifier           SNS or SES
     * @param sesIdentity        SES mode: the sending identity, an email address or a domain; else null
     * @param createSesIdentity  SES mode: true = the stack creates it ({@code AWS::SES::EmailIdentity}: verification mail,
     *                           or DKIM records to publish); false = it exists in the account already (verified by hand)
     * @param sesFrom            SES mode: the sender address — the identity itself, or an address at the identity's domain
     * @param merchantName       the name customers know the merchant by ({@code PAYHOOK_MERCHANT_NAME})
     * @param locale             BCP 47 tag: how amounts and dates are written ({@code PAYHOOK_LOCALE})
     */
    public record Email(Notifier notifier, String sesIdentity, boolean createSesIdentity, String sesFrom,
                        String merchantName, String locale) {
        public Email {
            Objects.requireNonNull(notifier, "notifier");
            if (notifier == Notifier.SES) {
                if (sesIdentity == null || !(EMAIL.matcher(sesIdentity).matches() || DOMAIN.matcher(sesIdentity).matches())) {
                    throw new IllegalArgumentException("the SES notifier needs a sender identity (sesIdentity): an email address or a domain, got " + sesIdentity);
                }
                if (sesFrom == null || !EMAIL.matcher(sesFrom).matches()) {
                    throw new IllegalArgumentException("the SES notifier needs a sender address (sesFrom), got " + sesFrom);
                }
                String from = sesFrom.toLowerCase(Locale.ROOT);
                String identity = sesIdentity.toLowerCase(Locale.ROOT);
                boolean covered = identity.contains("@") ? from.equals(identity)
                        : from.endsWith("@" + identity) || from.substring(from.indexOf('@') + 1).endsWith("." + identity);
                if (!covered) {
                    throw new IllegalArgumentException("the sender " + sesFrom + " is not covered by the SES identity " + sesIdentity
                            + " (an address identity sends as itself only; a domain identity as any address at the domain or its subdomains)");
                }
            } else if (sesIdentity != null || sesFrom != null) {
                throw new IllegalArgumentException("sesIdentity and sesFrom are only for the SES notifier");
            }
            if (merchantName == null || merchantName.isBlank() || merchantName.length() > 100) {
                throw new IllegalArgumentException("merchantName must be 1-100 characters");
            }
            Objects.requireNonNull(locale, "locale");
            try {
                Locale l = new Locale.Builder().setLanguageTag(locale).build();
                if (l.getLanguage().isEmpty()) throw new IllformedLocaleException("no language");
            } catch (IllformedLocaleException e) {
                throw new IllegalArgumentException("locale must be a BCP 47 language tag such as en-GB, got '" + locale + "'");
            }
        }

        /** Whether the SES identity is a domain (else an email address). */
        public boolean domainIdentity() { return sesIdentity != null && !sesIdentity.contains("@"); }

        /** Confirmations through SNS only, with the merchant name and locale. */
        public static Email sns(String merchantName, String locale) {
            return new Email(Notifier.SNS, null, false, null, merchantName, locale);
        }
    }

    /**
     * What some providers need besides their secrets.
     *
     * @param squareNotificationUrl the notification URL exactly as configured at Square ({@code PAYHOOK_SQUARE_NOTIFICATION_URL}), or null
     * @param customProvidersFile   the custom providers file (docs/providers/custom.md), absolute or relative to the
     *                              repository root, or null: read and validated at synth, its JSON set as {@code PAYHOOK_CUSTOM_PROVIDERS}
     * @param merchants             the ingest function's {@code PAYHOOK_MERCHANTS}: each provider's merchant label for events
     *                              that name no merchant ({@code stripe=shop-eu,square=shop-us}); empty (the default) for none,
     *                              every such event then belongs to {@code default}. The ingest function validates it at
     *                              init (a wrong entry fails the deployment's version publish); {@code EnvironmentConfigTest}
     *                              holds every environment's value to the same parser before that
     */
    public record Webhooks(String squareNotificationUrl, String customProvidersFile, String merchants) {
        public static final Webhooks NONE = new Webhooks(null, null, "");

        public Webhooks {
            if (squareNotificationUrl != null && !squareNotificationUrl.matches("https://[^\\s/]+(/\\S*)?")) {
                throw new IllegalArgumentException("squareNotificationUrl must be an https URL, got " + squareNotificationUrl);
            }
            if (customProvidersFile != null && customProvidersFile.isBlank()) customProvidersFile = null;
            merchants = merchants == null ? "" : merchants.strip();
        }

        /** Without merchant labels. */
        public Webhooks(String squareNotificationUrl, String customProvidersFile) { this(squareNotificationUrl, customProvidersFile, ""); }
    }

    /** The ingest function's merchant labels ({@link Webhooks#merchants}). */
    public String merchants() { return webhooks.merchants(); }

    /** The same environment with other merchant labels ({@code PAYHOOK_MERCHANTS} of its ingest function). */
    public EnvironmentConfig withMerchants(String labels) {
        return withWebhooks(new Webhooks(webhooks.squareNotificationUrl(), webhooks.customProvidersFile(), labels));
    }

    /**
     * Alarm thresholds (docs/OPERATIONS.md explains each alarm).
     *
     * @param refusedPerProvider          refused deliveries of one provider in 5 minutes (any reason) that alarm
     * @param signatureInvalidPerProvider {@code signature_invalid} refusals of one provider in 5 minutes that alarm
     * @param notConfiguredPerProvider    {@code provider_not_configured} refusals of one provider in 5 minutes that alarm
     * @param bounceRatePercent           SES bounces per sent confirmation in an hour, percent, above which it alarms
     * @param bounceRateMinSent           sent confirmations in that hour below which the bounce rate is not judged
     * @param api4xxRatePercent           API 4xx answers per request in 5 minutes, percent, above which it alarms
     * @param api4xxMinRequests           requests in those 5 minutes below which the 4xx rate is not judged
     * @param tableThrottles              DynamoDB throttled requests on the table in 5 minutes that alarm
     * @param tableSystemErrors           DynamoDB system errors on the table in 5 minutes that alarm
     */
    public record Thresholds(int refusedPerProvider, int signatureInvalidPerProvider, int notConfiguredPerProvider,
                             double bounceRatePercent, int bounceRateMinSent, double api4xxRatePercent, int api4xxMinRequests,
                             int tableThrottles, int tableSystemErrors) {
        public Thresholds {
            if (refusedPerProvider < 1 || signatureInvalidPerProvider < 1 || notConfiguredPerProvider < 1
                    || bounceRateMinSent < 1 || api4xxMinRequests < 1 || tableThrottles < 1 || tableSystemErrors < 1) {
                throw new IllegalArgumentException("alarm thresholds and minimum counts must be at least 1");
            }
            if (!(bounceRatePercent > 0 && bounceRatePercent < 100) || !(api4xxRatePercent > 0 && api4xxRatePercent < 100)) {
                throw new IllegalArgumentException("alarm rates are percentages between 0 and 100");
            }
        }
    }

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("environment name must be 2-12 lower-case letters/digits: " + name);
        if (reservedConcurrency < 1) throw new IllegalArgumentException(name + ": reserved concurrency must be at least 1");
        Objects.requireNonNull(logRetention, "logRetention");
        if (alarmEmail != null && !EMAIL.matcher(alarmEmail).matches()) throw new IllegalArgumentException(name + ": alarm email is not an address");
        if (opsEmail != null && !EMAIL.matcher(opsEmail).matches()) throw new IllegalArgumentException(name + ": operations email is not an address");
        confirmationEmails = List.copyOf(confirmationEmails);
        for (String e : confirmationEmails) {
            if (!EMAIL.matcher(e).matches()) throw new IllegalArgumentException(name + ": confirmation subscriber is not an address: " + e);
        }
        if (throttleRate <= 0 || throttleBurst < 1) throw new IllegalArgumentException(name + ": throttling rate and burst must be positive");
        Objects.requireNonNull(removalPolicy, "removalPolicy");
        Objects.requireNonNull(webhookAuth, "webhookAuth");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(thresholds, "thresholds");
        if (riskRulesFile != null && riskRulesFile.isBlank()) riskRulesFile = null;
        if (!pointInTimeRecovery) throw new IllegalArgumentException(name + ": point-in-time recovery stays on (SPEC §6)");
        if (name.equals("prod")) {
            if (days(logRetention) < PROD_MIN_LOG_RETENTION_DAYS) {
                throw new IllegalArgumentException("prod: log retention must be at least " + PROD_MIN_LOG_RETENTION_DAYS + " days (audit logs 12 months)");
            }
            if (removalPolicy != RemovalPolicy.RETAIN) throw new IllegalArgumentException("prod: data must be retained (RemovalPolicy.RETAIN)");
        }
    }

    /**
     * dev: SES from an address identity the stack creates (SES mails it a verification link), lenient alarms.
     * The example.com addresses are placeholders (PayhookApp warns; docs/DEPLOY.md says how to give real ones).
     */
    public static EnvironmentConfig dev() {
        return new EnvironmentConfig("dev", 5, RetentionDays.ONE_MONTH, "payhook-alarms-dev@example.com", "payhook-ops-dev@example.com",
                List.of("payments-dev@example.com"), 50, 100, RemovalPolicy.DESTROY, true, WebhookAuth.IAM,
                new Email(Notifier.SES, "payments-dev@example.com", true, "payments-dev@example.com", "payhook (dev)", "en-GB"),
                Webhooks.NONE,
                new Thresholds(20, 10, 1, 5, 5, 25, 20, 1, 1));
    }

    /** prod: SES from a domain identity the stack creates (publish its three DKIM records), stricter alarms. */
    public static EnvironmentConfig prod() {
        return new EnvironmentConfig("prod", 100, RetentionDays.THIRTEEN_MONTHS, "payhook-alarms@example.com", "payhook-ops@example.com",
                List.of("payments@example.com"), 1000, 2000, RemovalPolicy.RETAIN, true, WebhookAuth.IAM,
                new Email(Notifier.SES, "example.com", true, "payments@example.com", "payhook", "en-GB"),
                Webhooks.NONE,
                new Thresholds(50, 10, 1, 5, 20, 10, 100, 1, 1));
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
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, opsEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, auth, email, webhooks, thresholds, riskRulesFile);
    }

    /** The same environment with other confirmation settings. */
    public EnvironmentConfig withEmail(Email e) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, opsEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, e, webhooks, thresholds, riskRulesFile);
    }

    /** The same environment sending customer confirmations through SES from {@code from} (its address identity, created by the stack). */
    public EnvironmentConfig withSes(String from) {
        return withEmail(new Email(Notifier.SES, from, true, from, email.merchantName(), email.locale()));
    }

    /** The same environment publishing confirmations to the SNS topic only. */
    public EnvironmentConfig withSns() {
        return withEmail(Email.sns(email.merchantName(), email.locale()));
    }

    /** The same environment with Square's URL and custom providers file. */
    public EnvironmentConfig withWebhooks(Webhooks w) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, opsEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, email, w, thresholds, riskRulesFile);
    }

    /** The same environment with other alarm thresholds. */
    public EnvironmentConfig withThresholds(Thresholds t) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarmEmail, opsEmail, confirmationEmails, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, email, webhooks, t, riskRulesFile);
    }

    /** The same environment with other alarm, operations and confirmation addresses (context {@code alarmEmail}, {@code opsEmail}, {@code confirmationEmails}). */
    public EnvironmentConfig withAddresses(String alarm, String ops, List<String> confirmations) {
        return new EnvironmentConfig(name, reservedConcurrency, logRetention, alarm, ops, confirmations, throttleRate,
                throttleBurst, removalPolicy, pointInTimeRecovery, webhookAuth, email, webhooks, thresholds, riskRulesFile);
    }

    /** Addresses (and the SES identity) still at the {@code example.com} placeholders, which nobody reads. */
    public List<String> placeholderAddresses() {
        List<String> all = new ArrayList<>();
        if (alarmEmail != null) all.add(alarmEmail);
        if (opsEmail != null) all.add(opsEmail);
        all.addAll(confirmationEmails);
        if (email.sesFrom() != null) all.add(email.sesFrom());
        if (email.sesIdentity() != null) all.add(email.sesIdentity());
        return all.stream().distinct().filter(a -> {
            String l = a.toLowerCase(Locale.ROOT);
            return l.endsWith("@example.com") || l.equals("example.com") || l.endsWith(".example.com");
        }).toList();
    }

    public boolean isProd() { return name.equals("prod"); }

    /**
     * Days an audit record is kept before its TTL removes it — written here only, reaching the query and notify-request
     * functions as {@code PAYHOOK_AUDIT_TTL_DAYS}: prod {@value #PROD_AUDIT_RETENTION_DAYS}, every other environment
     * {@value #DEV_AUDIT_RETENTION_DAYS}.
     */
    public int auditRetentionDays() { return isProd() ? PROD_AUDIT_RETENTION_DAYS : DEV_AUDIT_RETENTION_DAYS; }

    /** Days an archive object is kept (docs/ARCHIVE.md; proposed, to be confirmed): prod 7 years, other environments 1 year. */
    public int archiveRetentionDays() { return isProd() ? 7 * 365 : 365; }

    /** Days after which archive objects move to Glacier Instant Retrieval (seed 000: 30). */
    public static final int ARCHIVE_COLD_AFTER_DAYS = 30;

    public boolean ses() { return email.notifier() == Notifier.SES; }

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

package io.payhook.local;

import io.payhook.core.webhook.custom.CustomProviderSpec;
import io.payhook.core.webhook.custom.CustomProviders;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.functions.FunctionsContract;
import io.payhook.functions.JsonLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the local system, read once from command-line options and the environment.
 *
 * @param port              HTTP port of the API (0 = any free port)
 * @param dataDir           where the table, mail, key, and outbox position live
 * @param providerSecrets   provider secret variables (PAYHOOK_*_SECRETS), dev defaults filled in
 * @param visibilityTimeout queue visibility timeout for a message being handled
 * @param retryBase         first retry delay of a failed notification; doubles per receive
 * @param retryCap          longest retry delay
 * @param streamIdle        pause between stream polls when there is nothing new
 * @param providers         what providers need besides their secrets
 * @param notifications     how confirmations and operations alerts are written and addressed
 * @param riskRules         PAYHOOK_RISK_RULES_FILE over the defaults, or the defaults (docs/RISK.md)
 * @param retention         PAYHOOK_RETENTION (ISO-8601, default {@value #DEFAULT_RETENTION}, the dev stack's): how long a
 *                          transaction's items stay after its last change before the sweep archives and removes them
 */
public record LocalConfig(int port, Path dataDir, String accessKeyId, String secretAccessKey, String region,
                          Map<String, String> providerSecrets, int maxReceives, Duration visibilityTimeout,
                          Duration retryBase, Duration retryCap, Duration streamIdle, int senderThreads,
                          int sqsPort, int smtpPort, int maxBodyBytes, Duration replayTolerance, JsonLog.Level logLevel,
                          Providers providers, Notifications notifications, io.payhook.core.risk.RiskRules riskRules,
                          io.payhook.core.model.Retention retention) {

    /** The local retention unless PAYHOOK_RETENTION says otherwise: the dev environment's. */
    public static final String DEFAULT_RETENTION = "P90D";

    /**
     * @param squareNotificationUrl PAYHOOK_SQUARE_NOTIFICATION_URL: the URL Square signs with each body (dev default
     *                              {@value #DEV_SQUARE_NOTIFICATION_URL}, which {@code ./payhook send square} signs)
     * @param customProvidersFile   PAYHOOK_CUSTOM_PROVIDERS_FILE, or null: providers described by configuration
     * @param custom                the providers that file describes, validated
     * @param customSecrets         each custom provider's secrets, as the variable its configuration names holds them
     * @param merchants             PAYHOOK_MERCHANTS ({@code stripe=shop-eu,square=shop-us}): the merchant of each
     *                              provider's events that name none; none when unset
     */
    public record Providers(String squareNotificationUrl, Path customProvidersFile, java.util.List<CustomProviderSpec> custom,
                            Map<String, String> customSecrets, MerchantLabels merchants) {
        public Providers {
            custom = custom == null ? java.util.List.of() : java.util.List.copyOf(custom);
            customSecrets = customSecrets == null ? Map.of() : Map.copyOf(customSecrets);
            merchants = merchants == null ? MerchantLabels.NONE : merchants;
        }
    }

    /**
     * The custom providers of PAYHOOK_CUSTOM_PROVIDERS_FILE and the merchant labels of PAYHOOK_MERCHANTS, validated.
     * A file or a label that does not validate stops the start with the message naming the entry (and the field).
     * (That every label names a provider the system has, the ingest use case checks when it is built.)
     *
     * @throws IllegalArgumentException the file cannot be read, or does not validate; a label entry is wrong
     */
    static Providers providers(Map<String, String> env) {
        String square = env.getOrDefault("PAYHOOK_SQUARE_NOTIFICATION_URL", DEV_SQUARE_NOTIFICATION_URL);
        MerchantLabels merchants = MerchantLabels.parse(FunctionsContract.MERCHANTS, env.get(FunctionsContract.MERCHANTS));
        String file = env.get("PAYHOOK_CUSTOM_PROVIDERS_FILE");
        if (blank(file)) return new Providers(square, null, java.util.List.of(), Map.of(), merchants);
        Path path = Path.of(file.trim());
        java.util.List<CustomProviderSpec> specs;
        try {
            specs = CustomProviders.parse(java.nio.file.Files.readAllBytes(path));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("PAYHOOK_CUSTOM_PROVIDERS_FILE: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> values = new HashMap<>();
        CustomProviders.secretsVariables(specs).values().forEach(v -> { if (env.get(v) != null) values.put(v, env.get(v)); });
        return new Providers(square, path, specs, values, merchants);
    }

    /**
     * @param merchantName PAYHOOK_MERCHANT_NAME: the name customers know the merchant by, in every confirmation
     * @param locale       PAYHOOK_LOCALE (a BCP 47 tag, default en-GB): how amounts and dates are written
     * @param from         PAYHOOK_MAIL_FROM: the confirmations' sender
     * @param opsEmail     PAYHOOK_OPS_EMAIL (default ops@localhost): where operations alerts are mailed
     * @param replayMax    PAYHOOK_REPLAY_MAX (default 1000): the most transactions one bulk re-notify job may match
     */
    public record Notifications(String merchantName, Locale locale, String from, String opsEmail, int replayMax) {}

    public static final String DEV_SQUARE_NOTIFICATION_URL = "http://127.0.0.1:8080/webhooks/payment";

    /** Documented development credentials for local SigV4 (printed at start; never use them anywhere else). */
    public static final String DEV_ACCESS_KEY_ID = "payhook-local-access-key";
    public static final String DEV_SECRET_ACCESS_KEY = "payhook-local-secret-key";

    /** Documented development provider secrets, used when the variable is not set (printed at start). */
    public static final Map<String, String> DEV_PROVIDER_SECRETS = Map.ofEntries(
            Map.entry("PAYHOOK_STRIPE_SECRETS", "whsec_payhook_local_dev_stripe"),
            // hex of the ASCII text "payhook-local-dev-adyen-hmac-key"
            Map.entry("PAYHOOK_ADYEN_HMAC_KEYS", "706179686f6f6b2d6c6f63616c2d6465762d616479656e2d686d61632d6b6579"),
            // whsec_ + base64 of "payhook-local-dev-standard-webh"
            Map.entry("PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "whsec_cGF5aG9vay1sb2NhbC1kZXYtc3RhbmRhcmQtd2ViaA=="),
            Map.entry("PAYHOOK_GENERIC_SECRETS", "payhook_local_dev_generic"),
            Map.entry("PAYHOOK_SQUARE_SIGNATURE_KEYS", "payhook-local-dev-square-signature-key"),
            Map.entry("PAYHOOK_RAZORPAY_SECRETS", "payhook_local_dev_razorpay"),
            Map.entry("PAYHOOK_CHECKOUT_SECRETS", "payhook_local_dev_checkout"),
            Map.entry("PAYHOOK_GOCARDLESS_SECRETS", "payhook_local_dev_gocardless"),
            Map.entry("PAYHOOK_PADDLE_SECRETS", "pdl_ntfset_payhook_local_dev_paddle"),
            // a PayPal webhook id (what PayPal signs with each delivery), not a secret
            Map.entry("PAYHOOK_PAYPAL_WEBHOOK_IDS", "PAYHOOKLOCALDEVWEBHOOK01"));

    public static LocalConfig fromEnvironment(Map<String, String> env, int port, Path dataDir) {
        Map<String, String> secrets = new HashMap<>();
        EnvironmentSecretSource.VARIABLES.values().forEach(v ->
                secrets.put(v, env.getOrDefault(v, DEV_PROVIDER_SECRETS.get(v))));
        return new LocalConfig(port, dataDir,
                env.getOrDefault("PAYHOOK_ACCESS_KEY_ID", DEV_ACCESS_KEY_ID),
                env.getOrDefault("PAYHOOK_SECRET_ACCESS_KEY", DEV_SECRET_ACCESS_KEY),
                env.getOrDefault("PAYHOOK_REGION", "us-east-1"),
                Map.copyOf(secrets),
                intOr(env.get("PAYHOOK_MAX_RECEIVES"), 5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_RETRY_BASE_SECONDS"), 2)),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_RETRY_CAP_SECONDS"), 300)),
                Duration.ofMillis(intOr(env.get("PAYHOOK_STREAM_IDLE_MS"), 100)),
                2, 0, 0,
                intOr(env.get("PAYHOOK_MAX_BODY_BYTES"), 256 * 1024),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_REPLAY_TOLERANCE_SECONDS"), 300)),
                JsonLog.Level.valueOf(env.getOrDefault("PAYHOOK_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT)),
                providers(env),
                new Notifications(env.getOrDefault("PAYHOOK_MERCHANT_NAME", "payhook (local)"),
                        Locale.forLanguageTag(env.getOrDefault("PAYHOOK_LOCALE", "en-GB")),
                        env.getOrDefault("PAYHOOK_MAIL_FROM", "payhook <no-reply@payhook.local>"),
                        env.getOrDefault("PAYHOOK_OPS_EMAIL", "ops@localhost"),
                        intOr(env.get("PAYHOOK_REPLAY_MAX"), io.payhook.core.usecase.ReplayNotifications.DEFAULT_MAX)),
                riskRules(env), retention(env.get("PAYHOOK_RETENTION")));
    }

    /**
     * The risk rules of PAYHOOK_RISK_RULES_FILE over the defaults, or the defaults when it is unset.
     *
     * @throws IllegalArgumentException the file cannot be read, or does not validate (the message names the member)
     */
    static io.payhook.core.risk.RiskRules riskRules(Map<String, String> env) {
        String file = env.get("PAYHOOK_RISK_RULES_FILE");
        if (blank(file)) return io.payhook.core.risk.RiskRules.defaults();
        Path path = Path.of(file.trim());
        try {
            return io.payhook.core.risk.RiskRules.parse(java.nio.file.Files.readAllBytes(path));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("PAYHOOK_RISK_RULES_FILE: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        } catch (io.payhook.core.risk.RiskRulesException e) {
            throw new IllegalArgumentException("PAYHOOK_RISK_RULES_FILE " + path + ": " + e.getMessage(), e);
        }
    }

    public LocalConfig withRiskRules(io.payhook.core.risk.RiskRules rules) {
        return new LocalConfig(port, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, retryBase, retryCap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, logLevel, providers, notifications, rules, retention);
    }

    /** PAYHOOK_RETENTION, or the default; a bad value is refused naming the variable. */
    static io.payhook.core.model.Retention retention(String value) {
        try {
            return io.payhook.core.model.Retention.parse(blank(value) ? DEFAULT_RETENTION : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PAYHOOK_RETENTION: " + e.getMessage());
        }
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }

    /** Which provider secrets are the documented dev defaults (to warn about them at start). */
    public boolean usesDevSecret(String variable) {
        return DEV_PROVIDER_SECRETS.get(variable).equals(providerSecrets.get(variable));
    }

    public LocalConfig withPort(int p) {
        return new LocalConfig(p, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, retryBase, retryCap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, logLevel, providers, notifications, riskRules, retention);
    }

    public LocalConfig withRetry(Duration base, Duration cap) {
        return new LocalConfig(port, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, base, cap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, logLevel, providers, notifications, riskRules, retention);
    }

    public LocalConfig withLogLevel(JsonLog.Level level) {
        return new LocalConfig(port, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, retryBase, retryCap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, level, providers, notifications, riskRules, retention);
    }

    public LocalConfig withRetention(io.payhook.core.model.Retention r) {
        return new LocalConfig(port, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, retryBase, retryCap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, logLevel, providers, notifications, riskRules, r);
    }

    static int intOr(String v, int fallback) {
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}

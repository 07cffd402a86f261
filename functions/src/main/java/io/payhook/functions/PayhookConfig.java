package io.payhook.functions;

import io.payhook.core.protection.MerchantLabels;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static io.payhook.functions.FunctionsContract.ENV;
import static io.payhook.functions.FunctionsContract.KMS_KEY_ARN;
import static io.payhook.functions.FunctionsContract.LOG_LEVEL;
import static io.payhook.functions.FunctionsContract.MAX_BODY_BYTES;
import static io.payhook.functions.FunctionsContract.MAX_RECEIVES;
import static io.payhook.functions.FunctionsContract.NOTIFIER;
import static io.payhook.functions.FunctionsContract.PROVIDER_SECRETS_ARN;
import static io.payhook.functions.FunctionsContract.QUEUE_URL;
import static io.payhook.functions.FunctionsContract.REGION;
import static io.payhook.functions.FunctionsContract.REPLAY_TOLERANCE_SECONDS;
import static io.payhook.functions.FunctionsContract.SECRETS_TTL_SECONDS;
import static io.payhook.functions.FunctionsContract.SES_FROM;
import static io.payhook.functions.FunctionsContract.TABLE_NAME;
import static io.payhook.functions.FunctionsContract.TOPIC_ARN;

/**
 * The Lambda functions' configuration, read once from the environment the stack sets (the
 * variable names are {@link FunctionsContract}'s).
 *
 * @param region              AWS region (AWS_REGION, set by Lambda)
 * @param environment         PAYHOOK_ENV ({@code dev}, {@code prod}), or null off AWS: the {@code env} of every log line
 * @param tableName           PAYHOOK_TABLE_NAME
 * @param queueUrl            PAYHOOK_QUEUE_URL
 * @param topicArn            PAYHOOK_TOPIC_ARN (SNS confirmations)
 * @param kmsKeyArn           PAYHOOK_KMS_KEY_ARN (envelope encryption of personal data)
 * @param providerSecretsArn  PAYHOOK_PROVIDER_SECRETS_ARN (Secrets Manager JSON of provider secrets)
 * @param maxReceives         PAYHOOK_MAX_RECEIVES, receives before the DLQ (default 5)
 * @param notifier            PAYHOOK_NOTIFIER, {@code sns} (default) or {@code ses}
 * @param sesFrom             PAYHOOK_SES_FROM, the SES sender (SES notifier only)
 * @param replayTolerance     PAYHOOK_REPLAY_TOLERANCE_SECONDS (default 300)
 * @param maxBodyBytes        PAYHOOK_MAX_BODY_BYTES (default 262144)
 * @param secretsCacheTtl     PAYHOOK_SECRETS_TTL_SECONDS (default 300)
 * @param logLevel            PAYHOOK_LOG_LEVEL (default INFO)
 * @param squareNotificationUrl PAYHOOK_SQUARE_NOTIFICATION_URL, or null
 * @param customProviders     PAYHOOK_CUSTOM_PROVIDERS (the JSON itself), or null
 * @param merchantName        PAYHOOK_MERCHANT_NAME (default payhook)
 * @param locale              PAYHOOK_LOCALE (default en-GB)
 * @param addressKeyArn       PAYHOOK_ADDRESS_KEY_ARN, the HMAC key of the suppression list
 * @param opsTopicArn         PAYHOOK_OPS_TOPIC_ARN, the operations alerts topic (ingest, outbox, sender)
 * @param sesConfigurationSet PAYHOOK_SES_CONFIGURATION_SET, the configuration set of SES confirmations (SES notifier only)
 * @param merchants           PAYHOOK_MERCHANTS, the merchant label per provider (validated here: a wrong entry fails the
 *                            function's init, naming the variable and the entry); none when unset or empty
 * @param summaryTableName    PAYHOOK_SUMMARY_TABLE_NAME (projector, query)
 * @param cursorKeyArn        PAYHOOK_CURSOR_KEY_ARN, the HMAC key of paging cursors (query: search and audit)
 * @param customProviderNames PAYHOOK_CUSTOM_PROVIDER_NAMES, the custom providers' names (query); empty when unset
 * @param auditTableName      PAYHOOK_AUDIT_TABLE_NAME, the audit table (functions behind audited routes)
 * @param auditTtlDays        PAYHOOK_AUDIT_TTL_DAYS, days an audit record is kept, or 0 when unset (then the audit
 *                            table cannot be written: {@link #auditRetention()} names the variable)
 * @param replayMax           PAYHOOK_REPLAY_MAX, the most transactions one bulk re-notify job may match (default 1000)
 * @param dlqArn              PAYHOOK_DLQ_ARN, the notification dead-letter queue (notification-ops: redrives)
 * @param riskRules           PAYHOOK_RISK_RULES, the risk rules' JSON itself (risk; docs/RISK.md), or null: the defaults
 */
public record PayhookConfig(String region, String environment, String tableName, String queueUrl, String topicArn,
                            String kmsKeyArn, String providerSecretsArn, int maxReceives, Notifier notifier, String sesFrom,
                            Duration replayTolerance, int maxBodyBytes, Duration secretsCacheTtl, JsonLog.Level logLevel,
                            String squareNotificationUrl, String customProviders, String merchantName, Locale locale,
                            String addressKeyArn, String opsTopicArn, String sesConfigurationSet, MerchantLabels merchants,
                            String summaryTableName, String cursorKeyArn, java.util.List<String> customProviderNames,
                            String auditTableName, int auditTtlDays, int replayMax, String dlqArn, String riskRules) {

    /** The channel of customer confirmations ({@link FunctionsContract#NOTIFIER}). */
    public enum Notifier {
        SNS(FunctionsContract.NOTIFIER_SNS), SES(FunctionsContract.NOTIFIER_SES);

        public final String wire;

        Notifier(String wire) { this.wire = wire; }

        /** {@code sns} when unset; a value that is neither is refused, naming the variable. */
        static Notifier parse(String value) {
            if (value == null || value.isBlank()) return SNS;
            for (Notifier n : values()) if (n.wire.equals(value.trim())) return n;
            throw new IllegalArgumentException(NOTIFIER + " must be " + SNS.wire + " or " + SES.wire + ", got '" + value + "'");
        }
    }

    public PayhookConfig {
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(merchants, "merchants");
    }

    public static PayhookConfig fromEnvironment(Map<String, String> env) {
        return new PayhookConfig(
                env.getOrDefault(REGION, "us-east-1"),
                env.get(ENV),
                env.get(TABLE_NAME),
                env.get(QUEUE_URL),
                env.get(TOPIC_ARN),
                env.get(KMS_KEY_ARN),
                env.get(PROVIDER_SECRETS_ARN),
                intOr(env.get(MAX_RECEIVES), 5),
                Notifier.parse(env.get(NOTIFIER)),
                env.get(SES_FROM),
                Duration.ofSeconds(intOr(env.get(REPLAY_TOLERANCE_SECONDS), 300)),
                intOr(env.get(MAX_BODY_BYTES), 256 * 1024),
                Duration.ofSeconds(intOr(env.get(SECRETS_TTL_SECONDS), 300)),
                level(env.get(LOG_LEVEL)),
                env.get(FunctionsContract.SQUARE_NOTIFICATION_URL),
                env.get(FunctionsContract.CUSTOM_PROVIDERS),
                env.getOrDefault(FunctionsContract.MERCHANT_NAME, "payhook"),
                Locale.forLanguageTag(env.getOrDefault(FunctionsContract.LOCALE, "en-GB")),
                env.get(FunctionsContract.ADDRESS_KEY_ARN),
                env.get(FunctionsContract.OPS_TOPIC_ARN),
                env.get(FunctionsContract.SES_CONFIGURATION_SET),
                MerchantLabels.parse(FunctionsContract.MERCHANTS, env.get(FunctionsContract.MERCHANTS)),
                env.get(FunctionsContract.SUMMARY_TABLE_NAME),
                env.get(FunctionsContract.CURSOR_KEY_ARN),
                names(env.get(FunctionsContract.CUSTOM_PROVIDER_NAMES)),
                env.get(FunctionsContract.AUDIT_TABLE_NAME),
                intOr(env.get(FunctionsContract.AUDIT_TTL_DAYS), 0),
                intOr(env.get(FunctionsContract.REPLAY_MAX), io.payhook.core.usecase.ReplayNotifications.DEFAULT_MAX),
                env.get(FunctionsContract.DLQ_ARN),
                env.get(FunctionsContract.RISK_RULES));
    }

    /**
     * The risk screen's rules: PAYHOOK_RISK_RULES over the defaults, or the defaults when it is unset or blank. A file that
     * does not validate fails the function's init, naming the variable and the member.
     */
    public io.payhook.core.risk.RiskRules risk() {
        if (riskRules == null || riskRules.isBlank()) return io.payhook.core.risk.RiskRules.defaults();
        try {
            return io.payhook.core.risk.RiskRules.parse(riskRules.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (io.payhook.core.risk.RiskRulesException e) {
            throw new IllegalArgumentException(FunctionsContract.RISK_RULES + ": " + e.getMessage(), e);
        }
    }

    /** How long an audit record is kept; the stack always sets it where records are written. */
    public Duration auditRetention() {
        if (auditTtlDays < 1) throw new IllegalStateException(FunctionsContract.AUDIT_TTL_DAYS + " is not set (days, at least 1)");
        return Duration.ofDays(auditTtlDays);
    }

    private static java.util.List<String> names(String v) {
        if (v == null || v.isBlank()) return java.util.List.of();
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /** The value, or a clear error naming the missing variable (the function cannot work without it). */
    static String require(String value, String variable) {
        return Objects.requireNonNull(value, () -> variable + " is not set");
    }

    static int intOr(String v, int fallback) {
        if (v == null || v.isBlank()) return fallback;
        return Integer.parseInt(v.trim());
    }

    private static JsonLog.Level level(String v) {
        if (v == null || v.isBlank()) return JsonLog.Level.INFO;
        try {
            return JsonLog.Level.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LOG_LEVEL + " must be one of DEBUG, INFO, WARN, ERROR, OFF, got '" + v + "'");
        }
    }
}

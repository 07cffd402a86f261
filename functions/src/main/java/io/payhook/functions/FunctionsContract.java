package io.payhook.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * What the CDK stack ({@code infra/TapStack}) and the Lambda functions agree on, written once and
 * used by both: each function's handler, the environment variables the stack sets and the
 * functions read ({@link PayhookConfig}), and the partition the SnapStart primers query.
 * infra's template tests hold the stack to it: every function's environment is exactly
 * {@link #stackVariables(LambdaFunction, String)}, every handler names a class of this module.
 *
 * <p>Constants only, no imports beyond {@code java.*}: infra compiles against this class and
 * nothing else of the functions (no SDK, no Lambda library on the synth class path).
 */
public final class FunctionsContract {
    private FunctionsContract() {}

    // --- set by the stack on every function

    /** Environment name ({@code dev}, {@code prod}): the {@code env} field of every log line. */
    public static final String ENV = "PAYHOOK_ENV";
    /** The payment table ({@code payment_transactions-<env>}). */
    public static final String TABLE_NAME = "PAYHOOK_TABLE_NAME";
    /** The notification queue (the outbox sends to it, the sender's retry backoff changes visibility on it). */
    public static final String QUEUE_URL = "PAYHOOK_QUEUE_URL";
    /** The SNS topic of payment confirmations (the SNS notifier). */
    public static final String TOPIC_ARN = "PAYHOOK_TOPIC_ARN";
    /** The KMS field key that seals customer personal data (envelope encryption). */
    public static final String KMS_KEY_ARN = "PAYHOOK_KMS_KEY_ARN";
    /** The Secrets Manager secret holding the provider webhook secrets. */
    public static final String PROVIDER_SECRETS_ARN = "PAYHOOK_PROVIDER_SECRETS_ARN";
    /** Receives before the queue dead-letters a notification (the queue's {@code maxReceiveCount}). */
    public static final String MAX_RECEIVES = "PAYHOOK_MAX_RECEIVES";
    /** The channel of customer confirmations: {@link #NOTIFIER_SNS} or {@link #NOTIFIER_SES}. */
    public static final String NOTIFIER = "PAYHOOK_NOTIFIER";
    /** The verified SES sender address (the notification sender, with the SES notifier only). */
    public static final String SES_FROM = "PAYHOOK_SES_FROM";
    /** Read by the JVM itself: the stack's JIT flags. */
    public static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    public static final String NOTIFIER_SNS = "sns";
    public static final String NOTIFIER_SES = "ses";

    // --- set by the stack on the functions behind audited routes (query, notify-request, notification-ops)

    /** The audit table ({@code payment_audit-<env>}): every audited call's record is appended to it before the answer. */
    public static final String AUDIT_TABLE_NAME = "PAYHOOK_AUDIT_TABLE_NAME";
    /** Days an audit record is kept (its TTL): the environment's audit retention (EnvironmentConfig: dev 90, prod 400). */
    public static final String AUDIT_TTL_DAYS = "PAYHOOK_AUDIT_TTL_DAYS";

    // --- set by the stack on the notify-request function (bulk re-notify)

    /** The most transactions one bulk re-notify job may match (400 {@code replay_too_large} beyond; 1–2000, default 1000). */
    public static final String REPLAY_MAX = "PAYHOOK_REPLAY_MAX";
    // --- set by the stack on the notification-ops function only

    /** The notification queue's dead-letter queue: redrives move its messages back (SQS message move tasks). */
    public static final String DLQ_ARN = "PAYHOOK_DLQ_ARN";

    // --- set by the stack on the risk function only

    /**
     * The risk rules' JSON itself (docs/RISK.md), from the environment's configuration; {@code {}} — the defaults — unless
     * the environment names a rules file. The local system reads a file instead ({@code PAYHOOK_RISK_RULES_FILE}).
     */
    public static final String RISK_RULES = "PAYHOOK_RISK_RULES";

    // --- set by the stack on the ingest function only

    /**
     * The merchant label of each provider's events that name no merchant, {@code stripe=shop-eu,square=shop-us}
     * (ingest; from the environment's config, empty — no labels, every such event is {@code default} — unless set).
     */
    public static final String MERCHANTS = "PAYHOOK_MERCHANTS";

    // --- set by the stack on the functions that read or keep the summary projection

    /** The summary table ({@code payment_transaction_summaries-<env>}): the projector writes it, the query function searches it. */
    public static final String SUMMARY_TABLE_NAME = "PAYHOOK_SUMMARY_TABLE_NAME";
    /**
     * The HMAC KMS key of the paging cursors (core.paging.Cursors: GET /transactions, GET /audit; the query function, and
     * the notify-request function, whose bulk re-notify pages through the search).
     */
    public static final String CURSOR_KEY_ARN = "PAYHOOK_CURSOR_KEY_ARN";
    /**
     * The configured custom providers' names, comma-separated (query: an unfiltered search reads every provider's
     * partition; the names only, the providers' JSON stays with ingest). Set only when custom providers are configured.
     */
    public static final String CUSTOM_PROVIDER_NAMES = "PAYHOOK_CUSTOM_PROVIDER_NAMES";

    // --- read with a default when present; the stack sets none of them

    /** {@code DEBUG}, {@code INFO} (default), {@code WARN}, {@code ERROR}, {@code OFF}. */
    public static final String LOG_LEVEL = "PAYHOOK_LOG_LEVEL";
    /** The URL Square signs with each body, exactly as configured at Square (ingest; optional: Square fails closed without it). */
    public static final String SQUARE_NOTIFICATION_URL = "PAYHOOK_SQUARE_NOTIFICATION_URL";
    /** The custom providers' JSON (docs/providers/custom.md) itself, not a file name (ingest; optional). */
    public static final String CUSTOM_PROVIDERS = "PAYHOOK_CUSTOM_PROVIDERS";
    /** The name customers know the merchant by, in every confirmation (sender; default "payhook"). */
    public static final String MERCHANT_NAME = "PAYHOOK_MERCHANT_NAME";
    /** How confirmations write amounts and dates, a BCP 47 tag (sender; default en-GB). */
    public static final String LOCALE = "PAYHOOK_LOCALE";
    /** The HMAC KMS key of the suppression list's address hashes (sender, feedback). */
    public static final String ADDRESS_KEY_ARN = "PAYHOOK_ADDRESS_KEY_ARN";
    /** The SNS topic of operations alerts (ingest, outbox, sender, risk). */
    public static final String OPS_TOPIC_ARN = "PAYHOOK_OPS_TOPIC_ARN";
    /** The SES configuration set confirmations are sent with (its event destination publishes bounces and complaints). */
    public static final String SES_CONFIGURATION_SET = "PAYHOOK_SES_CONFIGURATION_SET";
    /** Replay window of provider signatures, seconds (default 300). */
    public static final String REPLAY_TOLERANCE_SECONDS = "PAYHOOK_REPLAY_TOLERANCE_SECONDS";
    /** Largest webhook body, bytes (default 262144). */
    public static final String MAX_BODY_BYTES = "PAYHOOK_MAX_BODY_BYTES";
    /** How long provider secrets are cached, seconds (default 300). */
    public static final String SECRETS_TTL_SECONDS = "PAYHOOK_SECRETS_TTL_SECONDS";

    // --- set by Lambda

    public static final String REGION = "AWS_REGION";
    /**
     * The X-Ray trace header as the process environment holds it: read once per JVM, so in Java it names no
     * particular invocation and is not read; the per-invocation header is {@link Invocation#TRACE_HEADER_PROPERTY}.
     */
    public static final String TRACE_ID = "_X_AMZN_TRACE_ID";

    /** The partition the SnapStart primers query; it never holds data, and ingest may read only it. */
    public static final String PRIMING_PROBE_ID = "payhook-priming-probe";

    /**
     * The variables the stack sets on function {@code f}: what it needs ({@link LambdaFunction#variables}) and the
     * optional ones it reads, nothing else (the query function learns no key, no topic, no secret name).
     *
     * @param notifier        {@link #NOTIFIER_SNS} or {@link #NOTIFIER_SES}: with SES the sender also gets
     *                        {@link #SES_FROM} and {@link #SES_CONFIGURATION_SET}
     * @param squareUrl       whether the environment configures Square's notification URL (ingest gets {@link #SQUARE_NOTIFICATION_URL})
     * @param customProviders whether the environment configures custom providers (ingest gets {@link #CUSTOM_PROVIDERS})
     */
    public static List<String> stackVariables(LambdaFunction f, String notifier, boolean squareUrl, boolean customProviders) {
        List<String> v = new ArrayList<>(f.variables(notifier));
        v.remove(JAVA_TOOL_OPTIONS);
        switch (f) {
            case INGEST -> {
                v.add(MERCHANTS);
                if (squareUrl) v.add(SQUARE_NOTIFICATION_URL);
                if (customProviders) v.add(CUSTOM_PROVIDERS);
            }
            // a search without a provider filter reads their partitions
            case QUERY, NOTIFY_REQUEST -> { if (customProviders) v.add(CUSTOM_PROVIDER_NAMES); }
            case NOTIFICATION_SENDER -> v.addAll(List.of(MERCHANT_NAME, LOCALE));
            default -> { }
        }
        v.add(JAVA_TOOL_OPTIONS);
        return List.copyOf(v);
    }

    /** Every variable the stack sets on some function with {@code notifier}, the optional ones included (no duplicates). */
    public static List<String> stackVariables(String notifier) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (LambdaFunction f : LambdaFunction.values()) all.addAll(stackVariables(f, notifier, true, true));
        return List.copyOf(all);
    }

    /** The functions: their short name (in resource names) and handler. */
    public enum LambdaFunction {
        INGEST("ingest", "IngestHandler"),
        QUERY("query", "QueryHandler"),
        NOTIFY_REQUEST("notify-request", "NotifyRequestHandler"),
        OUTBOX("outbox", "OutboxStreamHandler"),
        NOTIFICATION_SENDER("notification-sender", "NotificationSenderHandler"),
        /** The table's stream → the search projection (the summary table). */
        PROJECTOR("projector", "ProjectorStreamHandler"),
        /** SES bounce and complaint events, through the configuration set's topic. */
        FEEDBACK("feedback", "FeedbackHandler"),
        /** {@code GET /health}: reachability of the table (the probe partition) and the notification queue. */
        HEALTH("health", "HealthHandler"),
        /** {@code GET /notifications}, {@code POST|GET /notifications/redrive}: the operator's failures page. */
        NOTIFICATION_OPS("notification-ops", "NotificationOpsHandler"),
        /** The table's stream → the risk screen: each payment's level, score and reasons, high ones alerted. */
        RISK("risk", "RiskStreamHandler");

        /** As in {@code payhook-<shortName>-<env>}. */
        public final String shortName;
        /** Fully qualified name of the handler class. */
        public final String handlerClass;

        LambdaFunction(String shortName, String simpleClassName) {
            this.shortName = shortName;
            this.handlerClass = "io.payhook.functions." + simpleClassName;
        }

        /** The Lambda handler string, {@code class::method}. */
        public String handler() { return handlerClass + "::handleRequest"; }

        /**
         * The variables this function needs set (its init fails naming the first one missing), with
         * {@code notifier} ({@link #NOTIFIER_SNS} or {@link #NOTIFIER_SES}); {@link #JAVA_TOOL_OPTIONS} on every
         * one. The optional ones with defaults (log level, merchant name, locale, replay window, body limit,
         * secrets TTL, Square URL, custom providers) are not listed.
         */
        public List<String> variables(String notifier) {
            List<String> v = new ArrayList<>(List.of(ENV, TABLE_NAME));
            switch (this) {
                case INGEST -> v.addAll(List.of(KMS_KEY_ARN, PROVIDER_SECRETS_ARN, OPS_TOPIC_ARN));
                // search (the summaries, the cursor key) and the audit trail (the table, its retention)
                case QUERY -> v.addAll(List.of(SUMMARY_TABLE_NAME, CURSOR_KEY_ARN, AUDIT_TABLE_NAME, AUDIT_TTL_DAYS));
                // the audit trail, and bulk re-notify: its search (the summaries, the cursor key) and its cap
                case NOTIFY_REQUEST -> v.addAll(List.of(AUDIT_TABLE_NAME, AUDIT_TTL_DAYS, SUMMARY_TABLE_NAME, CURSOR_KEY_ARN, REPLAY_MAX));
                case PROJECTOR -> v.add(SUMMARY_TABLE_NAME);
                case OUTBOX -> v.addAll(List.of(QUEUE_URL, OPS_TOPIC_ARN));
                case NOTIFICATION_SENDER -> {
                    v.addAll(List.of(QUEUE_URL, TOPIC_ARN, KMS_KEY_ARN, ADDRESS_KEY_ARN, OPS_TOPIC_ARN, MAX_RECEIVES, NOTIFIER));
                    if (NOTIFIER_SES.equals(notifier)) v.addAll(List.of(SES_FROM, SES_CONFIGURATION_SET));
                }
                case FEEDBACK -> v.add(ADDRESS_KEY_ARN);
                case HEALTH -> v.add(QUEUE_URL);
                // the index of notifications by status, the DLQ's move tasks, the audit trail
                case NOTIFICATION_OPS -> v.addAll(List.of(DLQ_ARN, AUDIT_TABLE_NAME, AUDIT_TTL_DAYS));
                // the table (transactions, velocity facts, findings), the operations topic (high risk), the rules
                case RISK -> v.addAll(List.of(OPS_TOPIC_ARN, RISK_RULES));
            }
            v.add(JAVA_TOOL_OPTIONS);
            return List.copyOf(v);
        }
    }
}

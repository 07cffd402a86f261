package io.payhook.infra;

import io.payhook.functions.FunctionsContract;
import io.payhook.functions.FunctionsContract.LambdaFunction;
import io.payhook.core.webhook.Providers;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestination;
import software.amazon.awscdk.services.ses.ConfigurationSetTlsPolicy;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.ses.SuppressionReasons;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscriptionProps;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.EncryptedPermissionsOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole of payhook in AWS (SPEC §6): API Gateway (IAM) → Lambda → DynamoDB (stream = outbox)
 * → SQS → Lambda → SES to the customer (and SNS to the confirmation topic's subscribers), SES bounces and
 * complaints → SNS → the feedback function, operations alerts → SNS, customer-managed KMS keys for every
 * store, alarms and a dashboard. Names are suffixed with the environment; everything that differs per
 * environment comes from {@link EnvironmentConfig}.
 *
 * <p>Four keys: the <em>storage key</em> encrypts the stores (table, queues, topics, log groups, secret); the
 * <em>field key</em> seals customer personal data inside items (envelope encryption by the functions) — only
 * ingest may seal and only the notification sender may open, so a function that merely reads the table
 * cannot read an email address; the <em>function key</em> encrypts the functions' environment variables and
 * SnapStart snapshots; the <em>address key</em> (HMAC) hashes suppressed addresses.
 *
 * <p>Permissions come from grant calls with the actions each function's code actually calls
 * (see the table in docs/DEPLOY.md); no action wildcard, and {@code Resource: *} only where X-Ray
 * needs it. Scan is denied to every function.
 */
public final class TapStack extends Stack {
    /** Receives of a notification message before it is dead-lettered (and {@code PAYHOOK_MAX_RECEIVES}). */
    public static final int MAX_RECEIVES = 5;
    /** The most transactions one bulk re-notify job may match (PAYHOOK_REPLAY_MAX; 400 replay_too_large beyond). */
    public static final int REPLAY_MAX = 1000;
    /** The partitions of bulk re-notify jobs in the payments table ({@code replay#<job id>}): the only items the outbox updates. */
    static final String REPLAY_JOB_PARTITIONS = "replay#*";
    public static final Duration FUNCTION_TIMEOUT = Duration.seconds(30);
    /** SQS visibility timeout: 6× the function timeout, as AWS recommends for SQS event sources. */
    public static final Duration VISIBILITY_TIMEOUT = Duration.seconds(FUNCTION_TIMEOUT.toSeconds().intValue() * 6);
    /** Age of the oldest notification message that raises an alarm, seconds. */
    public static final int OLDEST_MESSAGE_ALARM_SECONDS = 300;
    /** Retries of a failing stream batch (bisected each time) before it goes to the failure queue. */
    public static final int STREAM_RETRY_ATTEMPTS = 10;

    /** Reserved concurrency of the health, feedback and notification-ops functions: the environment's, at most this. */
    public static final int AUX_MAX_CONCURRENCY = 10;
    /** Lambda's limit on a function's environment variables, measured as their JSON (bytes). */
    static final int LAMBDA_ENVIRONMENT_LIMIT = 4096;
    /** What a value CloudFormation fills in at deployment (an ARN, a URL) counts for in that measure. */
    static final int TOKEN_VALUE_BOUND = 160;
    /** The table's TTL attribute (epoch seconds; aws/PaymentTable.EXPIRES_AT). */
    static final String TTL_ATTRIBUTE = "expires_at";
    /**
     * The provider-secrets JSON CloudFormation generates first: every built-in provider's key with an empty list
     * (paypal's list holds webhook ids). Changing it makes CloudFormation generate the value again (docs/DEPLOY.md).
     */
    static final String SECRETS_TEMPLATE = "{\"stripe\":[],\"adyen\":[],\"standard_webhooks\":[],\"generic\":[],\"square\":[],"
            + "\"razorpay\":[],\"checkout\":[],\"gocardless\":[],\"paddle\":[],\"paypal\":[]}";
    /** Partitions of the suppression list (aws/DynamoDbSuppressionList: address#&lt;keyed hash&gt;) and of alert windows (alert#...). */
    static final String SUPPRESSION_PARTITIONS = "address#*";
    static final String ALERT_PARTITIONS = "alert#*";
    /** The risk screen's facts per customer (aws/DynamoDbRiskStore: velocity#&lt;provider&gt;#&lt;customer id&gt;). */
    static final String VELOCITY_PARTITIONS = "velocity#*";
    /**
     * What the risk function's PutItem writes (aws/ItemMapper's risk item, aws/DynamoDbRiskStore's failure markers,
     * aws/DynamoDbAlertLedger's windows), keys included: never an event's or a notification's attributes.
     */
    static final List<String> RISK_ATTRIBUTES = List.of("transaction_id", "timestamp", "kind", "risk_level", "risk_score",
            "risk_reasons", "risk_version", "screened_at", "payment_id", "expires_at");
    /** What the feedback function's UpdateItem touches (aws/DynamoDbTransactionStore.recordNotificationFeedback), keys included. */
    static final List<String> FEEDBACK_ATTRIBUTES = List.of("transaction_id", "timestamp", "status", "notification_state", "detail", "updated_at");
    /** The index of notifications by status (aws/PaymentTable.BY_NOTIFICATION_STATUS): the failures page lists from it. */
    static final String BY_NOTIFICATION_STATUS = "by_notification_status";
    /**
     * A redrive: SQS's message move task from the notification DLQ back to its source queue, and what
     * StartMessageMoveTask needs of its caller on the DLQ (AWS, "Amazon SQS API permissions"); SendMessage on the
     * destination and the queues' key actions are granted beside it.
     */
    static final List<String> REDRIVE_ON_DLQ = List.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks",
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    /** The audit table's principal index (aws/AuditTable.BY_PRINCIPAL). */
    static final String AUDIT_BY_PRINCIPAL = "by_principal";
    /** Counted from the functions' log line functions/AuditedRoutes.WRITE_FAILED: calls answered 503 audit_unavailable. */
    static final String AUDIT_WRITE_FAILURES = "AuditWriteFailures";
    /**
     * What no function may do to the audit table, whatever a later grant allows: records are appended (conditional
     * PutItem) and read (Query), never changed, deleted or scanned.
     */
    static final List<String> AUDIT_DENIED = List.of("dynamodb:Scan", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:DeleteTable",
            "dynamodb:UpdateTimeToLive");

    // The business metrics the functions write as CloudWatch EMF (issue 16): namespace, names, dimension values.
    static final String NAMESPACE = "Payhook";
    static final String WEBHOOKS_RECEIVED = "WebhooksReceived";
    static final String WEBHOOKS_REFUSED = "WebhooksRefused";
    static final String NOTIFICATIONS = "Notifications";
    static final String INGEST_LATENCY = "IngestLatency";
    /** Counted by the risk function when a payment's risk becomes high (functions/EmfMetrics, no dimension). */
    static final String RISK_HIGH = "RiskHigh";
    static final String REFUSED = "refused";
    static final String SIGNATURE_INVALID = "signature_invalid";
    static final String PROVIDER_NOT_CONFIGURED = "provider_not_configured";
    /** The channels a notification outcome is counted under (Notifier.channel()). */
    static final List<String> CHANNELS = List.of("ses", "sns");

    // What the store adapter (aws/DynamoDbTransactionStore) calls: load = Query, loadAll = PartiQL
    // SELECT … WHERE transaction_id IN […], append and createNotification = conditional PutItem,
    // claimNotification and recordNotificationOutcome = UpdateItem. Nothing deletes.
    private static final String QUERY = "dynamodb:Query";
    /** The projector's iterator age over which search counts as behind (ms). */
    static final double PROJECTOR_MAX_AGE_MS = 60_000;
    private static final String PARTIQL_SELECT = "dynamodb:PartiQLSelect";
    private static final String GET = "dynamodb:GetItem";
    private static final String PUT = "dynamodb:PutItem";
    private static final String UPDATE = "dynamodb:UpdateItem";
    private static final String SCAN = "dynamodb:Scan";
    // What DynamoDB needs of the caller on the table's customer-managed key (CDK's table grants, without wildcards).
    private static final String[] TABLE_KEY_READ = {"kms:Decrypt", "kms:DescribeKey"};
    private static final String[] TABLE_KEY_WRITE = {"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
            "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"};
    // A producer to an SSE-KMS queue or topic needs these two on its key.
    private static final List<String> PRODUCER_KEY = List.of("kms:GenerateDataKey", "kms:Decrypt");
    private static final List<String> SQS_SEND = List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");

    private final EnvironmentConfig cfg;
    private final String env;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Integer> concurrency = new LinkedHashMap<>();
    private final Map<String, LogGroup> logGroups = new LinkedHashMap<>();

    public TapStack(Construct scope, String id, StackProps props, EnvironmentConfig cfg, Code code) {
        super(scope, id, props);
        this.cfg = cfg;
        this.env = cfg.name();
        CustomProvidersFile custom = cfg.webhooks().customProvidersFile() == null ? null
                : CustomProvidersFile.load(PayhookApp.repoRoot(), cfg.webhooks().customProvidersFile());

        // --- keys
        Key storageKey = Key.Builder.create(this, "StorageKey")
                .alias("alias/payhook-" + env)
                .description("payhook " + env + ": encryption at rest of the table, queues, topics, log groups and provider secrets")
                .enableKeyRotation(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        // SNS (→ encrypted subscription DLQs), SQS, CloudWatch alarms (→ encrypted alarm topic) and, with SES, SES event
        // publishing (→ encrypted feedback topic) on behalf of this account only. (CloudWatch Logs: below, with the API.)
        List<IPrincipal> services = new ArrayList<>(List.of(new ServicePrincipal("sns.amazonaws.com"),
                new ServicePrincipal("sqs.amazonaws.com"), new ServicePrincipal("cloudwatch.amazonaws.com")));
        if (cfg.ses()) services.add(new ServicePrincipal("ses.amazonaws.com"));
        storageKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AwsServicesForThisAccount")
                .principals(services)
                .actions(PRODUCER_KEY)
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        Key fieldKey = Key.Builder.create(this, "FieldKey")
                .alias("alias/payhook-" + env + "-fields")
                .description("payhook " + env + ": envelope encryption of customer personal data inside items (AWS Encryption SDK)")
                .enableKeyRotation(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        // Lambda encrypts each function's environment variables and its SnapStart snapshots with the function's KMS
        // key (FunctionConfiguration.KMSKeyArn); Lambda uses it through grants it creates, the roles need nothing on it.
        Key functionKey = Key.Builder.create(this, "FunctionKey")
                .alias("alias/payhook-" + env + "-functions")
                .description("payhook " + env + ": the functions' environment variables and SnapStart snapshots (Lambda KMSKeyArn)")
                .enableKeyRotation(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        // The suppression list's address hashes: HMAC-SHA256 inside KMS (GenerateMac), the secret never leaves KMS.
        // HMAC keys cannot rotate automatically (a new key would change every hash: docs/SECURITY.md).
        Key addressKey = hmacKey("AddressKey", "address", "keyed hashes (HMAC-SHA256) of suppressed email addresses");
        // Paging cursors (search and GET /audit): HMAC-SHA256 inside KMS (GenerateMac), a key of their own (a cursor MAC can never stand in for an
        // address hash); not rotatable either — a new key only makes the cursors given out before it invalid_cursor.
        Key cursorKey = hmacKey("CursorKey", "cursor", "MACs (HMAC-SHA256) of search paging cursors");

        // --- the table: one item per event, one per notification, suppressed addresses and alert windows; its stream is the outbox
        Table table = Table.Builder.create(this, "Transactions")
                .tableName("payment_transactions-" + env)
                .partitionKey(Attribute.builder().name("transaction_id").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("timestamp").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(cfg.pointInTimeRecovery()).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(storageKey)
                .stream(StreamViewType.NEW_IMAGE)
                .timeToLiveAttribute(TTL_ATTRIBUTE) // alert windows (aws/DynamoDbAlertLedger) expire by themselves
                .deletionProtection(cfg.isProd())
                .removalPolicy(cfg.removalPolicy())
                .build();
        // --- the archive (docs/ARCHIVE.md): batched gzip JSON Lines objects under transactions/v1/, the stack's key with a
        // bucket key, versioned, private, TLS only, cold after 30 days, expired per environment, kept in prod. Its writer
        // (the archiver function) is not deployed yet: until it is, no function writes expires_at (nothing expires).
        Bucket archive = Bucket.Builder.create(this, "Archive")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(storageKey)
                .bucketKeyEnabled(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("cold-then-expire").prefix("transactions/")
                        .transitions(List.of(Transition.builder().storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                                .transitionAfter(Duration.days(EnvironmentConfig.ARCHIVE_COLD_AFTER_DAYS)).build()))
                        .expiration(Duration.days(cfg.archiveRetentionDays()))
                        .noncurrentVersionExpiration(Duration.days(EnvironmentConfig.ARCHIVE_COLD_AFTER_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(cfg.removalPolicy())
                .build();
        Nag.archive(archive);
        output("ArchiveBucketName", archive.getBucketName(), "The archive of expired transactions (docs/ARCHIVE.md)");

        // sparse: only notifications that are open (QUEUED, FAILED) or a problem (SUPPRESSED, BOUNCED, COMPLAINED) carry
        // notification_state (aws/PaymentTable.BY_NOTIFICATION_STATUS), so listing them reads what is in a status, never the table
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(BY_NOTIFICATION_STATUS)
                .partitionKey(Attribute.builder().name("notification_state").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("requested_at").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());

        // --- the summary table: one item per transaction, the search projection (written by the projector only); its
        // indexes are core's SearchPlan.Index, the same ones aws/SummaryTable creates locally
        Table summaries = Table.Builder.create(this, "Summaries")
                .tableName("payment_transaction_summaries-" + env)
                .partitionKey(Attribute.builder().name("transaction_id").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(cfg.pointInTimeRecovery()).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(storageKey)
                .deletionProtection(cfg.isProd())
                .removalPolicy(cfg.removalPolicy())
                .build();
        for (io.payhook.core.search.SearchPlan.Index ix : io.payhook.core.search.SearchPlan.Index.values()) {
            summaries.addGlobalSecondaryIndex(software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps.builder()
                    .indexName(ix.indexName())
                    .partitionKey(Attribute.builder().name(ix.partitionAttribute()).type(AttributeType.STRING).build())
                    .sortKey(Attribute.builder().name(ix.sortAttribute()).type(AttributeType.STRING).build())
                    .projectionType(software.amazon.awscdk.services.dynamodb.ProjectionType.ALL)
                    .build());
        }

        // --- the audit trail (PCI DSS 10.2): one record per audited call, appended before the answer (aws/AuditTable);
        // records expire after the environment's audit retention (EnvironmentConfig.auditRetentionDays); no stream
        Table audit = Table.Builder.create(this, "Audit")
                .tableName("payment_audit-" + env)
                .partitionKey(Attribute.builder().name("target").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("at_request").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(cfg.pointInTimeRecovery()).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(storageKey)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .deletionProtection(cfg.isProd())
                .removalPolicy(cfg.removalPolicy())
                .build();
        audit.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(AUDIT_BY_PRINCIPAL)
                .partitionKey(Attribute.builder().name("principal").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("at_request").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL).build());

        // --- queues: notifications (+ DLQ), failed stream batches, undeliverable subscription messages, failed feedback
        Queue dlq = queue("NotificationDlq", "payhook-notifications-dlq-" + env, storageKey).build();
        Queue queue = queue("NotificationQueue", "payhook-notifications-" + env, storageKey)
                .receiveMessageWaitTime(Duration.seconds(20))
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(MAX_RECEIVES).build())
                .build();
        Queue streamFailures = queue("OutboxFailures", "payhook-outbox-failures-" + env, storageKey).build();
        Queue subscriptionDlq = queue("SubscriptionDlq", "payhook-subscriptions-dlq-" + env, storageKey).build();
        // stream batches the projector gave up on (their transactions' summaries may be behind until their next event)
        Queue projectorFailures = queue("ProjectorFailures", "payhook-projector-failures-" + env, storageKey).build();
        // stream batches the risk screen gave up on (their payments are not screened until their next event)
        Queue riskFailures = queue("RiskFailures", "payhook-risk-failures-" + env, storageKey).build();
        List<Queue> deadLetterQueues = new ArrayList<>(List.of(dlq, streamFailures, subscriptionDlq, projectorFailures, riskFailures));
        Queue feedbackDlq = null;
        if (cfg.ses()) {
            // SES events the feedback function could not record (subscription delivery failed, or the function failed 3 times)
            feedbackDlq = queue("FeedbackDlq", "payhook-feedback-dlq-" + env, storageKey).build();
            deadLetterQueues.add(feedbackDlq);
        }

        // --- topics: customer confirmations, alarms, operations alerts (and SES feedback)
        EmailSubscriptionProps emailProps = EmailSubscriptionProps.builder().deadLetterQueue(subscriptionDlq).build();
        Topic confirmations = topic("Confirmations", "payhook-confirmations-" + env, "payhook payment confirmations", storageKey);
        cfg.confirmationEmails().forEach(e -> confirmations.addSubscription(new EmailSubscription(e, emailProps)));
        Topic alarms = topic("Alarms", "payhook-alarms-" + env, "payhook " + env + " alarms", storageKey);
        if (cfg.alarmEmail() != null) alarms.addSubscription(new EmailSubscription(cfg.alarmEmail(), emailProps));
        // alerts that name the payment (dead-lettered notification, dispute, provider not configured), no personal data
        Topic ops = topic("Operations", "payhook-ops-" + env, "payhook " + env + " operations alerts", storageKey);
        if (cfg.opsEmail() != null) ops.addSubscription(new EmailSubscription(cfg.opsEmail(), emailProps));

        // --- provider webhook secrets: the values are put in after deployment, never in the template.
        // CloudFormation generates the initial value: the JSON template with an empty list per provider plus one random
        // "placeholder" field, which the functions ignore (docs/DEPLOY.md shows how to set real secrets). A CHANGE of this
        // template makes CloudFormation generate the value again — the real secrets are replaced by empty lists until they
        // are put back (docs/DEPLOY.md, "Upgrading"); custom providers' keys are therefore not part of it.
        Secret providerSecrets = Secret.Builder.create(this, "ProviderSecrets")
                .secretName("payhook/provider-secrets-" + env)
                .description("payhook " + env + " provider webhook secrets: {\"<provider>\":[\"<secret>\",...],...} (paypal: webhook ids); docs/DEPLOY.md")
                .encryptionKey(storageKey)
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate(SECRETS_TEMPLATE)
                        .generateStringKey("placeholder").excludePunctuation(true).build())
                .removalPolicy(cfg.removalPolicy())
                .build();

        // --- SES: configuration set (reputation metrics, TLS required, SES's suppression list for bounces and complaints),
        // its event destination (bounces and complaints → the feedback topic), and the sender identity
        Topic feedbackTopic = null;
        String configurationSetName = null;
        String sesIdentityArn = null;
        if (cfg.ses()) {
            configurationSetName = "payhook-" + env;
            ConfigurationSet configurationSet = ConfigurationSet.Builder.create(this, "SesConfigurationSet")
                    .configurationSetName(configurationSetName)
                    .reputationMetrics(true)
                    .sendingEnabled(true)
                    .tlsPolicy(ConfigurationSetTlsPolicy.REQUIRE)
                    .suppressionReasons(SuppressionReasons.BOUNCES_AND_COMPLAINTS)
                    .build();
            feedbackTopic = topic("SesFeedback", "payhook-ses-feedback-" + env, "payhook " + env + " SES bounces and complaints", storageKey);
            // the construct adds the topic policy: ses.amazonaws.com may publish, for this account and configuration set only
            ConfigurationSetEventDestination.Builder.create(this, "SesFeedbackDestination")
                    .configurationSet(configurationSet)
                    .configurationSetEventDestinationName("payhook-" + env + "-feedback")
                    .destination(EventDestination.snsTopic(feedbackTopic))
                    .events(List.of(EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT))
                    .build();
            EnvironmentConfig.Email email = cfg.email();
            if (email.createSesIdentity()) {
                EmailIdentity identity = EmailIdentity.Builder.create(this, "SesIdentity")
                        .identity(email.domainIdentity() ? Identity.domain(email.sesIdentity()) : Identity.email(email.sesIdentity()))
                        .configurationSet(configurationSet) // its default: a send that names no configuration set still uses it
                        .build();
                sesIdentityArn = identity.getEmailIdentityArn();
                if (email.domainIdentity()) {
                    output("SesDkimRecord1", identity.getDkimDnsTokenName1() + " CNAME " + identity.getDkimDnsTokenValue1(), "DKIM record 1 of the SES domain identity (publish in DNS)");
                    output("SesDkimRecord2", identity.getDkimDnsTokenName2() + " CNAME " + identity.getDkimDnsTokenValue2(), "DKIM record 2 of the SES domain identity (publish in DNS)");
                    output("SesDkimRecord3", identity.getDkimDnsTokenName3() + " CNAME " + identity.getDkimDnsTokenValue3(), "DKIM record 3 of the SES domain identity (publish in DNS)");
                }
            } else {
                sesIdentityArn = sesArn("identity", email.sesIdentity());
            }
            output("SesSenderIdentityArn", sesIdentityArn, "SES sending identity");
            output("SesConfigurationSetName", configurationSetName, "SES configuration set of the confirmations");
            output("FeedbackTopicArn", feedbackTopic.getTopicArn(), "SNS topic of SES bounces and complaints");
        }

        // --- functions: the variables each reads (FunctionsContract.stackVariables, read by functions/PayhookConfig)
        Map<String, String> values = new TreeMap<>();
        values.put(FunctionsContract.ENV, env);
        values.put(FunctionsContract.TABLE_NAME, table.getTableName());
        values.put(FunctionsContract.QUEUE_URL, queue.getQueueUrl());
        values.put(FunctionsContract.TOPIC_ARN, confirmations.getTopicArn());
        values.put(FunctionsContract.KMS_KEY_ARN, fieldKey.getKeyArn());
        values.put(FunctionsContract.PROVIDER_SECRETS_ARN, providerSecrets.getSecretArn());
        values.put(FunctionsContract.MAX_RECEIVES, Integer.toString(MAX_RECEIVES));
        values.put(FunctionsContract.REPLAY_MAX, Integer.toString(REPLAY_MAX));
        values.put(FunctionsContract.NOTIFIER, cfg.email().notifier().wire());
        values.put(FunctionsContract.ADDRESS_KEY_ARN, addressKey.getKeyArn());
        values.put(FunctionsContract.SUMMARY_TABLE_NAME, summaries.getTableName());
        values.put(FunctionsContract.CURSOR_KEY_ARN, cursorKey.getKeyArn());
        values.put(FunctionsContract.MERCHANT_NAME, cfg.email().merchantName());
        values.put(FunctionsContract.LOCALE, cfg.email().locale());
        values.put(FunctionsContract.OPS_TOPIC_ARN, ops.getTopicArn());
        values.put(FunctionsContract.JAVA_TOOL_OPTIONS, "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        if (cfg.ses()) {
            values.put(FunctionsContract.SES_FROM, cfg.email().sesFrom());
            values.put(FunctionsContract.SES_CONFIGURATION_SET, configurationSetName);
        }
        if (cfg.webhooks().squareNotificationUrl() != null) values.put(FunctionsContract.SQUARE_NOTIFICATION_URL, cfg.webhooks().squareNotificationUrl());
        if (custom != null) values.put(FunctionsContract.CUSTOM_PROVIDERS, custom.json());
        if (custom != null) values.put(FunctionsContract.CUSTOM_PROVIDER_NAMES, String.join(",", custom.names()));
        // the merchant of events that name none (PAYHOOK_MERCHANTS, empty unless configured; ingest alone reads it)
        values.put(FunctionsContract.MERCHANTS, cfg.webhooks().merchants());
        values.put(FunctionsContract.AUDIT_TABLE_NAME, audit.getTableName());
        values.put(FunctionsContract.AUDIT_TTL_DAYS, Integer.toString(cfg.auditRetentionDays()));
        values.put(FunctionsContract.DLQ_ARN, dlq.getQueueArn());
        // the risk rules (validated here: a wrong file fails the synth, not the risk function's start)
        values.put(FunctionsContract.RISK_RULES, RiskRulesFile.load(PayhookApp.repoRoot(), cfg.riskRulesFile()).json());
        Fn fns = new Fn(code, storageKey, functionKey, values, custom);

        Alias ingest = fns.add(LambdaFunction.INGEST, cfg.reservedConcurrency(), null);
        Alias query = fns.add(LambdaFunction.QUERY, cfg.reservedConcurrency(), null);
        Alias notifyRequest = fns.add(LambdaFunction.NOTIFY_REQUEST, cfg.reservedConcurrency(), null);
        Alias outbox = fns.add(LambdaFunction.OUTBOX, cfg.reservedConcurrency(), null);
        Alias sender = fns.add(LambdaFunction.NOTIFICATION_SENDER, cfg.reservedConcurrency(), null);
        Alias projector = fns.add(LambdaFunction.PROJECTOR, cfg.reservedConcurrency(), null);
        Alias health = fns.add(LambdaFunction.HEALTH, Math.min(cfg.reservedConcurrency(), AUX_MAX_CONCURRENCY), null);
        Alias feedback = cfg.ses() ? fns.add(LambdaFunction.FEEDBACK, Math.min(cfg.reservedConcurrency(), AUX_MAX_CONCURRENCY), feedbackDlq) : null;
        Alias notificationOps = fns.add(LambdaFunction.NOTIFICATION_OPS, Math.min(cfg.reservedConcurrency(), AUX_MAX_CONCURRENCY), null);
        Alias risk = fns.add(LambdaFunction.RISK, cfg.reservedConcurrency(), null);

        // --- least privilege, through grants
        // Every function: no Scan of the table, whatever else a later grant allows (SPEC §6).
        for (Function fn : functions.values()) {
            fn.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.DENY).actions(List.of(SCAN))
                    .resources(List.of(table.getTableArn(), summaries.getTableArn(), summaries.getTableArn() + "/index/*")).build());
            // the audit trail is append-only for every function (and never scanned)
            fn.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.DENY).actions(AUDIT_DENIED)
                    .resources(List.of(audit.getTableArn(), audit.getTableArn() + "/index/*")).build());
        }
        // the routes' audit records: query (GET /transactions/{id}, GET /audit) and notify-request append them
        // (conditional PutItem, nothing else); the query function also reads the trail (Query of the table and of
        // the principal index) and signs its cursors (the cursor key's grant: below, with search)
        for (Alias fn : List.of(query, notifyRequest, notificationOps)) {
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(fn)
                    .actions(List.of(PUT)).resourceArns(List.of(audit.getTableArn())).build());
            storageKey.grant(fn, TABLE_KEY_WRITE);
        }
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(query)
                .actions(List.of(QUERY)).resourceArns(List.of(audit.getTableArn(), audit.getTableArn() + "/index/" + AUDIT_BY_PRINCIPAL)).build());
        // ingest: append events (conditional PutItem: also alert windows), seal the customer email, read the provider
        // secrets, raise alerts; its SnapStart primer queries one probe partition that never holds data, and nothing else.
        tableAccess(table, storageKey, ingest, TABLE_KEY_WRITE, PUT);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(ingest)
                .actions(List.of(QUERY)).resourceArns(List.of(table.getTableArn()))
                .conditions(leadingKeys("ForAllValues:StringEquals", FunctionsContract.PRIMING_PROBE_ID))
                .build());
        fieldKey.grant(ingest, "kms:GenerateDataKey");
        providerSecrets.grantRead(ingest);
        publish(ops, ingest);
        // query: read only; search: Query on the summary table's indexes, cursors MAC'd by the cursor key (GenerateMac:
        // a cursor is checked by computing its MAC again, so VerifyMac is not needed)
        tableAccess(table, storageKey, query, TABLE_KEY_READ, QUERY, GET);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(query)
                .actions(List.of(QUERY)).resourceArns(List.of(summaries.getTableArn() + "/index/*")).build());
        cursorKey.grant(query, "kms:GenerateMac");
        // notify-request: read the transaction, put a notification request; bulk re-notify: search like the query
        // function (the summary indexes, cursors MAC'd while it pages), put the job (GetItem: its progress)
        tableAccess(table, storageKey, notifyRequest, TABLE_KEY_WRITE, QUERY, GET, PUT);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(notifyRequest)
                .actions(List.of(QUERY)).resourceArns(List.of(summaries.getTableArn() + "/index/*")).build());
        cursorKey.grant(notifyRequest, "kms:GenerateMac");
        // outbox: read + put notification requests (and alert windows), send to the queue, raise dispute alerts
        // (stream read: below, with the mapping)
        tableAccess(table, storageKey, outbox, TABLE_KEY_WRITE, QUERY, PARTIQL_SELECT, GET, PUT);
        // its PartiQL reads name partition keys; a statement that would scan the table is refused
        outbox.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.DENY).actions(List.of(PARTIQL_SELECT))
                .resources(List.of(table.getTableArn()))
                .conditions(Map.of("Bool", Map.of("dynamodb:FullTableScan", "true"))).build());
        queue.getGrants().actions(outbox, SQS_SEND, EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
        publish(ops, outbox);
        // the steps of bulk re-notify jobs: a job's position moves on (UpdateItem of job partitions only)
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(outbox)
                .actions(List.of(UPDATE)).resourceArns(List.of(table.getTableArn()))
                .conditions(leadingKeys("ForAllValues:StringLike", REPLAY_JOB_PARTITIONS))
                .build());
        // sender: read (GetItem also of the suppression list), record the outcome, open the email, hash the address,
        // publish to the confirmation topic, raise dead-letter alerts (their windows: PutItem on alert partitions only);
        // consuming the queue (incl. ChangeMessageVisibility for the retry backoff) is granted by the event source
        tableAccess(table, storageKey, sender, TABLE_KEY_WRITE, QUERY, GET, UPDATE);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(sender)
                .actions(List.of(PUT)).resourceArns(List.of(table.getTableArn()))
                .conditions(leadingKeys("ForAllValues:StringLike", ALERT_PARTITIONS))
                .build());
        fieldKey.grant(sender, "kms:Decrypt");
        addressKey.grant(sender, "kms:GenerateMac");
        confirmations.getGrants().actions(sender, List.of("sns:Publish"), EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
        publish(ops, sender);
        if (cfg.ses()) {
            // SESv2 SendEmail authorises the identity and the configuration set: exactly these two, from the configured address only
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(sender)
                    .actions(List.of("ses:SendEmail"))
                    .resourceArns(List.of(sesIdentityArn, sesArn("configuration-set", configurationSetName)))
                    .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", cfg.email().sesFrom())))
                    .build());
            // feedback: mark the notification BOUNCED/COMPLAINED (UpdateItem of status, detail, updated_at — the attributes
            // DynamoDbTransactionStore.recordNotificationFeedback names, keys included), suppress the address (conditional
            // PutItem) and read it (GetItem) in address partitions only, hash the address
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(feedback)
                    .actions(List.of(UPDATE)).resourceArns(List.of(table.getTableArn()))
                    .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:Attributes", FEEDBACK_ATTRIBUTES),
                            "StringEqualsIfExists", Map.of("dynamodb:ReturnValues", List.of("NONE", "UPDATED_OLD", "UPDATED_NEW"))))
                    .build());
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(feedback)
                    .actions(List.of(GET, PUT)).resourceArns(List.of(table.getTableArn()))
                    .conditions(leadingKeys("ForAllValues:StringLike", SUPPRESSION_PARTITIONS))
                    .build());
            storageKey.grant(feedback, TABLE_KEY_WRITE);
            addressKey.grant(feedback, "kms:GenerateMac");
            // SNS invokes the function (its alias live) asynchronously; what cannot be delivered goes to the feedback DLQ
            feedbackTopic.addSubscription(new LambdaSubscription(feedback, LambdaSubscriptionProps.builder().deadLetterQueue(feedbackDlq).build()));
            feedbackDlq.getGrants().actions(feedback, List.of("sqs:SendMessage"), EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
        }
        // health: the probe partition (GetItem) and the notification queue's attributes, nothing else
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(health)
                .actions(List.of(GET)).resourceArns(List.of(table.getTableArn()))
                .conditions(leadingKeys("ForAllValues:StringEquals", FunctionsContract.PRIMING_PROBE_ID))
                .build());
        storageKey.grant(health, TABLE_KEY_READ);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(health)
                .actions(List.of("sqs:GetQueueAttributes")).resourceArns(List.of(queue.getQueueArn())).build());

        // notification-ops (the console's failures page): Query of the index of notifications by status, never the table;
        // redrives: the DLQ's move tasks and what StartMessageMoveTask needs (receive and delete on the DLQ, send to the
        // notification queue, both queues' key); its audit records are granted above
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(notificationOps)
                .actions(List.of(QUERY)).resourceArns(List.of(table.getTableArn() + "/index/" + BY_NOTIFICATION_STATUS)).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(notificationOps)
                .actions(REDRIVE_ON_DLQ).resourceArns(List.of(dlq.getQueueArn())).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(notificationOps)
                .actions(List.of("sqs:SendMessage")).resourceArns(List.of(queue.getQueueArn())).build());
        storageKey.grant(notificationOps, PRODUCER_KEY.toArray(String[]::new));

        // projector: the fold (Query of the payments table), the summary's conditional PutItem, nothing else
        tableAccess(table, storageKey, projector, TABLE_KEY_READ, QUERY);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(projector)
                .actions(List.of(PUT)).resourceArns(List.of(summaries.getTableArn())).build());
        storageKey.grant(projector, TABLE_KEY_WRITE);

        // risk: the fold and the customer's failure markers (Query of the table), the finding, the markers and the alert
        // windows (PutItem of exactly their attributes: never an event or a notification), the first payment (UpdateItem
        // of velocity partitions only), high-risk alerts (stream read: below, with the mapping)
        tableAccess(table, storageKey, risk, TABLE_KEY_WRITE, QUERY);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(risk)
                .actions(List.of(PUT)).resourceArns(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:Attributes", RISK_ATTRIBUTES),
                        "StringEqualsIfExists", Map.of("dynamodb:ReturnValues", List.of("NONE"))))
                .build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(risk)
                .actions(List.of(UPDATE)).resourceArns(List.of(table.getTableArn()))
                .conditions(leadingKeys("ForAllValues:StringLike", VELOCITY_PARTITIONS))
                .build());
        publish(ops, risk);

        // the outbox: the table's stream → outbox function. The mapping is declared directly (not with
        // DynamoEventSource, whose grant reads every stream of the account: ListStreams on "*").
        // (kms:Decrypt on the storage key for stream records is part of the table grant above)
        readStream(outbox, "OutboxStream", table, streamFailures);
        // the projection: the same stream → projector function, a mapping of its own (the outbox never waits for it)
        readStream(projector, "ProjectorStream", table, projectorFailures);
        // the risk screen: the same stream → risk function, a mapping of its own (nothing waits for it)
        readStream(risk, "RiskStream", table, riskFailures);
        sender.addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build()));

        // --- the API (its access and execution log groups: CloudWatch Logs may use the storage key for exactly those)
        RestApi api = api(storageKey);
        storageKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsForPayhookLogGroups")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                .resources(List.of("*")) // in a key policy, "*" means this key
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", List.of(
                        logGroupArn("/aws/lambda/payhook-*-" + env),
                        logGroupArn("/aws/apigateway/payhook-" + env + "-access"),
                        logGroupArn(executionLogGroupName(api)),
                        logGroupArn(wafLogGroupName())))))
                .build());
        if (cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN) webAcl(api, storageKey);

        // --- alarms → alarm topic, and one dashboard
        List<String> providers = new ArrayList<>(Providers.standard(io.payhook.core.webhook.Providers.Settings.of(java.time.Clock.systemUTC())).names());
        if (custom != null) custom.names().forEach(n -> { if (!providers.contains(n)) providers.add(n); });
        alarmsAndDashboard(new Watched(api, table, queue, dlq, streamFailures, subscriptionDlq, feedbackDlq, providers), new SnsAction(alarms));
        // the projection: how far behind the stream it is, and batches it gave up on
        alarm("ProjectorIteratorAge", "projector-iterator-age", functions.get("projector").metric("IteratorAge",
                        software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().statistic("Maximum").period(Duration.minutes(5)).build()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, PROJECTOR_MAX_AGE_MS,
                "payhook " + env + ": search is more than 60 s behind the table (projector iterator age)", new SnsAction(alarms));
        alarm("ProjectorFailuresNotEmpty", "projector-failures-not-empty", projectorFailures.metricApproximateNumberOfMessagesVisible(max5m()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": the projector gave up on stream records — their summaries are behind until their next event (OPERATIONS.md)",
                new SnsAction(alarms));

        // the risk screen: batches it gave up on, and payments it found high (the operations topic names each)
        alarm("RiskFailuresNotEmpty", "risk-failures-not-empty", riskFailures.metricApproximateNumberOfMessagesVisible(max5m()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": the risk screen gave up on stream records — their payments are not screened until their next event (OPERATIONS.md)",
                new SnsAction(alarms));
        alarm("RiskHigh", "risk-high", businessMetric(RISK_HIGH, Map.of(), sum5m()),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "payhook " + env + ": a payment's risk became high (the operations topic names it; docs/RISK.md)", new SnsAction(alarms));

        output("ApiUrl", api.getUrl(), "Base URL of the API stage (SigV4, service execute-api)");
        output("TableName", table.getTableName(), "DynamoDB table of events and notifications");
        output("QueueUrl", queue.getQueueUrl(), "Notification queue");
        output("DlqUrl", dlq.getQueueUrl(), "Notification dead-letter queue");
        output("DlqArn", dlq.getQueueArn(), "Notification dead-letter queue ARN (./payhook redrive --aws --dlq-arn ...)");
        output("TopicArn", confirmations.getTopicArn(), "SNS topic of payment confirmations");
        output("OpsTopicArn", ops.getTopicArn(), "SNS topic of operations alerts");
        output("KeyArn", storageKey.getKeyArn(), "KMS key encrypting the stores at rest");
        output("FieldKeyArn", fieldKey.getKeyArn(), "KMS key of the personal-data envelopes (PAYHOOK_KMS_KEY_ARN)");
        output("FunctionKeyArn", functionKey.getKeyArn(), "KMS key of the functions' environment variables and SnapStart snapshots");
        output("AddressKeyArn", addressKey.getKeyArn(), "KMS HMAC key of the suppression list's address hashes (PAYHOOK_ADDRESS_KEY_ARN)");
        output("SummaryTableName", summaries.getTableName(), "DynamoDB table of transaction summaries (search)");
        output("AuditTableName", audit.getTableName(), "DynamoDB table of the audit trail (GET /audit)");
        output("CursorKeyArn", cursorKey.getKeyArn(), "KMS HMAC key of the paging cursors: search and GET /audit (PAYHOOK_CURSOR_KEY_ARN)");
        output("ProviderSecretsArn", providerSecrets.getSecretArn(), "Secrets Manager secret of the provider webhook secrets");

        Nag.suppress(cfg, api, functions.values(), deadLetterQueues, providerSecrets, sender, functions.get("outbox"), addressKey);
        Nag.search(functions.get("projector"), List.of(functions.get("query"), functions.get("notify-request")), cursorKey);
        Nag.risk(functions.get("risk"));
    }

    /** The functions' shared build inputs; {@link #add} builds one function, its log group and its alias {@code live}. */
    private final class Fn {
        private final Code code;
        private final Key storageKey;
        private final Key functionKey;
        private final Map<String, String> values;
        private final CustomProvidersFile custom;

        Fn(Code code, Key storageKey, Key functionKey, Map<String, String> values, CustomProvidersFile custom) {
            this.code = code;
            this.storageKey = storageKey;
            this.functionKey = functionKey;
            this.values = values;
            this.custom = custom;
        }

        Alias add(LambdaFunction f, int concurrency, Queue deadLetterQueue) {
            Map<String, String> environment = new LinkedHashMap<>();
            for (String v : FunctionsContract.stackVariables(f, cfg.email().notifier().wire(),
                    cfg.webhooks().squareNotificationUrl() != null, custom != null)) {
                environment.put(v, java.util.Objects.requireNonNull(values.get(v), () -> "no value for " + v));
            }
            checkEnvironmentSize(f, environment, custom);
            return function(f, code, storageKey, functionKey, environment, concurrency, deadLetterQueue);
        }
    }

    /** What the alarms and the dashboard watch. */
    private record Watched(RestApi api, Table table, Queue queue, Queue dlq, Queue streamFailures, Queue subscriptionDlq,
                           Queue feedbackDlq, List<String> providers) {}

    /**
     * Lambda refuses a function whose variables, measured as their JSON, exceed 4 KB. Values CloudFormation fills in
     * at deployment (ARNs, URLs) count at {@value #TOKEN_VALUE_BOUND} bytes each, more than any of them takes.
     */
    void checkEnvironmentSize(LambdaFunction f, Map<String, String> environment, CustomProvidersFile custom) {
        Map<String, String> measured = new LinkedHashMap<>();
        environment.forEach((k, v) -> measured.put(k, Token.isUnresolved(v) ? "x".repeat(TOKEN_VALUE_BOUND) : v));
        int size = jsonSize(measured);
        if (size <= LAMBDA_ENVIRONMENT_LIMIT) return;
        if (custom != null && environment.containsKey(FunctionsContract.CUSTOM_PROVIDERS)) {
            measured.remove(FunctionsContract.CUSTOM_PROVIDERS);
            int others = jsonSize(measured);
            throw new IllegalArgumentException(custom.path() + ": the custom providers' JSON takes " + (size - others)
                    + " bytes in " + FunctionsContract.CUSTOM_PROVIDERS + " of the " + f.shortName + " function, and Lambda allows 4 KB ("
                    + LAMBDA_ENVIRONMENT_LIMIT + " bytes) for all its variables together; the others take up to " + others
                    + " bytes, so at most " + (LAMBDA_ENVIRONMENT_LIMIT - others) + " are left: shorten the file (descriptions, fewer entries)");
        }
        throw new IllegalArgumentException("the " + f.shortName + " function's variables take up to " + size
                + " bytes, over Lambda's 4 KB (" + LAMBDA_ENVIRONMENT_LIMIT + " bytes)");
    }

    private static int jsonSize(Map<String, String> m) {
        try {
            return io.payhook.core.json.Json.mapper().writeValueAsBytes(m).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HMAC-SHA256 key inside KMS (GenerateMac; the secret never leaves KMS); HMAC keys cannot rotate automatically. */
    private Key hmacKey(String id, String aliasSuffix, String purpose) {
        return Key.Builder.create(this, id)
                .alias("alias/payhook-" + env + "-" + aliasSuffix)
                .description("payhook " + env + ": " + purpose)
                .keySpec(KeySpec.HMAC_256).keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .enableKeyRotation(false)
                .removalPolicy(cfg.removalPolicy())
                .build();
    }

    /**
     * {@code fn} reads the table's stream through an event source mapping of its own: the stream's read permissions
     * (ListStreams on this table's streams only, not DynamoEventSource's "*"), batches of 100 bisected on error, retried,
     * at most a day old, partial batch responses, and what it gives up on to {@code failures}.
     */
    private static void readStream(Alias fn, String mappingId, Table table, Queue failures) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(fn)
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"))
                .resourceArns(List.of(table.getTableStreamArn())).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(fn)
                .actions(List.of("dynamodb:ListStreams"))
                .resourceArns(List.of(table.getTableArn() + "/stream/*")).build());
        fn.addEventSourceMapping(mappingId, EventSourceMappingOptions.builder()
                .eventSourceArn(table.getTableStreamArn())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .bisectBatchOnError(true)
                .retryAttempts(STREAM_RETRY_ATTEMPTS)
                .maxRecordAge(Duration.days(1))
                .reportBatchItemFailures(true)
                .onFailure(new SqsFailureDestination(failures))
                .build());
    }

    private Topic topic(String id, String name, String displayName, Key key) {
        return Topic.Builder.create(this, id).topicName(name).displayName(displayName).masterKey(key).enforceSsl(true).build();
    }

    /** Publishing to an SSE-KMS topic: sns:Publish and the two key actions a producer needs. */
    private static void publish(Topic topic, IGrantable fn) {
        topic.getGrants().actions(fn, List.of("sns:Publish"), EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
    }

    private static Map<String, Map<String, Object>> leadingKeys(String operator, String... keys) {
        return Map.of(operator, Map.of("dynamodb:LeadingKeys", List.of(keys)));
    }

    private Queue.Builder queue(String id, String name, Key key) {
        return Queue.Builder.create(this, id)
                .queueName(name)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key).dataKeyReuse(Duration.hours(1))
                .enforceSsl(true)
                .removalPolicy(cfg.removalPolicy());
    }

    private Alias function(LambdaFunction f, Code code, Key storageKey, Key functionKey, Map<String, String> environment,
                           int concurrency, Queue deadLetterQueue) {
        String name = f.shortName;
        String id = camel(name);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/payhook-" + name + "-" + env)
                .retention(cfg.logRetention())
                .encryptionKey(storageKey)
                .removalPolicy(cfg.removalPolicy())
                .build();
        Function.Builder b = Function.Builder.create(this, id + "Function")
                .functionName("payhook-" + name + "-" + env)
                .description("payhook " + env + " " + name)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .memorySize(512)
                .timeout(FUNCTION_TIMEOUT)
                .handler(f.handler())
                .code(code)
                .reservedConcurrentExecutions(concurrency)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs)
                .environment(environment)
                .environmentEncryption(functionKey); // KMSKeyArn: the variables and the SnapStart snapshots
        // asynchronous invocations (the feedback function, by SNS): after Lambda's 2 retries, the event goes to the DLQ
        // (CDK grants sqs:SendMessage; the KMS actions on the queue's key are granted by the caller)
        if (deadLetterQueue != null) b.deadLetterQueue(deadLetterQueue);
        Function fn = b.build();
        // SnapStart applies to published versions only: callers and event sources use the alias "live"
        // on the version CDK publishes for every code or configuration change (currentVersion)
        Alias alias = Alias.Builder.create(this, id + "Live").aliasName("live").version(fn.getCurrentVersion()).build();
        Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "A version is published (currentVersion) and invoked only through the alias live.");
        functions.put(name, fn);
        logGroups.put(name, logs);
        aliases.put(name, alias);
        this.concurrency.put(name, concurrency);
        return alias;
    }

    /** The table's actions on the table alone: no function reads its index (the table's own grants would add {@code index/*}). */
    private static void tableAccess(Table table, Key key, IGrantable fn, String[] keyActions, String... tableActions) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(fn)
                .actions(List.of(tableActions)).resourceArns(List.of(table.getTableArn())).build());
        key.grant(fn, keyActions);
    }

    private RestApi api(Key storageKey) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .logGroupName("/aws/apigateway/payhook-" + env + "-access")
                .retention(cfg.logRetention()).encryptionKey(storageKey).removalPolicy(cfg.removalPolicy()).build();
        // (execution logs: their log group, below, is created before the stage, so API Gateway writes into it)
        RestApi api = RestApi.Builder.create(this, "Api")
                .restApiName("payhook-" + env)
                .description("payhook " + env + " webhook and transaction API")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true) // the account-level role API Gateway needs to write execution logs
                .deployOptions(StageOptions.builder()
                        .stageName(env)
                        .throttlingRateLimit(cfg.throttleRate())
                        .throttlingBurstLimit(cfg.throttleBurst())
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false) // bodies carry personal data: never logged
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .build();

        // Errors API Gateway answers itself keep the API's shape {"error","message"} (SPEC §2), with
        // fixed messages: API Gateway's own messages may quote the request (a canonical request, a header).
        gatewayError(api, ResponseType.MISSING_AUTHENTICATION_TOKEN, "missing_authentication", "The request is not signed with SigV4, or the route does not exist.");
        gatewayError(api, ResponseType.INVALID_SIGNATURE, "invalid_signature", "The SigV4 signature does not match.");
        gatewayError(api, ResponseType.EXPIRED_TOKEN, "invalid_signature", "The SigV4 credentials or signature have expired.");
        gatewayError(api, ResponseType.ACCESS_DENIED, "access_denied", "The caller may not call this route.");
        gatewayError(api, ResponseType.BAD_REQUEST_BODY, "invalid_field", "The body does not match the route's schema.");
        gatewayError(api, ResponseType.BAD_REQUEST_PARAMETERS, "invalid_id", "A required path parameter is missing.");
        gatewayError(api, ResponseType.REQUEST_TOO_LARGE, "payload_too_large", "The body is larger than the limit.");
        gatewayError(api, ResponseType.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "The body must be JSON (Content-Type: application/json).");
        gatewayError(api, ResponseType.THROTTLED, "throttled", "Too many requests; retry later.");
        gatewayError(api, ResponseType.WAF_FILTERED, "forbidden", "The request was refused.");
        gatewayError(api, ResponseType.DEFAULT_4_XX, "bad_request", "The request was refused.");
        gatewayError(api, ResponseType.DEFAULT_5_XX, "internal_error", "The request could not be processed.");

        RequestValidator paramsValidator = RequestValidator.Builder.create(this, "ParamsValidator").restApi(api)
                .requestValidatorName("payhook-" + env + "-params")
                .validateRequestBody(false).validateRequestParameters(true).build();
        RequestValidator bodyAndParamsValidator = RequestValidator.Builder.create(this, "BodyAndParamsValidator").restApi(api)
                .requestValidatorName("payhook-" + env + "-body-and-params")
                .validateRequestBody(true).validateRequestParameters(true).build();
        Model notifyModel = Model.Builder.create(this, "NotifyRequestModel").restApi(api)
                .contentType("application/json").modelName("NotifyRequest")
                .description("Optional body of POST /transactions/{id}/notify")
                .schema(JsonSchema.builder().schema(JsonSchemaVersion.DRAFT4).title("NotifyRequest").type(JsonSchemaType.OBJECT)
                        .properties(Map.of("reason", JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(200).build()))
                        .additionalProperties(false).build())
                .build();

        // POST /webhooks/payment: no gateway body validation on purpose — the signature is verified on
        // the raw bytes before anything parses them (SPEC §2), and each provider has its own shape.
        Method webhook = api.getRoot().addResource("webhooks").addResource("payment")
                .addMethod("POST", new LambdaIntegration(aliases.get("ingest")), MethodOptions.builder()
                        .authorizationType(cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN ? AuthorizationType.NONE : AuthorizationType.IAM)
                        .build());
        var transactions = api.getRoot().addResource("transactions");
        // GET /transactions: the search; its filters are checked by the function (400 unknown_filter, invalid_field)
        transactions.addMethod("GET", new LambdaIntegration(aliases.get("query")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .build());
        var transaction = transactions.addResource("{id}");
        transaction.addMethod("GET", new LambdaIntegration(aliases.get("query")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(paramsValidator)
                .requestParameters(Map.of("method.request.path.id", true))
                .build());
        transaction.addResource("notify").addMethod("POST", new LambdaIntegration(aliases.get("notify-request")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(bodyAndParamsValidator)
                .requestParameters(Map.of("method.request.path.id", true))
                .requestModels(Map.of("application/json", notifyModel))
                .build());
        // POST /notifications/replay, GET /notifications/replay/{job_id}: bulk re-notify (the notify-request function)
        Model replayModel = Model.Builder.create(this, "ReplayRequestModel").restApi(api)
                .contentType("application/json").modelName("ReplayRequest")
                .description("Body of POST /notifications/replay: a search filter and a reason")
                .schema(JsonSchema.builder().schema(JsonSchemaVersion.DRAFT4).title("ReplayRequest").type(JsonSchemaType.OBJECT)
                        .required(List.of("filter", "reason"))
                        .properties(Map.of(
                                "filter", JsonSchema.builder().type(JsonSchemaType.OBJECT).minProperties(1).build(),
                                "reason", JsonSchema.builder().type(JsonSchemaType.STRING).minLength(1).maxLength(200).build()))
                        .additionalProperties(false).build())
                .build();
        var replay = api.getRoot().resourceForPath("notifications").addResource("replay");
        replay.addMethod("POST", new LambdaIntegration(aliases.get("notify-request")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(bodyAndParamsValidator)
                .requestModels(Map.of("application/json", replayModel))
                .build());
        replay.addResource("{job_id}").addMethod("GET", new LambdaIntegration(aliases.get("notify-request")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(paramsValidator)
                .requestParameters(Map.of("method.request.path.job_id", true))
                .build());
        // GET /audit: the audit trail of a transaction or a principal (the query function; itself audited)
        api.getRoot().addResource("audit").addMethod("GET", new LambdaIntegration(aliases.get("query")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(paramsValidator)
                .requestParameters(Map.of("method.request.querystring.transaction_id", false, "method.request.querystring.principal", false,
                        "method.request.querystring.from", false, "method.request.querystring.to", false,
                        "method.request.querystring.limit", false, "method.request.querystring.cursor", false))
                .build());
        // the console's failures page (the notification-ops function): GET /notifications?status=S[&limit=N] (its
        // parameters checked by the function: 400 missing_field, invalid_field, unknown_filter), POST /notifications/redrive
        // (optional {"reason"}, the notify body's model) and GET /notifications/redrive. resourceForPath: /notifications
        // may hold other routes (replay) too.
        var notifications = api.getRoot().resourceForPath("notifications");
        notifications.addMethod("GET", new LambdaIntegration(aliases.get(LambdaFunction.NOTIFICATION_OPS.shortName)), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(paramsValidator)
                .requestParameters(Map.of("method.request.querystring.status", false, "method.request.querystring.limit", false))
                .build());
        var redrive = notifications.resourceForPath("redrive");
        redrive.addMethod("POST", new LambdaIntegration(aliases.get(LambdaFunction.NOTIFICATION_OPS.shortName)), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(bodyAndParamsValidator)
                .requestModels(Map.of("application/json", notifyModel))
                .build());
        redrive.addMethod("GET", new LambdaIntegration(aliases.get(LambdaFunction.NOTIFICATION_OPS.shortName)), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .build());
        // GET /health: reachability of the table and the queue, IAM like every other route
        api.getRoot().addResource("health").addMethod("GET", new LambdaIntegration(aliases.get("health")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .build());
        if (cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN) Nag.openWebhook(webhook);

        // Execution logs (level ERROR, never bodies): API Gateway writes them to API-Gateway-Execution-Logs_<api id>/<stage>
        // and creates that group itself — unencrypted, kept forever — unless it exists. The stack creates it first
        // (storage key, the environment's retention) and the stage depends on it.
        LogGroup executionLogs = LogGroup.Builder.create(this, "ApiExecutionLogs")
                .logGroupName(executionLogGroupName(api))
                .retention(cfg.logRetention()).encryptionKey(storageKey).removalPolicy(cfg.removalPolicy()).build();
        api.getDeploymentStage().getNode().addDependency(executionLogs);
        return api;
    }

    private String executionLogGroupName(RestApi api) {
        return "API-Gateway-Execution-Logs_" + api.getRestApiId() + "/" + env;
    }

    private void gatewayError(RestApi api, ResponseType type, String code, String message) {
        api.addGatewayResponse("Error" + camel(type.getResponseType().toLowerCase(java.util.Locale.ROOT).replace('_', '-')), GatewayResponseOptions.builder()
                .type(type)
                .templates(Map.of("application/json", "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}"))
                .build());
    }

    /** OPEN mode: the webhook route is public, so a WAF web ACL with AWS managed rules guards the stage. */
    private void webAcl(RestApi api, Key storageKey) {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "WebAcl")
                .name("payhook-" + env)
                .scope("REGIONAL")
                .description("payhook " + env + ": managed IP reputation and known-bad-input rules in front of the open webhook route")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("payhook-" + env))
                .rules(List.of(managedRule("AWSManagedRulesAmazonIpReputationList", 0),
                        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 1)))
                .build();
        CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
        LogGroup wafLogs = LogGroup.Builder.create(this, "WafLogs")
                .logGroupName(wafLogGroupName())
                .retention(cfg.logRetention()).encryptionKey(storageKey).removalPolicy(cfg.removalPolicy()).build();
        CfnLoggingConfiguration.Builder.create(this, "WafLogging")
                .resourceArn(acl.getAttrArn())
                .logDestinationConfigs(List.of(formatArn(ArnComponents.builder().service("logs").resource("log-group")
                        .resourceName(wafLogs.getLogGroupName()).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                // signatures are never logged (SPEC §5)
                .redactedFields(List.of("authorization", "x-amz-security-token", "stripe-signature", "webhook-signature", "payhook-signature")
                        .stream().map(h -> (Object) CfnLoggingConfiguration.FieldToMatchProperty.builder()
                                .singleHeader(Map.of("Name", h)).build()).toList())
                .build();
    }

    private static CfnWebACL.RuleProperty managedRule(String name, int priority) {
        return CfnWebACL.RuleProperty.builder()
                .name(name).priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS").name(name).build()).build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true).metricName(metric).sampledRequestsEnabled(true).build();
    }

    private void alarmsAndDashboard(Watched w, SnsAction toAlarmTopic) {
        EnvironmentConfig.Thresholds t = cfg.thresholds();
        RestApi api = w.api();
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((name, fn) -> {
            alarm(camel(name) + "Errors", name + "-errors", fn.metricErrors(sum5m()), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "payhook " + env + " " + name + ": function errors", toAlarmTopic);
            alarm(camel(name) + "Throttles", name + "-throttles", fn.metricThrottles(sum5m()), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "payhook " + env + " " + name + ": function throttled (reserved concurrency " + concurrency.get(name) + ")", toAlarmTopic);
            errors.add(fn.metricErrors(sum5m()));
            durations.add(fn.metricDuration(p99()));
        });
        alarm("Api5xx", "api-5xx", api.metricServerError(sum5m()), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "payhook " + env + ": API answered 5xx", toAlarmTopic);
        // an audit record that could not be written: the call was answered 503 audit_unavailable (PCI DSS 10.2)
        for (String name : List.of(LambdaFunction.QUERY.shortName, LambdaFunction.NOTIFY_REQUEST.shortName, LambdaFunction.NOTIFICATION_OPS.shortName)) {
            MetricFilter.Builder.create(this, camel(name) + "AuditWriteFailures")
                    .logGroup(logGroups.get(name))
                    .filterPattern(FilterPattern.stringValue("$.message", "=", io.payhook.functions.AuditedRoutes.WRITE_FAILED))
                    .metricNamespace(NAMESPACE).metricName(AUDIT_WRITE_FAILURES).metricValue("1").defaultValue(0)
                    .build();
        }
        alarm("AuditWriteFailures", "audit-write-failures", new Metric(software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                        .namespace(NAMESPACE).metricName(AUDIT_WRITE_FAILURES).statistic("Sum").period(Duration.minutes(5)).build()),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "payhook " + env + ": audit records could not be written — those calls were refused 503 audit_unavailable (OPERATIONS.md)",
                toAlarmTopic);
        alarm("ApiLatencyP99", "api-p99-latency", api.metricLatency(p99()), ComparisonOperator.GREATER_THAN_THRESHOLD, 500,
                "payhook " + env + ": API p99 latency over 500 ms", toAlarmTopic);
        alarm("DlqNotEmpty", "dlq-not-empty", w.dlq().metricApproximateNumberOfMessagesVisible(max5m()), ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": notifications dead-lettered — inspect, fix, ./payhook redrive", toAlarmTopic);
        // the outbox gave up on a stream batch: those transactions got no notification request
        alarm("OutboxFailuresNotEmpty", "outbox-failures-not-empty", w.streamFailures().metricApproximateNumberOfMessagesVisible(max5m()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": the outbox gave up on stream records — re-request those notifications (OPERATIONS.md)", toAlarmTopic);
        // SNS could not deliver to an email subscription (confirmations, alarms, operations alerts)
        alarm("SubscriptionDlqNotEmpty", "subscriptions-dlq-not-empty", w.subscriptionDlq().metricApproximateNumberOfMessagesVisible(max5m()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": SNS could not deliver to an email subscription (OPERATIONS.md)", toAlarmTopic);
        alarm("QueueOldestMessage", "queue-oldest-message", w.queue().metricApproximateAgeOfOldestMessage(max5m()), ComparisonOperator.GREATER_THAN_THRESHOLD,
                OLDEST_MESSAGE_ALARM_SECONDS, "payhook " + env + ": oldest notification message older than " + OLDEST_MESSAGE_ALARM_SECONDS + " s", toAlarmTopic);
        if (w.feedbackDlq() != null) {
            alarm("FeedbackDlqNotEmpty", "feedback-dlq-not-empty", w.feedbackDlq().metricApproximateNumberOfMessagesVisible(max5m()),
                    ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                    "payhook " + env + ": SES bounces or complaints were not recorded — their addresses are not suppressed (OPERATIONS.md)", toAlarmTopic);
        }

        // API 4xx rate (%): 4XXError / Count, judged from a minimum number of requests
        MathExpression api4xxRate = MathExpression.Builder.create()
                .expression("IF(requests >= " + t.api4xxMinRequests() + ", 100 * FILL(clienterrors, 0) / requests, 0)")
                .usingMetrics(Map.of("requests", api.metricCount(sum5m()), "clienterrors", api.metricClientError(sum5m())))
                .label("API 4xx rate (%)").period(Duration.minutes(5)).build();
        alarm("Api4xxRate", "api-4xx-rate", api4xxRate, ComparisonOperator.GREATER_THAN_THRESHOLD, t.api4xxRatePercent(),
                "payhook " + env + ": more than " + fmt(t.api4xxRatePercent()) + " % of API requests answered 4xx in 5 minutes (from "
                        + t.api4xxMinRequests() + " requests)", toAlarmTopic);

        // DynamoDB: throttled requests and system errors of the operations payhook calls, summed (missing = 0)
        MathExpression throttles = operationsSum(w.table(), "ThrottledRequests",
                List.of("GetItem", "PutItem", "UpdateItem", "Query", "ExecuteStatement"));
        MathExpression systemErrors = operationsSum(w.table(), "SystemErrors",
                List.of("GetItem", "PutItem", "UpdateItem", "Query", "ExecuteStatement", "GetRecords"));
        alarm("TableThrottles", "table-throttles", throttles, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, t.tableThrottles(),
                "payhook " + env + ": DynamoDB throttled requests on the table", toAlarmTopic);
        alarm("TableSystemErrors", "table-system-errors", systemErrors, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, t.tableSystemErrors(),
                "payhook " + env + ": DynamoDB system errors (500) on the table", toAlarmTopic);

        // Business metrics (EMF, namespace Payhook). Alarms cannot SEARCH: one set per provider, from the registry the
        // functions use (core Providers.standard) plus the environment's custom providers.
        Map<String, IMetric> deadLettered = new LinkedHashMap<>();
        CHANNELS.forEach(c -> deadLettered.put(c, businessMetric(NOTIFICATIONS, Map.of("Channel", c, "Outcome", "dead_lettered"), sum5m())));
        alarm("NotificationsDeadLettered", "notifications-dead-lettered", MathExpression.Builder.create()
                        .expression("SUM([" + String.join(", ", CHANNELS.stream().map(c -> "FILL(" + c + ", 0)").toList()) + "])")
                        .usingMetrics(deadLettered).label("dead-lettered notifications").period(Duration.minutes(5)).build(),
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "payhook " + env + ": a confirmation failed its last attempt and was dead-lettered (the operations topic names it)", toAlarmTopic);
        MathExpression bounceRate = null;
        if (cfg.ses()) {
            MetricOptions hour = MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build();
            bounceRate = MathExpression.Builder.create()
                    .expression("IF(sent >= " + t.bounceRateMinSent() + ", 100 * FILL(bounced, 0) / sent, 0)")
                    .usingMetrics(Map.of("sent", businessMetric(NOTIFICATIONS, Map.of("Channel", "ses", "Outcome", "sent"), hour),
                            "bounced", businessMetric(NOTIFICATIONS, Map.of("Channel", "ses", "Outcome", "bounced"), hour)))
                    .label("SES bounce rate (%)").period(Duration.hours(1)).build();
            alarm("BounceRate", "bounce-rate", bounceRate, ComparisonOperator.GREATER_THAN_THRESHOLD, t.bounceRatePercent(),
                    "payhook " + env + ": more than " + fmt(t.bounceRatePercent()) + " % of SES confirmations bounced in an hour (from "
                            + t.bounceRateMinSent() + " sent); SES reviews accounts above 5 %", toAlarmTopic);
        }
        for (String p : w.providers()) {
            String id = camel(p.replace('_', '-'));
            String name = p.replace('_', '-');
            alarm("Refused" + id, "refused-" + name,
                    businessMetric(WEBHOOKS_RECEIVED, Map.of("Provider", p, "Outcome", REFUSED), sum5m()),
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, t.refusedPerProvider(),
                    "payhook " + env + ": " + t.refusedPerProvider() + "+ deliveries of " + p + " refused in 5 minutes (any reason)", toAlarmTopic);
            alarm("Refused" + id + "SignatureInvalid", "refused-" + name + "-signature-invalid",
                    businessMetric(WEBHOOKS_REFUSED, Map.of("Provider", p, "Reason", SIGNATURE_INVALID), sum5m()),
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, t.signatureInvalidPerProvider(),
                    "payhook " + env + ": " + t.signatureInvalidPerProvider() + "+ deliveries of " + p
                            + " refused signature_invalid in 5 minutes — a secret rotated at the provider but not here?", toAlarmTopic);
            alarm("Refused" + id + "ProviderNotConfigured", "refused-" + name + "-provider-not-configured",
                    businessMetric(WEBHOOKS_REFUSED, Map.of("Provider", p, "Reason", PROVIDER_NOT_CONFIGURED), sum5m()),
                    ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, t.notConfiguredPerProvider(),
                    "payhook " + env + ": deliveries of " + p + " refused provider_not_configured — no secret for it in payhook/provider-secrets-" + env, toAlarmTopic);
        }

        List<IMetric> deadLetterDepths = new ArrayList<>(List.of(w.dlq().metricApproximateNumberOfMessagesVisible(max5m()),
                w.streamFailures().metricApproximateNumberOfMessagesVisible(max5m()),
                w.subscriptionDlq().metricApproximateNumberOfMessagesVisible(max5m())));
        if (w.feedbackDlq() != null) deadLetterDepths.add(w.feedbackDlq().metricApproximateNumberOfMessagesVisible(max5m()));
        List<IMetric> rates = new ArrayList<>(List.of(api4xxRate));
        if (bounceRate != null) rates.add(bounceRate);
        Dashboard.Builder.create(this, "Dashboard").dashboardName("payhook-" + env).widgets(List.of(
                List.of(GraphWidget.Builder.create().title("API requests and 5xx").width(12)
                                .left(List.of(api.metricCount(sum5m()), api.metricServerError(sum5m()))).build(),
                        GraphWidget.Builder.create().title("API latency p99 (ms)").width(12)
                                .left(List.of(api.metricLatency(p99()))).build()),
                List.of(GraphWidget.Builder.create().title("Function errors").width(12).left(errors).build(),
                        GraphWidget.Builder.create().title("Function duration p99 (ms)").width(12).left(durations).build()),
                List.of(GraphWidget.Builder.create().title("Notification queue depth and oldest message age (s)").width(12)
                                .left(List.of(w.queue().metricApproximateNumberOfMessagesVisible(max5m())))
                                .right(List.of(w.queue().metricApproximateAgeOfOldestMessage(max5m()))).build(),
                        GraphWidget.Builder.create().title("DLQ depth (notifications, outbox failures, subscriptions, feedback)").width(12)
                                .left(deadLetterDepths).build()),
                // dashboards may SEARCH: every provider, reason, channel and outcome that has data, custom providers included
                List.of(GraphWidget.Builder.create().title("Webhooks received per provider and outcome").width(12)
                                .left(List.of(search(WEBHOOKS_RECEIVED, "Outcome,Provider", "Sum"))).build(),
                        GraphWidget.Builder.create().title("Webhooks refused per provider and reason").width(12)
                                .left(List.of(search(WEBHOOKS_REFUSED, "Provider,Reason", "Sum"))).build()),
                List.of(GraphWidget.Builder.create().title("Notifications per channel and outcome").width(12)
                                .left(List.of(search(NOTIFICATIONS, "Channel,Outcome", "Sum"))).build(),
                        GraphWidget.Builder.create().title("Ingest latency p99 (ms)").width(12)
                                .left(List.of(MathExpression.Builder.create()
                                        .expression("SEARCH('Namespace=\"" + NAMESPACE + "\" MetricName=\"" + INGEST_LATENCY + "\"', 'p99', 300)")
                                        .usingMetrics(Map.of()).label("IngestLatency p99").period(Duration.minutes(5)).build())).build()),
                List.of(GraphWidget.Builder.create().title("Table consumed capacity (RCU, WCU)").width(12)
                                .left(List.of(w.table().metricConsumedReadCapacityUnits(sum5m()), w.table().metricConsumedWriteCapacityUnits(sum5m()))).build(),
                        GraphWidget.Builder.create().title("Table throttled requests and system errors").width(12)
                                .left(List.of(throttles, systemErrors)).build()),
                List.of(GraphWidget.Builder.create().title(cfg.ses() ? "API 4xx rate and SES bounce rate (%)" : "API 4xx rate (%)").width(24)
                        .left(rates).build())))
                .build();
    }

    /** Σ over operations of a DynamoDB table metric (Sum, 5 minutes); an operation without data counts 0. */
    private static MathExpression operationsSum(Table table, String metricName, List<String> operations) {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        for (String op : operations) {
            metrics.put(metricName.toLowerCase(java.util.Locale.ROOT) + op.toLowerCase(java.util.Locale.ROOT), table.metric(metricName, MetricOptions.builder()
                    .dimensionsMap(Map.of("TableName", table.getTableName(), "Operation", op))
                    .statistic("Sum").period(Duration.minutes(5)).build()));
        }
        return MathExpression.Builder.create()
                .expression("SUM([" + String.join(", ", metrics.keySet().stream().map(k -> "FILL(" + k + ", 0)").toList()) + "])")
                .usingMetrics(metrics).label(metricName + " (table)").period(Duration.minutes(5)).build();
    }

    private static Metric businessMetric(String name, Map<String, String> dimensions, MetricOptions options) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).dimensionsMap(dimensions)
                .statistic(options.getStatistic()).period(options.getPeriod()).build();
    }

    /** A dashboard SEARCH over one business metric with exactly these dimensions. */
    private static MathExpression search(String metricName, String dimensions, String statistic) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + NAMESPACE + "," + dimensions + "} MetricName=\"" + metricName + "\"', '" + statistic + "', 300)")
                .usingMetrics(Map.of()).label(metricName).period(Duration.minutes(5)).build();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private void alarm(String id, String name, IMetric metric, ComparisonOperator op, double threshold, String description, SnsAction action) {
        Alarm.Builder.create(this, id)
                .alarmName("payhook-" + env + "-" + name)
                .alarmDescription(description)
                .metric(metric).threshold(threshold).evaluationPeriods(1)
                .comparisonOperator(op)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(action);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private String wafLogGroupName() { return "aws-waf-logs-payhook-" + env; }

    private static String logGroupArn(String name) {
        return "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:" + name;
    }

    private static String sesArn(String resourceType, String name) {
        return "arn:" + Aws.PARTITION + ":ses:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + resourceType + "/" + name;
    }

    private static MetricOptions sum5m() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    }

    private static MetricOptions max5m() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();
    }

    private static MetricOptions p99() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build();
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    /** The functions by short name (ingest, query, notify-request, outbox, notification-sender, health, feedback with SES). */
    Map<String, Function> functions() { return functions; }

    /**
     * On-failure destination of the outbox stream mapping: CDK's {@code SqsDlq} grants
     * {@code kms:GenerateDataKey*}/{@code kms:ReEncrypt*}; this grants the two key actions an SSE-KMS
     * producer needs and the send actions, nothing more.
     */
    static final class SqsFailureDestination implements IEventSourceDlq {
        private final Queue queue;

        SqsFailureDestination(Queue queue) { this.queue = queue; }

        @Override
        public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
            queue.getGrants().actions(targetHandler, SQS_SEND, EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
            return DlqDestinationConfig.builder().destination(queue.getQueueArn()).build();
        }
    }
}

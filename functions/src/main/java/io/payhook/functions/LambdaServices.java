package io.payhook.functions;

import com.amazonaws.xray.interceptors.TracingInterceptor;
import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.aws.dynamodb.DynamoDbAlertLedger;
import io.payhook.aws.dynamodb.DynamoDbSuppressionList;
import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.aws.kms.KmsAddressKeys;
import io.payhook.aws.secrets.SecretsManagerSecretSource;
import io.payhook.aws.ses.SesNotifier;
import io.payhook.aws.ses.TopicThenEmailNotifier;
import io.payhook.aws.sns.OpsTopicAlerts;
import io.payhook.aws.sns.SnsNotifier;
import io.payhook.aws.sqs.SqsNotificationQueue;
import io.payhook.core.notification.ConfirmationRenderer;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.Metrics;
import io.payhook.core.port.Notifier;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.usecase.DeliverNotification;
import io.payhook.core.usecase.GetTransaction;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.usecase.ProcessOutbox;
import io.payhook.core.usecase.RecordDeliveryFeedback;
import io.payhook.core.usecase.RequestNotification;
import io.payhook.core.usecase.ThrottledAlerts;
import io.payhook.core.webhook.Providers;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.payhook.functions.FunctionsContract.KMS_KEY_ARN;
import static io.payhook.functions.FunctionsContract.PROVIDER_SECRETS_ARN;
import static io.payhook.functions.FunctionsContract.QUEUE_URL;
import static io.payhook.functions.FunctionsContract.TABLE_NAME;
import static io.payhook.functions.FunctionsContract.TOPIC_ARN;

/**
 * The Lambda composition root: reads {@link PayhookConfig} once and builds, lazily, only the
 * clients the calling function uses (each function runs one handler). One HTTP client
 * (url-connection), explicit region and the role's credentials ({@link RoleCredentials}), for a small
 * jar and a fast start.
 *
 * <p>Metrics are CloudWatch EMF lines ({@link EmfMetrics}), collected per {@link Invocation} and written
 * when it ends; operations alerts go to the operations topic ({@link OpsTopicAlerts}), at most one per
 * kind and payment in 5 minutes across every instance ({@link ThrottledAlerts} over the table's
 * {@link DynamoDbAlertLedger}); an alert that cannot be published is logged by class name and never fails
 * the work.
 *
 * <p>SnapStart: after a restore ({@link Priming#onRestore}) the cached provider secrets, the cached data
 * keys and the cached role credentials are dropped, so none of them is served from a snapshot.
 */
public final class LambdaServices implements Services {
    /** Alerts of one kind about one payment (or provider) are aggregated over this window. */
    static final Duration ALERT_WINDOW = Duration.ofMinutes(5);

    private static volatile LambdaServices instance;

    private final PayhookConfig config;
    private final Clock clock = Clock.systemUTC();
    private final UrlConnectionHttpClient http = (UrlConnectionHttpClient) UrlConnectionHttpClient.create();
    private final RoleCredentials credentials;
    private TransactionStore store;
    private EnvelopeFieldCipher cipher;
    private SecretsManagerSecretSource secrets;
    private IngestWebhook ingest;
    private IngestWebhook primingIngest;
    private GetTransaction transactions;
    private RequestNotification notifications;
    private ProcessOutbox outbox;
    private DeliverNotification delivery;
    private EmfMetrics metrics;
    private Alerts alerts;

    /** Builds the Secrets Manager client (tests give one of their own). */
    private final java.util.function.Function<LambdaServices, SecretsManagerClient> secretsClient;

    LambdaServices(PayhookConfig config) { this(config, new RoleCredentials(), s -> s.client(SecretsManagerClient.builder())); }

    LambdaServices(PayhookConfig config, RoleCredentials credentials, java.util.function.Function<LambdaServices, SecretsManagerClient> secretsClient) {
        this.config = config;
        this.credentials = credentials;
        this.secretsClient = secretsClient;
    }

    /** The process-wide instance, built from the environment on first use. */
    public static LambdaServices instance() {
        LambdaServices s = instance;
        if (s == null) {
            synchronized (LambdaServices.class) {
                if (instance == null) {
                    PayhookConfig config = PayhookConfig.fromEnvironment(System.getenv());
                    JsonLog.setLevel(config.logLevel());
                    JsonLog.setEnvironment(config.environment());
                    LambdaServices built = new LambdaServices(config);
                    JsonLog.setClock(built.clock);
                    Priming.onRestore(built::afterRestore);
                    instance = built;
                }
                s = instance;
            }
        }
        return s;
    }

    public PayhookConfig config() { return config; }

    private Region region() { return Region.of(config.region()); }

    /**
     * Every client the same way: the one HTTP client, the region, the role's credentials, and X-Ray's
     * tracing interceptor, so each SDK call is a subsegment of the invocation's trace (it records the
     * service, operation, table/queue/topic name and status, never request data; DECISIONS 27).
     */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.httpClient(http).region(region()).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new TracingInterceptor())).build();
    }

    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private SnsClient sns;
    private KmsClient kms;

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) dynamo = client(DynamoDbClient.builder());
        return dynamo;
    }

    private synchronized SqsClient sqs() {
        if (sqs == null) sqs = client(SqsClient.builder());
        return sqs;
    }

    private synchronized SnsClient sns() {
        if (sns == null) sns = client(SnsClient.builder());
        return sns;
    }

    private synchronized KmsClient kms() {
        if (kms == null) kms = client(KmsClient.builder());
        return kms;
    }

    private String table() { return PayhookConfig.require(config.tableName(), TABLE_NAME); }

    private synchronized TransactionStore store() {
        if (store == null) store = new DynamoDbTransactionStore(dynamo(), table(), clock);
        return store;
    }

    private synchronized FieldCipher cipher() {
        if (cipher == null) cipher = EnvelopeFieldCipher.kms(PayhookConfig.require(config.kmsKeyArn(), KMS_KEY_ARN), kms());
        return cipher;
    }

    synchronized SecretsManagerSecretSource secrets() {
        if (secrets == null) {
            secrets = new SecretsManagerSecretSource(secretsClient.apply(this),
                    PayhookConfig.require(config.providerSecretsArn(), PROVIDER_SECRETS_ARN), config.secretsCacheTtl(), clock);
        }
        return secrets;
    }

    @Override
    public synchronized IngestWebhook ingest() {
        if (ingest == null) {
            ingest = new IngestWebhook(providers(), secrets(), store(), cipher(), clock,
                    new IngestWebhook.Settings(config.maxBodyBytes(), config.replayTolerance(), config.merchants()), metrics(), alerts());
        }
        return ingest;
    }

    /**
     * The ingest SnapStart primes: the same providers, store and cipher, but a secret source that answers a
     * fixed non-secret value without calling Secrets Manager (no provider secret is fetched into the
     * snapshot), no metrics and no alerts. Its unsigned sample is refused at verification: nothing is stored.
     */
    synchronized IngestWebhook primingIngest() {
        if (primingIngest == null) {
            primingIngest = new IngestWebhook(providers(), provider -> List.of("priming-only-not-a-secret"), store(), cipher(), clock,
                    new IngestWebhook.Settings(config.maxBodyBytes(), config.replayTolerance()), Metrics.NONE, Alerts.NONE);
        }
        return primingIngest;
    }

    /**
     * Every provider with this deployment's settings: the Square notification URL, the custom providers
     * (their JSON validated here: an invalid configuration fails the function's init, naming the entry
     * and field), PayPal certificates fetched only from PayPal's hosts over HTTPS, PKIX-validated, cached.
     */
    private io.payhook.core.webhook.ProviderRegistry providers() {
        java.util.List<io.payhook.core.webhook.WebhookProvider> custom = config.customProviders() == null ? java.util.List.of()
                : io.payhook.core.webhook.custom.CustomProviders.providers(io.payhook.core.webhook.custom.CustomProviders.parse(
                        config.customProviders().getBytes(java.nio.charset.StandardCharsets.UTF_8)), clock);
        return Providers.standard(new Providers.Settings(clock, config.squareNotificationUrl(), custom, null)
                .withPayPal(io.payhook.core.webhook.paypal.PayPalProvider.Settings.of(new io.payhook.aws.paypal.HttpsCertificateSource(
                        io.payhook.aws.paypal.HttpsCertificateSource.Config.defaults(), clock))));
    }

    /** Business metrics: EMF lines on standard output, one set per invocation, written when it ends. */
    synchronized EmfMetrics metrics() {
        if (metrics == null) {
            metrics = new EmfMetrics(System.out, clock, config.environment());
            Invocation.onEnd(metrics::flush);
        }
        return metrics;
    }

    /**
     * Operations alerts: the operations topic, aggregated (one per kind and payment per 5 minutes, claimed in
     * the table). Neither a failed claim nor a failed publish fails the work; both are logged by class name.
     */
    synchronized Alerts alerts() {
        if (alerts == null) {
            String opsTopic = PayhookConfig.require(config.opsTopicArn(), FunctionsContract.OPS_TOPIC_ARN);
            // the SNS client is built with the first alert, not at init: alerts are rare, and ingest needs no SNS otherwise
            Alerts topic = new Alerts() {
                private OpsTopicAlerts built;

                @Override
                public synchronized boolean raise(Alert a) {
                    if (built == null) built = new OpsTopicAlerts(sns(), opsTopic, config.environment(), clock);
                    return built.raise(a);
                }
            };
            DynamoDbAlertLedger ledger = new DynamoDbAlertLedger(dynamo(), table());
            alerts = new ThrottledAlerts(logged(topic), (key, windowStart, expiresAt) -> {
                try {
                    return ledger.claim(key, windowStart, expiresAt);
                } catch (RuntimeException e) {
                    JsonLog.warn("operations alert not raised: its window could not be claimed", "error", e.getClass().getSimpleName());
                    throw e;
                }
            }, ALERT_WINDOW, clock);
        }
        return alerts;
    }

    /** Logs an alert that could not be published (kind and class name), then lets ThrottledAlerts swallow it. */
    static Alerts logged(Alerts delivery) {
        return a -> {
            try {
                boolean raised = delivery.raise(a);
                if (raised) JsonLog.info("operations alert raised", "kind", a.kind().name(), "provider", a.provider(),
                        "transaction_id", a.transactionId());
                return raised;
            } catch (RuntimeException e) {
                JsonLog.warn("operations alert not published", "kind", a.kind().name(), "provider", a.provider(),
                        "transaction_id", a.transactionId(), "error", e.getClass().getSimpleName());
                throw e;
            }
        };
    }

    @Override
    public synchronized GetTransaction transactions() {
        if (transactions == null) transactions = new GetTransaction(store());
        return transactions;
    }

    private io.payhook.aws.dynamodb.DynamoDbSummaryStore summaries;
    private io.payhook.core.usecase.SearchTransactions search;
    private io.payhook.core.usecase.ProjectTransactionSummary projector;

    private synchronized io.payhook.aws.dynamodb.DynamoDbSummaryStore summaries() {
        if (summaries == null) {
            summaries = new io.payhook.aws.dynamodb.DynamoDbSummaryStore(dynamo(),
                    PayhookConfig.require(config.summaryTableName(), FunctionsContract.SUMMARY_TABLE_NAME));
        }
        return summaries;
    }

    /** Search: the summary table's indexes, cursors sealed with the cursor key, every configured provider for an unfiltered search. */
    @Override
    public synchronized io.payhook.core.usecase.SearchTransactions search() {
        if (search == null) {
            search = new io.payhook.core.usecase.SearchTransactions(summaries(), new io.payhook.core.paging.Cursors(
                    new io.payhook.aws.kms.KmsMacKey(kms(), PayhookConfig.require(config.cursorKeyArn(), FunctionsContract.CURSOR_KEY_ARN))),
                    searchProviders(), clock);
        }
        return search;
    }

    /** Every configured provider: the built-in ones and the custom providers' names (their JSON stays with ingest). */
    private java.util.Set<String> searchProviders() {
        java.util.Set<String> names = new java.util.TreeSet<>(Providers.standard(Providers.Settings.of(clock)).names());
        names.addAll(config.customProviderNames());
        return names;
    }

    @Override
    public synchronized io.payhook.core.usecase.ProjectTransactionSummary projector() {
        if (projector == null) projector = new io.payhook.core.usecase.ProjectTransactionSummary(store(), summaries());
        return projector;
    }

    private io.payhook.core.usecase.ScreenRisk risk;

    /** The risk screen: the payments table (transactions, velocity facts, findings), operations alerts, the RiskHigh metric. */
    @Override
    public synchronized io.payhook.core.usecase.ScreenRisk risk() {
        if (risk == null) {
            risk = new io.payhook.core.usecase.ScreenRisk(store(), new io.payhook.aws.dynamodb.DynamoDbRiskStore(dynamo(), table()),
                    config.risk(), alerts(), metrics(), clock);
        }
        return risk;
    }

    @Override
    public synchronized RequestNotification notifications() {
        if (notifications == null) notifications = new RequestNotification(store(), clock, LambdaServices::newNotificationId);
        return notifications;
    }

    private io.payhook.core.usecase.ReplayNotifications replay;
    private io.payhook.core.usecase.AdvanceReplayJob replaySteps;

    /** Bulk re-notify jobs: matched by the search, kept in the payments table. */
    @Override
    public synchronized io.payhook.core.usecase.ReplayNotifications replay() {
        if (replay == null) {
            replay = new io.payhook.core.usecase.ReplayNotifications(search(), new io.payhook.aws.dynamodb.DynamoDbReplayJobs(dynamo(), table()),
                    clock, io.payhook.core.usecase.ReplayNotifications::newJobId, config.replayMax());
        }
        return replay;
    }

    @Override
    public synchronized io.payhook.core.usecase.AdvanceReplayJob replaySteps() {
        if (replaySteps == null) {
            replaySteps = new io.payhook.core.usecase.AdvanceReplayJob(new io.payhook.aws.dynamodb.DynamoDbReplayJobs(dynamo(), table()),
                    notifications(), clock);
        }
        return replaySteps;
    }

    @Override
    public synchronized ProcessOutbox outbox() {
        if (outbox == null) {
            outbox = new ProcessOutbox(store(), new SqsNotificationQueue(sqs(), PayhookConfig.require(config.queueUrl(), QUEUE_URL)), clock,
                    alerts());
        }
        return outbox;
    }

    @Override
    public synchronized DeliverNotification delivery() {
        if (delivery == null) {
            Notifier notifier = notifier(); // first: a channel without its settings fails before any other client is built
            delivery = new DeliverNotification(new DeliverNotification.Parts(store(), cipher(), notifier,
                    new ConfirmationRenderer(new ConfirmationRenderer.Settings(config.locale(), config.merchantName())),
                    new DynamoDbSuppressionList(dynamo(), table()),
                    new KmsAddressKeys(kms(), PayhookConfig.require(config.addressKeyArn(), FunctionsContract.ADDRESS_KEY_ARN)),
                    metrics(), alerts(), clock));
        }
        return delivery;
    }

    /**
     * The configured channel of customer confirmations. {@code sns}: the confirmation topic only.
     * {@code ses}: the topic first (its filterable attributes, for subscribers such as a support mailbox; a
     * failure there fails the attempt before any customer email), then the customer through SES, whose
     * message id is recorded. A channel missing its settings fails the sender's init, naming the variable.
     */
    Notifier notifier() {
        String topicArn = PayhookConfig.require(config.topicArn(), TOPIC_ARN);
        return switch (config.notifier()) {
            case SNS -> new SnsNotifier(sns(), topicArn);
            case SES -> {
                String from = PayhookConfig.require(config.sesFrom(), FunctionsContract.SES_FROM);
                String configurationSet = PayhookConfig.require(config.sesConfigurationSet(), FunctionsContract.SES_CONFIGURATION_SET);
                yield new TopicThenEmailNotifier(new SnsNotifier(sns(), topicArn),
                        new SesNotifier(client(SesV2Client.builder()), from, configurationSet));
            }
        };
    }

    private RecordDeliveryFeedback feedback;

    /** SES bounce and complaint feedback: the notification's record and the suppression list. */
    public synchronized RecordDeliveryFeedback feedback() {
        if (feedback == null) {
            feedback = new RecordDeliveryFeedback(store(), new DynamoDbSuppressionList(dynamo(), table()),
                    new KmsAddressKeys(kms(), PayhookConfig.require(config.addressKeyArn(), FunctionsContract.ADDRESS_KEY_ARN)),
                    metrics(), "ses", clock);
        }
        return feedback;
    }

    /**
     * What GET /health probes: the table (GetItem on the priming probe's partition, which never holds data)
     * and the notification queue (its approximate depth), each call bounded to 3 s.
     */
    public synchronized List<HealthHandler.Component> health() {
        DynamoDbClient ddb = dynamo();
        SqsClient q = sqs();
        String table = table();
        String queueUrl = PayhookConfig.require(config.queueUrl(), QUEUE_URL);
        Duration timeout = Duration.ofSeconds(3);
        return List.of(
                new HealthHandler.Component("table", () -> {
                    ddb.getItem(b -> b.tableName(table).key(Map.of(PaymentTable.PK, AttributeValue.fromS(FunctionsContract.PRIMING_PROBE_ID),
                            PaymentTable.SK, AttributeValue.fromS("health"))).overrideConfiguration(o -> o.apiCallTimeout(timeout)));
                    return Map.of();
                }),
                new HealthHandler.Component("queue", () -> {
                    String depth = q.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            .overrideConfiguration(o -> o.apiCallTimeout(timeout))).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                    return depth == null ? Map.of() : Map.of("approximate_messages", Long.parseLong(depth));
                }));
    }

    /**
     * After a SnapStart restore: no secret or credential cached before the snapshot is used after it. The
     * provider secrets are read again, data keys are asked of KMS again, role credentials resolved again.
     */
    synchronized void afterRestore() {
        if (secrets != null) secrets.forget();
        if (cipher != null) cipher.forgetCachedDataKeys();
        credentials.forget();
    }

    /** Whether provider secrets are held in memory now (tests of the restore hook). */
    synchronized boolean holdsProviderSecrets() { return secrets != null && secrets.holdsSecrets(); }

    private io.payhook.core.port.AuditLog auditLog;
    private io.payhook.core.usecase.RecordAudit recordAudit;
    private io.payhook.core.usecase.ReadAudit readAudit;

    private synchronized io.payhook.core.port.AuditLog auditLog() {
        if (auditLog == null) {
            auditLog = new io.payhook.aws.dynamodb.DynamoDbAuditLog(dynamo(),
                    PayhookConfig.require(config.auditTableName(), FunctionsContract.AUDIT_TABLE_NAME), config.auditRetention());
        }
        return auditLog;
    }

    @Override
    public synchronized io.payhook.core.usecase.RecordAudit recordAudit() {
        if (recordAudit == null) recordAudit = new io.payhook.core.usecase.RecordAudit(auditLog(), clock);
        return recordAudit;
    }

    @Override
    public synchronized io.payhook.core.usecase.ReadAudit readAudit() {
        if (readAudit == null) {
            readAudit = new io.payhook.core.usecase.ReadAudit(auditLog(), new io.payhook.core.paging.Cursors(
                    new io.payhook.aws.kms.KmsMacKey(kms(), PayhookConfig.require(config.cursorKeyArn(), FunctionsContract.CURSOR_KEY_ARN))));
        }
        return readAudit;
    }

    @Override
    public int maxReceives() { return config.maxReceives(); }

    private io.payhook.core.usecase.ListNotifications listNotifications;
    private io.payhook.core.usecase.RedriveDeadLetters redrive;

    @Override
    public synchronized io.payhook.core.usecase.ListNotifications listNotifications() {
        if (listNotifications == null) listNotifications = new io.payhook.core.usecase.ListNotifications(store());
        return listNotifications;
    }

    /** Redrives: SQS's message move tasks on the notification DLQ. */
    @Override
    public synchronized io.payhook.core.usecase.RedriveDeadLetters redrive() {
        if (redrive == null) {
            redrive = new io.payhook.core.usecase.RedriveDeadLetters(new io.payhook.aws.sqs.SqsMoveTaskDeadLetterQueue(sqs(),
                    PayhookConfig.require(config.dlqArn(), FunctionsContract.DLQ_ARN)));
        }
        return redrive;
    }

    /** Failed notification messages come back after 30 s, 60 s, 120 s ... (capped at 15 minutes), then the DLQ. */
    public synchronized NotificationSenderHandler.RetryBackoff retryBackoff() {
        SqsClient q = sqs();
        String url = PayhookConfig.require(config.queueUrl(), QUEUE_URL);
        return (m, receives) -> q.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.getReceiptHandle())
                .visibilityTimeout(NotificationSenderHandler.RetryBackoff.seconds(receives, 30, 900)));
    }

    /** A new random notification id. */
    public static String newNotificationId() {
        return "ntf_" + UUID.randomUUID().toString().replace("-", "");
    }
}

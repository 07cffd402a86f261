package io.payhook.functions;

import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.aws.secrets.SecretsManagerSecretSource;
import io.payhook.aws.sns.SnsNotifier;
import io.payhook.aws.sqs.SqsNotificationQueue;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.Notifier;
import io.payhook.core.port.SecretSource;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.webhook.Providers;
import io.payhook.core.usecase.DeliverNotification;
import io.payhook.core.usecase.GetTransaction;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.usecase.ProcessOutbox;
import io.payhook.core.usecase.RequestNotification;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.UUID;

import static io.payhook.functions.FunctionsContract.KMS_KEY_ARN;
import static io.payhook.functions.FunctionsContract.NOTIFIER;
import static io.payhook.functions.FunctionsContract.PROVIDER_SECRETS_ARN;
import static io.payhook.functions.FunctionsContract.QUEUE_URL;
import static io.payhook.functions.FunctionsContract.TABLE_NAME;
import static io.payhook.functions.FunctionsContract.TOPIC_ARN;

/**
 * The Lambda composition root: reads {@link PayhookConfig} once and builds, lazily, only the
 * clients the calling function uses (each function runs one handler). One HTTP client
 * (url-connection), explicit region and credentials provider, for a small jar and a fast start.
 */
public final class LambdaServices implements Services {
    private static volatile LambdaServices instance;

    private final PayhookConfig config;
    private final Clock clock = Clock.systemUTC();
    private final UrlConnectionHttpClient http = (UrlConnectionHttpClient) UrlConnectionHttpClient.create();
    private TransactionStore store;
    private FieldCipher cipher;
    private IngestWebhook ingest;
    private GetTransaction transactions;
    private RequestNotification notifications;
    private ProcessOutbox outbox;
    private DeliverNotification delivery;

    LambdaServices(PayhookConfig config) { this.config = config; }

    /** The process-wide instance, built from the environment on first use. */
    public static LambdaServices instance() {
        LambdaServices s = instance;
        if (s == null) {
            synchronized (LambdaServices.class) {
                if (instance == null) {
                    PayhookConfig config = PayhookConfig.fromEnvironment(System.getenv());
                    JsonLog.setLevel(config.logLevel());
                    JsonLog.setEnvironment(config.environment());
                    instance = new LambdaServices(config);
                    JsonLog.setClock(instance.clock);
                }
                s = instance;
            }
        }
        return s;
    }

    public PayhookConfig config() { return config; }

    private Region region() { return Region.of(config.region()); }

    private DynamoDbClient dynamo;

    private synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = DynamoDbClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
        }
        return dynamo;
    }

    private synchronized TransactionStore store() {
        if (store == null) store = new DynamoDbTransactionStore(dynamo(), PayhookConfig.require(config.tableName(), TABLE_NAME), clock);
        return store;
    }

    private synchronized FieldCipher cipher() {
        if (cipher == null) {
            KmsClient kms = KmsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            cipher = EnvelopeFieldCipher.kms(PayhookConfig.require(config.kmsKeyArn(), KMS_KEY_ARN), kms);
        }
        return cipher;
    }

    @Override
    public synchronized IngestWebhook ingest() {
        if (ingest == null) {
            SecretsManagerClient sm = SecretsManagerClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            SecretSource secrets = new SecretsManagerSecretSource(sm,
                    PayhookConfig.require(config.providerSecretsArn(), PROVIDER_SECRETS_ARN), config.secretsCacheTtl(), clock);
            ingest = new IngestWebhook(providers(), secrets, store(), cipher(), clock,
                    new IngestWebhook.Settings(config.maxBodyBytes(), config.replayTolerance(), config.merchants()), metrics(), alerts());
        }
        return ingest;
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

    /** Business metrics. (EMF from the functions: the next step; until then nothing is recorded.) */
    private io.payhook.core.port.Metrics metrics() { return io.payhook.core.port.Metrics.NONE; }

    /** Operations alerts. (The operations topic: the next step; until then none is raised.) */
    private io.payhook.core.port.Alerts alerts() { return io.payhook.core.port.Alerts.NONE; }

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
            KmsClient kms = KmsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            search = new io.payhook.core.usecase.SearchTransactions(summaries(), new io.payhook.core.paging.Cursors(
                    new io.payhook.aws.kms.KmsMacKey(kms, PayhookConfig.require(config.cursorKeyArn(), FunctionsContract.CURSOR_KEY_ARN))),
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

    @Override
    public synchronized RequestNotification notifications() {
        if (notifications == null) notifications = new RequestNotification(store(), clock, LambdaServices::newNotificationId);
        return notifications;
    }

    @Override
    public synchronized ProcessOutbox outbox() {
        if (outbox == null) {
            SqsClient sqs = SqsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            outbox = new ProcessOutbox(store(), new SqsNotificationQueue(sqs,
                    PayhookConfig.require(config.queueUrl(), QUEUE_URL)), clock);
        }
        return outbox;
    }

    @Override
    public synchronized DeliverNotification delivery() {
        if (delivery == null) {
            Notifier notifier = notifier(); // first: a channel this build cannot serve fails before any client is built
            KmsClient kms = KmsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            delivery = new DeliverNotification(new DeliverNotification.Parts(store(), cipher(), notifier,
                    new io.payhook.core.notification.ConfirmationRenderer(
                            new io.payhook.core.notification.ConfirmationRenderer.Settings(config.locale(), config.merchantName())),
                    new io.payhook.aws.dynamodb.DynamoDbSuppressionList(dynamo(), PayhookConfig.require(config.tableName(), TABLE_NAME)),
                    new io.payhook.aws.kms.KmsAddressKeys(kms, PayhookConfig.require(config.addressKeyArn(), FunctionsContract.ADDRESS_KEY_ARN)),
                    metrics(), alerts(), clock));
        }
        return delivery;
    }

    /**
     * The configured channel of customer confirmations. Built when the notification sender
     * initialises, so a notifier this build cannot serve fails that function's init, naming the
     * variable, instead of sending through another channel.
     */
    private Notifier notifier() {
        return switch (config.notifier()) {
            case SNS -> new SnsNotifier(SnsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build(),
                    PayhookConfig.require(config.topicArn(), TOPIC_ARN));
            case SES -> throw new IllegalStateException(NOTIFIER + "=" + config.notifier().wire
                    + ": this build has no SES notifier yet; set " + NOTIFIER + "=" + PayhookConfig.Notifier.SNS.wire
                    + " (EnvironmentConfig.notifier SNS) to send confirmations through the topic");
        };
    }

    private io.payhook.core.usecase.RecordDeliveryFeedback feedback;

    /** SES bounce and complaint feedback: the notification's record and the suppression list. */
    public synchronized io.payhook.core.usecase.RecordDeliveryFeedback feedback() {
        if (feedback == null) {
            KmsClient kms = KmsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            feedback = new io.payhook.core.usecase.RecordDeliveryFeedback(store(),
                    new io.payhook.aws.dynamodb.DynamoDbSuppressionList(dynamo(), PayhookConfig.require(config.tableName(), TABLE_NAME)),
                    new io.payhook.aws.kms.KmsAddressKeys(kms, PayhookConfig.require(config.addressKeyArn(), FunctionsContract.ADDRESS_KEY_ARN)),
                    metrics(), "ses", clock);
        }
        return feedback;
    }

    @Override
    public int maxReceives() { return config.maxReceives(); }

    /** Failed notification messages come back after 30 s, 60 s, 120 s ... (capped at 15 minutes), then the DLQ. */
    public synchronized NotificationSenderHandler.RetryBackoff retryBackoff() {
        SqsClient sqs = SqsClient.builder().httpClient(http).region(region())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
        String url = PayhookConfig.require(config.queueUrl(), QUEUE_URL);
        return (m, receives) -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.getReceiptHandle())
                .visibilityTimeout(NotificationSenderHandler.RetryBackoff.seconds(receives, 30, 900)));
    }

    /** A new random notification id. */
    public static String newNotificationId() {
        return "ntf_" + UUID.randomUUID().toString().replace("-", "");
    }
}

package io.payhook.functions;

import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.aws.secrets.SecretsManagerSecretSource;
import io.payhook.aws.sns.SnsNotifier;
import io.payhook.aws.sqs.SqsNotificationQueue;
import io.payhook.core.port.FieldCipher;
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
                    instance = new LambdaServices(PayhookConfig.fromEnvironment(System.getenv()));
                    String level = System.getenv("PAYHOOK_LOG_LEVEL");
                    if (level != null) JsonLog.setLevel(JsonLog.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)));
                }
                s = instance;
            }
        }
        return s;
    }

    public PayhookConfig config() { return config; }

    private Region region() { return Region.of(config.region()); }

    private synchronized TransactionStore store() {
        if (store == null) {
            DynamoDbClient ddb = DynamoDbClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            store = new DynamoDbTransactionStore(ddb, PayhookConfig.require(config.tableName(), "PAYHOOK_TABLE_NAME"), clock);
        }
        return store;
    }

    private synchronized FieldCipher cipher() {
        if (cipher == null && config.fieldKeyFile() != null) {
            // off-AWS runs of the Lambda wiring (cold-start probe): a local key file instead of KMS
            cipher = EnvelopeFieldCipher.localKeyFile(java.nio.file.Path.of(config.fieldKeyFile()));
        }
        if (cipher == null) {
            KmsClient kms = KmsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            cipher = EnvelopeFieldCipher.kms(PayhookConfig.require(config.kmsKeyArn(), "PAYHOOK_KMS_KEY_ARN"), kms);
        }
        return cipher;
    }

    @Override
    public synchronized IngestWebhook ingest() {
        if (ingest == null) {
            io.payhook.core.port.SecretSource secrets;
            if (config.providerSecretsArn() == null && "env".equals(config.secretsSource())) {
                // off-AWS runs of the Lambda wiring: PAYHOOK_*_SECRETS variables, as in local mode
                secrets = new io.payhook.aws.secrets.EnvironmentSecretSource(System.getenv());
            } else {
                SecretsManagerClient sm = SecretsManagerClient.builder().httpClient(http).region(region())
                        .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
                secrets = new SecretsManagerSecretSource(sm,
                        PayhookConfig.require(config.providerSecretsArn(), "PAYHOOK_PROVIDER_SECRETS_ARN"),
                        config.secretsCacheTtl(), clock);
            }
            ingest = new IngestWebhook(Providers.standard(clock), secrets, store(), cipher(), clock,
                    new IngestWebhook.Settings(config.maxBodyBytes(), config.replayTolerance()));
        }
        return ingest;
    }

    @Override
    public synchronized GetTransaction transactions() {
        if (transactions == null) transactions = new GetTransaction(store());
        return transactions;
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
                    PayhookConfig.require(config.queueUrl(), "PAYHOOK_QUEUE_URL")), clock);
        }
        return outbox;
    }

    @Override
    public synchronized DeliverNotification delivery() {
        if (delivery == null) {
            SnsClient sns = SnsClient.builder().httpClient(http).region(region())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
            delivery = new DeliverNotification(store(), cipher(),
                    new SnsNotifier(sns, PayhookConfig.require(config.topicArn(), "PAYHOOK_TOPIC_ARN")), clock);
        }
        return delivery;
    }

    @Override
    public int maxReceives() { return config.maxReceives(); }

    /** Failed notification messages come back after 30 s, 60 s, 120 s ... (capped at 15 minutes), then the DLQ. */
    public synchronized NotificationSenderHandler.RetryBackoff retryBackoff() {
        SqsClient sqs = SqsClient.builder().httpClient(http).region(region())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build();
        String url = PayhookConfig.require(config.queueUrl(), "PAYHOOK_QUEUE_URL");
        return (m, receives) -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.getReceiptHandle())
                .visibilityTimeout(NotificationSenderHandler.RetryBackoff.seconds(receives, 30, 900)));
    }

    /** A new random notification id. */
    public static String newNotificationId() {
        return "ntf_" + UUID.randomUUID().toString().replace("-", "");
    }
}

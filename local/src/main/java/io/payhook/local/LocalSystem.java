package io.payhook.local;

import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.aws.secrets.EnvironmentSecretSource;
import io.payhook.aws.sqs.SqsNotificationQueue;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.providers.Providers;
import io.payhook.core.usecase.DeliverNotification;
import io.payhook.core.usecase.GetTransaction;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.usecase.ProcessOutbox;
import io.payhook.core.usecase.RequestNotification;
import io.payhook.functions.IngestHandler;
import io.payhook.functions.JsonLog;
import io.payhook.functions.LambdaServices;
import io.payhook.functions.NotificationSenderHandler;
import io.payhook.functions.NotifyRequestHandler;
import io.payhook.functions.OutboxStreamHandler;
import io.payhook.functions.QueryHandler;
import io.payhook.functions.Services;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of payhook in one JVM — the local composition root. DynamoDB Local (embedded) holds
 * the table, ElasticMQ the queues, GreenMail is the mail sink, a key file under the data dir is
 * the envelope key, and an HTTP gateway with SigV4 calls the same handler classes as Lambda.
 * Pollers stand in for Lambda's event source mappings (table stream → outbox handler, queue →
 * sender handler).
 */
public final class LocalSystem implements AutoCloseable {
    public static final String TABLE = "payment_transactions";
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.List<java.util.logging.Logger> QUIET_LOGGERS = java.util.List.of(
            java.util.logging.Logger.getLogger("com.amazonaws"), java.util.logging.Logger.getLogger("com.almworks.sqlite4java"));

    private final LocalConfig config;
    private final Clock clock = Clock.systemUTC();
    private LocalDynamo dynamo;
    private LocalQueues queues;
    private MailSink mail;
    private ApiGateway gateway;
    private StreamPoller streamPoller;
    private QueuePoller[] queuePollers;
    private Thread[] threads;
    private LocalServices services;
    private TransactionStore store;

    public LocalSystem(LocalConfig config) { this.config = config; }

    /** Starts every part; returns once the API accepts requests. */
    public LocalSystem start() throws IOException {
        Path data = Files.createDirectories(config.dataDir());
        JsonLog.setLevel(config.logLevel());
        // DynamoDB Local logs through java.util.logging (SDK v1 warnings about JAXB, sqlite chatter)
        QUIET_LOGGERS.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
        dynamo = new LocalDynamo(data.resolve("dynamodb"));
        String streamArn = dynamo.ensureTable(TABLE);
        store = new DynamoDbTransactionStore(dynamo.client(), TABLE);

        queues = new LocalQueues(config.sqsPort() == 0 ? freePort() : config.sqsPort(), config.region());
        queues.start(config.maxReceives(), config.visibilityTimeout());
        mail = new MailSink(config.smtpPort() == 0 ? freePort() : config.smtpPort(), data.resolve("mail"));
        mail.start();

        FieldCipher cipher = EnvelopeFieldCipher.localKeyFile(data.resolve("keys").resolve("local-field-key"));
        services = new LocalServices(store, cipher, queues, mail, config, clock);

        // The queue does not survive a restart: rebuild it from the table (the outbox) first.
        int requeued = services.outbox().recover();
        if (requeued > 0) JsonLog.info("queued notifications restored from the table", "count", Integer.toString(requeued));

        streamPoller = new StreamPoller(dynamo.streams(), streamArn, data.resolve("outbox-checkpoint.properties"),
                new OutboxStreamHandler(services.outbox()), config.streamIdle());
        NotificationSenderHandler sender = new NotificationSenderHandler(services.delivery(), services.maxReceives(),
                NotificationSenderHandler.RetryBackoff.NONE); // the local poller applies the same backoff itself
        queuePollers = new QueuePoller[config.senderThreads()];
        threads = new Thread[queuePollers.length + 1];
        threads[0] = Thread.ofPlatform().daemon().name("payhook-outbox").start(streamPoller);
        for (int i = 0; i < queuePollers.length; i++) {
            queuePollers[i] = new QueuePoller(queues, sender, config.retryBase(), config.retryCap());
            threads[i + 1] = Thread.ofPlatform().daemon().name("payhook-sender-" + i).start(queuePollers[i]);
        }

        SigV4 sigv4 = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region(), Duration.ofMinutes(5), clock);
        gateway = new ApiGateway(config.port(), sigv4, new IngestHandler(services.ingest()),
                new QueryHandler(services.transactions()), new NotifyRequestHandler(services.notifications()), this::health, new ApiGateway.Admin() {
                    @Override
                    public long redrive(java.util.function.LongConsumer progress) {
                        return new io.payhook.aws.sqs.DeadLetterRedrive(queues.client())
                                .moveAll(queues.dlqUrl(), queues.queueUrl(), progress);
                    }

                    @Override
                    public long replay(java.time.Instant since, java.util.function.LongConsumer progress) {
                        return new io.payhook.core.usecase.ReplayNotifications(store, services.notifications())
                                .handle(since, progress::accept);
                    }
                });
        gateway.start();
        return this;
    }

    public int port() { return gateway.port(); }

    public String url() { return "http://127.0.0.1:" + port(); }

    public LocalConfig config() { return config; }

    public TransactionStore store() { return store; }

    public LocalDynamo dynamo() { return dynamo; }

    public LocalQueues queues() { return queues; }

    public MailSink mail() { return mail; }

    public Services services() { return services; }

    /** Liveness and readiness; says nothing secret. */
    Map<String, Object> health() {
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("dynamodb", "up");
        components.put("queue", queues.running() ? "up" : "down");
        components.put("mail", mail.running() ? "up" : "down");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", queues.running() && mail.running() ? "ok" : "degraded");
        m.put("components", components);
        return m;
    }

    /** Takes the queue down (fault injection, tests); webhooks are still acknowledged. */
    public void stopQueue() { queues.stop(); }

    /** Brings the queue back and refills it from the table's QUEUED notifications. */
    public void startQueue() {
        queues.start(config.maxReceives(), config.visibilityTimeout());
        services.outbox().recover();
    }

    public void stopMail() { mail.stop(); }

    public void startMail() { mail.start(); }

    @Override
    public void close() {
        if (gateway != null) gateway.close();
        if (streamPoller != null) streamPoller.stop();
        if (queuePollers != null) for (QueuePoller p : queuePollers) p.stop();
        if (threads != null) {
            for (Thread t : threads) {
                try {
                    t.join(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (queues != null) queues.close();
        if (mail != null) mail.close();
        if (dynamo != null) dynamo.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The local wiring of the use cases. */
    static final class LocalServices implements Services {
        private final IngestWebhook ingest;
        private final GetTransaction transactions;
        private final RequestNotification notifications;
        private final ProcessOutbox outbox;
        private final DeliverNotification delivery;
        private final int maxReceives;

        LocalServices(TransactionStore store, FieldCipher cipher, LocalQueues queues, MailSink mail, LocalConfig config, Clock clock) {
            this.ingest = new IngestWebhook(Providers.standard(clock), new EnvironmentSecretSource(config.providerSecrets()),
                    store, cipher, clock, new IngestWebhook.Settings(config.maxBodyBytes(), config.replayTolerance()));
            this.transactions = new GetTransaction(store);
            this.notifications = new RequestNotification(store, clock, LambdaServices::newNotificationId);
            this.outbox = new ProcessOutbox(store, new LazyQueue(queues), clock);
            this.delivery = new DeliverNotification(store, cipher,
                    new SmtpNotifier("127.0.0.1", mail.port(), "payhook <no-reply@payhook.local>"), clock);
            this.maxReceives = config.maxReceives();
        }

        @Override public IngestWebhook ingest() { return ingest; }
        @Override public GetTransaction transactions() { return transactions; }
        @Override public RequestNotification notifications() { return notifications; }
        @Override public ProcessOutbox outbox() { return outbox; }
        @Override public DeliverNotification delivery() { return delivery; }
        @Override public int maxReceives() { return maxReceives; }
    }

    /** The SQS adapter on whatever URL the (restartable) local queue has now. */
    private record LazyQueue(LocalQueues queues) implements io.payhook.core.port.NotificationQueue {
        @Override
        public void enqueue(Message message) {
            new SqsNotificationQueue(queues.client(), queues.queueUrl()).enqueue(message);
        }
    }
}

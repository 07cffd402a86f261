package io.payhook.local;

import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.aws.dynamodb.DynamoDbTransactionStore;
import io.payhook.aws.sqs.SqsNotificationQueue;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.webhook.Providers;
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
 * sender handler). The mail sink also plays SES's mailbox simulator (bounce and complaint events through
 * the feedback function), operations alerts are mailed to the ops mailbox, the metrics are served at
 * {@code GET /metrics}, and the operator console at {@code /console/} ({@link io.payhook.local.console.ConsoleServer}).
 */
public final class LocalSystem implements AutoCloseable {
    public static final String TABLE = "payment_transactions";
    /** The audit trail's table (PCI DSS 10.2), beside the payment table in DynamoDB Local. */
    public static final String AUDIT_TABLE = "payment_audit";
    /** How long a local audit record is kept: the dev environment's retention (infra's EnvironmentConfig). */
    public static final Duration AUDIT_RETENTION = Duration.ofDays(90);
    /** The search projection's table (the summaries), beside the payments table as in AWS. */
    public static final String SUMMARY_TABLE = "payment_transaction_summaries";
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.List<java.util.logging.Logger> QUIET_LOGGERS = java.util.List.of(
            java.util.logging.Logger.getLogger("com.amazonaws"), java.util.logging.Logger.getLogger("com.almworks.sqlite4java"));

    private final LocalConfig config;
    private final Clock clock = Clock.systemUTC();
    private LocalDynamo dynamo;
    private LocalQueues queues;
    private MailSink mail;
    private ApiGateway gateway;
    private io.payhook.local.console.ConsoleServer console;
    private StreamPoller streamPoller;
    private StreamPoller projectionPoller;
    private StreamPoller riskPoller;
    private StreamPoller archivePoller;
    private ExpirySweeper sweeper;
    private FolderArchive archive;
    private io.payhook.core.usecase.ArchiveTransactions archiver;
    private QueuePoller[] queuePollers;
    private Thread[] threads;
    private LocalServices services;
    private TransactionStore store;
    private LocalNotificationQueue queue;
    private PrometheusMetrics metrics;
    private MailAlerts opsMail;
    private SesMailboxSimulator simulator;
    private DataDirLock lock;

    public LocalSystem(LocalConfig config) { this.config = config; }

    /**
     * Starts every part; returns once the API accepts requests.
     *
     * @throws DataDirInUseException when another system (another {@code serve}, a {@code check}) holds the data dir
     */
    public LocalSystem start() throws IOException {
        Path data = Files.createDirectories(config.dataDir());
        lock = DataDirLock.acquire(data); // DynamoDB Local's SQLite file is for one process at a time
        try {
            startParts(data);
        } catch (IOException | RuntimeException e) {
            close(); // what started, and the lock
            throw e;
        }
        return this;
    }

    private void startParts(Path data) throws IOException {
        JsonLog.setLevel(config.logLevel());
        JsonLog.setClock(clock);
        JsonLog.setEnvironment("local");
        // DynamoDB Local logs through java.util.logging (SDK v1 warnings about JAXB, sqlite chatter)
        QUIET_LOGGERS.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
        dynamo = new LocalDynamo(data.resolve("dynamodb"));
        String streamArn = dynamo.ensureTable(TABLE);
        store = new DynamoDbTransactionStore(dynamo.client(), TABLE, clock, config.retention());
        archive = new FolderArchive(data.resolve(ARCHIVE_DIR), clock);
        dynamo.ensureAuditTable(AUDIT_TABLE);
        dynamo.ensureSummaryTable(SUMMARY_TABLE);
        io.payhook.aws.dynamodb.DynamoDbSummaryStore summaries = new io.payhook.aws.dynamodb.DynamoDbSummaryStore(dynamo.client(), SUMMARY_TABLE);

        queues = new LocalQueues(config.sqsPort() == 0 ? freePort() : config.sqsPort(), config.region());
        queues.start(config.maxReceives(), config.visibilityTimeout());
        mail = new MailSink(config.smtpPort() == 0 ? freePort() : config.smtpPort(), data.resolve("mail"), clock);
        mail.start();

        FieldCipher cipher = EnvelopeFieldCipher.of(LocalKeyFile.masterKey(data.resolve("keys").resolve("local-field-key")));
        queue = new LocalNotificationQueue(queues);
        metrics = new PrometheusMetrics();
        // operations alerts: mailed to the ops mailbox, at most one per kind and payment in 5 minutes (ledger in the table)
        opsMail = new MailAlerts("127.0.0.1", mail.port(), config.notifications().from(), config.notifications().opsEmail(), clock);
        io.payhook.core.port.Alerts alerts = new io.payhook.core.usecase.ThrottledAlerts(opsMail,
                new io.payhook.aws.dynamodb.DynamoDbAlertLedger(dynamo.client(), TABLE), ALERT_WINDOW, clock);
        services = new LocalServices(store, cipher, queue, mail, config, clock,
                new io.payhook.aws.dynamodb.DynamoDbSuppressionList(dynamo.client(), TABLE),
                LocalKeyFile.addressKeys(data.resolve("keys").resolve("local-address-key")), metrics, alerts,
                summaries, new io.payhook.aws.dynamodb.DynamoDbAuditLog(dynamo.client(), AUDIT_TABLE, AUDIT_RETENTION),
                LocalKeyFile.macKey(data.resolve("keys").resolve("local-cursor-key")),
                new io.payhook.aws.dynamodb.DynamoDbReplayJobs(dynamo.client(), TABLE), // bulk re-notify jobs: the payments table, as in AWS
                new LocalDeadLetterQueue(queues, clock),
                new io.payhook.aws.dynamodb.DynamoDbRiskStore(dynamo.client(), TABLE), // risk facts and findings: the payments table, as in AWS
                archive);
        archiver = new io.payhook.core.usecase.ArchiveTransactions(store, archive, config.retention(), clock);
        // SES's mailbox simulator: its bounce and complaint events go through the same function as in AWS
        io.payhook.functions.FeedbackHandler feedback = new io.payhook.functions.FeedbackHandler(services.feedback());
        simulator = new SesMailboxSimulator(config.region(), clock, this::outcomeRecorded, event -> feedback.handleRequest(event, null));
        mail.onAccepted(simulator::accepted);

        // The queue does not survive a restart: put the notifications still QUEUED back (the table's index of open
        // notifications); events not yet handled are still on the stream, read from the saved position.
        int requeued = services.outbox().recover();
        if (requeued > 0) JsonLog.info("queued notifications restored from the table", "count", Integer.toString(requeued));

        streamPoller = new StreamPoller(dynamo.streams(), streamArn, data.resolve(OUTBOX_CHECKPOINT),
                new OutboxStreamHandler(services.outbox(), services.replaySteps()), config.streamIdle(), services.outbox()::catchUp, clock);
        NotificationSenderHandler sender = new NotificationSenderHandler(services.delivery(), services.maxReceives(),
                NotificationSenderHandler.RetryBackoff.NONE); // the local poller applies the same backoff itself
        queuePollers = new QueuePoller[config.senderThreads()];
        // the projector reads the same stream with its own checkpoint, as its function has its own event source
        // mapping in AWS: a slow or failing projection never holds the outbox up, and the reverse
        projectionPoller = new StreamPoller(dynamo.streams(), streamArn, data.resolve("projector-checkpoint.properties"),
                new io.payhook.functions.ProjectorStreamHandler(services.projector()), config.streamIdle(),
                services.projector()::catchUp, clock);
        // the risk screen: a third reader of the same stream with its own checkpoint (its own mapping in AWS)
        riskPoller = new StreamPoller(dynamo.streams(), streamArn, data.resolve(RISK_CHECKPOINT),
                new io.payhook.functions.RiskStreamHandler(services.risk()), config.streamIdle(), services.risk()::catchUp, clock);
        // the archiver: a fourth reader of the stream with its own checkpoint (its own event source mapping in AWS)
        archivePoller = new StreamPoller(dynamo.streams(), streamArn, data.resolve("archiver-checkpoint.properties"),
                new io.payhook.functions.ArchiverStreamHandler(archiver), config.streamIdle(),
                since -> store.forEachTransactionChangedSince(since, id -> archiver.handle(java.util.Set.of(id), Map.of())), clock);
        // DynamoDB Local does not delete expired items: the sweep does, archive first (docs/ARCHIVE.md)
        sweeper = new ExpirySweeper(dynamo.client(), TABLE, archiver, clock, ExpirySweeper.interval(config.retention()));
        threads = new Thread[queuePollers.length + 5];
        threads[0] = Thread.ofPlatform().daemon().name("payhook-outbox").start(streamPoller);
        threads[1] = Thread.ofPlatform().daemon().name("payhook-projector").start(projectionPoller);
        threads[2] = Thread.ofPlatform().daemon().name("payhook-risk").start(riskPoller);
        threads[3] = Thread.ofPlatform().daemon().name("payhook-archiver").start(archivePoller);
        threads[4] = Thread.ofPlatform().daemon().name("payhook-expiry-sweep").start(sweeper);
        for (int i = 0; i < queuePollers.length; i++) {
            queuePollers[i] = new QueuePoller(queues, sender, config.retryBase(), config.retryCap());
            threads[i + 5] = Thread.ofPlatform().daemon().name("payhook-sender-" + i).start(queuePollers[i]);
        }

        SigV4 sigv4 = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region(), Duration.ofMinutes(5), clock);
        gateway = new ApiGateway(config.port(), sigv4, new IngestHandler(services.ingest()),
                new QueryHandler(services.transactions(), services.search(), services.readAudit(), services.recordAudit()),
                new NotifyRequestHandler(services.notifications(), services.replay(), services.recordAudit()),
                new io.payhook.functions.NotificationOpsHandler(services.listNotifications(), services.redrive(), services.recordAudit()),
                this::health, metrics::scrape, clock);
        // the operator console, on the same port: its calls come back to this gateway signed with the local key pair
        console = io.payhook.local.console.ConsoleServer.local(java.net.URI.create("http://127.0.0.1:" + gateway.port()),
                config.accessKeyId(), config.secretAccessKey(), config.region(), metrics::scrape, clock);
        gateway.mount(console);
        gateway.start();
    }

    /** The archive's folder under the data dir (the bucket's keys below it). */
    public static final String ARCHIVE_DIR = "archive";

    /** The local archive (fault injection: {@link FolderArchive#unavailable}). */
    public FolderArchive archive() { return archive; }

    /** Runs one expiry sweep now (tests; {@code serve} sweeps on its own every tenth of the retention). */
    public ExpirySweeper.Round sweepExpired() { return sweeper.sweep(); }

    /** The outbox's stream position under the data dir. */
    static final String OUTBOX_CHECKPOINT = "outbox-checkpoint.properties";

    /** The risk screen's stream position under the data dir. */
    static final String RISK_CHECKPOINT = "risk-checkpoint.properties";

    /** How long operations alerts of one kind about one payment (or provider) are aggregated into one. */
    public static final Duration ALERT_WINDOW = Duration.ofMinutes(5);

    /**
     * Whether the sender has recorded the outcome of this notification (it is no longer QUEUED): SES reports a
     * bounce or complaint only after the message was delivered, so the simulator waits for it.
     */
    private boolean outcomeRecorded(String transactionId, String notificationId) {
        return store.load(transactionId).flatMap(t -> t.notifications().stream()
                        .filter(n -> n.notificationId().equals(notificationId)).findFirst())
                .map(n -> n.status() != io.payhook.core.model.NotificationStatus.QUEUED)
                .orElse(true); // unknown: nothing to wait for
    }

    public int port() { return gateway.port(); }

    public String url() { return "http://127.0.0.1:" + port(); }

    /** Where the operator console is served (docs/CONSOLE.md). */
    public String consoleUrl() { return url() + io.payhook.local.console.ConsoleServer.PREFIX; }

    public LocalConfig config() { return config; }

    public TransactionStore store() { return store; }

    public LocalDynamo dynamo() { return dynamo; }

    /**
     * Holds the outbox at its stream position until {@link #awaitOutboxQuiet} (which resumes it):
     * {@code ./payhook bench --pause-outbox} measures ingest without the outbox's share of the CPU.
     * Nothing is lost; the outbox catches up from the stream afterwards.
     */
    public void pauseOutbox() { streamPoller.pause(true); }

    /**
     * Resumes the outbox if it was paused, then waits until it has handled no batch for
     * {@code quiet} (it has caught up with the table's stream), at most {@code timeout}; false on timeout.
     */
    public boolean awaitOutboxQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        streamPoller.pause(false);
        return awaitQuiet(streamPoller, quiet, timeout);
    }

    /**
     * Waits until the projector (the search projection's stream poller) has handled no batch for {@code quiet} — it
     * has caught up with the table's stream — at most {@code timeout}; false on timeout. {@code ./payhook scale}
     * measures the store's floor only once the projection has caught up.
     */
    public boolean awaitProjectionQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        return awaitQuiet(projectionPoller, quiet, timeout);
    }

    private static boolean awaitQuiet(StreamPoller poller, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = poller.handledBatches();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = poller.handledBatches();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                return true;
            }
        }
        return false;
    }

    public LocalQueues queues() { return queues; }

    public MailSink mail() { return mail; }

    public Services services() { return services; }

    /** Liveness and readiness; says nothing secret. */
    Map<String, Object> health() {
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("dynamodb", dynamo.running() ? "up" : "down");
        components.put("queue", queues.running() ? "up" : "down");
        components.put("mail", mail.running() ? "up" : "down");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", dynamo.running() && queues.running() && mail.running() ? "ok" : "degraded");
        m.put("components", components);
        return m;
    }

    /**
     * Takes the store down (fault injection, tests): DynamoDB Local is shut down after the calls in
     * flight; until {@link #startStore()} every store call fails as an unreachable DynamoDB does, so
     * webhooks are answered 503 {@code store_unavailable} (not stored: the provider retries), the
     * outbox poller holds its position and the sender's attempts fail and come back from the queue.
     */
    public void stopStore() { dynamo.stop(); }

    /**
     * Re-creates DynamoDB Local on the same SQLite file. The adapters hold delegating clients
     * ({@link LocalDynamo#client()}), so they use the new instance at once; the outbox poller resumes
     * from its position (stream iterators and sequence numbers are kept in the file).
     */
    public void startStore() { dynamo.start(); }

    /** Takes the queue down (fault injection, tests); webhooks are still acknowledged. */
    public void stopQueue() {
        queues.stop();
        queue.newQueue();
    }

    /**
     * Brings the queue back and refills it from the table's QUEUED notifications. The outbox
     * poller, held up while the queue was down, queues some of the same notifications again; each
     * goes into the new queue once (see {@link LocalNotificationQueue}).
     */
    public void startQueue() {
        queue.newQueue();
        queues.start(config.maxReceives(), config.visibilityTimeout());
        services.outbox().recover();
    }

    public void stopMail() { mail.stop(); }

    public void startMail() { mail.start(); }

    @Override
    public void close() {
        if (gateway != null) gateway.close();
        if (console != null) console.close();
        if (streamPoller != null) streamPoller.stop();
        if (projectionPoller != null) projectionPoller.stop();
        if (riskPoller != null) riskPoller.stop();
        if (archivePoller != null) archivePoller.stop();
        if (sweeper != null) sweeper.stop();
        if (queuePollers != null) for (QueuePoller p : queuePollers) if (p != null) p.stop();
        if (threads != null) {
            for (Thread t : threads) {
                if (t == null) continue;
                try {
                    t.join(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (simulator != null) simulator.close();
        if (opsMail != null) opsMail.close();
        if (queues != null) queues.close();
        if (mail != null) mail.close();
        if (dynamo != null) dynamo.close();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /** Another process (or another system in this JVM) holds the data dir. */
    public static final class DataDirInUseException extends IllegalStateException {
        DataDirInUseException(String message) { super(message); }
    }

    /**
     * An exclusive OS file lock on {@code <data-dir>/payhook.lock}, held while a system (or
     * {@code ./payhook check}) uses the data dir: DynamoDB Local's SQLite file must not be opened by
     * two processes. The OS drops the lock when the process dies, also on kill -9.
     */
    static final class DataDirLock implements AutoCloseable {
        /**
         * Data dirs locked by this JVM. Checked before the file is opened: on Linux, closing any
         * descriptor of a file drops every lock this process holds on it.
         */
        private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private final Path dir;
        private final java.nio.channels.FileChannel channel;

        private DataDirLock(Path dir, java.nio.channels.FileChannel channel) {
            this.dir = dir;
            this.channel = channel;
        }

        static DataDirLock acquire(Path dataDir) throws IOException {
            Path dir = dataDir.toRealPath();
            if (!HELD.add(dir)) throw new DataDirInUseException("the data dir " + dataDir + " is in use by this process");
            try {
                var channel = java.nio.channels.FileChannel.open(dir.resolve("payhook.lock"), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
                    channel.read(b, 0);
                    String holder = new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8).trim();
                    channel.close();
                    throw new DataDirInUseException("the data dir " + dataDir + " is in use by another payhook process"
                            + (holder.isEmpty() ? "" : " (" + holder + ")") + ": stop it, or choose another --data-dir");
                }
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
                return new DataDirLock(dir, channel);
            } catch (IOException | RuntimeException e) {
                HELD.remove(dir);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // the OS releases it with the process anyway
            } finally {
                HELD.remove(dir);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The local wiring of the use cases. */
    static final class LocalServices implements Services {
        private final io.payhook.core.usecase.RecordDeliveryFeedback feedback;
        private final IngestWebhook ingest;
        private final GetTransaction transactions;
        private final io.payhook.core.usecase.SearchTransactions search;
        private final io.payhook.core.usecase.ProjectTransactionSummary projector;
        private final RequestNotification notifications;
        private final ProcessOutbox outbox;
        private final DeliverNotification delivery;
        private final int maxReceives;
        private final io.payhook.core.usecase.RecordAudit recordAudit;
        private final io.payhook.core.usecase.ReadAudit readAudit;
        private final io.payhook.core.usecase.ReplayNotifications replay;
        private final io.payhook.core.usecase.AdvanceReplayJob replaySteps;
        private final io.payhook.core.usecase.ListNotifications listNotifications;
        private final io.payhook.core.usecase.RedriveDeadLetters redrive;
        private final io.payhook.core.usecase.ScreenRisk risk;

        /**
         * @param auditLog  the audit table
         * @param cursorKey the paging cursors' key (a key file standing in for AWS's KMS HMAC key)
         * @param jobs      where bulk re-notify jobs are kept
         * @param dlq       the dead-letter queue, redriven by a move loop (ElasticMQ has no move task)
         * @param risks     the risk screen's facts and findings
         * @param archive   the local archive (GET answers an expired transaction from it)
         */
        LocalServices(TransactionStore store, FieldCipher cipher, io.payhook.core.port.NotificationQueue queue, MailSink mail,
                      LocalConfig config, Clock clock, io.payhook.core.port.SuppressionList suppressions,
                      io.payhook.core.port.AddressKeys addressKeys, io.payhook.core.port.Metrics metrics,
                      io.payhook.core.port.Alerts alerts, io.payhook.aws.dynamodb.DynamoDbSummaryStore summaries,
                      io.payhook.core.port.AuditLog auditLog, io.payhook.core.port.MacKey cursorKey,
                      io.payhook.core.port.ReplayJobs jobs, io.payhook.core.port.DeadLetterQueue dlq,
                      io.payhook.core.port.RiskStore risks, io.payhook.core.port.Archive archive) {
            this.risk = new io.payhook.core.usecase.ScreenRisk(store, risks, config.riskRules(), alerts, metrics, clock);
            this.listNotifications = new io.payhook.core.usecase.ListNotifications(store);
            this.redrive = new io.payhook.core.usecase.RedriveDeadLetters(dlq);
            this.recordAudit = new io.payhook.core.usecase.RecordAudit(auditLog, clock);
            this.readAudit = new io.payhook.core.usecase.ReadAudit(auditLog, new io.payhook.core.paging.Cursors(cursorKey));
            Map<String, String> secrets = new java.util.HashMap<>(config.providerSecrets());
            secrets.putAll(config.providers().customSecrets());
            this.ingest = new IngestWebhook(providers(config, clock),
                    new EnvironmentSecretSource(secrets, io.payhook.core.webhook.custom.CustomProviders.secretsVariables(config.providers().custom())),
                    store, cipher, clock, new IngestWebhook.Settings(config.maxBodyBytes(), config.replayTolerance(),
                            config.providers().merchants()), metrics, alerts);
            this.transactions = new GetTransaction(store, archive); // an expired transaction from the archive
            this.search = new io.payhook.core.usecase.SearchTransactions(summaries, new io.payhook.core.paging.Cursors(cursorKey),
                    java.util.Set.copyOf(providers(config, clock).names()), clock);
            this.projector = new io.payhook.core.usecase.ProjectTransactionSummary(store, summaries);
            this.notifications = new RequestNotification(store, clock, LambdaServices::newNotificationId);
            this.outbox = new ProcessOutbox(store, queue, clock, alerts);
            this.replay = new io.payhook.core.usecase.ReplayNotifications(search, jobs, clock,
                    io.payhook.core.usecase.ReplayNotifications::newJobId, config.notifications().replayMax());
            this.replaySteps = new io.payhook.core.usecase.AdvanceReplayJob(jobs, notifications, clock);
            LocalConfig.Notifications n = config.notifications();
            SmtpNotifier notifier = new SmtpNotifier("127.0.0.1", mail.port(), n.from(), config.region(), clock);
            this.feedback = new io.payhook.core.usecase.RecordDeliveryFeedback(store, suppressions, addressKeys, metrics,
                    notifier.channel(), clock);
            this.delivery = new DeliverNotification(new DeliverNotification.Parts(store, cipher,
                    notifier,
                    new io.payhook.core.notification.ConfirmationRenderer(new io.payhook.core.notification.ConfirmationRenderer.Settings(n.locale(), n.merchantName())),
                    suppressions, addressKeys, metrics, alerts, clock),
                    Duration.ofSeconds(10)); // a claim left by a killed process ends before the 2 s-doubling retries run out
            this.maxReceives = config.maxReceives();
        }

        /**
         * Every provider, as in AWS, with the local system's settings: the Square notification URL, the configured
         * providers, and PayPal certificates from PayPal's hosts — plus, locally only, the testkit's sample
         * certificate, so that {@code ./payhook send paypal} verifies (never in AWS).
         */
        static io.payhook.core.webhook.ProviderRegistry providers(LocalConfig config, Clock clock) {
            io.payhook.core.port.CertificateSource https = new io.payhook.aws.paypal.HttpsCertificateSource(
                    io.payhook.aws.paypal.HttpsCertificateSource.Config.defaults(), clock);
            java.security.cert.X509Certificate sample = sampleCertificate();
            java.net.URI sampleUrl = java.net.URI.create(io.payhook.testkit.PayPalSigningKey.SAMPLE_CERT_URL);
            io.payhook.core.port.CertificateSource certificates = url -> url.equals(sampleUrl) ? sample : https.certificate(url);
            return Providers.standard(new Providers.Settings(clock, config.providers().squareNotificationUrl(),
                    io.payhook.core.webhook.custom.CustomProviders.providers(config.providers().custom(), clock), null)
                    .withPayPal(io.payhook.core.webhook.paypal.PayPalProvider.Settings.of(certificates)));
        }

        private static java.security.cert.X509Certificate sampleCertificate() {
            try {
                return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new java.io.ByteArrayInputStream(io.payhook.testkit.PayPalSigningKey.sampleCertificatePem()
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            } catch (java.security.cert.CertificateException e) {
                throw new IllegalStateException("the testkit's sample PayPal certificate does not parse", e);
            }
        }

        /** Bounce and complaint feedback (the SES mailbox simulator's events, through {@code FeedbackHandler}). */
        io.payhook.core.usecase.RecordDeliveryFeedback feedback() { return feedback; }

        @Override public IngestWebhook ingest() { return ingest; }
        @Override public GetTransaction transactions() { return transactions; }
        @Override public io.payhook.core.usecase.SearchTransactions search() { return search; }
        @Override public io.payhook.core.usecase.ProjectTransactionSummary projector() { return projector; }
        @Override public RequestNotification notifications() { return notifications; }
        @Override public ProcessOutbox outbox() { return outbox; }
        @Override public io.payhook.core.usecase.ReplayNotifications replay() { return replay; }
        @Override public io.payhook.core.usecase.AdvanceReplayJob replaySteps() { return replaySteps; }
        @Override public DeliverNotification delivery() { return delivery; }
        @Override public int maxReceives() { return maxReceives; }
        @Override public io.payhook.core.usecase.RecordAudit recordAudit() { return recordAudit; }
        @Override public io.payhook.core.usecase.ReadAudit readAudit() { return readAudit; }
        @Override public io.payhook.core.usecase.ListNotifications listNotifications() { return listNotifications; }
        @Override public io.payhook.core.usecase.RedriveDeadLetters redrive() { return redrive; }
        @Override public io.payhook.core.usecase.ScreenRisk risk() { return risk; }
    }

    /**
     * The SQS adapter on whatever URL the (restartable) local queue has now, putting each
     * notification into one incarnation of the queue at most once. After a queue restart two
     * callers queue the same notifications — the recovery from the table, and the outbox poller
     * that was held up at the record it could not queue — and two copies of one message, taken by
     * two sender threads at the same moment, would both find the notification QUEUED and both
     * send it. A notification already put into (or being put into) this incarnation is not sent
     * again; a caller that finds another one's send in flight waits for it: a success is shared, a
     * failed attempt makes it try itself (so {@link #startQueue}'s refill never inherits the poller's
     * failure from the moment the queue was still coming up), and its own failure is thrown to it.
     */
    static final class LocalNotificationQueue implements io.payhook.core.port.NotificationQueue {
        /** Kept per incarnation; bounded (forgetting one only risks a duplicate message, which the sender absorbs). */
        private static final int REMEMBERED = 100_000;

        private record Claim(long incarnation, java.util.concurrent.CompletableFuture<Void> done) {}

        private final LocalQueues queues;
        private final java.util.concurrent.atomic.AtomicLong incarnation = new java.util.concurrent.atomic.AtomicLong();
        private final Map<String, Claim> claims = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Claim> eldest) { return size() > REMEMBERED; }
        };

        LocalNotificationQueue(LocalQueues queues) { this.queues = queues; }

        /** The queue was stopped or started: what was in it is gone. */
        void newQueue() { incarnation.incrementAndGet(); }

        @Override
        public void enqueue(Message message) {
            Claim mine;
            for (int attempt = 1; ; attempt++) {
                long now = incarnation.get();
                mine = new Claim(now, new java.util.concurrent.CompletableFuture<>());
                Claim earlier;
                synchronized (claims) {
                    earlier = claims.get(message.notificationId());
                    if (earlier == null || earlier.incarnation() != now) {
                        claims.put(message.notificationId(), mine);
                        earlier = null;
                    }
                }
                if (earlier == null) break;
                try {
                    earlier.done().join(); // already in this queue, or on its way: share the outcome
                    return;
                } catch (java.util.concurrent.CompletionException e) {
                    // that attempt failed (e.g. the poller's, while the queue was still coming up) and
                    // gave its claim back: try ourselves rather than inherit its failure
                    if (attempt >= 3) throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            try {
                new SqsNotificationQueue(queues.client(), queues.queueUrl()).enqueue(message);
                mine.done().complete(null);
            } catch (RuntimeException e) {
                synchronized (claims) {
                    claims.remove(message.notificationId(), mine);
                }
                mine.done().completeExceptionally(e);
                throw e;
            }
        }
    }
}

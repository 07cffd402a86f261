package io.payhook.local;

import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one fixture of the ITs: a whole local system (DynamoDB Local, ElasticMQ, the SMTP sink, the
 * SigV4 gateway, in this JVM) in a fresh temporary data dir, with its config and a
 * {@link PayhookClient} signed with its key pair; closed and its dir deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalSystemExtension system = LocalSystemExtension.perClass()
 *         .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.WARN);
 * }</pre>
 * {@link #perClass()} starts one system for the test class (register it in a static field);
 * {@link #perTest()} one for each test (a static or an instance field). {@link #notStarted()} prepares
 * only the dir and the config: the test calls {@link #start()} itself — after it has set up a log
 * capture, or after a {@code serve} process it started on {@link #dir()} has ended. {@link #stop()},
 * {@link #start()} and {@link #restart()} act on the same data dir, as a restarted {@code serve} would.
 *
 * <p>Instances are configured by copying, like {@link PayhookClient}; the accessors may be called
 * from any thread.
 */
public final class LocalSystemExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean perClass;
    private final boolean startFirst;
    private final Map<String, String> env;
    private final Duration retryBase;
    private final Duration retryCap;
    private final JsonLog.Level logLevel;

    private volatile Path dir;
    private volatile LocalConfig config;
    private volatile LocalSystem system;
    private volatile PayhookClient client;

    private LocalSystemExtension(boolean perClass, boolean startFirst, Map<String, String> env, Duration retryBase,
                                 Duration retryCap, JsonLog.Level logLevel) {
        this.perClass = perClass;
        this.startFirst = startFirst;
        this.env = Map.copyOf(env);
        this.retryBase = retryBase;
        this.retryCap = retryCap;
        this.logLevel = logLevel;
    }

    /** One system for all tests of the class, started before the first and closed after the last. */
    public static LocalSystemExtension perClass() { return new LocalSystemExtension(true, true, Map.of(), null, null, null); }

    /** A fresh system in a fresh data dir for each test. */
    public static LocalSystemExtension perTest() { return new LocalSystemExtension(false, true, Map.of(), null, null, null); }

    /** The notification retry backoff: first delay and cap (default: {@link LocalConfig}'s). */
    public LocalSystemExtension retry(Duration base, Duration cap) {
        return new LocalSystemExtension(perClass, startFirst, env, base, cap, logLevel);
    }

    /** The JSON log's level (default: {@link LocalConfig}'s). */
    public LocalSystemExtension logLevel(JsonLog.Level level) {
        return new LocalSystemExtension(perClass, startFirst, env, retryBase, retryCap, level);
    }

    /** The environment the config is read from, as {@code serve} reads its own (default: empty, the dev secrets). */
    public LocalSystemExtension env(Map<String, String> environment) {
        return new LocalSystemExtension(perClass, startFirst, environment, retryBase, retryCap, logLevel);
    }

    /** Prepare the data dir and the config only; the test calls {@link #start()}. */
    public LocalSystemExtension notStarted() {
        return new LocalSystemExtension(perClass, false, env, retryBase, retryCap, logLevel);
    }

    // ------------------------------------------------------------------ JUnit

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (perClass) open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) close();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) open();
        else if (dir == null) throw new ExtensionConfigurationException("LocalSystemExtension.perClass() must be registered in a static field");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) close();
    }

    private void open() throws IOException {
        dir = Files.createTempDirectory("payhook-it-");
        LocalConfig c = LocalConfig.fromEnvironment(env, 0, dir);
        if (retryBase != null) c = c.withRetry(retryBase, retryCap);
        if (logLevel != null) c = c.withLogLevel(logLevel);
        config = c;
        if (startFirst) start();
    }

    private void close() {
        try {
            stop();
        } finally {
            Path d = dir;
            dir = null;
            config = null;
            if (d != null) delete(d);
        }
    }

    private static void delete(Path d) {
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the data dir " + d, e);
        }
    }

    // ------------------------------------------------------------------ the system

    /**
     * Starts a system on {@link #dir()} (again, after {@link #stop()}); returns once its API accepts requests.
     *
     * @throws LocalSystem.DataDirInUseException when another process holds the data dir
     */
    public LocalSystem start() throws IOException {
        if (system != null) throw new IllegalStateException("the local system is already running");
        LocalSystem s = new LocalSystem(config()).start();
        client = clientOf(s.url());
        system = s;
        return s;
    }

    /** Closes the running system, if any; its data dir stays. */
    public void stop() {
        LocalSystem s = system;
        system = null;
        client = null;
        if (s != null) s.close();
    }

    /** {@link #stop()}, then {@link #start()} on the same data dir (the new system listens on a new port). */
    public LocalSystem restart() throws IOException {
        stop();
        return start();
    }

    /** The running system. */
    public LocalSystem system() {
        LocalSystem s = system;
        if (s == null) throw new IllegalStateException("no local system is running");
        return s;
    }

    /** The data dir: the table, the outbox checkpoint, the key file, the mail sink's .eml files. */
    public Path dir() {
        Path d = dir;
        if (d == null) throw new IllegalStateException("no data dir outside a test");
        return d;
    }

    /** The config the system runs with (port 0: each start picks a free port). */
    public LocalConfig config() {
        LocalConfig c = config;
        if (c == null) throw new IllegalStateException("no config outside a test");
        return c;
    }

    /** A client of the running system, signing with the config's key pair. */
    public PayhookClient client() {
        system();
        return client;
    }

    /** A client of a server on this port of 127.0.0.1 (a {@code serve} process on {@link #dir()}), signing with the config's key pair. */
    public PayhookClient clientAt(int port) { return clientOf("http://127.0.0.1:" + port); }

    private PayhookClient clientOf(String url) {
        LocalConfig c = config();
        return PayhookClient.of(url, c.accessKeyId(), c.secretAccessKey(), c.region());
    }

    // ------------------------------------------------------------------ generic-format deliveries

    /** The first configured secret of the generic format. */
    public String genericSecret() { return config().providerSecrets().get("PAYHOOK_GENERIC_SECRETS").split(",")[0]; }

    /** {@code json} as a generic-format delivery signed now with {@link #genericSecret()}. */
    public SampleDeliveries.Delivery generic(String json) { return generic(json, Instant.now().getEpochSecond()); }

    /** {@code json} as a generic-format delivery signed at {@code signedAt} (seconds since the epoch). */
    public SampleDeliveries.Delivery generic(String json, long signedAt) {
        return SampleDeliveries.signGeneric(json, genericSecret(), Instant.ofEpochSecond(signedAt));
    }

    /** Delivers {@code json} in the generic format, signed now, to the running system. */
    public PayhookClient.Response webhook(String json) { return client().webhook(generic(json)); }

    /** Delivers {@code json} in the generic format, signed at {@code signedAt} (seconds since the epoch), to the running system. */
    public PayhookClient.Response webhook(String json, long signedAt) { return client().webhook(generic(json, signedAt)); }
}

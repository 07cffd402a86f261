package io.payhook.bench.start;

import io.payhook.functions.JsonLog;
import io.payhook.local.LocalConfig;
import io.payhook.local.LocalSystem;
import io.payhook.local.cli.LocalApi;
import io.payhook.local.cli.Values;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./payhook starttime}: how long {@code serve} takes to accept requests on an empty data dir and on one
 * holding N transactions — each start a fresh JVM running {@code serve}, timed from its launch to the
 * "payhook listening" line, then stopped with SIGTERM. The loaded data dir is filled through the API of a local
 * system (signed generic deliveries, a share with a customer email, so notifications and emails exist too) and
 * the system is left at rest (outbox caught up, nothing QUEUED) before a clean stop. {@code --serve-classpath} times another build's
 * {@code serve} on the same data dirs (the code before a change: docs/BENCHMARKS.md).
 */
@Command(name = "starttime", sortOptions = false, header = "serve's start time on an empty data dir and on a loaded one.",
        description = {"Starts serve in a fresh JVM, several times, on an empty data dir and on one holding N "
                + "transactions (loaded through the API first, unless --data-dir names one already loaded), and prints "
                + "the median time to 'payhook listening' of each and their ratio."})
public final class StartTimeCommand implements Callable<Integer> {
    @Option(names = "--transactions", paramLabel = "N", defaultValue = "20000", converter = Values.Positive.class,
            description = "Transactions in the loaded data dir. Default: ${DEFAULT-VALUE}.")
    int transactions;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", converter = Values.Positive.class,
            description = "Starts timed per data dir (the median is reported). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", converter = Values.Positive.class,
            description = "Connections loading the data dir. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--email-ratio", paramLabel = "RATIO", defaultValue = "0.1", converter = Values.Ratio.class,
            description = "Share of loaded transactions with a customer email (each gets a confirmation). Default: ${DEFAULT-VALUE}.")
    double emailRatio;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The loaded data dir: loaded with N transactions unless it holds a table already; kept afterwards.")
    Path dataDir;

    @Option(names = "--serve-classpath", paramLabel = "CP",
            description = "Class path of the serve to time (another build); default: this one's.")
    String serveClasspath;

    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path empty = Files.createTempDirectory("payhook-start-empty");
        Path loaded = dataDir != null ? dataDir : Files.createTempDirectory("payhook-start-loaded");
        if (!Files.isDirectory(loaded.resolve("dynamodb"))) load(loaded);
        else System.err.println("starttime: " + loaded + " holds a table already; not loaded again");
        settle(loaded);

        long[] atZero = time(empty);
        long[] atN = time(loaded);
        long zero = median(atZero);
        long n = median(atN);
        double ratio = (double) n / zero;
        System.out.printf(Locale.ROOT, "serve start: empty %d ms, %d transactions %d ms (ratio %.2f); runs %s and %s%n",
                zero, transactions, n, ratio, Arrays.toString(atZero), Arrays.toString(atN));
        if (json) {
            System.out.printf(Locale.ROOT, "{\"transactions\":%d,\"runs\":%d,\"start_ms_empty\":%d,\"start_ms_loaded\":%d,\"ratio\":%.2f}%n",
                    transactions, runs, zero, n, ratio);
        }
        return 0;
    }

    /** N transactions through the API of a system started on {@code dir}, then the outbox caught up and the system stopped. */
    private void load(Path dir) throws Exception {
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "256");
        LocalApi api = LocalApi.fromEnvironment();
        String secret = api.providerSecret("generic");
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, dir).withLogLevel(JsonLog.Level.WARN);
        System.err.println("starttime: loading " + transactions + " transactions into " + dir + " ...");
        try (LocalSystem system = new LocalSystem(config).start()) {
            PayhookClient client = api.client(system.url());
            AtomicLong next = new AtomicLong();
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            String run = Long.toString(System.currentTimeMillis(), 36);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                threads.add(Thread.ofPlatform().daemon().start(() -> {
                    for (long i; (i = next.getAndIncrement()) < transactions; ) {
                        String id = "start-" + run + "-" + i;
                        String email = (i % 1000) < emailRatio * 1000 ? "customer@example.com" : null;
                        var d = SampleDeliveries.build("generic", "succeeded",
                                new SampleDeliveries.SampleOptions(id, 1000 + i % 90_000, "EUR", email, "evt_" + id), secret, Instant.now());
                        try {
                            if (client.webhook(d).status() == 200) done.incrementAndGet();
                            else failed.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                while (t.isAlive()) {
                    t.join(1_000);
                    System.err.printf("\rstarttime: %d/%d stored, %d failed", done.get(), transactions, failed.get());
                }
            }
            System.err.println();
            if (failed.get() > 0) throw new IllegalStateException(failed.get() + " deliveries were not stored");
        }
    }

    /** Runs a system on {@code dir} until it is at rest — the outbox caught up, no notification QUEUED — then stops it. */
    private static void settle(Path dir) throws Exception {
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, dir).withLogLevel(JsonLog.Level.WARN);
        try (LocalSystem system = new LocalSystem(config).start()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (true) {
                if (!system.awaitOutboxQuiet(Duration.ofSeconds(2), Duration.ofMinutes(10))) {
                    throw new IllegalStateException("the outbox did not catch up within 10 minutes");
                }
                long[] queued = {0};
                system.store().forEachNotification(io.payhook.core.model.NotificationStatus.QUEUED, n -> queued[0]++);
                System.err.printf("\rstarttime: settling %s: %d notifications queued", dir, queued[0]);
                if (queued[0] == 0) break;
                if (System.nanoTime() > deadline) throw new IllegalStateException(queued[0] + " notifications still queued");
                Thread.sleep(2_000);
            }
            System.err.println();
        }
    }

    private long[] time(Path dir) throws Exception {
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = startOnce(dir);
            System.err.println("starttime: " + dir + " run " + (i + 1) + ": " + ms[i] + " ms");
        }
        return ms;
    }

    private long startOnce(Path dir) throws Exception {
        return serveStartMillis(dir, serveClasspath);
    }

    /**
     * One {@code serve} in a fresh JVM on {@code dir}: milliseconds from its launch to "payhook listening"; then
     * SIGTERM (a clean stop).
     *
     * @param classpath the class path of the serve to time, or null for this JVM's
     */
    public static long serveStartMillis(Path dir, String classpath) throws Exception {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        // the JVM flags ./payhook serve runs with (the launcher script)
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss512k", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(List.of("-cp", classpath != null ? classpath : System.getProperty("java.class.path"),
                "io.payhook.local.cli.PayhookCli", "serve", "--port", Integer.toString(port), "--data-dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PAYHOOK_LOG_LEVEL", "WARN");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("payhook listening on http://127.0.0.1:" + port)) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    p.destroy(); // SIGTERM: a clean stop (the JDK closes our end of its output)
                    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
                    return ms;
                }
            }
            throw new IllegalStateException("serve ended without listening (exit " + p.waitFor() + ")");
        } finally {
            if (p.isAlive()) p.destroyForcibly().waitFor();
        }
    }

    /** The median of some timings (the upper one of an even count). */
    public static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

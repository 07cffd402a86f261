package io.payhook.local;

import io.payhook.aws.dynamodb.ItemMapper;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.functions.JsonLog;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./payhook bench}: load against a local system it starts (or {@code --url}), with
 * provider signatures and SigV4 on every request, a progress line, a summary and — with
 * {@code --json} — one JSON object as the last line. In the same run, against the same DynamoDB
 * Local, it measures the floor: bare PutItems of items of the same size at the same concurrency,
 * in slices between the load's (one before each load slice and one after the last).
 *
 * <p>Latency is recorded in an HdrHistogram with coordinated-omission correction: each worker is
 * a closed loop, and a response slower than the expected interval between a worker's requests
 * (concurrency / warm-up throughput) also records the requests that would have been sent
 * meanwhile ({@code recordValueWithExpectedInterval}). The floor is recorded the same way.
 */
final class Bench {
    private Bench() {}

    record Options(Duration duration, int concurrency, boolean json, String url, List<String> providers,
                   double duplicateRatio, double emailRatio, Duration warmup, Duration warmupMax, boolean pauseOutbox,
                   int slices) {}

    static int run(Cli.Args a) throws Exception {
        // the load generator is the JDK's blocking HttpURLConnection on one thread per connection:
        // java.net.http's asynchronous machinery cost this 2-core machine's CPU and added its own tail
        // latency (docs/BENCHMARKS.md). Its keep-alive pool keeps 5 idle connections per server unless
        // told otherwise (read once, at its first use), so keep one per worker.
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "256");
        Options o = new Options(
                parseDuration(a.opt("duration", "30s")),
                Integer.parseInt(a.opt("concurrency", "50")),
                a.options().containsKey("json"),
                a.options().get("url"),
                List.of(a.opt("providers", "generic").split(",")),
                Double.parseDouble(a.opt("duplicates", "0.05")),
                Double.parseDouble(a.opt("email-ratio", "0")),
                parseDuration(a.opt("warmup", "15s")), // at least this long, then until the JIT has settled
                parseDuration(a.opt("warmup-max", "120s")), // C2 takes ~60 s to settle on 2 cores (docs/BENCHMARKS.md)
                a.options().containsKey("pause-outbox"),
                Integer.parseInt(a.opt("slices", "3"))); // the load in slices, the floor measured between them
        if (o.slices() < 1 || o.duration().dividedBy(o.slices()).toSeconds() < 1) {
            System.err.println("payhook bench: --slices must be at least 1 and leave each slice a second or more of --duration");
            return 2;
        }
        if (o.pauseOutbox() && o.url() != null) {
            System.err.println("payhook bench: --pause-outbox needs the local system bench starts itself (no --url)");
            return 2;
        }
        for (String p : o.providers()) {
            if (SampleDeliveries.eventTypes(p).isEmpty()) {
                System.err.println("payhook bench: unknown provider '" + p + "'");
                return 2;
            }
        }
        LocalSystem system = null;
        Path tmp = null;
        String url = o.url();
        LocalConfig config;
        if (url == null) {
            tmp = Files.createTempDirectory("payhook-bench");
            config = LocalConfig.fromEnvironment(System.getenv(), 0, tmp).withLogLevel(JsonLog.Level.WARN);
            System.err.println("bench: starting a local system in " + tmp + " ...");
            system = new LocalSystem(config).start();
            // diagnostics: ingest alone, the outbox catching up only after the load
            if (o.pauseOutbox()) system.pauseOutbox();
            url = system.url();
        } else {
            config = LocalConfig.fromEnvironment(System.getenv(), 0, a.dataDir());
        }
        try {
            // the floor is measured in slices interleaved with the load's: one before each load slice
            // (the load generator held, nothing in flight) and one after the last, so a drift of the
            // disk's commit latency during the run (seen within one run: 219 to 398 acks/s) weighs on
            // both sides alike
            LocalSystem sys = system;
            List<Floor> floorSlices = new ArrayList<>();
            Result r = load(o, url, config, system != null, system == null ? null : () -> {
                floorSlices.add(quietFloor(sys, o));
                if (o.pauseOutbox()) sys.pauseOutbox(); // awaitOutboxQuiet resumed it
            });
            if (system != null) floorSlices.add(quietFloor(system, o));
            Floor floor = system == null ? null : Floor.of(floorSlices);
            long lost = system == null ? lostOverHttp(url, config, r.ackedList()) : lostInTable(system.dynamo().client(), r.ackedList());
            report(o, r, floor, lost);
            return r.errors() == 0 && lost == 0 ? 0 : 1;
        } finally {
            if (system != null) system.close();
            if (tmp != null) deleteTree(tmp);
        }
    }

    /** An acknowledged event: where it must be in the table. */
    record Acked(String transactionId, String provider, String eventId) {}

    /**
     * @param warmupSeconds how long the warm-up ran
     * @param jitSettled    whether the JIT had settled when the measurement began; null when the
     *                      system runs in another JVM ({@code --url}) and the warm-up is fixed
     */
    record Result(long sent, long acked, long duplicatesAnswered, long errors, double seconds, Histogram latency,
                  ConcurrentLinkedQueue<Acked> ackedEvents, Map<Integer, Long> errorStatuses,
                  double warmupSeconds, Boolean jitSettled, List<Double> slicePerS) {
        List<Acked> ackedList() { return List.copyOf(ackedEvents); }
    }

    /** @param slicePerS each slice's rate, in the order measured (the floor is measured in slices around the load's) */
    record Floor(long puts, double seconds, Histogram latency, List<Double> slicePerS) {
        Floor(long puts, double seconds, Histogram latency) { this(puts, seconds, latency, List.of(puts / seconds)); }

        /** The slices as one floor; each slice's rate stays visible, and the slices are not changed. */
        static Floor of(List<Floor> slices) {
            Histogram h = new Histogram(3);
            long puts = 0;
            double seconds = 0;
            List<Double> rates = new ArrayList<>();
            for (Floor f : slices) {
                h.add(f.latency);
                puts += f.puts;
                seconds += f.seconds;
                rates.addAll(f.slicePerS);
            }
            return new Floor(puts, seconds, h, List.copyOf(rates));
        }
    }

    /** One slice of the floor, once the outbox has caught up: the store alone. */
    static Floor quietFloor(LocalSystem system, Options o) throws Exception {
        Duration wait = o.pauseOutbox() ? Duration.ofMinutes(5) : Duration.ofSeconds(60);
        if (!system.awaitOutboxQuiet(Duration.ofSeconds(1), wait)) {
            System.err.println("bench: the outbox was still busy after " + wait.toSeconds() + " s; the floor shares the store with it");
        }
        return floor(system.dynamo().client(), o, floorDuration(o).dividedBy(o.slices() + 1));
    }

    /** The whole floor's measured time (all its slices): half the load's, 5 to 15 s. */
    static Duration floorDuration(Options o) {
        return Duration.ofSeconds(Math.max(5, Math.min(15, o.duration().toSeconds() / 2)));
    }

    /** Runs before each measured slice of the load, with the load generator held and nothing in flight. */
    interface BeforeSlice {
        void run() throws Exception;
    }

    /**
     * @param serverInThisJvm the system under load runs in this JVM (bench started it), so its JIT can be watched
     * @param beforeSlice     null (the load is measured in one piece), or what to do before each of
     *                        {@link Options#slices()} measured slices (a slice of the floor)
     */
    static Result load(Options o, String url, LocalConfig config, boolean serverInThisJvm, BeforeSlice beforeSlice) throws Exception {
        URI uri = URI.create(url + "/webhooks/payment");
        SigV4 sigv4 = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region(), Duration.ofMinutes(5), Clock.systemUTC());
        Recorder recorder = new Recorder(3);
        Histogram total = new Histogram(3);
        AtomicLong sent = new AtomicLong(), acked = new AtomicLong(), dupAnswers = new AtomicLong(), errors = new AtomicLong();
        Map<Integer, Long> errorStatuses = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Acked> ackedEvents = new ConcurrentLinkedQueue<>();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicBoolean hold = new AtomicBoolean(false); // workers send nothing while set
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong expectedIntervalMicros = new AtomicLong(); // set by this thread after the warm-up, read by the workers
        String runId = Long.toString(System.currentTimeMillis(), 36);
        CountDownLatch done = new CountDownLatch(o.concurrency());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < o.concurrency(); w++) {
            int worker = w;
            // platform threads: HttpURLConnection blocks, and on JDK 21 it would pin virtual threads' carriers
            workers.add(Thread.ofPlatform().daemon().name("bench-" + w).start(() -> {
                Random rnd = new Random(worker * 7919L + 17);
                List<SampleDeliveries.Delivery> recent = new ArrayList<>();
                long n = 0;
                try {
                    while (!stop.get()) {
                        // counted first, then the hold checked: once the hold is set and inFlight is 0, nothing is sent
                        inFlight.incrementAndGet();
                        if (hold.get()) {
                            inFlight.decrementAndGet();
                            Thread.sleep(5);
                            continue;
                        }
                        try {
                            SampleDeliveries.Delivery d;
                            if (!recent.isEmpty() && rnd.nextDouble() < o.duplicateRatio()) {
                                d = recent.get(rnd.nextInt(recent.size())); // a provider retry: same bytes again
                            } else {
                                String provider = o.providers().get(rnd.nextInt(o.providers().size()));
                                List<String> types = SampleDeliveries.eventTypes(provider);
                                String type = pickType(provider, types, rnd);
                                String secret = EnvironmentSecretSource.split(config.providerSecrets().get(EnvironmentSecretSource.VARIABLES.get(provider))).get(0);
                                String id = "bench-" + runId + "-" + worker + "-" + (n++);
                                d = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions(id, 1000 + rnd.nextInt(90_000),
                                        "EUR", rnd.nextDouble() < o.emailRatio() ? "customer@example.com" : null, "evt_" + id), secret, Instant.now());
                                if (recent.size() < 64) recent.add(d); else recent.set(rnd.nextInt(64), d);
                            }
                            Map<String, String> headers = new HashMap<>(d.headers());
                            headers.put("Host", uri.getHost() + ":" + uri.getPort());
                            Map<String, String> auth = sigv4.signHeaders("POST", uri, headers, d.body());
                            long t0 = System.nanoTime();
                            int status;
                            String body;
                            try {
                                var c = (HttpURLConnection) uri.toURL().openConnection();
                                c.setRequestMethod("POST");
                                c.setDoOutput(true);
                                c.setConnectTimeout(5_000);
                                c.setReadTimeout(30_000);
                                c.setFixedLengthStreamingMode(d.body().length);
                                d.headers().forEach(c::setRequestProperty);
                                auth.forEach(c::setRequestProperty);
                                try (OutputStream out = c.getOutputStream()) {
                                    out.write(d.body());
                                }
                                status = c.getResponseCode();
                                // read the answer to its end, so the connection goes back to the keep-alive pool
                                try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                                    body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                                }
                            } catch (java.io.IOException e) {
                                status = -1;
                                body = "";
                            }
                            long micros = (System.nanoTime() - t0) / 1_000;
                            if (!measuring.get()) continue;
                            sent.incrementAndGet();
                            record(recorder, micros, expectedIntervalMicros.get());
                            if (status == 200) {
                                acked.incrementAndGet();
                                if (body.contains("\"duplicate\":true")) dupAnswers.incrementAndGet();
                                else ackedEvents.add(parseAcked(body, d));
                            } else {
                                errors.incrementAndGet();
                                errorStatuses.merge(status, 1L, Long::sum);
                            }
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }));
        }
        // warm-up: JIT, connections; then derive the expected interval for CO correction
        long warmStart = System.nanoTime();
        measuring.set(true);
        Thread.sleep(o.warmup().toMillis());
        // in this JVM the server's JIT can be watched; --warmup-max at or below --warmup fixes the warm-up
        Boolean jitSettled = serverInThisJvm && o.warmupMax().compareTo(o.warmup()) > 0 ? awaitJitSettled(warmStart, o.warmupMax()) : null;
        long warmSent = sent.get();
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
        double warmRate = Math.max(1, warmSent / warmSeconds);
        expectedIntervalMicros.set(intervalMicros(o, warmRate));
        measuring.set(false);
        int slices = beforeSlice == null ? 1 : o.slices();
        Duration slice = o.duration().dividedBy(slices);
        double seconds = 0;
        List<Double> slicePerS = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            if (beforeSlice != null) {
                hold.set(true);
                while (inFlight.get() > 0) Thread.sleep(5);
                if (s > 0) total.add(recorder.getIntervalHistogram()); // the previous slice's last answers
                beforeSlice.run();
                hold.set(false);
                Thread.sleep(3_000); // connections back in the pool, the request path running again
            }
            if (s == 0) { // forget the warm-up
                sent.set(0); acked.set(0); dupAnswers.set(0); errors.set(0); errorStatuses.clear(); ackedEvents.clear();
                recorder.reset();
            }
            // answers are counted only while a slice runs: what arrives between slices is neither
            // counted nor checked for loss (all of one answer's counts or none)
            long ackedBefore = acked.get();
            measuring.set(true);
            long start = System.nanoTime();
            long end = start + slice.toNanos();
            long lastAcked = ackedBefore;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1_000, (end - System.nanoTime()) / 1_000_000)));
                total.add(recorder.getIntervalHistogram());
                long a = acked.get();
                double elapsed = seconds + (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "\r[%3.0fs/%ds, slice %d/%d] acked %,d (%,d/s now, %,.0f/s avg) errors %d p50 %.2f ms p99 %.2f ms   ",
                        elapsed, o.duration().toSeconds(), s + 1, slices, a, a - lastAcked, a / elapsed, errors.get(),
                        total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(99) / 1000.0);
                lastAcked = a;
            }
            // stop counting first; the workers finish what is in flight uncounted (below, or at the next hold)
            measuring.set(false);
            double sliceSeconds = (System.nanoTime() - start) / 1e9;
            seconds += sliceSeconds;
            slicePerS.add((acked.get() - ackedBefore) / sliceSeconds);
        }
        stop.set(true);
        done.await();
        total.add(recorder.getIntervalHistogram());
        System.err.println();
        return new Result(sent.get(), acked.get(), dupAnswers.get(), errors.get(), seconds, total, ackedEvents, errorStatuses,
                warmSeconds, jitSettled, List.copyOf(slicePerS));
    }

    /**
     * Records one latency, corrected for coordinated omission once the expected interval is known
     * (0 during a warm-up): the load and the floor record alike.
     */
    private static void record(Recorder recorder, long micros, long expectedIntervalMicros) {
        if (expectedIntervalMicros > 0) recorder.recordValueWithExpectedInterval(Math.max(1, micros), expectedIntervalMicros);
        else recorder.recordValue(Math.max(1, micros));
    }

    /** The expected interval between one worker's requests: concurrency over the warm-up's rate. */
    private static long intervalMicros(Options o, double warmRatePerS) {
        return (long) (o.concurrency() * 1e6 / warmRatePerS);
    }

    /** Compilation below this many ms per {@link #JIT_WINDOW} (10 % of one core) counts as settled. */
    static final long JIT_QUIET_MS = 500;
    static final Duration JIT_WINDOW = Duration.ofSeconds(5);

    /**
     * Extends the warm-up until the JIT compilers of this JVM (it runs the local system and the load
     * generator) spent less than {@link #JIT_QUIET_MS} in the last {@link #JIT_WINDOW}, or until
     * {@code max} after {@code warmStart}. The floor is measured after the load, on a warm JIT; a
     * load measured while C2 still takes a core on a 2-core machine is not the steady state.
     *
     * @return whether the JIT settled before {@code max}; null if this JVM cannot report compile time
     */
    static Boolean awaitJitSettled(long warmStart, Duration max) throws InterruptedException {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return null;
        long deadline = warmStart + max.toNanos();
        long before = jit.getTotalCompilationTime();
        while (System.nanoTime() + JIT_WINDOW.toNanos() <= deadline) {
            Thread.sleep(JIT_WINDOW.toMillis());
            long after = jit.getTotalCompilationTime();
            System.err.printf(Locale.ROOT, "\rwarming up (%.0f s): the JIT compiled for %,d ms in the last %d s   ",
                    (System.nanoTime() - warmStart) / 1e9, after - before, JIT_WINDOW.toSeconds());
            if (after - before < JIT_QUIET_MS) {
                System.err.println();
                return true;
            }
            before = after;
        }
        System.err.println();
        // the cap leaves room for whole windows only, so say how long the warm-up really ran
        System.err.printf(Locale.ROOT, "bench: the JIT had not settled after %.0f s of warm-up (--warmup-max %d s); measuring anyway%n",
                (System.nanoTime() - warmStart) / 1e9, max.toSeconds());
        return false;
    }

    private static String pickType(String provider, List<String> types, Random rnd) {
        // the common case: payments that succeed; other types sometimes
        String preferred = switch (provider) {
            case "stripe" -> "payment_intent.succeeded";
            case "adyen" -> "AUTHORISATION";
            default -> "succeeded";
        };
        return types.contains(preferred) && rnd.nextInt(10) < 8 ? preferred : types.get(rnd.nextInt(types.size()));
    }

    private static Acked parseAcked(String body, SampleDeliveries.Delivery d) {
        String txn = field(body, "transaction_id");
        String evt = field(body, "event_id");
        String provider = d.headers().containsKey("Stripe-Signature") ? "stripe"
                : d.headers().containsKey("webhook-signature") ? "standard_webhooks"
                : new String(d.body(), StandardCharsets.UTF_8).contains("notificationItems") ? "adyen" : "generic";
        return new Acked(txn, provider, evt);
    }

    private static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"");
        if (i < 0) return null;
        int s = i + name.length() + 4;
        return json.substring(s, json.indexOf('"', s));
    }

    /** Acknowledged events missing from the table afterwards (in-process: GetItem per event). */
    static long lostInTable(DynamoDbClient ddb, List<Acked> acked) {
        long lost = 0;
        for (Acked a : acked) {
            var r = ddb.getItem(b -> b.tableName(LocalSystem.TABLE).consistentRead(true).key(Map.of(
                    PaymentTable.PK, AttributeValue.fromS(a.transactionId()),
                    PaymentTable.SK, AttributeValue.fromS(PaymentTable.eventKey(a.provider(), a.eventId())))));
            if (!r.hasItem() || r.item().isEmpty()) lost++;
        }
        return lost;
    }

    /** Against a remote URL: every acknowledged event must be in its transaction's history. */
    static long lostOverHttp(String url, LocalConfig config, List<Acked> acked) throws Exception {
        SigV4 sigv4 = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region(), Duration.ofMinutes(5), Clock.systemUTC());
        long lost = 0;
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (Acked a : acked) {
                URI uri = URI.create(url + "/transactions/" + a.transactionId());
                Map<String, String> h = new HashMap<>();
                h.put("Host", uri.getHost() + ":" + uri.getPort());
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
                sigv4.signHeaders("GET", uri, h, new byte[0]).forEach(b::header);
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"event_id\":\"" + a.eventId() + "\"")) lost++;
            }
        }
        return lost;
    }

    /**
     * Bare PutItem of items shaped like a stored event, same concurrency, same DynamoDB Local,
     * latency recorded with the same coordinated-omission correction as the load.
     */
    static Floor floor(DynamoDbClient ddb, Options o, Duration d) throws Exception {
        Map<String, AttributeValue> template = sampleEventItem();
        Recorder recorder = new Recorder(3);
        AtomicLong puts = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean(false);
        String runId = "floor-" + Long.toString(System.currentTimeMillis(), 36);
        // the same coordinated-omission correction as the load: interval from the floor's own warm-up rate
        AtomicLong expectedIntervalMicros = new AtomicLong(); // set by this thread after the warm-up, read by the workers
        CountDownLatch done = new CountDownLatch(o.concurrency());
        for (int w = 0; w < o.concurrency(); w++) {
            int worker = w;
            Thread.ofVirtual().start(() -> {
                long n = 0;
                try {
                    while (!stop.get()) {
                        Map<String, AttributeValue> item = new HashMap<>(template);
                        item.put(PaymentTable.PK, AttributeValue.fromS(runId + "-" + worker + "-" + (n++)));
                        long t0 = System.nanoTime();
                        ddb.putItem(b -> b.tableName(LocalSystem.TABLE).item(item).conditionExpression("attribute_not_exists(transaction_id)"));
                        record(recorder, (System.nanoTime() - t0) / 1_000, expectedIntervalMicros.get());
                        puts.incrementAndGet();
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        long warmStart = System.nanoTime();
        Thread.sleep(Math.min(3_000, d.toMillis() / 3)); // warm-up
        double warmRate = Math.max(1, puts.get() / ((System.nanoTime() - warmStart) / 1e9));
        expectedIntervalMicros.set(intervalMicros(o, warmRate));
        recorder.reset();
        puts.set(0);
        long start = System.nanoTime();
        Thread.sleep(d.toMillis());
        long count = puts.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        stop.set(true);
        done.await();
        return new Floor(count, seconds, h);
    }

    /**
     * An item of the size ingest writes: a typical event through the protection gate (its email sealed
     * into 330 bytes, the size of an ESDK envelope) and the same mapper.
     */
    static Map<String, AttributeValue> sampleEventItem() {
        var parsed = new io.payhook.core.model.PaymentEvent("generic", "evt_bench-floor-0000000000", "bench-floor", "payment.succeeded",
                io.payhook.core.model.Status.SUCCEEDED, new io.payhook.core.model.Money(12345, "EUR"), "cus_0000000000",
                "customer@example.com", "visa 4242", Instant.EPOCH);
        io.payhook.core.port.FieldCipher envelopeSized = new io.payhook.core.port.FieldCipher() {
            @Override public io.payhook.core.model.SealedValue seal(String plaintext, Map<String, String> context) {
                return new io.payhook.core.model.SealedValue(new byte[330]);
            }
            @Override public String open(io.payhook.core.model.SealedValue sealed, Map<String, String> context) {
                throw new UnsupportedOperationException();
            }
        };
        var e = new io.payhook.core.protection.ProtectionGate(envelopeSized)
                .protect(List.of(parsed), io.payhook.core.protection.ProtectionGate.Policy.REFUSE, Instant.EPOCH).get(0);
        Map<String, AttributeValue> item = new HashMap<>(ItemMapper.toItem(e));
        // same size and shape, but not an EVENT: the outbox ignores it, so the floor measures the write alone
        item.put(PaymentTable.KIND, AttributeValue.fromS("BENCH_FLOOR"));
        return item;
    }

    static void report(Options o, Result r, Floor f, long lost) {
        Histogram h = r.latency();
        double ackedPerS = r.acked() / r.seconds();
        System.out.printf(Locale.ROOT, "%nbench: %d s at concurrency %d, providers %s, duplicate ratio %.2f%n",
                o.duration().toSeconds(), o.concurrency(), o.providers(), o.duplicateRatio());
        if (o.pauseOutbox()) System.out.println("  (diagnostic: the outbox was paused during the load and caught up afterwards — ingest alone)");
        System.out.printf(Locale.ROOT, "  warm-up       %.0f s%s%n", r.warmupSeconds(),
                r.jitSettled() == null ? "" : r.jitSettled() ? " (until the JIT settled)" : " (the JIT had not settled)");
        System.out.printf(Locale.ROOT, "  acknowledged  %,d (%,.0f/s; slices %s), of which duplicates %,d; errors %d %s; lost %d%n",
                r.acked(), ackedPerS, rates(r.slicePerS()), r.duplicatesAnswered(), r.errors(),
                r.errorStatuses().isEmpty() ? "" : r.errorStatuses(), lost);
        System.out.printf(Locale.ROOT, "  latency       p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms (CO-corrected)%n",
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("duration_s", round(r.seconds()));
        json.put("concurrency", o.concurrency());
        json.put("providers", String.join(",", o.providers()));
        json.put("sent", r.sent());
        json.put("acked", r.acked());
        json.put("acked_per_s", round(ackedPerS));
        json.put("p50_ms", round(ms(h, 50)));
        json.put("p90_ms", round(ms(h, 90)));
        json.put("p99_ms", round(ms(h, 99)));
        json.put("p999_ms", round(ms(h, 99.9)));
        json.put("errors", r.errors());
        json.put("lost", lost);
        json.put("outbox_paused", o.pauseOutbox());
        json.put("acked_slices_per_s", rates(r.slicePerS()));
        json.put("warmup_s", round(r.warmupSeconds()));
        if (r.jitSettled() != null) json.put("jit_settled", r.jitSettled());
        if (f != null) {
            double putPerS = f.puts() / f.seconds();
            System.out.printf(Locale.ROOT, "  floor         bare PutItem, same table, concurrency %d: %,.0f/s (slices before, between and after the load's %s), p50 %.2f ms, p99 %.2f ms%n",
                    o.concurrency(), putPerS, rates(f.slicePerS()), ms(f.latency(), 50), ms(f.latency(), 99));
            System.out.printf(Locale.ROOT, "  ratios        p99 %.2f× floor; throughput %.0f%% of floor%n",
                    ms(h, 99) / Math.max(0.001, ms(f.latency(), 99)), 100 * ackedPerS / Math.max(1, putPerS));
            json.put("floor_put_p50_ms", round(ms(f.latency(), 50)));
            json.put("floor_put_p99_ms", round(ms(f.latency(), 99)));
            json.put("floor_put_per_s", round(putPerS));
            json.put("floor_slices_per_s", rates(f.slicePerS()));
        }
        if (o.json()) {
            StringBuilder sb = new StringBuilder("{");
            json.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v instanceof String s ? "\"" + s + "\"" : v));
            System.out.println(sb.append('}'));
        }
    }

    private static double ms(Histogram h, double p) { return h.getValueAtPercentile(p) / 1000.0; }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }

    /** Rates in whole numbers per second; printed, a list reads as a JSON array: {@code [301, 287, 344]}. */
    static List<Long> rates(List<Double> perS) {
        return perS.stream().map(Math::round).toList();
    }

    static Duration parseDuration(String s) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException("duration like 30s, 2m or 500ms: " + s);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp dir; best effort
        }
    }
}

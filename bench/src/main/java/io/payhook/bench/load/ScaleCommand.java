package io.payhook.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payhook.bench.start.StartTimeCommand;
import io.payhook.functions.JsonLog;
import io.payhook.local.LocalConfig;
import io.payhook.local.LocalSystem;
import io.payhook.local.cli.LocalApi;
import io.payhook.local.cli.Values;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./payhook scale}: payhook measured at scale (issue 17, item 7). In one run, against one local system:
 * <ol>
 *   <li>loads N transactions through the API ({@link ScaleMix}: providers, merchants, customers, statuses and times
 *       spread so that search filters select subsets) at full concurrency, in {@code --slices} parts with a slice
 *       of the bare-PutItem floor ({@link Floor}) before each part and after the last, once the outbox and the
 *       projection have caught up — the ack rate against the floor;</li>
 *   <li>meanwhile samples the projection's lag: a new transaction every 200 ms, the time from its webhook's answer
 *       to the first search ({@code GET /transactions?customer_id=…}, polled every 25 ms) that returns it;</li>
 *   <li>meters every write DynamoDB Local does for the load ({@link WriteUnits}: consumed capacity per table and
 *       index) and counts the items stored: items written per webhook;</li>
 *   <li>then times a fixed set of searches ({@link #QUERIES}) against GETs of a 1-event and a big transaction,
 *       interleaved;</li>
 *   <li>stops the system and times {@code serve}'s start (a fresh JVM, to "payhook listening") on an empty data dir
 *       and on the loaded one, interleaved ({@link StartTimeCommand#serveStartMillis}).</li>
 * </ol>
 * A command of its own rather than a {@code bench} option: {@code bench} is a timed load with a JIT-settled warm-up;
 * this loads a size and then measures reads and starts on it (docs/BENCHMARKS.md "At scale").
 */
@Command(name = "scale", sortOptions = false, header = "payhook at scale: N transactions, then search, GET and start times.",
        description = {"Loads N transactions through the API of a local system it starts (the bare-PutItem floor measured "
                + "between the load's slices, the projection's lag sampled while loading, the writes metered), then times "
                + "a fixed set of searches against GETs of a 1-event and a big transaction, and serve's start on an empty "
                + "and on the loaded data dir. Exit 1 on an error or a sampled transaction never found by search."})
public final class ScaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--transactions", paramLabel = "N", defaultValue = "100000", converter = Values.Positive.class,
            description = "Transactions loaded. Default: ${DEFAULT-VALUE}.")
    int transactions;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "50", converter = Values.Positive.class,
            description = "Load connections (and the floor's concurrency). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--big-events", paramLabel = "N", defaultValue = "1000", converter = Values.Positive.class,
            description = "Events of the big transaction whose GET is timed. Default: ${DEFAULT-VALUE}.")
    int bigEvents;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200", converter = Values.Positive.class,
            description = "Timed rounds of the reads (each search once, each GET once), after up to 50 untimed. Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--slices", paramLabel = "N", defaultValue = "4", converter = Values.Positive.class,
            description = "Load in N parts, a floor slice before each and after the last. Default: ${DEFAULT-VALUE}.")
    int slices;

    @Option(names = "--floor-slice", paramLabel = "TIME", defaultValue = "3s", converter = Values.DurationValue.class,
            description = "Measured time of each floor slice (after a warm-up of a third of it). Default: ${DEFAULT-VALUE}.")
    Duration floorSlice;

    @Option(names = "--start-runs", paramLabel = "N", defaultValue = "3",
            description = "serve starts timed per data dir, interleaved (the median is reported); 0 skips them. Default: ${DEFAULT-VALUE}.")
    int startRuns;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Load into this data dir and keep it (default: a temporary one, deleted afterwards).")
    Path dataDir;

    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;

    /** The searches timed, by name: the filters of docs/BENCHMARKS.md "At scale" ({@code T40}/{@code T60}: times of the load). */
    static final List<String> QUERIES = List.of("merchant", "merchant_status", "statuses", "provider", "customer", "time_range",
            "filter_after_key");

    private static final String LAG_MERCHANT = "m-lag";

    @Override
    public Integer call() throws Exception {
        if (startRuns < 0) throw new ParameterException(spec.commandLine(), "Invalid value for option '--start-runs': must be 0 or more");
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "256");
        LocalApi api = LocalApi.fromEnvironment();
        Map<String, String> secrets = new LinkedHashMap<>();
        ScaleMix.providers().forEach(p -> secrets.put(p, api.providerSecret(p)));
        String run = Long.toString(System.currentTimeMillis(), 36);
        ScaleMix mix = new ScaleMix(run, transactions, secrets);
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("payhook-scale");
        Map<String, Object> out = new LinkedHashMap<>();
        int exit = 0;
        try {
            LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, dir).withLogLevel(JsonLog.Level.WARN);
            System.err.println("scale: starting a local system in " + dir + " ...");
            try (LocalSystem system = new LocalSystem(config).start()) {
                DynamoDbClient ddb = system.dynamo().client();
                PayhookClient client = api.client(system.url());
                WriteUnits meter = new WriteUnits();
                Map<String, Long> itemsBefore = ItemCounts.of(ddb);
                system.dynamo().meterWrites(meter);
                Load load = load(system, client.streamingBodies(), client, mix, run, secrets.get("generic"));
                System.err.println("scale: waiting for the outbox and the projection to catch up ...");
                long catchUpStart = System.nanoTime();
                system.awaitOutboxQuiet(Duration.ofSeconds(2), Duration.ofMinutes(30));
                boolean projected = system.awaitProjectionQuiet(Duration.ofSeconds(2), Duration.ofMinutes(30));
                double catchUpS = (System.nanoTime() - catchUpStart) / 1e9 - 2;
                system.dynamo().meterWrites(null);
                Map<String, Long> itemsAfter = ItemCounts.of(ddb);

                long webhooks = load.acked.get() + load.lagSamples.size();
                out.put("transactions", transactions);
                out.put("webhooks", webhooks);
                out.put("concurrency", concurrency);
                out.put("errors", load.errors.get());
                out.put("load_s", round(load.seconds));
                out.put("acked_per_s", round(load.acked.get() / load.seconds));
                out.put("acked_slices_per_s", Report.rates(load.slicePerS));
                Histogram ack = load.latency;
                out.put("ack_p50_ms", round(Latency.ms(ack, 50)));
                out.put("ack_p99_ms", round(Latency.ms(ack, 99)));
                out.put("floor_put_per_s", round(load.floor.puts() / load.floor.seconds()));
                out.put("floor_slices_per_s", Report.rates(load.floor.slicePerS()));
                out.put("floor_put_p99_ms", round(Latency.ms(load.floor.latency(), 99)));
                double ackVsFloor = (load.acked.get() / load.seconds) / (load.floor.puts() / load.floor.seconds());
                out.put("ack_vs_floor", round(ackVsFloor));
                long[] lags = load.lagSamples.stream().mapToLong(Long::longValue).toArray();
                out.put("lag_samples", lags.length);
                out.put("lag_not_found", load.lagMissing.get());
                out.put("projection_lag_p50_ms", lags.length == 0 ? null : round(percentile(lags, 0.50) / 1e6));
                out.put("projection_lag_p99_ms", lags.length == 0 ? null : round(percentile(lags, 0.99) / 1e6));
                out.put("projection_lag_max_ms", lags.length == 0 ? null : round(percentile(lags, 1.0) / 1e6));
                out.put("projection_caught_up", projected);
                out.put("catch_up_after_load_s", round(Math.max(0, catchUpS)));
                items(out, meter, itemsBefore, itemsAfter, webhooks);

                Map<String, String> paths = queries(load);
                String one = "sc-" + run + "-one";
                String big = "sc-" + run + "-big";
                store(client, secrets.get("generic"), one, 1);
                store(client, secrets.get("generic"), big, bigEvents);
                system.awaitProjectionQuiet(Duration.ofSeconds(1), Duration.ofMinutes(5));
                reads(client, paths, one, big, out);
                if (load.errors.get() > 0 || load.lagMissing.get() > 0) exit = 1;
            }
            if (startRuns > 0) starts(dir, out);
            targets(out);
            print(out);
            return exit;
        } finally {
            if (dataDir == null) deleteTree(dir);
        }
    }

    /** What the load found. */
    static final class Load {
        final AtomicLong acked = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong lagMissing = new AtomicLong();
        final ConcurrentLinkedQueue<Long> lagSamples = new ConcurrentLinkedQueue<>();
        final Map<Integer, Long> errorStatuses = new ConcurrentHashMap<>();
        final Recorder recorder = new Recorder(3);
        Histogram latency;
        Floor floor;
        double seconds;
        List<Double> slicePerS = new ArrayList<>();
        volatile Instant t40;
        volatile Instant t60;
    }

    private Load load(LocalSystem system, PayhookClient webhooks, PayhookClient reads, ScaleMix mix, String run, String genericSecret)
            throws Exception {
        Load l = new Load();
        BenchOptions floorOptions = new BenchOptions(floorSlice, concurrency, false, null, List.of("generic"), 0, 0,
                Duration.ZERO, Duration.ZERO, false, slices);
        List<Floor> floors = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        long per = (transactions + slices - 1) / slices;
        Histogram total = new Histogram(3);
        AtomicLong lagSeq = new AtomicLong();
        for (int s = 0; s < slices; s++) {
            floors.add(quietFloor(system, floorOptions));
            long end = Math.min(transactions, (s + 1) * (long) per);
            long ackedBefore = l.acked.get();
            long start = System.nanoTime();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(Thread.ofPlatform().daemon().name("scale-" + w).start(() -> {
                    while (true) {
                        long i = next.getAndUpdate(v -> v < end ? v + 1 : v); // never past this part's end
                        if (i >= end) break;
                        if (i == transactions * 4 / 10 && l.t40 == null) l.t40 = Instant.now();
                        if (i == transactions * 6 / 10 && l.t60 == null) l.t60 = Instant.now();
                        for (SampleDeliveries.Delivery d : mix.transaction(i, Instant.now())) {
                            if (!send(webhooks, d, l)) break;
                        }
                    }
                }));
            }
            Thread sampler = Thread.ofPlatform().daemon().name("scale-lag").start(() ->
                    sampleLag(webhooks, reads, running, l, run, lagSeq, genericSecret));
            int slice = s;
            long lastAcked = l.acked.get();
            for (Thread t : workers) {
                while (t.isAlive()) {
                    t.join(1_000);
                    total.add(l.recorder.getIntervalHistogram());
                    long a = l.acked.get();
                    long[] lag = l.lagSamples.stream().mapToLong(Long::longValue).toArray();
                    System.err.printf(Locale.ROOT, "\rscale: part %d/%d: %,d/%,d transactions, %,d webhooks acked (%,d/s now), errors %d, lag samples %d (p99 %.0f ms)   ",
                            slice + 1, slices, Math.min(next.get(), transactions), transactions, a, a - lastAcked, l.errors.get(),
                            lag.length, lag.length == 0 ? 0.0 : percentile(lag, 0.99) / 1e6);
                    lastAcked = a;
                }
            }
            running.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.join();
            l.seconds += seconds;
            l.slicePerS.add((l.acked.get() - ackedBefore) / seconds);
        }
        System.err.println();
        total.add(l.recorder.getIntervalHistogram());
        floors.add(quietFloor(system, floorOptions));
        l.latency = total;
        l.floor = Floor.of(floors);
        if (l.t40 == null) l.t40 = Instant.now();
        if (l.t60 == null) l.t60 = Instant.now();
        return l;
    }

    /** One webhook; false (and counted) unless answered 200. */
    private static boolean send(PayhookClient client, SampleDeliveries.Delivery d, Load l) {
        PayhookClient.Prepared request = client.prepare("POST", "/webhooks/payment", d.headers(), d.body());
        long t0 = System.nanoTime();
        int status;
        try {
            status = client.execute(request).status();
        } catch (UncheckedIOException e) {
            status = -1;
        }
        l.recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
        if (status == 200) {
            l.acked.incrementAndGet();
            return true;
        }
        l.errors.incrementAndGet();
        l.errorStatuses.merge(status, 1L, Long::sum);
        return false;
    }

    /**
     * While the load runs: a new transaction (its own customer id) every 200 ms, and the time from its webhook's
     * answer to the first search by that customer id that returns it (polled every 25 ms, at most 5 minutes).
     */
    private static void sampleLag(PayhookClient webhooks, PayhookClient reads, AtomicBoolean running, Load l, String run,
                                  AtomicLong seq, String secret) {
        while (running.get()) {
            long j = seq.getAndIncrement();
            String txn = "sc-" + run + "-lag-" + j;
            String customer = "lag-" + run + "-" + j;
            var d = new ScaleMix(run, 1, Map.of("generic", secret)).delivery("generic", "evt_" + txn, txn, "succeeded", 1999,
                    customer, LAG_MERCHANT, Instant.now(), Instant.now());
            PayhookClient.Response r;
            try {
                r = webhooks.webhook(d);
            } catch (UncheckedIOException e) {
                l.errors.incrementAndGet();
                continue;
            }
            long acked = System.nanoTime();
            if (r.status() != 200) {
                l.errors.incrementAndGet();
                continue;
            }
            long deadline = acked + Duration.ofMinutes(5).toNanos();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                var s = reads.get("/transactions?customer_id=" + customer);
                if (s.status() == 200 && s.body().contains("\"" + txn + "\"")) {
                    l.lagSamples.add(System.nanoTime() - acked);
                    found = true;
                } else {
                    sleep(25);
                }
            }
            if (!found) l.lagMissing.incrementAndGet();
            sleep(200);
        }
    }

    /** A floor slice once the outbox and the projection have caught up: the store alone. */
    private static Floor quietFloor(LocalSystem system, BenchOptions o) throws Exception {
        if (!system.awaitOutboxQuiet(Duration.ofSeconds(1), Duration.ofMinutes(10))
                || !system.awaitProjectionQuiet(Duration.ofSeconds(1), Duration.ofMinutes(10))) {
            System.err.println("\nscale: the outbox or the projection was still busy after 10 minutes; the floor shares the store with it");
        }
        return Floor.measure(system.dynamo().client(), o, o.duration());
    }

    /** Items written per webhook: write units (metered) and items stored (counted), per table and index. */
    private static void items(Map<String, Object> out, WriteUnits meter, Map<String, Long> before, Map<String, Long> after, long webhooks) {
        double table = meter.unitsOf(LocalSystem.TABLE);
        double summary = meter.unitsOf(LocalSystem.SUMMARY_TABLE);
        out.put("items_per_webhook", round((table + summary) / webhooks));
        Map<String, Object> perWebhook = new LinkedHashMap<>();
        meter.units().forEach((k, v) -> {
            if (!k.startsWith(LocalSystem.AUDIT_TABLE)) perWebhook.put(k, round(v / webhooks));
        });
        out.put("write_units_per_webhook", perWebhook);
        out.put("write_requests_per_webhook", round((meter.requestsOf(LocalSystem.TABLE) + meter.requestsOf(LocalSystem.SUMMARY_TABLE))
                / (double) webhooks));
        Map<String, Object> stored = new LinkedHashMap<>();
        long sum = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().startsWith(LocalSystem.AUDIT_TABLE)) continue;
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (e.getKey().equals(LocalSystem.TABLE)) d -= meter.floorPuts();
            stored.put(e.getKey(), round(d / (double) webhooks));
            sum += d;
        }
        out.put("items_stored_per_webhook", round(sum / (double) webhooks));
        out.put("items_stored_per_webhook_by_table", stored);
    }

    /** The fixed searches, by name → path and query. */
    private Map<String, String> queries(Load l) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("merchant", "merchant=" + ScaleMix.merchant(1));
        q.put("merchant_status", "merchant=" + ScaleMix.merchant(1) + "&status=SUCCEEDED");
        q.put("statuses", "status=FAILED&status=CANCELED");
        q.put("provider", "provider=standard_webhooks");
        q.put("customer", "customer_id=" + ScaleMix.customer(ScaleMix.customers(transactions) / 2));
        q.put("time_range", "updated_from=" + enc(l.t40) + "&updated_to=" + enc(l.t60));
        q.put("filter_after_key", "merchant=" + ScaleMix.merchant(7) + "&status=DISPUTED");
        Map<String, String> paths = new LinkedHashMap<>();
        q.forEach((k, v) -> paths.put(k, "/transactions?" + v));
        return paths;
    }

    private static String enc(Instant t) { return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8); }

    /** A transaction of {@code events} generic events through the API, one after another (the last one succeeds). */
    private static void store(PayhookClient client, String secret, String txn, int events) {
        System.err.println("scale: storing " + events + " event(s) of " + txn);
        for (int i = 0; i < events; i++) {
            var d = SampleDeliveries.build("generic", i == events - 1 ? "succeeded" : "pending",
                    new SampleDeliveries.SampleOptions(txn, 1999, "EUR", null, "evt_" + txn + "_" + i), secret, Instant.now());
            int s = client.webhook(d).status();
            if (s != 200) throw new IllegalStateException("delivery " + i + " of " + txn + " answered " + s);
        }
    }

    /** The searches and the two GETs, interleaved: up to 50 untimed rounds, then {@code --requests} timed ones. */
    private void reads(PayhookClient client, Map<String, String> paths, String one, String big, Map<String, Object> out) {
        Map<String, String> all = new LinkedHashMap<>(paths);
        all.put("get_1", "/transactions/" + one);
        all.put("get_big", "/transactions/" + big);
        Map<String, long[]> nanos = new LinkedHashMap<>();
        Map<String, Integer> results = new LinkedHashMap<>();
        all.keySet().forEach(k -> nanos.put(k, new long[requests]));
        int warm = Math.min(50, requests);
        System.err.println("scale: timing " + paths.size() + " searches and 2 GETs, " + warm + " untimed and " + requests + " timed rounds");
        for (int round = -warm; round < requests; round++) {
            for (var e : all.entrySet()) {
                long t0 = System.nanoTime();
                var r = client.get(e.getValue());
                long took = System.nanoTime() - t0;
                if (r.status() != 200) throw new IllegalStateException("GET " + e.getValue() + " answered " + r.status() + ": " + r.body());
                if (round >= 0) nanos.get(e.getKey())[round] = took;
                if (round == 0 && paths.containsKey(e.getKey())) results.put(e.getKey(), r.json().get("transactions").size());
            }
        }
        Map<String, Object> searches = new LinkedHashMap<>();
        List<Long> pooled = new ArrayList<>();
        for (String k : paths.keySet()) {
            long[] v = nanos.get(k);
            Arrays.stream(v).forEach(pooled::add);
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("query", paths.get(k).substring("/transactions?".length()));
            q.put("results", results.get(k));
            q.put("p50_ms", round(percentile(v, 0.50) / 1e6));
            q.put("p99_ms", round(percentile(v, 0.99) / 1e6));
            searches.put(k, q);
        }
        long[] p = pooled.stream().mapToLong(Long::longValue).toArray();
        out.put("search_p50_ms", round(percentile(p, 0.50) / 1e6));
        out.put("search_p99_ms", round(percentile(p, 0.99) / 1e6));
        out.put("searches", searches);
        out.put("big_events", bigEvents);
        out.put("get_p50_ms_1", round(percentile(nanos.get("get_1"), 0.50) / 1e6));
        out.put("get_p99_ms_1", round(percentile(nanos.get("get_1"), 0.99) / 1e6));
        out.put("get_p50_ms_big", round(percentile(nanos.get("get_big"), 0.50) / 1e6));
        out.put("get_p99_ms_big", round(percentile(nanos.get("get_big"), 0.99) / 1e6));
        out.put("get_big_vs_1", round(percentile(nanos.get("get_big"), 0.99) / percentile(nanos.get("get_1"), 0.99)));
        out.put("search_vs_get", round(percentile(p, 0.99) / percentile(nanos.get("get_1"), 0.99)));
    }

    /** serve's start on an empty data dir and on the loaded one, interleaved; the medians and their ratio. */
    private void starts(Path loaded, Map<String, Object> out) throws Exception {
        Path empty = Files.createTempDirectory("payhook-scale-empty");
        try {
            long[] zero = new long[startRuns];
            long[] n = new long[startRuns];
            for (int i = 0; i < startRuns; i++) {
                zero[i] = StartTimeCommand.serveStartMillis(empty, null);
                n[i] = StartTimeCommand.serveStartMillis(loaded, null);
                System.err.printf(Locale.ROOT, "scale: serve start %d/%d: empty %d ms, loaded %d ms%n", i + 1, startRuns, zero[i], n[i]);
            }
            long z = StartTimeCommand.median(zero);
            long m = StartTimeCommand.median(n);
            out.put("start_ms_0", z);
            out.put("start_ms_n", m);
            out.put("start_runs_0", Arrays.stream(zero).boxed().toList());
            out.put("start_runs_n", Arrays.stream(n).boxed().toList());
            out.put("start_ratio", round((double) m / z));
        } finally {
            deleteTree(empty);
        }
    }

    /** The targets, as booleans (null when not measured). */
    private static void targets(Map<String, Object> out) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("search_p99_le_3x_get_p99", out.get("search_vs_get") instanceof Double r ? r <= 3.0 : null);
        t.put("start_ratio_le_1_2", out.get("start_ratio") instanceof Double r ? r <= 1.2 : null);
        t.put("ack_ge_70pct_floor", out.get("ack_vs_floor") instanceof Double r ? r >= 0.70 : null);
        out.put("targets", t);
    }

    private void print(Map<String, Object> out) throws Exception {
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%nscale: %,d transactions (%,d webhooks) at concurrency %d%n", transactions, (Long) out.get("webhooks"), concurrency);
        stdout.printf(Locale.ROOT, "  ingest       %.0f acks/s against a floor of %.0f puts/s (%.0f %%), ack p99 %.2f ms; errors %d%n",
                out.get("acked_per_s"), out.get("floor_put_per_s"), 100 * (Double) out.get("ack_vs_floor"), out.get("ack_p99_ms"), out.get("errors"));
        stdout.printf(Locale.ROOT, "  projection   lag p50 %s ms, p99 %s ms, max %s ms (%d samples while loading); caught up %.1f s after the load%n",
                out.get("projection_lag_p50_ms"), out.get("projection_lag_p99_ms"), out.get("projection_lag_max_ms"), out.get("lag_samples"),
                out.get("catch_up_after_load_s"));
        stdout.printf(Locale.ROOT, "  writes       %.2f write units per webhook %s; %.2f items stored per webhook%n",
                out.get("items_per_webhook"), out.get("write_units_per_webhook"), out.get("items_stored_per_webhook"));
        stdout.printf(Locale.ROOT, "  search       p50 %.2f ms, p99 %.2f ms (%.2f × the 1-event GET's p99)%n",
                out.get("search_p50_ms"), out.get("search_p99_ms"), out.get("search_vs_get"));
        @SuppressWarnings("unchecked") Map<String, Map<String, Object>> searches = (Map<String, Map<String, Object>>) out.get("searches");
        searches.forEach((k, q) -> stdout.printf(Locale.ROOT, "    %-17s p50 %7.2f ms  p99 %7.2f ms  %3d results  %s%n",
                k, q.get("p50_ms"), q.get("p99_ms"), q.get("results"), q.get("query")));
        stdout.printf(Locale.ROOT, "  GET          1 event p50 %.2f ms, p99 %.2f ms; %d events p50 %.2f ms, p99 %.2f ms (%.2f ×)%n",
                out.get("get_p50_ms_1"), out.get("get_p99_ms_1"), bigEvents, out.get("get_p50_ms_big"), out.get("get_p99_ms_big"), out.get("get_big_vs_1"));
        if (out.containsKey("start_ms_0")) {
            stdout.printf(Locale.ROOT, "  serve start  empty %d ms, loaded %d ms (ratio %.2f); runs %s and %s%n",
                    out.get("start_ms_0"), out.get("start_ms_n"), out.get("start_ratio"), out.get("start_runs_0"), out.get("start_runs_n"));
        }
        stdout.println("  targets      " + out.get("targets"));
        if (json) stdout.println(new ObjectMapper().writeValueAsString(out));
        stdout.flush();
    }

    static double round(double v) { return Math.round(v * 100) / 100.0; }

    static double percentile(long[] values, double q) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[(int) Math.floor(q * (v.length - 1))];
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp dir; best effort
        }
    }
}

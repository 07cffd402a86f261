package io.payhook.bench.load;

import io.payhook.functions.JsonLog;
import io.payhook.local.LocalConfig;
import io.payhook.local.LocalSystem;
import io.payhook.local.cli.LocalApi;
import io.payhook.local.cli.Values;
import io.payhook.testkit.PayhookClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

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
 *
 * <p>The parts: this command (options, the run), {@link Workers} (the load), {@link Slices} (warm-up,
 * the load's slices and the floor's between them), {@link Floor} (bare PutItems), {@link Losses}
 * (acknowledged but not stored), {@link Report} (summary and JSON).
 */
@Command(name = "bench", sortOptions = false, header = "Load test, with the store's floor measured in the same run.",
        description = {"Load test with a progress line: signed webhooks (provider signature and SigV4) against a local "
                + "system it starts, or against --url. In the same run it measures the floor, bare PutItems to the same "
                + "DynamoDB Local at the same concurrency, in slices between the load's. The warm-up lasts until the "
                + "system's JIT has settled (about a minute on 2 cores). Exit 1 on an error or a lost event."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s", converter = Values.DurationValue.class,
            description = "Measured time of the load (30s, 2m). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "50", converter = Values.Positive.class,
            description = "Workers, one connection each (and the floor's concurrency). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;

    @Option(names = "--url", paramLabel = "URL", converter = Values.BaseUrl.class,
            description = "Load a running payhook instead of starting one (no floor then).")
    String url;

    @Option(names = "--providers", paramLabel = "P", split = ",", defaultValue = "generic",
            completionCandidates = LocalApi.ProviderNames.class,
            description = "Providers whose deliveries are sent, from: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    List<String> providers;

    @Option(names = "--duplicates", paramLabel = "RATIO", defaultValue = "0.05", converter = Values.Ratio.class,
            description = "Share of requests that resend an earlier delivery (a provider retry). Default: ${DEFAULT-VALUE}.")
    double duplicates;

    @Option(names = "--email-ratio", paramLabel = "RATIO", defaultValue = "0", converter = Values.Ratio.class,
            description = "Share of deliveries with a customer email (each sends a confirmation). Default: ${DEFAULT-VALUE}.")
    double emailRatio;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "15s", converter = Values.DurationValue.class,
            description = "Least warm-up. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--warmup-max", paramLabel = "TIME", defaultValue = "120s", converter = Values.DurationValue.class,
            description = "Most warm-up while waiting for the JIT to settle (at or below --warmup: a fixed warm-up). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration warmupMax;

    @Option(names = "--slices", paramLabel = "N", defaultValue = "3", converter = Values.Positive.class,
            description = "Measure the load in N slices, a floor slice before each and after the last. Default: ${DEFAULT-VALUE}.")
    int slices;

    @Option(names = "--pause-outbox",
            description = "Diagnostic: the outbox waits during the load and catches up afterwards (ingest alone).")
    boolean pauseOutbox;

    /** The options, checked; a bad combination is a usage error (exit 2). */
    BenchOptions options() {
        if (duration.dividedBy(slices).toSeconds() < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--slices': " + slices + " leaves a slice less than a second of --duration " + duration.toSeconds() + "s");
        }
        if (pauseOutbox && url != null) {
            throw new ParameterException(spec.commandLine(), "--pause-outbox needs the local system bench starts itself (no --url)");
        }
        List<String> known = LocalApi.providers();
        for (String p : providers) {
            if (!known.contains(p)) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--providers': unknown provider '" + p + "'; one of " + String.join(", ", known));
            }
        }
        return new BenchOptions(duration, concurrency, json, url, List.copyOf(providers), duplicates, emailRatio,
                warmup, warmupMax, pauseOutbox, slices);
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions o = options();
        // the load generator is the JDK's blocking HttpURLConnection on one thread per connection:
        // java.net.http's asynchronous machinery cost this 2-core machine's CPU and added its own tail
        // latency (docs/BENCHMARKS.md). Its keep-alive pool keeps 5 idle connections per server unless
        // told otherwise (read once, at its first use), so keep one per worker.
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "256");
        LocalApi api = LocalApi.fromEnvironment();
        Map<String, String> secrets = new LinkedHashMap<>();
        o.providers().forEach(p -> secrets.put(p, api.providerSecret(p)));
        LocalSystem system = null;
        Path tmp = null;
        String target = o.url();
        if (target == null) {
            tmp = Files.createTempDirectory("payhook-bench");
            LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, tmp).withLogLevel(JsonLog.Level.WARN);
            System.err.println("bench: starting a local system in " + tmp + " ...");
            system = new LocalSystem(config).start();
            // diagnostics: ingest alone, the outbox catching up only after the load
            if (o.pauseOutbox()) system.pauseOutbox();
            target = system.url();
        }
        try {
            // bodies streamed as before: the JDK never re-sends a POST on its own (a 401's body is lost; only its status counts here)
            PayhookClient client = api.client(target).streamingBodies();
            // the floor is measured in slices interleaved with the load's: one before each load slice
            // (the load generator held, nothing in flight) and one after the last, so a drift of the
            // disk's commit latency during the run (seen within one run: 219 to 398 acks/s) weighs on
            // both sides alike
            LocalSystem sys = system;
            List<Floor> floorSlices = new ArrayList<>();
            Slices.Result r = Slices.load(o, client, secrets, system != null, system == null ? null : () -> {
                floorSlices.add(Slices.quietFloor(sys, o));
                if (o.pauseOutbox()) sys.pauseOutbox(); // awaitOutboxQuiet resumed it
            });
            if (system != null) floorSlices.add(Slices.quietFloor(system, o));
            Floor floor = system == null ? null : Floor.of(floorSlices);
            long lost = system == null ? Losses.overHttp(client, r.ackedList()) : Losses.inTable(system.dynamo().client(), r.ackedList());
            Report.print(o, r, floor, lost);
            return r.errors() == 0 && lost == 0 ? 0 : 1;
        } finally {
            if (system != null) system.close();
            if (tmp != null) deleteTree(tmp);
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

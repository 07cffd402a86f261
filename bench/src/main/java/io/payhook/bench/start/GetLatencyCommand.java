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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./payhook getlatency}: how {@code GET /transactions/{id}} grows with a transaction's events. A local system in
 * a temporary data dir stores transactions of 1, 3 and N events (signed generic deliveries through the API, one
 * event id each), then times {@code --requests} GETs of each, interleaved (one of each in turn, so drift weighs on
 * all alike), after as many untimed ones to warm up. Prints p50 and p99 of each and the p99 ratio of N events to 3.
 */
@Command(name = "getlatency", sortOptions = false, header = "GET /transactions/{id} latency for 1, 3 and N events.",
        description = {"Starts a local system in a temporary data dir, stores one transaction of 1, 3 and N events "
                + "each through the API, and times GETs of them, interleaved."})
public final class GetLatencyCommand implements Callable<Integer> {
    @Option(names = "--events", paramLabel = "N", defaultValue = "1000", converter = Values.Positive.class,
            description = "Events of the large transaction. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200", converter = Values.Positive.class,
            description = "Timed GETs per transaction (and as many untimed ones first). Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("payhook-getlatency");
        LocalApi api = LocalApi.fromEnvironment();
        String secret = api.providerSecret("generic");
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, dir).withLogLevel(JsonLog.Level.WARN);
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<Integer, String> txns = new LinkedHashMap<>();
        for (int n : new int[] {1, 3, events}) txns.put(n, "get-" + run + "-" + n);
        try (LocalSystem system = new LocalSystem(config).start()) {
            PayhookClient client = api.client(system.url());
            for (var t : txns.entrySet()) {
                System.err.println("getlatency: storing " + t.getKey() + " event(s) of " + t.getValue());
                for (int i = 0; i < t.getKey(); i++) {
                    String status = i == t.getKey() - 1 ? "succeeded" : "pending";
                    var d = SampleDeliveries.build("generic", status,
                            new SampleDeliveries.SampleOptions(t.getValue(), 1999, "EUR", null, "evt_" + t.getValue() + "_" + i), secret, Instant.now());
                    int s = client.webhook(d).status();
                    if (s != 200) throw new IllegalStateException("delivery " + i + " of " + t.getValue() + " answered " + s);
                }
            }
            Map<Integer, long[]> nanos = new LinkedHashMap<>();
            txns.keySet().forEach(n -> nanos.put(n, new long[requests]));
            for (int round = -requests; round < requests; round++) {
                for (var t : txns.entrySet()) {
                    long t0 = System.nanoTime();
                    var r = client.get("/transactions/" + t.getValue());
                    long took = System.nanoTime() - t0;
                    if (r.status() != 200) throw new IllegalStateException("GET " + t.getValue() + " answered " + r.status());
                    if (round >= 0) nanos.get(t.getKey())[round] = took;
                }
            }
            StringBuilder out = new StringBuilder("{\"events\":" + events + ",\"requests\":" + requests);
            for (var e : nanos.entrySet()) {
                double p50 = percentile(e.getValue(), 0.50) / 1e6;
                double p99 = percentile(e.getValue(), 0.99) / 1e6;
                System.out.printf(Locale.ROOT, "GET of a transaction with %d event(s): p50 %.2f ms, p99 %.2f ms%n", e.getKey(), p50, p99);
                String key = e.getKey() == events ? "n" : Integer.toString(e.getKey());
                out.append(String.format(Locale.ROOT, ",\"p50_ms_%s\":%.2f,\"p99_ms_%s\":%.2f", key, p50, key, p99));
            }
            double ratio = percentile(nanos.get(events), 0.99) / percentile(nanos.get(3), 0.99);
            System.out.printf(Locale.ROOT, "p99 ratio, %d events to 3: %.2f%n", events, ratio);
            if (json) System.out.println(out.append(String.format(Locale.ROOT, ",\"p99_ratio_n_to_3\":%.2f}", ratio)));
        }
        return 0;
    }

    private static double percentile(long[] values, double q) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[(int) Math.floor(q * (v.length - 1))];
    }
}

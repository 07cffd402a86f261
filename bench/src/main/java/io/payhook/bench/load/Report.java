package io.payhook.bench.load;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.bench.load.Latency.ms;

/**
 * What a run found: a summary for people on stdout and, with {@code --json}, one JSON object as the
 * last line (its keys are described in docs/BENCHMARKS.md; scripts read them).
 */
final class Report {
    private Report() {}

    /** @param f the floor, or null when the system ran elsewhere ({@code --url}) */
    static void print(BenchOptions o, Slices.Result r, Floor f, long lost) {
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

    private static double round(double v) { return Math.round(v * 100) / 100.0; }

    /** Rates in whole numbers per second; printed, a list reads as a JSON array: {@code [301, 287, 344]}. */
    static List<Long> rates(List<Double> perS) {
        return perS.stream().map(Math::round).toList();
    }
}

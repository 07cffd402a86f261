package io.payhook.bench.load;

import io.payhook.local.LocalSystem;
import io.payhook.testkit.PayhookClient;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's time line: a warm-up (at least {@link BenchOptions#warmup()}, then until the JIT has
 * settled, at most {@link BenchOptions#warmupMax()}), then the load measured in
 * {@link BenchOptions#slices()} slices with a progress line. Before each slice the workers are held
 * and a slice of the floor runs ({@link #quietFloor}); one more floor slice follows the last, so a
 * drift of the disk within a run weighs on the load and the floor alike.
 */
final class Slices {
    private Slices() {}

    /** Compilation below this many ms per {@link #JIT_WINDOW} (10 % of one core) counts as settled. */
    static final long JIT_QUIET_MS = 500;
    static final Duration JIT_WINDOW = Duration.ofSeconds(5);

    /** Runs before each measured slice of the load, with the load generator held and nothing in flight. */
    interface BeforeSlice {
        void run() throws Exception;
    }

    /**
     * @param warmupSeconds how long the warm-up ran
     * @param jitSettled    whether the JIT had settled when the measurement began; null when the
     *                      system runs in another JVM ({@code --url}) and the warm-up is fixed
     * @param slicePerS     each load slice's rate of acknowledgements, in order
     */
    record Result(long sent, long acked, long duplicatesAnswered, long errors, double seconds, Histogram latency,
                  List<Workers.Acked> ackedList, Map<Integer, Long> errorStatuses,
                  double warmupSeconds, Boolean jitSettled, List<Double> slicePerS) {}

    /**
     * Warms up, then measures the load.
     *
     * @param secrets         provider → the secret its deliveries are signed with
     * @param serverInThisJvm the system under load runs in this JVM (bench started it), so its JIT can be watched
     * @param beforeSlice     null (the load is measured in one piece), or what to do before each of
     *                        {@link BenchOptions#slices()} measured slices (a slice of the floor)
     */
    static Result load(BenchOptions o, PayhookClient client, Map<String, String> secrets, boolean serverInThisJvm,
                       BeforeSlice beforeSlice) throws Exception {
        Workers w = Workers.start(o, client, secrets);
        Histogram total = new Histogram(3);
        // warm-up: JIT, connections; then derive the expected interval for CO correction
        long warmStart = System.nanoTime();
        w.measure(true);
        Thread.sleep(o.warmup().toMillis());
        // in this JVM the server's JIT can be watched; --warmup-max at or below --warmup fixes the warm-up
        Boolean jitSettled = serverInThisJvm && o.warmupMax().compareTo(o.warmup()) > 0 ? awaitJitSettled(warmStart, o.warmupMax()) : null;
        long warmSent = w.sent.get();
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
        double warmRate = Math.max(1, warmSent / warmSeconds);
        w.expectedIntervalMicros(Latency.intervalMicros(o, warmRate));
        w.measure(false);
        int slices = beforeSlice == null ? 1 : o.slices();
        Duration slice = o.duration().dividedBy(slices);
        double seconds = 0;
        List<Double> slicePerS = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            if (beforeSlice != null) {
                w.hold();
                if (s > 0) total.add(w.recorder.getIntervalHistogram()); // the previous slice's last answers
                beforeSlice.run();
                w.release();
                Thread.sleep(3_000); // connections back in the pool, the request path running again
            }
            if (s == 0) w.resetCounts(); // forget the warm-up
            // answers are counted only while a slice runs: what arrives between slices is neither
            // counted nor checked for loss (all of one answer's counts or none)
            long ackedBefore = w.acked.get();
            w.measure(true);
            long start = System.nanoTime();
            long end = start + slice.toNanos();
            long lastAcked = ackedBefore;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1_000, (end - System.nanoTime()) / 1_000_000)));
                total.add(w.recorder.getIntervalHistogram());
                long a = w.acked.get();
                double elapsed = seconds + (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "\r[%3.0fs/%ds, slice %d/%d] acked %,d (%,d/s now, %,.0f/s avg) errors %d p50 %.2f ms p99 %.2f ms   ",
                        elapsed, o.duration().toSeconds(), s + 1, slices, a, a - lastAcked, a / elapsed, w.errors.get(),
                        total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(99) / 1000.0);
                lastAcked = a;
            }
            // stop counting first; the workers finish what is in flight uncounted (below, or at the next hold)
            w.measure(false);
            double sliceSeconds = (System.nanoTime() - start) / 1e9;
            seconds += sliceSeconds;
            slicePerS.add((w.acked.get() - ackedBefore) / sliceSeconds);
        }
        w.stop();
        total.add(w.recorder.getIntervalHistogram());
        System.err.println();
        return new Result(w.sent.get(), w.acked.get(), w.duplicatesAnswered.get(), w.errors.get(), seconds, total,
                List.copyOf(w.ackedEvents), new java.util.TreeMap<>(w.errorStatuses), warmSeconds, jitSettled, List.copyOf(slicePerS));
    }

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

    /** One slice of the floor, once the outbox has caught up: the store alone. */
    static Floor quietFloor(LocalSystem system, BenchOptions o) throws Exception {
        Duration wait = o.pauseOutbox() ? Duration.ofMinutes(5) : Duration.ofSeconds(60);
        if (!system.awaitOutboxQuiet(Duration.ofSeconds(1), wait)) {
            System.err.println("bench: the outbox was still busy after " + wait.toSeconds() + " s; the floor shares the store with it");
        }
        return Floor.measure(system.dynamo().client(), o, floorDuration(o).dividedBy(o.slices() + 1));
    }

    /** The whole floor's measured time (all its slices): half the load's, 5 to 15 s. */
    static Duration floorDuration(BenchOptions o) {
        return Duration.ofSeconds(Math.max(5, Math.min(15, o.duration().toSeconds() / 2)));
    }
}

package io.payhook.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** How the load and the floor record a latency, alike. */
final class Latency {
    private Latency() {}

    /**
     * Records one latency, corrected for coordinated omission once the expected interval is known
     * (0 during a warm-up): the load and the floor record alike.
     */
    static void record(Recorder recorder, long micros, long expectedIntervalMicros) {
        if (expectedIntervalMicros > 0) recorder.recordValueWithExpectedInterval(Math.max(1, micros), expectedIntervalMicros);
        else recorder.recordValue(Math.max(1, micros));
    }

    /** The expected interval between one worker's requests: concurrency over the warm-up's rate. */
    static long intervalMicros(BenchOptions o, double warmRatePerS) {
        return (long) (o.concurrency() * 1e6 / warmRatePerS);
    }

    /** A percentile in milliseconds (the histograms hold microseconds). */
    static double ms(Histogram h, double p) { return h.getValueAtPercentile(p) / 1000.0; }
}

package io.payhook.bench.load;

import java.time.Duration;
import java.util.List;

/**
 * What one {@code ./payhook bench} run does, as the command line gave it (checked there).
 *
 * @param duration       the measured time of the load, all its slices together
 * @param concurrency    load workers (one connection each), and the floor's concurrency
 * @param json           print the one-line JSON result last
 * @param url            a running payhook to load, or null: bench starts a local system (and measures the floor)
 * @param providers      the providers whose deliveries are sent, picked at random
 * @param duplicateRatio share of requests that resend an earlier delivery (a provider retry)
 * @param emailRatio     share of new deliveries that carry a customer email (and so send a confirmation)
 * @param warmup         the least warm-up
 * @param warmupMax      the most warm-up while waiting for the JIT to settle
 * @param pauseOutbox    diagnostic: the outbox waits while the load runs (ingest alone)
 * @param slices         the load is measured in this many slices, a floor slice before each and after the last
 */
public record BenchOptions(Duration duration, int concurrency, boolean json, String url, List<String> providers,
                           double duplicateRatio, double emailRatio, Duration warmup, Duration warmupMax, boolean pauseOutbox,
                           int slices) {}

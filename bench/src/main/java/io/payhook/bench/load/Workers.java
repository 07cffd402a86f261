package io.payhook.bench.load;

import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import org.HdrHistogram.Recorder;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load: one closed-loop worker per connection, each sending signed webhook deliveries as fast
 * as they are answered. A worker builds a delivery (or resends a recent one, as a provider retry
 * does), signs it with SigV4 through {@link PayhookClient#prepare} — outside the measurement — and
 * measures only {@link PayhookClient#execute}: the request and the answer read to its end.
 *
 * <p>The client runs on the JDK's blocking {@code HttpURLConnection}, so the workers are platform
 * threads (on JDK 21 it would pin virtual threads' carriers), and its keep-alive pool holds one idle
 * connection per worker ({@code http.maxConnections}, set by {@link BenchCommand}).
 *
 * <p>Answers are counted only while {@link #measure measuring}; {@link #hold} stops new requests and
 * waits until none is in flight (the floor is measured between the load's slices).
 */
final class Workers {
    /** An acknowledged event: where it must be in the table. */
    record Acked(String transactionId, String provider, String eventId) {}

    final Recorder recorder = new Recorder(3);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong duplicatesAnswered = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<Integer, Long> errorStatuses = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Acked> ackedEvents = new ConcurrentLinkedQueue<>();

    private final BenchOptions o;
    private final PayhookClient client;
    private final Map<String, String> secrets;
    private final AtomicBoolean measuring = new AtomicBoolean(false);
    private final AtomicBoolean stop = new AtomicBoolean(false);
    private final AtomicBoolean hold = new AtomicBoolean(false); // workers send nothing while set
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong expectedIntervalMicros = new AtomicLong(); // set after the warm-up, read by the workers
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final CountDownLatch done;

    /**
     * @param secrets provider → the secret its deliveries are signed with
     */
    private Workers(BenchOptions o, PayhookClient client, Map<String, String> secrets) {
        this.o = o;
        this.client = client;
        this.secrets = Map.copyOf(secrets);
        this.done = new CountDownLatch(o.concurrency());
    }

    /** Starts {@link BenchOptions#concurrency()} workers; they send at once, uncounted until {@link #measure}. */
    static Workers start(BenchOptions o, PayhookClient client, Map<String, String> secrets) {
        Workers w = new Workers(o, client, secrets);
        for (int i = 0; i < o.concurrency(); i++) {
            int worker = i;
            Thread.ofPlatform().daemon().name("bench-" + i).start(() -> w.loop(worker));
        }
        return w;
    }

    /** Whether answers are counted and recorded from now on. */
    void measure(boolean on) { measuring.set(on); }

    /** The expected interval between one worker's requests, for the coordinated-omission correction. */
    void expectedIntervalMicros(long micros) { expectedIntervalMicros.set(micros); }

    /** Stops sending and waits until nothing is in flight. */
    void hold() throws InterruptedException {
        hold.set(true);
        while (inFlight.get() > 0) Thread.sleep(5);
    }

    void release() { hold.set(false); }

    /** Forgets everything counted so far (the warm-up). */
    void resetCounts() {
        sent.set(0);
        acked.set(0);
        duplicatesAnswered.set(0);
        errors.set(0);
        errorStatuses.clear();
        ackedEvents.clear();
        recorder.reset();
    }

    /** Stops the workers after what they have in flight. */
    void stop() throws InterruptedException {
        stop.set(true);
        done.await();
    }

    private void loop(int worker) {
        Deliveries deliveries = new Deliveries(worker);
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
                    SampleDeliveries.Delivery d = deliveries.next();
                    PayhookClient.Prepared request = client.prepare("POST", "/webhooks/payment", d.headers(), d.body());
                    long t0 = System.nanoTime();
                    int status;
                    String body;
                    try {
                        PayhookClient.Response r = client.execute(request);
                        status = r.status();
                        body = r.body();
                    } catch (UncheckedIOException e) { // not reachable, reset, timed out
                        status = -1;
                        body = "";
                    }
                    long micros = (System.nanoTime() - t0) / 1_000;
                    if (!measuring.get()) continue;
                    sent.incrementAndGet();
                    Latency.record(recorder, micros, expectedIntervalMicros.get());
                    if (status == 200) {
                        acked.incrementAndGet();
                        if (body.contains("\"duplicate\":true")) duplicatesAnswered.incrementAndGet();
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
    }

    /** One worker's deliveries: mostly new ones, sometimes a recent one again (a provider retry: the same bytes). */
    private final class Deliveries {
        private final int worker;
        private final Random rnd;
        private final List<SampleDeliveries.Delivery> recent = new ArrayList<>();
        private long n;

        Deliveries(int worker) {
            this.worker = worker;
            this.rnd = new Random(worker * 7919L + 17);
        }

        SampleDeliveries.Delivery next() {
            if (!recent.isEmpty() && rnd.nextDouble() < o.duplicateRatio()) {
                return recent.get(rnd.nextInt(recent.size()));
            }
            String provider = o.providers().get(rnd.nextInt(o.providers().size()));
            List<String> types = SampleDeliveries.eventTypes(provider);
            String type = pickType(provider, types, rnd);
            String id = "bench-" + runId + "-" + worker + "-" + (n++);
            SampleDeliveries.Delivery d = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions(id, 1000 + rnd.nextInt(90_000),
                    "EUR", rnd.nextDouble() < o.emailRatio() ? "customer@example.com" : null, "evt_" + id), secrets.get(provider), Instant.now());
            if (recent.size() < 64) recent.add(d); else recent.set(rnd.nextInt(64), d);
            return d;
        }
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
}

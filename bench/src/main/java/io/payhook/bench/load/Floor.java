package io.payhook.bench.load;

import io.payhook.aws.dynamodb.ItemMapper;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.Status;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.local.LocalSystem;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: bare PutItems of items shaped like a stored event, at the load's concurrency, to the
 * same DynamoDB Local — what the store alone can do, measured in the same run.
 *
 * @param slicePerS each slice's rate, in the order measured (the floor is measured in slices around the load's)
 */
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

    /**
     * One slice of the floor: bare PutItem, same concurrency, same DynamoDB Local, latency recorded
     * with the same coordinated-omission correction as the load.
     */
    static Floor measure(DynamoDbClient ddb, BenchOptions o, Duration d) throws Exception {
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
                        Latency.record(recorder, (System.nanoTime() - t0) / 1_000, expectedIntervalMicros.get());
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
        expectedIntervalMicros.set(Latency.intervalMicros(o, warmRate));
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
        var parsed = new PaymentEvent("generic", "evt_bench-floor-0000000000", "bench-floor", "payment.succeeded",
                Status.SUCCEEDED, new Money(12345, "EUR"), "cus_0000000000",
                "customer@example.com", "visa 4242", Instant.EPOCH);
        FieldCipher envelopeSized = new FieldCipher() {
            @Override public SealedValue seal(String plaintext, Map<String, String> context) {
                return new SealedValue(new byte[330]);
            }
            @Override public String open(SealedValue sealed, Map<String, String> context) {
                throw new UnsupportedOperationException();
            }
        };
        var e = new ProtectionGate(envelopeSized).protect(List.of(parsed), ProtectionGate.Policy.REFUSE, Instant.EPOCH).get(0);
        Map<String, AttributeValue> item = new HashMap<>(ItemMapper.toItem(e));
        // same size and shape, but not an EVENT: the outbox ignores it, so the floor measures the write alone
        item.put(PaymentTable.KIND, AttributeValue.fromS("BENCH_FLOOR"));
        return item;
    }
}

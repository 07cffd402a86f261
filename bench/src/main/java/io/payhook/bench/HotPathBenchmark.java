package io.payhook.bench;

import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.webhook.Providers;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.local.EnvironmentSecretSource;
import io.payhook.local.LocalKeyFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ingest hot path per provider, without the store: envelope checks → provider selection →
 * signature verification on raw bytes → parse → normalise → mask → seal the email (AWS
 * Encryption SDK, local raw AES keyring, cached data key). The store is a benchmark sink that
 * keeps nothing, so the number is payhook's own CPU cost per webhook.
 *
 * <p>Run: {@code ./payhook jmh} (or {@code java -cp ... org.openjdk.jmh.Main HotPath}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {

    @Param({"generic", "stripe", "adyen", "standard_webhooks"})
    public String provider;

    /** With a customer email the path includes one envelope encryption; without, it shows the rest alone. */
    @Param({"true", "false"})
    public boolean withEmail;

    private IngestWebhook ingest;
    private WebhookRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Clock clock = Clock.systemUTC();
        Map<String, String> env = Map.of(
                "PAYHOOK_STRIPE_SECRETS", "whsec_bench_only_stripe",
                "PAYHOOK_ADYEN_HMAC_KEYS", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "whsec_YmVuY2gtb25seS1zdGFuZGFyZC13ZWJob29rcw==",
                "PAYHOOK_GENERIC_SECRETS", "bench_only_generic");
        var secrets = new EnvironmentSecretSource(env);
        var cipher = EnvelopeFieldCipher.of(LocalKeyFile.masterKey(Files.createTempDirectory("payhook-jmh").resolve("key")));
        ingest = new IngestWebhook(Providers.standard(clock), secrets, new DiscardingStore(), cipher, clock,
                IngestWebhook.Settings.DEFAULT);
        List<String> types = SampleDeliveries.eventTypes(provider);
        if (types.isEmpty()) throw new IllegalStateException("provider not available: " + provider);
        String type = switch (provider) {
            case "stripe" -> "payment_intent.succeeded";
            case "adyen" -> "AUTHORISATION";
            default -> "succeeded";
        };
        var d = SampleDeliveries.build(provider, types.contains(type) ? type : types.get(0),
                new SampleDeliveries.SampleOptions("bench-txn-1", 12345, "EUR", withEmail ? "customer@example.com" : null, null),
                secrets.secrets(provider).get(0), Instant.now());
        request = new WebhookRequest(new HashMap<>(d.headers()), Map.of(), d.body());
        ingest.handle(request); // fail fast if the sample does not verify
    }

    @Benchmark
    public IngestWebhook.Outcome ingestWithoutStore() {
        return ingest.handle(request);
    }

    /** A sink that accepts every event and keeps nothing (the benchmark measures payhook's own work). */
    static final class DiscardingStore implements TransactionStore {
        @Override public AppendResult append(io.payhook.core.protection.ProtectedEvent event) { return AppendResult.STORED; }
        @Override public Optional<Transaction> load(String transactionId) { return Optional.empty(); }
        @Override public boolean createNotification(Notification notification) { return true; }
        @Override public boolean claimNotification(String t, String n, Instant now, Instant until) { return false; }
        @Override public void recordNotificationOutcome(String t, String n, Attempt attempt) { }
        @Override public boolean recordNotificationFeedback(String t, String n, NotificationStatus s, String detail) { return false; }
        @Override public void forEachNotification(NotificationStatus status, Consumer<Notification> sink) { }
        @Override public void forEachTransactionChangedSince(Instant since, Consumer<String> sink) { }
    }
}

package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.SecretSource;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.providers.ProviderRegistry;
import io.payhook.core.providers.WebhookProvider;
import io.payhook.core.providers.WebhookRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Receive one provider delivery: check its envelope, pick the provider, verify the signature on
 * the raw bytes, parse, seal personal data, store each event exactly once. Storing is the commit
 * point; the notification work follows from the store's change stream.
 */
public final class IngestWebhook {

    /**
     * @param maxBodyBytes    largest body accepted (bytes)
     * @param replayTolerance how far a signature timestamp may be from now, either side
     */
    public record Settings(int maxBodyBytes, Duration replayTolerance) {
        public static final Settings DEFAULT = new Settings(256 * 1024, Duration.ofSeconds(300));

        public Settings {
            if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be positive");
            if (replayTolerance.isNegative()) throw new IllegalArgumentException("negative tolerance");
        }
    }

    /** The answer for one event. {@code status} is the canonical status the event reported, or {@code IGNORED}. */
    public record Result(String transactionId, String eventId, String status, boolean duplicate) {}

    /** The answer for one delivery (a batch provider may carry several events). */
    public record Outcome(String provider, List<Result> results) {}

    private final ProviderRegistry providers;
    private final SecretSource secrets;
    private final TransactionStore store;
    private final FieldCipher cipher;
    private final Clock clock;
    private final Settings settings;

    public IngestWebhook(ProviderRegistry providers, SecretSource secrets, TransactionStore store,
                         FieldCipher cipher, Clock clock, Settings settings) {
        this.providers = providers;
        this.secrets = secrets;
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.settings = settings;
    }

    public Outcome handle(WebhookRequest request) {
        checkEnvelope(request);
        WebhookProvider provider = providers.select(request);
        List<String> active = secrets.secrets(provider.name());
        if (active.isEmpty()) throw new PayhookException(ErrorCode.PROVIDER_NOT_CONFIGURED);
        provider.verify(request, active, clock.instant(), settings.replayTolerance());
        List<PaymentEvent> events = provider.parse(request);
        // Seal everything first: a failure here stores nothing.
        List<StoredEvent> sealed = new ArrayList<>(events.size());
        var now = clock.instant();
        for (PaymentEvent e : events) {
            SealedValue email = e.customerEmail() == null ? null
                    : cipher.seal(e.customerEmail(), FieldCipher.context(e.transactionId(), "customer_email"));
            sealed.add(StoredEvent.of(e, email, now));
        }
        List<Result> results = new ArrayList<>(sealed.size());
        for (StoredEvent e : sealed) {
            boolean duplicate = store.append(e) == TransactionStore.AppendResult.DUPLICATE;
            results.add(new Result(e.transactionId(), e.eventId(),
                    e.status() == null ? "IGNORED" : e.status().name(), duplicate));
        }
        return new Outcome(provider.name(), results);
    }

    private void checkEnvelope(WebhookRequest request) {
        if (request.body().length > settings.maxBodyBytes()) {
            throw new PayhookException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The body is larger than " + settings.maxBodyBytes() / 1024 + " KiB.");
        }
        String type = request.mediaType().orElse("");
        if (!(type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json")))) {
            throw new PayhookException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        if (request.body().length == 0) throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body is empty.");
        String charset = request.header("Content-Type").map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
        if (charset.contains("charset=") && !charset.contains("charset=utf-8") && !charset.contains("charset=\"utf-8\"")) {
            throw new PayhookException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be UTF-8 JSON.");
        }
    }
}

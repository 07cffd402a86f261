package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.Metrics;
import io.payhook.core.port.SecretSource;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.protection.ProtectedEvent;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Receive one provider delivery: check its envelope, pick the provider, verify the signature on
 * the raw bytes, parse, pass the protection gate (card data masked, personal data sealed, the
 * merchant checked — else the provider's configured label), store each event exactly once. Storing is the commit
 * point; the notification work follows from the store's change stream.
 */
public final class IngestWebhook {

    /**
     * @param maxBodyBytes    largest body accepted (bytes)
     * @param replayTolerance how far a signature timestamp may be from now, either side
     * @param merchants       the merchant of an event that names no usable one, per provider ({@code PAYHOOK_MERCHANTS})
     */
    public record Settings(int maxBodyBytes, Duration replayTolerance, MerchantLabels merchants) {
        public static final Settings DEFAULT = new Settings(256 * 1024, Duration.ofSeconds(300));

        public Settings {
            if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be positive");
            if (replayTolerance.isNegative()) throw new IllegalArgumentException("negative tolerance");
            Objects.requireNonNull(merchants, "merchants");
        }

        /** Without merchant labels: an event that names no usable merchant belongs to {@link MerchantLabels#DEFAULT}. */
        public Settings(int maxBodyBytes, Duration replayTolerance) {
            this(maxBodyBytes, replayTolerance, MerchantLabels.NONE);
        }
    }

    /** The answer for one event. {@code status} is {@link StoredEvent#outcome()}: the status the event reported, {@code REVERSAL} or {@code IGNORED}. */
    public record Result(String transactionId, String eventId, String status, boolean duplicate) {}

    /** The answer for one delivery (a batch provider may carry several events). */
    public record Outcome(String provider, List<Result> results) {}

    /** A refused delivery: the refusal's code and message, and the provider it was taken for ({@code unknown} before one was). */
    public static final class RefusedDelivery extends PayhookException {
        private final String provider;

        RefusedDelivery(String provider, PayhookException refusal) {
            super(refusal.code(), refusal.getMessage(), refusal);
            this.provider = provider;
        }

        public String provider() { return provider; }
    }

    private final ProviderRegistry providers;
    private final SecretSource secrets;
    private final TransactionStore store;
    private final ProtectionGate gate;
    private final Clock clock;
    private final Settings settings;
    private final Metrics metrics;
    private final Alerts alerts;

    /** Without metrics or alerts (unit tests). */
    public IngestWebhook(ProviderRegistry providers, SecretSource secrets, TransactionStore store,
                         FieldCipher cipher, Clock clock, Settings settings) {
        this(providers, secrets, store, cipher, clock, settings, Metrics.NONE, Alerts.NONE);
    }

    /**
     * @throws IllegalArgumentException a merchant label names a provider {@code providers} does not have
     */
    public IngestWebhook(ProviderRegistry providers, SecretSource secrets, TransactionStore store,
                         FieldCipher cipher, Clock clock, Settings settings, Metrics metrics, Alerts alerts) {
        settings.merchants().requireProviders(providers.names());
        this.providers = providers;
        this.secrets = secrets;
        this.store = store;
        // the one gate, which also resolves each event's merchant: the one it names, else the provider's label
        this.gate = new ProtectionGate(cipher, settings.merchants());
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.alerts = alerts;
    }

    /**
     * Handles one delivery and counts it: each event as stored, duplicate or ignored; a refused delivery
     * by provider and error code (a provider with no secret also raises an operations alert — a wrong or
     * missing secret after a rotation refuses every delivery); how long it took.
     */
    public Outcome handle(WebhookRequest request) {
        long started = System.nanoTime();
        String provider = "unknown";
        try {
            checkEnvelope(request);
            WebhookProvider p = providers.select(request);
            provider = p.name();
            Outcome o = handle(request, p);
            for (Result r : o.results()) {
                metrics.webhookReceived(provider, r.duplicate() ? Metrics.Received.DUPLICATE
                        : r.status().equals(StoredEvent.IGNORED) ? Metrics.Received.IGNORED : Metrics.Received.STORED);
            }
            return o;
        } catch (PayhookException e) {
            if (e.code().category() != ErrorCode.Category.UNAVAILABLE) {
                metrics.webhookReceived(provider, Metrics.Received.REFUSED);
                metrics.webhookRefused(provider, e.code().wireCode());
            }
            if (e.code() == ErrorCode.PROVIDER_NOT_CONFIGURED) {
                alerts.raise(new Alerts.Alert(Alerts.Kind.PROVIDER_NOT_CONFIGURED, provider, null, null,
                        "deliveries of " + provider + " are refused: no secret is configured for it"));
            }
            // a refusal names its provider for the log; an outage (the store down) stays what it is
            throw e.code().category() == ErrorCode.Category.UNAVAILABLE ? e : new RefusedDelivery(provider, e);
        } finally {
            metrics.ingestLatency(java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private Outcome handle(WebhookRequest request, WebhookProvider provider) {
        List<String> active = secrets.secrets(provider.name());
        if (active.isEmpty()) throw new PayhookException(ErrorCode.PROVIDER_NOT_CONFIGURED);
        provider.verify(request, active, clock.instant(), settings.replayTolerance());
        List<ProtectedEvent> events;
        try {
            // the one protection gate: checks every event, then seals personal data; a failure stores nothing
            events = gate.protect(provider.parse(request), provider.personalDataPolicy(), clock.instant());
        } catch (java.time.DateTimeException e) {
            // a time field out of any calendar's range (e.g. Stripe "created": 2^63-1): the input, not us
            throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "A timestamp in the event is out of range.");
        }
        List<Result> results = new ArrayList<>(events.size());
        for (ProtectedEvent e : events) {
            boolean duplicate = store.append(e) == TransactionStore.AppendResult.DUPLICATE;
            StoredEvent kept = e.event();
            results.add(new Result(kept.transactionId(), kept.eventId(), kept.outcome(), duplicate));
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

package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.FieldCipher;
import io.payhook.core.port.SecretSource;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.providers.CardData;
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
        List<PaymentEvent> events;
        try {
            events = provider.parse(request).stream().map(IngestWebhook::protect).toList();
        } catch (java.time.DateTimeException e) {
            // a time field out of any calendar's range (e.g. Stripe "created": 2^63-1): the input, not us
            throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "A timestamp in the event is out of range.");
        }
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

    /**
     * The data-protection gate every provider's events pass before anything is kept (SPEC §5), whatever
     * the provider did itself: the event and transaction ids are keys — kept in the clear, logged,
     * shown — so one holding a card number (scheme rule) or an email address refuses the delivery
     * (400 {@code invalid_id}; masking would merge different payments into one id); so does a customer
     * email address holding a card number (it would be emailed). Every other kept string is masked:
     * type and payment method to BIN + last 4 at most (any Luhn-valid number), verification codes and
     * email addresses in them removed; the customer id masked by the scheme rule, emails in it removed.
     * Raw payloads are never kept, so nothing else of the payload survives.
     */
    static PaymentEvent protect(PaymentEvent e) {
        refuseInId(e.eventId(), "event id");
        refuseInId(e.transactionId(), "transaction id");
        if (e.customerEmail() != null && CardData.containsSchemePan(e.customerEmail())) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "The customer email holds a card number; it is refused.");
        }
        String type = CardData.scrubText(e.type());
        String customerId = e.customerId() == null ? null : CardData.maskEmails(CardData.maskSchemePans(e.customerId()));
        String method = CardData.maskPaymentMethod(e.paymentMethod());
        if (type.equals(e.type()) && java.util.Objects.equals(customerId, e.customerId())
                && java.util.Objects.equals(method, e.paymentMethod())) {
            return e;
        }
        return new PaymentEvent(e.provider(), e.eventId(), e.transactionId(), type, e.status(), e.amount(), customerId,
                e.customerEmail(), method, e.occurredAt());
    }

    private static void refuseInId(String id, String what) {
        if (CardData.containsSchemePan(id)) {
            throw new PayhookException(ErrorCode.INVALID_ID, "The " + what + " holds a card number; card numbers are not accepted as identifiers.");
        }
        if (CardData.containsEmail(id)) {
            throw new PayhookException(ErrorCode.INVALID_ID, "The " + what + " holds an email address; personal data is not accepted in identifiers.");
        }
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

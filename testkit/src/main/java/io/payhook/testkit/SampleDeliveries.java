package io.payhook.testkit;

import io.payhook.testkit.samples.AdyenSamples;
import io.payhook.testkit.samples.CheckoutSamples;
import io.payhook.testkit.samples.GenericSamples;
import io.payhook.testkit.samples.GoCardlessSamples;
import io.payhook.testkit.samples.PaddleSamples;
import io.payhook.testkit.samples.PayPalSamples;
import io.payhook.testkit.samples.ProviderSamples;
import io.payhook.testkit.samples.RazorpaySamples;
import io.payhook.testkit.samples.SquareSamples;
import io.payhook.testkit.samples.StandardWebhooksSamples;
import io.payhook.testkit.samples.StripeSamples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic, correctly signed deliveries for tests, the bench and {@code ./payhook send} (like
 * {@code stripe trigger}): the payload shapes each provider sends for the event types payhook
 * maps, signed with each provider's published algorithm ({@link Signatures}, code of its own: a sample
 * that verifies cross-checks payhook's verifier). Test card data only
 * (Stripe's 4242 and decline card 0002, Adyen's test Visa 1111), fake ids, {@code example.com}.
 *
 * <p>Event types ({@link #eventTypes}):
 * <ul>
 *   <li>{@code stripe}: the mapped {@code payment_intent.*}, {@code charge.*} and
 *       {@code charge.dispute.*} types, plus {@code charge.refunded.partial} — a
 *       {@code charge.refunded} event refunding half the amount;</li>
 *   <li>{@code adyen}: AUTHORISATION, AUTHORISATION_FAILED (an AUTHORISATION with
 *       {@code success=false}), CAPTURE, CANCELLATION, REFUND, CHARGEBACK;</li>
 *   <li>{@code standard_webhooks} and {@code generic}: the canonical statuses {@code pending},
 *       {@code authorized}, {@code succeeded}, {@code failed}, {@code canceled},
 *       {@code partially_refunded}, {@code refunded}, {@code disputed}.</li>
 * </ul>
 * The body is compact JSON, written once: the bytes returned are the bytes signed.
 */
public final class SampleDeliveries {
    private SampleDeliveries() {}

    /** A built delivery: headers (Content-Type and the provider's signature headers) and the exact body. */
    public record Delivery(Map<String, String> headers, byte[] body) {}

    /**
     * What the caller wants in the payload. Null fields get realistic defaults: a fresh
     * provider-shaped transaction id ({@code pi_…} for Stripe, a 16-character pspReference for
     * Adyen, {@code order-…} otherwise), currency EUR, a fresh event id ({@code evt_…}; Standard
     * Webhooks: none in the body, the {@code msg_…} webhook-id is the event id). A null
     * {@code email} means the payload carries no customer email — as for a payment made without
     * one (the bench relies on that); {@code ./payhook send} passes {@code customer@example.com}
     * ({@link #DEFAULT_EMAIL}). {@code amountMinor} is used as given, even when no provider would
     * accept it (tests send refused amounts on purpose). For Adyen the event id is derived
     * ({@code pspReference:eventCode:success}): {@code eventId}, when given, becomes the
     * modification's own pspReference; an AUTHORISATION's pspReference is the transaction id.
     *
     * @param amountMinor amount in minor units of {@code currency}
     */
    public record SampleOptions(String transactionId, long amountMinor, String currency, String email, String eventId) {
        /** Every field defaulted; 25.00 EUR, no email. */
        public static SampleOptions defaults() { return new SampleOptions(null, 2500, null, null, null); }
    }

    /** The test email address samples use when asked for one. */
    public static final String DEFAULT_EMAIL = "customer@example.com";

    /** Every provider payhook has samples for, in the order {@code ./payhook send} lists them. */
    private static final List<ProviderSamples> PROVIDERS = List.of(new StripeSamples(), new AdyenSamples(),
            new StandardWebhooksSamples(), new GenericSamples(), new SquareSamples(), new RazorpaySamples(), new CheckoutSamples(),
            new GoCardlessSamples(), new PaddleSamples(),
            new PayPalSamples()); // secret = the webhook id; signed with PayPalSigningKey.SAMPLE

    /** The providers samples exist for. */
    public static List<String> providers() { return PROVIDERS.stream().map(ProviderSamples::provider).toList(); }

    private static java.util.Optional<ProviderSamples> samples(String provider) {
        return PROVIDERS.stream().filter(p -> p.provider().equals(provider)).findFirst();
    }

    /** The event types {@link #build} knows for a provider (empty for an unknown provider). */
    public static List<String> eventTypes(String provider) {
        return provider == null ? List.of() : samples(provider).map(ProviderSamples::eventTypes).orElse(List.of());
    }

    /**
     * Builds one signed delivery.
     *
     * @param secret the provider secret to sign with, as configured for payhook (Stripe {@code whsec_…};
     *               Adyen the hex HMAC key; Standard Webhooks {@code whsec_<base64>}; generic any text)
     * @param now    the signature timestamp and the event's time
     * @throws IllegalArgumentException for an unknown provider or event type, or a secret that cannot sign
     */
    public static Delivery build(String provider, String eventType, SampleOptions opts, String secret, Instant now) {
        if (!eventTypes(provider).contains(eventType)) {
            throw new IllegalArgumentException("unknown event type '" + eventType + "' for provider '" + provider + "'; one of " + eventTypes(provider));
        }
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("a secret is needed to sign a " + provider + " delivery");
        SampleOptions o = opts == null ? SampleOptions.defaults() : opts;
        return samples(provider).orElseThrow().build(eventType, o, secret, now == null ? Instant.now() : now);
    }

    /**
     * A delivery in the generic format of any body, well-formed or not, signed with {@code secret} at
     * {@code signedAt} ({@code Payhook-Signature: t=…,v1=…}, {@code Content-Type: application/json}):
     * for events {@link #build} has no options for, and for bodies payhook must refuse.
     */
    public static Delivery signGeneric(byte[] body, String secret, Instant signedAt) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Payhook-Signature", Signatures.timestampedV1(secret, signedAt.getEpochSecond(), body));
        return new Delivery(h, body.clone());
    }

    /** {@link #signGeneric(byte[], String, Instant)} of a text body (UTF-8). */
    public static Delivery signGeneric(String body, String secret, Instant signedAt) {
        return signGeneric(Signatures.utf8(body), secret, signedAt);
    }
}

package io.payhook.core.providers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Realistic, correctly signed deliveries for tests and {@code ./payhook send}. Signing uses the
 * same algorithms the verifiers check.
 */
public final class SampleDeliveries {
    private SampleDeliveries() {}

    /** A built delivery: headers (with Content-Type and the provider signature) and the exact body. */
    public record Delivery(Map<String, String> headers, byte[] body) {}

    /** What the caller wants in the payload; null fields get realistic defaults. */
    public record SampleOptions(String transactionId, long amountMinor, String currency, String email, String eventId) {}

    private static final List<String> GENERIC_TYPES = List.of("pending", "authorized", "succeeded", "failed", "canceled",
            "partially_refunded", "refunded", "disputed");

    public static List<String> eventTypes(String provider) {
        return switch (provider) {
            case GenericProvider.NAME -> GENERIC_TYPES;
            default -> List.of();
        };
    }

    public static Delivery build(String provider, String eventType, SampleOptions o, String secret, Instant now) {
        if (!provider.equals(GenericProvider.NAME)) throw new IllegalArgumentException("unknown provider " + provider);
        String txn = o.transactionId() != null ? o.transactionId() : "order-" + random(10);
        String eventId = o.eventId() != null ? o.eventId() : "evt_" + random(16);
        String body = "{\"event_id\":\"" + eventId + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + eventType
                + "\",\"status\":\"" + eventType + "\",\"amount\":{\"value\":" + o.amountMinor() + ",\"currency\":\""
                + o.currency().toUpperCase(Locale.ROOT) + "\"},\"customer_id\":\"cus_" + random(8) + "\","
                + (o.email() == null ? "" : "\"customer_email\":\"" + o.email() + "\",")
                + "\"payment_method\":\"visa 4242\",\"occurred_at\":\"" + now + "\"}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put(GenericProvider.SIGNATURE_HEADER, SignatureHeader.sign(secret.getBytes(StandardCharsets.UTF_8), now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

    private static String random(int n) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, n);
    }
}

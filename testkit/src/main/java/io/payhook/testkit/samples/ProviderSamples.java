package io.payhook.testkit.samples;

import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;

import java.time.Instant;
import java.util.List;

/**
 * One provider's sample deliveries: realistic payloads for its event types, signed with its published
 * algorithm by code of the testkit's own ({@link io.payhook.testkit.Signatures}). Registered in
 * {@link io.payhook.testkit.SampleDeliveries}.
 */
public interface ProviderSamples {
    /** The provider name, as payhook knows it. */
    String provider();

    /** The event types {@link #build} knows, mapped and unmapped. */
    List<String> eventTypes();

    /** One signed delivery of {@code eventType} (one of {@link #eventTypes}); options already defaulted. */
    Delivery build(String eventType, SampleOptions options, String secret, Instant now);
}

package io.payhook.core.providers;

import java.time.Clock;
import java.util.List;

/** The providers payhook knows, in detection order (most specific first, the generic format last). */
public final class Providers {
    private Providers() {}

    public static ProviderRegistry standard(Clock clock) {
        return new ProviderRegistry(List.of(new StripeProvider(), new StandardWebhooksProvider(clock), new AdyenProvider(clock),
                new GenericProvider(clock)));
    }
}

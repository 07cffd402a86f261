package io.payhook.core.webhook;

import io.payhook.core.webhook.adyen.AdyenProvider;
import io.payhook.core.webhook.generic.GenericProvider;
import io.payhook.core.webhook.standardwebhooks.StandardWebhooksProvider;
import io.payhook.core.webhook.stripe.StripeProvider;

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

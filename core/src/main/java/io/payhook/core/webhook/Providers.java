package io.payhook.core.webhook;

import io.payhook.core.webhook.adyen.AdyenProvider;
import io.payhook.core.webhook.checkout.CheckoutProvider;
import io.payhook.core.webhook.generic.GenericProvider;
import io.payhook.core.webhook.gocardless.GoCardlessProvider;
import io.payhook.core.webhook.paddle.PaddleProvider;
import io.payhook.core.webhook.razorpay.RazorpayProvider;
import io.payhook.core.webhook.square.SquareProvider;
import io.payhook.core.webhook.paypal.PayPalProvider;
import io.payhook.core.webhook.standardwebhooks.StandardWebhooksProvider;
import io.payhook.core.webhook.stripe.StripeProvider;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The providers payhook knows, in detection order (most specific first, the generic format last). */
public final class Providers {
    private Providers() {}

    /**
     * What some providers need besides their secrets, read once by each composition root.
     *
     * @param clock                 the time of receipt, for events that carry no usable time of their own
     * @param squareNotificationUrl the notification URL exactly as configured at Square (Square signs it with the body), or null
     * @param custom                providers described by configuration (the long tail), detected before the generic format:
     *                              {@code CustomProviders.providers(CustomProviders.parse(<file content>), clock)}
     * @param paypal                PayPal's certificate source, certificate-URL allowlist and retry span; the
     *                              composition root builds the HTTPS certificate source (trust anchors, cache) and
     *                              passes it here — {@link PayPalProvider.Settings#UNCONFIGURED} (PayPal deliveries
     *                              fail closed) when null
     */
    public record Settings(Clock clock, String squareNotificationUrl, List<WebhookProvider> custom, PayPalProvider.Settings paypal) {
        public Settings {
            Objects.requireNonNull(clock, "clock");
            custom = custom == null ? List.of() : List.copyOf(custom);
            paypal = paypal == null ? PayPalProvider.Settings.UNCONFIGURED : paypal;
        }

        public Settings(Clock clock, String squareNotificationUrl, List<WebhookProvider> custom) {
            this(clock, squareNotificationUrl, custom, null);
        }

        /** Defaults: no Square URL (Square deliveries fail closed), no custom providers, no PayPal certificate source. */
        public static Settings of(Clock clock) { return new Settings(clock, null, List.of()); }

        /** These settings with PayPal's. */
        public Settings withPayPal(PayPalProvider.Settings paypalSettings) {
            return new Settings(clock, squareNotificationUrl, custom, paypalSettings);
        }
    }

    public static ProviderRegistry standard(Clock clock) { return standard(Settings.of(clock)); }

    public static ProviderRegistry standard(Settings settings) {
        Clock clock = settings.clock();
        List<WebhookProvider> inOrder = new ArrayList<>();
        inOrder.add(new StripeProvider());
        // each by its own signature header, recognised even when unconfigured (then refused: provider_not_configured)
        inOrder.add(new SquareProvider(clock, settings.squareNotificationUrl()));
        inOrder.add(new RazorpayProvider(clock));
        inOrder.add(new CheckoutProvider(clock));
        inOrder.add(new StandardWebhooksProvider(clock));
        // GoCardless's Webhook-Signature is Standard Webhooks' webhook-signature (header names are case-insensitive):
        // after Standard Webhooks, which claims a delivery carrying webhook-id; GoCardless claims one without it
        inOrder.add(new GoCardlessProvider(clock));
        inOrder.add(new PaddleProvider(clock)); // its own Paddle-Signature header; before Adyen's body sniffing
        inOrder.add(new PayPalProvider(settings.paypal(), clock)); // by its PAYPAL-TRANSMISSION-SIG header, before any body sniffing
        inOrder.add(new AdyenProvider(clock));
        inOrder.addAll(settings.custom());
        inOrder.add(new GenericProvider(clock)); // the fallback: anything not recognised above
        return new ProviderRegistry(inOrder);
    }
}

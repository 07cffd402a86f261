package io.payhook.core.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Square, Razorpay and Checkout.com are recognised by their own signature headers — with or without
 * configuration (an unconfigured one is then refused as such, never read as another format) — before the
 * providers recognised by shape, and can be forced with {@code ?provider=}.
 */
class HmacProvidersDetectionTest {
    final ProviderRegistry registry = Providers.standard(Clock.systemUTC());
    /** A body that would otherwise be read as Adyen's, or the generic format's. */
    final byte[] adyenLooking = "{\"notificationItems\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void detectionOrder() {
        assertThat(registry.names()).containsExactly("stripe", "square", "razorpay", "checkout", "standard_webhooks", "gocardless", "paddle", "paypal",
                "adyen", "generic");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "x-square-hmacsha256-signature, square",
            "X-Square-HmacSha256-Signature, square",
            "x-square-signature, square",
            "X-Razorpay-Signature, razorpay",
            "x-razorpay-signature, razorpay",
            "Cko-Signature, checkout",
            "cko-signature, checkout"})
    void eachByItsSignatureHeader(String header, String provider) {
        assertThat(registry.select(new WebhookRequest(Map.of(header, "anything"), Map.of(), adyenLooking)).name()).isEqualTo(provider);
        // with Standard Webhooks' headers too, the provider's own header decides
        assertThat(registry.select(new WebhookRequest(Map.of(header, "x", "webhook-id", "m", "webhook-signature", "v1,x"), Map.of(), adyenLooking))
                .name()).isEqualTo(provider);
    }

    @Test
    void noneOfThemClaimsADeliveryWithoutItsHeader() {
        assertThat(registry.select(new WebhookRequest(Map.of("x-razorpay-event-id", "LN7yXG4mkRtLTH"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
                .name()).as("the event-id header alone is no signature").isEqualTo("generic");
        assertThat(registry.select(new WebhookRequest(Map.of("Authorization", "key"), Map.of(), adyenLooking)).name()).isEqualTo("adyen");
    }

    @Test
    void forcedByQuery() {
        for (String name : new String[] {"square", "razorpay", "checkout"}) {
            assertThat(registry.select(new WebhookRequest(Map.of(), Map.of("provider", name), adyenLooking)).name()).isEqualTo(name);
        }
        assertThat(registry.select(new WebhookRequest(Map.of(), Map.of("provider", "CHECKOUT"), adyenLooking)).name()).isEqualTo("checkout");
    }
}

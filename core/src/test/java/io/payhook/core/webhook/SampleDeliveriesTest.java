package io.payhook.core.webhook;

import io.payhook.core.json.Json;
import io.payhook.core.protection.CardData;
import io.payhook.testkit.SampleDeliveries;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.model.PaymentEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.payhook.core.webhook.ProviderSignaturesTest.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sample builder behind {@code ./payhook send}, the bench and the integration tests. */
class SampleDeliveriesTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final List<String> PROVIDERS = List.of("stripe", "adyen", "standard_webhooks", "generic");
    final ProviderRegistry registry = Providers.standard(Clock.fixed(NOW, ZoneOffset.UTC));

    List<PaymentEvent> accept(String provider, SampleDeliveries.Delivery d) {
        var r = new WebhookRequest(d.headers(), Map.of(), d.body());
        WebhookProvider p = registry.select(r);
        assertThat(p.name()).isEqualTo(provider);
        p.verify(r, List.of(ProviderMappingTest.SECRETS.get(provider)), NOW, Duration.ofSeconds(300));
        return p.parse(r);
    }

    /** Sample types that are not payment events: a provider delivers them too, and payhook acknowledges and ignores them. */
    static final java.util.Set<String> NOT_PAYMENT_EVENTS = java.util.Set.of("customer.created", "REPORT_AVAILABLE", "endpoint.updated");

    @TestFactory
    List<DynamicTest> everyEventTypeOfEveryProviderIsAcceptedWithDefaults() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String provider : PROVIDERS) {
            assertThat(SampleDeliveries.eventTypes(provider)).isNotEmpty();
            for (String type : SampleDeliveries.eventTypes(provider)) {
                tests.add(DynamicTest.dynamicTest(provider + " " + type, () -> {
                    var d = SampleDeliveries.build(provider, type, null, ProviderMappingTest.SECRETS.get(provider), NOW);
                    assertThat(d.headers()).containsEntry("Content-Type", "application/json");
                    List<PaymentEvent> events = accept(provider, d);
                    if (NOT_PAYMENT_EVENTS.contains(type)) {
                        assertThat(events).singleElement().satisfies(e -> {
                            assertThat(e.ignored()).as("not a payment event: acknowledged and ignored").isTrue();
                            assertThat(e.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
                        });
                        return;
                    }
                    assertThat(events).singleElement().satisfies(e -> {
                        assertThat(e.status()).as("every payment sample is a mapped event").isNotNull();
                        assertThat(e.amount().minorUnits()).isEqualTo(2500);
                        assertThat(e.amount().currency()).isEqualTo("EUR");
                        assertThat(e.customerEmail()).as("null email: the payload carries none").isNull();
                        switch (provider) {
                            case "stripe" -> assertThat(e.transactionId()).startsWith("pi_");
                            case "adyen" -> assertThat(e.transactionId()).hasSize(16);
                            default -> assertThat(e.transactionId()).startsWith("order-");
                        }
                    });
                    JsonNode body = Json.mapper().readTree(d.body());
                    assertThat(body.toString()).as("compact JSON: the bytes are what was signed")
                            .isEqualTo(new String(d.body(), StandardCharsets.UTF_8));
                }));
            }
        }
        return tests;
    }

    @Test
    void optionsAreCarriedIntoThePayload() {
        var o = new SampleDeliveries.SampleOptions("pi_3Chosen", 1234, "jpy", "customer@example.com", "evt_chosen");
        var stripe = accept("stripe", SampleDeliveries.build("stripe", "charge.succeeded", o, ProviderMappingTest.SECRETS.get("stripe"), NOW)).get(0);
        assertThat(stripe.eventId()).isEqualTo("evt_chosen");
        assertThat(stripe.transactionId()).isEqualTo("pi_3Chosen");
        assertThat(stripe.amount().minorUnits()).isEqualTo(1234);
        assertThat(stripe.amount().currency()).isEqualTo("JPY");
        assertThat(stripe.customerEmail()).isEqualTo("customer@example.com");

        var sw = accept("standard_webhooks", SampleDeliveries.build("standard_webhooks", "succeeded", o,
                ProviderMappingTest.SECRETS.get("standard_webhooks"), NOW)).get(0);
        assertThat(sw.eventId()).isEqualTo("evt_chosen");
        var generic = accept("generic", SampleDeliveries.build("generic", "succeeded", o, ProviderMappingTest.SECRETS.get("generic"), NOW)).get(0);
        assertThat(generic.eventId()).isEqualTo("evt_chosen");
        assertThat(generic.paymentMethod()).isEqualTo("visa ****4242");

        // Adyen: the event id is derived; a given one is a modification's own pspReference
        var adyenOpts = new SampleDeliveries.SampleOptions("QFQTPCQ8HXSKGK82", 1234, "EUR", null, "MCZ7R5RKMHNGWN82");
        var capture = accept("adyen", SampleDeliveries.build("adyen", "CAPTURE", adyenOpts, ProviderMappingTest.SECRETS.get("adyen"), NOW)).get(0);
        assertThat(capture.eventId()).isEqualTo("MCZ7R5RKMHNGWN82:CAPTURE:true");
        assertThat(capture.transactionId()).isEqualTo("QFQTPCQ8HXSKGK82");
        var auth = accept("adyen", SampleDeliveries.build("adyen", "AUTHORISATION", adyenOpts, ProviderMappingTest.SECRETS.get("adyen"), NOW)).get(0);
        assertThat(auth.eventId()).isEqualTo("QFQTPCQ8HXSKGK82:AUTHORISATION:true");
        assertThat(auth.transactionId()).isEqualTo("QFQTPCQ8HXSKGK82");
    }

    @Test
    void aRetryOfTheSameEventKeepsItsEventId() {
        var o = new SampleDeliveries.SampleOptions("pi_3Retry", 500, "EUR", null, "evt_retry");
        String secret = ProviderMappingTest.SECRETS.get("stripe");
        var first = SampleDeliveries.build("stripe", "payment_intent.succeeded", o, secret, NOW);
        var retry = SampleDeliveries.build("stripe", "payment_intent.succeeded", o, secret, NOW.plusSeconds(60));
        assertThat(first.headers().get("Stripe-Signature")).isNotEqualTo(retry.headers().get("Stripe-Signature"));
        assertThat(accept("stripe", first).get(0).eventId()).isEqualTo(accept("stripe", retry).get(0).eventId());
    }

    @Test
    void hostileOptionsBuildAndAreRefusedOrIgnoredByTheParser() {
        // tests send amounts and currencies no provider accepts: the builder passes them through. payhook's own
        // format refuses them; a provider's own format keeps the event as ignored with the reason (never a 4xx
        // for a verified delivery, or the provider retries it for days and disables the endpoint)
        for (String provider : PROVIDERS) {
            String type = SampleDeliveries.eventTypes(provider).get(0);
            String secret = ProviderMappingTest.SECRETS.get(provider);
            var negative = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions("txn-neg", -1, "EUR", null, null), secret, NOW);
            var currency = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions("txn-cur", 100, "ZZZ", null, null), secret, NOW);
            if (provider.equals("generic")) {
                expect(() -> accept(provider, negative), ErrorCode.INVALID_AMOUNT);
                expect(() -> accept(provider, currency), ErrorCode.UNKNOWN_CURRENCY);
            } else {
                assertThat(accept(provider, negative)).singleElement().satisfies(e -> {
                    assertThat(e.ignored()).as(provider).isTrue();
                    assertThat(e.ignoredReason()).as(provider).isEqualTo("invalid_amount");
                });
                assertThat(accept(provider, currency)).singleElement().satisfies(e -> {
                    assertThat(e.ignored()).as(provider).isTrue();
                    assertThat(e.ignoredReason()).as(provider).isEqualTo("unknown_currency");
                });
            }
        }
    }

    @Test
    void refusesWhatItCannotBuild() {
        assertThat(SampleDeliveries.eventTypes("mollie")).isEmpty(); // a provider without samples
        assertThat(SampleDeliveries.eventTypes(null)).isEmpty();
        assertThatThrownBy(() -> SampleDeliveries.build("mollie", "x", null, "s", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleDeliveries.build("paypal", "x", null, "s", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleDeliveries.build("stripe", "invoice.paid", null, "s", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payment_intent.succeeded");
        assertThatThrownBy(() -> SampleDeliveries.build("stripe", "charge.succeeded", null, " ", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleDeliveries.build("adyen", "CAPTURE", null, "not-hex", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not-hex");
    }

    @Test
    void samplesCarryTestCardDataOnly() {
        for (String provider : PROVIDERS) {
            for (String type : SampleDeliveries.eventTypes(provider)) {
                var d = SampleDeliveries.build(provider, type, new SampleDeliveries.SampleOptions(null, 2500, null, "customer@example.com", null),
                        ProviderMappingTest.SECRETS.get(provider), NOW);
                String text = new String(d.body(), StandardCharsets.UTF_8);
                assertThat(CardData.containsPan(text)).as("%s %s holds no card number", provider, type).isFalse();
                assertThat(text).doesNotContainPattern("@(?!example\\.com)");
            }
        }
    }
}

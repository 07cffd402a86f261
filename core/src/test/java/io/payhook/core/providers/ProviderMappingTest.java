package io.payhook.core.providers;

import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event type each provider maps, from a realistic signed delivery to the canonical event. */
class ProviderMappingTest {
    static final Instant NOW = Instant.now();
    static final Map<String, String> SECRETS = Map.of(
            "stripe", "whsec_test_only_mapping",
            "adyen", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
            "standard_webhooks", "whsec_dGVzdC1vbmx5LW1hcHBpbmcta2V5",
            "generic", "test_only_generic");
    final ProviderRegistry registry = Providers.standard(Clock.systemUTC());

    List<PaymentEvent> deliver(String provider, String type, String txn) {
        var d = SampleDeliveries.build(provider, type,
                new SampleDeliveries.SampleOptions(txn, 2500, "eur", "customer@example.com", null), SECRETS.get(provider), NOW);
        var request = new WebhookRequest(d.headers(), Map.of(), d.body());
        WebhookProvider p = registry.select(request);
        assertThat(p.name()).as("detected provider").isEqualTo(provider);
        p.verify(request, List.of(SECRETS.get(provider)), NOW, Duration.ofSeconds(300));
        return p.parse(request);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "stripe, payment_intent.created, PENDING",
            "stripe, payment_intent.processing, PENDING",
            "stripe, payment_intent.requires_action, PENDING",
            "stripe, payment_intent.amount_capturable_updated, AUTHORIZED",
            "stripe, payment_intent.succeeded, SUCCEEDED",
            "stripe, payment_intent.payment_failed, FAILED",
            "stripe, payment_intent.canceled, CANCELED",
            "stripe, charge.succeeded, SUCCEEDED",
            "stripe, charge.failed, FAILED",
            "stripe, charge.refunded, REFUNDED",
            "stripe, charge.refunded.partial, PARTIALLY_REFUNDED",
            "stripe, charge.dispute.created, DISPUTED",
            "stripe, charge.dispute.closed, DISPUTED",
            "adyen, AUTHORISATION, AUTHORIZED",
            "adyen, AUTHORISATION_FAILED, FAILED",
            "adyen, CAPTURE, SUCCEEDED",
            "adyen, CANCELLATION, CANCELED",
            "adyen, REFUND, REFUNDED",
            "adyen, CHARGEBACK, DISPUTED",
            "standard_webhooks, succeeded, SUCCEEDED",
            "standard_webhooks, partially_refunded, PARTIALLY_REFUNDED",
            "standard_webhooks, canceled, CANCELED",
            "generic, authorized, AUTHORIZED",
            "generic, disputed, DISPUTED",
    })
    void mapsToTheCanonicalEvent(String provider, String type, Status expected) {
        String txn = provider.equals("adyen") ? "8800000000000042" : "pi_3TestMapping0001";
        List<PaymentEvent> events = deliver(provider, type, txn);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo(provider);
            assertThat(e.status()).isEqualTo(expected);
            assertThat(e.transactionId()).as("the provider's reference as written, no prefix").isEqualTo(txn);
            assertThat(e.amount().minorUnits()).isEqualTo(2500);
            assertThat(e.amount().currency()).as("lower-case currencies normalised").isEqualTo("EUR");
            assertThat(e.eventId()).isNotBlank();
            if (e.paymentMethod() != null) assertThat(e.paymentMethod()).matches("[a-z]+ \\*{4}[0-9]{4}|visa 4242");
        });
    }

    @Test
    void stripeChargesAndDisputesBelongToTheirPaymentIntent() {
        assertThat(deliver("stripe", "charge.succeeded", "pi_3Link").get(0).transactionId()).isEqualTo("pi_3Link");
        assertThat(deliver("stripe", "charge.dispute.created", "pi_3Link").get(0).transactionId()).isEqualTo("pi_3Link");
        var charge = deliver("stripe", "charge.succeeded", "pi_3Link").get(0);
        assertThat(charge.paymentMethod()).isEqualTo("visa ****4242");
        assertThat(charge.customerEmail()).isEqualTo("customer@example.com");
    }

    @Test
    void adyenModificationsBelongToTheOriginalPaymentAndEventIdsAreStable() {
        var refund = deliver("adyen", "REFUND", "8800000000000077").get(0);
        assertThat(refund.transactionId()).isEqualTo("8800000000000077");
        assertThat(refund.eventId()).endsWith(":REFUND:true");
        assertThat(refund.paymentMethod()).isEqualTo("visa ****1111");
        var auth = deliver("adyen", "AUTHORISATION", "8800000000000077").get(0);
        assertThat(auth.eventId()).isEqualTo("8800000000000077:AUTHORISATION:true");
    }

    @Test
    void adyenBatchesStoreEachItem() throws Exception {
        String key = SECRETS.get("adyen");
        var a = SampleDeliveries.build("adyen", "AUTHORISATION", new SampleDeliveries.SampleOptions("8800000000000101", 100, "EUR", null, null), key, NOW);
        var b = SampleDeliveries.build("adyen", "CAPTURE", new SampleDeliveries.SampleOptions("8800000000000101", 100, "EUR", null, null), key, NOW);
        var rootA = Json.mapper().readTree(a.body());
        var rootB = Json.mapper().readTree(b.body());
        ((com.fasterxml.jackson.databind.node.ArrayNode) rootA.get("notificationItems")).add(rootB.get("notificationItems").get(0));
        var request = new WebhookRequest(a.headers(), Map.of(), Json.mapper().writeValueAsBytes(rootA));
        var p = new AdyenProvider();
        p.verify(request, List.of(key), NOW, Duration.ofSeconds(300));
        assertThat(p.parse(request)).extracting(PaymentEvent::status).containsExactly(Status.AUTHORIZED, Status.SUCCEEDED);
    }

    @Test
    void unknownEventTypesAreAcknowledgedAsIgnored() {
        String stripe = "{\"id\":\"evt_ignored1\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":" + NOW.getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"cus_123\",\"object\":\"customer\"}}}";
        byte[] body = stripe.getBytes(StandardCharsets.UTF_8);
        var req = new WebhookRequest(Map.of("Stripe-Signature", SignatureHeader.sign(SECRETS.get("stripe").getBytes(StandardCharsets.UTF_8),
                NOW.getEpochSecond(), body)), Map.of(), body);
        var events = new StripeProvider().parse(req);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.type()).isEqualTo("customer.created");
        });
        assertThat(AdyenProvider.status("REPORT_AVAILABLE", true)).isNull();
        assertThat(AdyenProvider.status("CAPTURE", false)).isNull();
    }

    @Test
    void providerCanBeForcedByQuery() {
        var d = SampleDeliveries.build("generic", "succeeded", new SampleDeliveries.SampleOptions("t1", 1, "EUR", null, null), "x", NOW);
        var forced = new WebhookRequest(d.headers(), Map.of("provider", "generic"), d.body());
        assertThat(registry.select(forced).name()).isEqualTo("generic");
        var stripeForced = new WebhookRequest(d.headers(), Map.of("provider", "stripe"), d.body());
        assertThat(registry.select(stripeForced).name()).isEqualTo("stripe");
    }
}

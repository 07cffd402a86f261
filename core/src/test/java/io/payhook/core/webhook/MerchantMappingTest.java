package io.payhook.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.json.Json;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.testkit.SampleDeliveries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which field of each provider's payload names the merchant, and that no provider makes one up: each provider's
 * sample delivery (the testkit's, in the provider's own shape) parsed as it is and with the provider's merchant field
 * set or removed. (The gate's rule and the label fallback: {@code protection/MerchantTest}; the real payloads:
 * the corpus tests.) Parsing only — the signature is not what these tests are about.
 */
class MerchantMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    final ProviderRegistry registry = Providers.standard(Clock.fixed(NOW, ZoneOffset.UTC));

    static final Map<String, String> SECRETS = Map.of(
            "adyen", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
            "standard_webhooks", "whsec_dGVzdC1vbmx5LW1lcmNoYW50LWtleQ==",
            "paypal", "PAYHOOKTESTWEBHOOK01");

    /** The provider's sample of {@code type}, changed by {@code change}, parsed by that provider (chosen by name). */
    PaymentEvent parse(String provider, String type, Consumer<ObjectNode> change) {
        var d = SampleDeliveries.build(provider, type, SampleDeliveries.SampleOptions.defaults(),
                SECRETS.getOrDefault(provider, "test-only-merchant-secret"), NOW);
        ObjectNode body;
        try {
            body = (ObjectNode) Json.mapper().readTree(d.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        change.accept(body);
        return parse(provider, d.headers(), body.toString());
    }

    List<PaymentEvent> parseAll(String provider, Map<String, String> headers, String body) {
        var request = new WebhookRequest(headers, Map.of("provider", provider), body.getBytes(StandardCharsets.UTF_8));
        WebhookProvider p = registry.select(request);
        assertThat(p.name()).isEqualTo(provider);
        return p.parse(request);
    }

    PaymentEvent parse(String provider, Map<String, String> headers, String body) {
        List<PaymentEvent> events = parseAll(provider, headers, body);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static ObjectNode obj(JsonNode n, String field) { return (ObjectNode) n.get(field); }

    static final Consumer<ObjectNode> AS_IS = b -> { };

    // --- the samples as the testkit builds them: the field each provider's own format always carries ----------------------

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "adyen,             AUTHORISATION,             PayhookTestMerchantECOM",
            "square,            payment.updated,           MLPAYHOOKTEST1",
            "razorpay,          payment.captured,          acc_PayhookTest0001",
            // names none: a merchant's own account, its own processing channel, its own endpoint
            "stripe,            payment_intent.succeeded,  -",
            "checkout,          payment_captured,          -",
            "gocardless,        payments.confirmed,        -",
            "paddle,            transaction.completed,     -",
            "paypal,            PAYMENT.CAPTURE.COMPLETED, -",
            "paypal,            PAYMENT.SALE.COMPLETED,    -",
            "generic,           succeeded,                 -",
            "standard_webhooks, succeeded,                 -"})
    void theSampleOfEachProviderNamesItsMerchantOrNone(String provider, String type, String merchant) {
        PaymentEvent e = parse(provider, type, AS_IS);
        assertThat(e.status()).as("a mapped event").isNotNull();
        assertThat(e.merchant()).isEqualTo(merchant.equals("-") ? null : merchant);
    }

    // --- the field of each provider ------------------------------------------------------------------------------------------

    @Test
    void stripeTheConnectedAccountOfAConnectEventAlsoOfAnIgnoredOne() {
        assertThat(parse("stripe", "payment_intent.succeeded", b -> b.put("account", "acct_1PayhookConnect")).merchant())
                .isEqualTo("acct_1PayhookConnect");
        PaymentEvent ignored = parse("stripe", "customer.created", b -> b.put("account", "acct_1PayhookConnect"));
        assertThat(ignored.ignored()).isTrue();
        assertThat(ignored.merchant()).isEqualTo("acct_1PayhookConnect");
        assertThat(parse("stripe", "payment_intent.succeeded", b -> b.put("account", 42)).merchant()).as("not a string: none").isNull();
    }

    @Test
    void adyenTheMerchantAccountCodeOfEachItem() {
        assertThat(parse("adyen", "CAPTURE", b -> itemOf(b).put("merchantAccountCode", "ShopEU_ECOM")).merchant()).isEqualTo("ShopEU_ECOM");
        assertThat(parse("adyen", "AUTHORISATION", b -> itemOf(b).remove("merchantAccountCode")).merchant()).isNull();
        PaymentEvent report = parse("adyen", "REPORT_AVAILABLE", b -> itemOf(b).put("merchantAccountCode", "ShopEU_ECOM"));
        assertThat(report.ignored()).isTrue();
        assertThat(report.merchant()).as("an ignored item keeps its merchant").isEqualTo("ShopEU_ECOM");
    }

    static ObjectNode itemOf(ObjectNode adyen) {
        return (ObjectNode) adyen.get("notificationItems").get(0).get("NotificationRequestItem");
    }

    @Test
    void squareTheMerchantIdOfTheEnvelope() {
        assertThat(parse("square", "refund.updated", b -> b.put("merchant_id", "6SSW7HV8K2ST5")).merchant()).isEqualTo("6SSW7HV8K2ST5");
        assertThat(parse("square", "payment.updated", b -> b.remove("merchant_id")).merchant()).isNull();
    }

    @Test
    void razorpayTheAccountIdOfTheEnvelope() {
        assertThat(parse("razorpay", "refund.processed", b -> b.put("account_id", "acc_E7OQJcEANmBHTC")).merchant())
                .isEqualTo("acc_E7OQJcEANmBHTC");
        assertThat(parse("razorpay", "payment.captured", b -> b.remove("account_id")).merchant()).isNull();
    }

    @Test
    void checkoutTheProcessingChannelWhenTheEventNamesOne() {
        assertThat(parse("checkout", "payment_captured", b -> obj(b, "data").put("processing_channel_id", "pc_payhooktest01")).merchant())
                .isEqualTo("pc_payhooktest01");
    }

    @Test
    void goCardlessTheOrganisationOfAnEventDeliveredToAPartnerApp() {
        PaymentEvent e = parse("gocardless", "payments.confirmed",
                b -> obj(b.get("events").get(0), "links").put("organisation", "OR000PAYHOOK01"));
        assertThat(e.merchant()).isEqualTo("OR000PAYHOOK01");
    }

    @Test
    void paddleNamesNoMerchantWhateverTheBodyHolds() {
        PaymentEvent e = parse("paddle", "transaction.completed", b -> {
            b.put("merchant", "pretend-seller");
            obj(b, "data").put("merchant_id", "pretend-seller");
        });
        assertThat(e.merchant()).isNull();
    }

    @Test
    void payPalThePayeeMerchantIdWhenTheResourceNamesOne() {
        assertThat(parse("paypal", "PAYMENT.CAPTURE.COMPLETED",
                b -> obj(b, "resource").putObject("payee").put("merchant_id", "7KNGBPH2U58GQ").put("email_address", "shop@example.com"))
                .merchant()).isEqualTo("7KNGBPH2U58GQ");
        // a v2 refund's payer is the merchant who refunds
        assertThat(parse("paypal", "PAYMENT.CAPTURE.REFUNDED",
                b -> obj(b, "resource").putObject("payer").put("merchant_id", "7KNGBPH2U58GQ")).merchant()).isEqualTo("7KNGBPH2U58GQ");
        // an order: the payee its purchase units name (the sample's one unit names one)
        PaymentEvent order = parse("paypal", "CHECKOUT.ORDER.COMPLETED", AS_IS);
        assertThat(order.merchant()).matches("MERCHANT[A-Z0-9]{5}");
        // a multi-party order (units paying different merchants) belongs to none of them
        PaymentEvent multi = parse("paypal", "CHECKOUT.ORDER.COMPLETED", b -> {
            var units = (com.fasterxml.jackson.databind.node.ArrayNode) b.get("resource").get("purchase_units");
            ObjectNode second = units.get(0).deepCopy();
            ((ObjectNode) second.get("payee")).put("merchant_id", "OTHERSELLER01");
            second.put("reference_id", "second");
            second.remove("payments");
            units.add(second);
        });
        assertThat(multi.merchant()).isNull();
        // an order's payer is the buyer, never the merchant
        PaymentEvent buyer = parse("paypal", "CHECKOUT.ORDER.COMPLETED", b -> {
            ObjectNode unit = (ObjectNode) b.get("resource").get("purchase_units").get(0);
            unit.remove("payee");
            obj(b.get("resource"), "payer").put("merchant_id", "BUYERISNOTMERCHANT");
        });
        assertThat(buyer.merchant()).isNull();
    }

    @Test
    void theGenericFormatsOptionalMerchantField() {
        assertThat(parse("generic", "succeeded", b -> b.put("merchant", "shop-eu")).merchant()).isEqualTo("shop-eu");
        PaymentEvent sw = parse("standard_webhooks", "succeeded", b -> obj(b, "data").put("merchant", "shop-eu"));
        assertThat(sw.merchant()).isEqualTo("shop-eu");
        assertThat(sw.status()).isNotNull();
        // Standard Webhooks drops a merchant that is not even a string, and still maps the payment (DROP, never ignored for it)
        PaymentEvent odd = parse("standard_webhooks", "succeeded", b -> obj(b, "data").put("merchant", 7));
        assertThat(odd.merchant()).isNull();
        assertThat(odd.status()).isNotNull();
        assertThat(parse("standard_webhooks", "endpoint.updated", b -> obj(b, "data").put("merchant", "shop-eu")).merchant())
                .as("kept as ignored, with its merchant").isEqualTo("shop-eu");
    }

    /** What a provider's payload names is only a candidate: the gate keeps it if it is an account id, else drops it. */
    @Test
    void aNamedMerchantThatIsNotAnAccountIdIsDroppedForAProvidersOwnFormat() {
        PaymentEvent e = parse("adyen", "AUTHORISATION", b -> itemOf(b).put("merchantAccountCode", "Merchant 1"));
        assertThat(e.merchant()).isEqualTo("Merchant 1");
        assertThat(ProtectionGate.check(e, ProtectionGate.Policy.DROP).merchant()).isNull();
        assertThat(ProtectionGate.check(e, ProtectionGate.Policy.DROP).status()).as("the event is kept").isEqualTo(e.status());
    }
}

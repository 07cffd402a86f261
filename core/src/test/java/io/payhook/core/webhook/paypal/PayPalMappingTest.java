package io.payhook.core.webhook.paypal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.json.Json;
import io.payhook.core.model.Currencies;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.port.CertificateSource;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.PayPalSigningKey;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.samples.PayPalSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.payhook.core.webhook.paypal.PayPalSignatureTest.SAMPLE_CERT;
import static io.payhook.core.webhook.paypal.PayPalSignatureTest.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PayPal event type payhook maps, from a signed sample delivery through detection, verification
 * and parsing to the canonical event — which transaction it belongs to, the status, the amount — and
 * the refinements the resource decides (an order's payment, a refund that did not happen, dispute
 * outcomes), PayPal's amounts and currencies, and what a verified delivery payhook cannot use gets:
 * kept as ignored, never refused, once its envelope is read.
 */
class PayPalMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String WEBHOOK_ID = "5GP028458E2496506";
    static final String TXN = "3C679366HH908993F";
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final ProviderRegistry registry = Providers.standard(Providers.Settings.of(clock).withPayPal(PayPalProvider.Settings.of(
            CertificateSource.fixed(Map.of(URI.create(PayPalSigningKey.SAMPLE_CERT_URL), SAMPLE_CERT)))));

    List<PaymentEvent> deliver(SampleDeliveries.Delivery d) {
        var request = new WebhookRequest(d.headers(), Map.of(), d.body());
        WebhookProvider p = registry.select(request);
        assertThat(p.name()).as("detected by PAYPAL-TRANSMISSION-SIG").isEqualTo("paypal");
        p.verify(request, List.of(WEBHOOK_ID), NOW, Duration.ofSeconds(300));
        return p.parse(request);
    }

    static SampleDeliveries.Delivery sample(String type, String currency, long minor) {
        return SampleDeliveries.build("paypal", type, new SampleDeliveries.SampleOptions(TXN, minor, currency, "customer@example.com", null),
                WEBHOOK_ID, NOW);
    }

    PaymentEvent one(String type) { return single(deliver(sample(type, "EUR", 2500))); }

    /** A sample with its JSON changed, signed again. */
    PaymentEvent edited(String type, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(sample(type, "EUR", 2500).body());
            edit.accept(root);
            return single(deliver(new PayPalSamples().signed(Json.mapper().writeValueAsBytes(root), WEBHOOK_ID, NOW)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    PaymentEvent raw(String json) {
        return single(deliver(new PayPalSamples().signed(json.getBytes(StandardCharsets.UTF_8), WEBHOOK_ID, NOW)));
    }

    static PaymentEvent single(List<PaymentEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "CHECKOUT.ORDER.APPROVED, PENDING, true",
            "CHECKOUT.ORDER.COMPLETED, SUCCEEDED, true",
            "CHECKOUT.PAYMENT-APPROVAL.REVERSED, CANCELED, false",
            "PAYMENT.AUTHORIZATION.CREATED, AUTHORIZED, true",
            "PAYMENT.AUTHORIZATION.VOIDED, CANCELED, true",
            "PAYMENT.CAPTURE.PENDING, PENDING, true",
            "PAYMENT.CAPTURE.COMPLETED, SUCCEEDED, true",
            "PAYMENT.CAPTURE.DENIED, FAILED, true",
            "PAYMENT.CAPTURE.DECLINED, FAILED, true",
            "PAYMENT.CAPTURE.REFUNDED, REFUNDED, true",
            "PAYMENT.CAPTURE.REVERSED, DISPUTED, true",
            "PAYMENT.SALE.COMPLETED, SUCCEEDED, true",
            "PAYMENT.SALE.REFUNDED, REFUNDED, true",
            "CUSTOMER.DISPUTE.CREATED, DISPUTED, true",
            "CUSTOMER.DISPUTE.RESOLVED, SUCCEEDED, true",
    })
    void everyMappedTypeGoesToItsPaymentWithItsStatusAndAmount(String type, Status expected, boolean hasAmount) {
        PaymentEvent e = one(type);
        assertThat(e.provider()).isEqualTo("paypal");
        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.transactionId()).as("the payment PayPal names, as written").isEqualTo(TXN);
        assertThat(e.eventId()).startsWith("WH-");
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.occurredAt()).isEqualTo(NOW);
        if (hasAmount) {
            assertThat(e.amount().minorUnits()).isEqualTo(2500);
            assertThat(e.amount().currency()).isEqualTo("EUR");
        } else {
            assertThat(e.amount()).isNull();
        }
        assertThat(PayPalEventTypes.status(type)).isNotNull();
    }

    @Test
    void whatSomeEventsTakeBack() {
        assertThat(one("PAYMENT.CAPTURE.DENIED").reverses()).isEqualTo(ProviderMapping.CAPTURE);
        assertThat(one("PAYMENT.CAPTURE.DECLINED").reverses()).isEqualTo(ProviderMapping.CAPTURE);
        assertThat(one("CUSTOMER.DISPUTE.RESOLVED").reverses()).as("won").isEqualTo(ProviderMapping.DISPUTES);
        assertThat(one("PAYMENT.CAPTURE.COMPLETED").reverses()).isEmpty();
        assertThat(one("PAYMENT.CAPTURE.REFUNDED").reverses()).isEmpty();
    }

    @Test
    void aTypeThatIsNotAPaymentEventIsAcknowledgedAndIgnored() {
        PaymentEvent e = one("BILLING.SUBSCRIPTION.ACTIVATED");
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(e.transactionId()).as("the resource's id").startsWith("I-");
        assertThat(e.customerEmail()).as("an ignored event keeps no personal data").isNull();
    }

    @Test
    void onlyAnOrderNamesTheBuyer() {
        for (String type : List.of("CHECKOUT.ORDER.APPROVED", "CHECKOUT.ORDER.COMPLETED")) {
            PaymentEvent e = one(type);
            assertThat(e.customerEmail()).isEqualTo("customer@example.com");
            assertThat(e.customerId()).matches("[A-Z0-9]{13}");
            assertThat(e.paymentMethod()).isEqualTo("visa ****1111");
        }
        // a refund's "payer" is the merchant (PayPal's refund schema: payee_base); a capture names no buyer
        PaymentEvent refund = edited("PAYMENT.CAPTURE.REFUNDED", root -> ((ObjectNode) root.get("resource")).putObject("payer")
                .put("email_address", "merchant@example.com").put("merchant_id", "7KNGBPH2U58GQ"));
        assertThat(refund.customerEmail()).isNull();
        assertThat(refund.customerId()).isNull();
        assertThat(one("PAYMENT.CAPTURE.COMPLETED").customerEmail()).isNull();
        PaymentEvent paypalWallet = edited("CHECKOUT.ORDER.APPROVED", root -> {
            ObjectNode source = ((ObjectNode) root.get("resource")).putObject("payment_source");
            source.putObject("paypal").put("email_address", "buyer@example.com").put("account_id", "QYR5Z8XDVJNXQ");
            ((ObjectNode) root.get("resource")).remove("payer");
        });
        assertThat(paypalWallet.paymentMethod()).isEqualTo("paypal");
        assertThat(paypalWallet.customerEmail()).isEqualTo("buyer@example.com");
    }

    // ----------------------------------------------------------------------- which payment

    @Test
    void aRefundBelongsToTheCaptureItRefunds() {
        // v2: links[rel=up] → /v2/payments/captures/{id}; the refund's own id is not the payment
        PaymentEvent e = one("PAYMENT.CAPTURE.REFUNDED");
        assertThat(e.transactionId()).isEqualTo(TXN);
        // v1: sale_id, else links[rel=sale]
        assertThat(one("PAYMENT.SALE.REFUNDED").transactionId()).isEqualTo(TXN);
        PaymentEvent byLink = edited("PAYMENT.SALE.REFUNDED", root -> ((ObjectNode) root.get("resource")).remove("sale_id"));
        assertThat(byLink.transactionId()).isEqualTo(TXN);
        // a link elsewhere is not followed, not even parsed as a payment: the refund's own id then
        PaymentEvent foreign = edited("PAYMENT.CAPTURE.REFUNDED", root -> {
            ArrayNode links = (ArrayNode) root.get("resource").get("links");
            ((ObjectNode) links.get(1)).put("href", "https://evil.example/v2/payments/authorizations/XYZ");
        });
        assertThat(foreign.transactionId()).isNotEqualTo(TXN).matches("[A-Z0-9]{17}");
    }

    @Test
    void anOrderGoesToItsOnlyCaptureElseItsOnlyAuthorizationElseItself() {
        PaymentEvent authorized = edited("CHECKOUT.ORDER.COMPLETED", root -> {
            ObjectNode payments = (ObjectNode) root.get("resource").get("purchase_units").get(0).get("payments");
            payments.remove("captures");
            payments.putArray("authorizations").addObject().put("id", "0VF52814937998046").put("status", "CREATED")
                    .set("amount", Json.mapper().createObjectNode().put("currency_code", "EUR").put("value", "25.00"));
        });
        assertThat(authorized.transactionId()).isEqualTo("0VF52814937998046");
        assertThat(authorized.status()).as("intent AUTHORIZE: the order completes with an authorisation, nothing captured")
                .isEqualTo(Status.AUTHORIZED);
        assertThat(authorized.amount().minorUnits()).isEqualTo(2500);

        PaymentEvent twoCaptures = edited("CHECKOUT.ORDER.COMPLETED", root -> {
            ArrayNode captures = (ArrayNode) root.get("resource").get("purchase_units").get(0).get("payments").get("captures");
            captures.add(captures.get(0).deepCopy());
            ((ObjectNode) captures.get(1)).put("id", "7TK53561MB803214S");
        });
        assertThat(twoCaptures.transactionId()).as("the order itself").isNotEqualTo(TXN);
        assertThat(twoCaptures.ignored()).isTrue();
        assertThat(twoCaptures.ignoredReason()).isEqualTo("no_state_change");

        for (var c : Map.of("PENDING", Status.PENDING, "DECLINED", Status.FAILED, "REFUNDED", Status.SUCCEEDED).entrySet()) {
            PaymentEvent e = edited("CHECKOUT.ORDER.COMPLETED", root -> ((ObjectNode) root.get("resource").get("purchase_units").get(0)
                    .get("payments").get("captures").get(0)).put("status", c.getKey()));
            assertThat(e.status()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(e.transactionId()).isEqualTo(TXN);
        }
    }

    @Test
    void aDisputeBelongsToTheSellersTransaction() {
        PaymentEvent noTxn = edited("CUSTOMER.DISPUTE.CREATED", root -> ((ObjectNode) root.get("resource")).remove("disputed_transactions"));
        assertThat(noTxn.transactionId()).as("the dispute itself, then").startsWith("PP-R-");
        assertThat(noTxn.status()).isEqualTo(Status.DISPUTED);
        assertThat(noTxn.amount().minorUnits()).isEqualTo(2500);
    }

    // ----------------------------------------------------------------------- refinements

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "RESOLVED_SELLER_FAVOUR, SUCCEEDED",
            "RESOLVED_WITH_PAYOUT, SUCCEEDED",
            "CANCELED_BY_BUYER, SUCCEEDED",
            "DENIED, SUCCEEDED",
            "RESOLVED_BUYER_FAVOUR, DISPUTED",
            "ACCEPTED, DISPUTED",
            "NONE, DISPUTED",
    })
    void aResolvedDisputeIsDecidedByItsOutcome(String outcome, Status expected) {
        for (String type : List.of("CUSTOMER.DISPUTE.RESOLVED", "CUSTOMER.DISPUTE.UPDATED")) {
            PaymentEvent e = edited("CUSTOMER.DISPUTE.RESOLVED", root -> {
                root.put("event_type", type);
                ((ObjectNode) root.get("resource").get("dispute_outcome")).put("outcome_code", outcome);
            });
            assertThat(e.status()).as(type + " " + outcome).isEqualTo(expected);
            assertThat(e.reverses()).isEqualTo(expected == Status.SUCCEEDED ? ProviderMapping.DISPUTES : Set.of());
            assertThat(e.transactionId()).isEqualTo(TXN);
        }
        PaymentEvent noOutcome = edited("CUSTOMER.DISPUTE.RESOLVED", root -> ((ObjectNode) root.get("resource")).remove("dispute_outcome"));
        assertThat(noOutcome.status()).isEqualTo(Status.DISPUTED);
    }

    @Test
    void aRefundThatHasNotHappenedOrFailed() {
        PaymentEvent pending = edited("PAYMENT.CAPTURE.REFUNDED", root -> ((ObjectNode) root.get("resource")).put("status", "PENDING"));
        assertThat(pending.ignored()).isTrue();
        assertThat(pending.ignoredReason()).isEqualTo("no_state_change");
        assertThat(pending.transactionId()).isEqualTo(TXN);
        for (String failed : List.of("FAILED", "CANCELLED")) {
            PaymentEvent e = edited("PAYMENT.CAPTURE.REFUNDED", root -> ((ObjectNode) root.get("resource")).put("status", failed));
            assertThat(e.status()).isEqualTo(Status.SUCCEEDED);
            assertThat(e.reverses()).isEqualTo(ProviderMapping.REFUNDS);
        }
        PaymentEvent v1pending = edited("PAYMENT.SALE.REFUNDED", root -> ((ObjectNode) root.get("resource")).put("state", "pending"));
        assertThat(v1pending.ignoredReason()).isEqualTo("no_state_change");
    }

    @Test
    void aRefundReportsTheTotalRefundedSoFar() {
        // PayPal's refund names no captured amount: full and partial cannot be told apart; the amount says how much went back
        PaymentEvent second = edited("PAYMENT.CAPTURE.REFUNDED", root -> {
            ObjectNode r = (ObjectNode) root.get("resource");
            r.set("amount", Json.mapper().createObjectNode().put("currency_code", "EUR").put("value", "5.00"));
            ((ObjectNode) r.get("seller_payable_breakdown")).set("total_refunded_amount",
                    Json.mapper().createObjectNode().put("currency_code", "EUR").put("value", "15.00"));
        });
        assertThat(second.status()).isEqualTo(Status.REFUNDED);
        assertThat(second.amount().minorUnits()).isEqualTo(1500);
        PaymentEvent noBreakdown = edited("PAYMENT.CAPTURE.REFUNDED", root -> ((ObjectNode) root.get("resource")).remove("seller_payable_breakdown"));
        assertThat(noBreakdown.amount().minorUnits()).isEqualTo(2500);
        // v1 writes a refund negative: the direction of the money
        assertThat(one("PAYMENT.SALE.REFUNDED").amount().minorUnits()).isEqualTo(2500);
    }

    // ----------------------------------------------------------------------- money

    @ParameterizedTest(name = "{1} {0} → {2}")
    @CsvSource({
            "25.00, EUR, 2500",
            "600.99, USD, 60099",
            "0.01, USD, 1",
            "2500, JPY, 2500",
            "25, HUF, 2500",
            "100, TWD, 10000",
            "1.250, KWD, 1250",
            "10.000, EUR, 1000",
            "99999999999.99, USD, 9999999999999",
    })
    void decimalStringsAreReadExactlyByTheCurrencysExponent(String value, String currency, long minor) {
        PaymentEvent e = edited("PAYMENT.CAPTURE.COMPLETED", root -> ((ObjectNode) root.get("resource")).set("amount",
                Json.mapper().createObjectNode().put("currency_code", currency).put("value", value)));
        assertThat(e.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(e.amount().minorUnits()).isEqualTo(minor);
        assertThat(e.amount().currency()).isEqualTo(currency);
    }

    @Test
    void paypalsWholeNumberCurrenciesKeepTheirIsoExponent() {
        // PayPal takes HUF, JPY and TWD without decimals; payhook keeps ISO 4217 minor units (HUF and TWD have 2)
        assertThat(Currencies.exponent("JPY")).contains(0);
        assertThat(Currencies.exponent("HUF")).contains(2);
        assertThat(Currencies.exponent("TWD")).contains(2);
    }

    @ParameterizedTest(name = "{1} {0} → ignored {2}")
    @CsvSource({
            "10.001, USD, invalid_amount",
            "-10.00, USD, invalid_amount",
            "1e3, USD, invalid_amount",
            "10.00, XYZ, unknown_currency",
            "'', USD, missing_field",
    })
    void aCaptureWithAnAmountPayhookCannotReadIsKeptAsIgnoredNotRefused(String value, String currency, String reason) {
        PaymentEvent e = edited("PAYMENT.CAPTURE.COMPLETED", root -> ((ObjectNode) root.get("resource")).set("amount",
                Json.mapper().createObjectNode().put("currency_code", currency).put("value", value)));
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo(reason);
        assertThat(e.transactionId()).isEqualTo(TXN);
        assertThat(e.amount()).isNull();
    }

    @Test
    void aStatusWithoutAmountStillCountsWhenNoMoneyIsInForce() {
        PaymentEvent voided = edited("PAYMENT.AUTHORIZATION.VOIDED", root -> ((ObjectNode) root.get("resource")).remove("amount"));
        assertThat(voided.status()).isEqualTo(Status.CANCELED);
        assertThat(voided.amount()).isNull();
        PaymentEvent refund = edited("PAYMENT.CAPTURE.REFUNDED", root -> {
            ((ObjectNode) root.get("resource")).remove("amount");
            ((ObjectNode) root.get("resource")).remove("seller_payable_breakdown");
        });
        assertThat(refund.status()).isEqualTo(Status.REFUNDED);
        PaymentEvent capture = edited("PAYMENT.CAPTURE.COMPLETED", root -> ((ObjectNode) root.get("resource")).remove("amount"));
        assertThat(capture.ignoredReason()).as("a capture without its amount is not a capture payhook can count").isEqualTo("missing_field");
    }

    // ----------------------------------------------------------------------- the envelope

    @Test
    void onlyABodyWithoutAUsableEnvelopeIsRefused() {
        expect(() -> raw("not json"), ErrorCode.MALFORMED_JSON);
        expect(() -> raw("[1]"), ErrorCode.MALFORMED_JSON);
        expect(() -> raw("{\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"resource\":{}}"), ErrorCode.MISSING_FIELD);
        expect(() -> raw("{\"id\":\"WH-1\",\"resource\":{}}"), ErrorCode.MISSING_FIELD);
        expect(() -> raw("{\"id\":\"WH 1\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\"}"), ErrorCode.INVALID_ID);
        expect(() -> raw("{\"id\":\"WH-1\",\"event_type\":\"payment captured!\"}"), ErrorCode.INVALID_FIELD);
    }

    @Test
    void aMappedTypeWithoutItsResourceIsKeptAsIgnored() {
        PaymentEvent e = raw("{\"id\":\"WH-2\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"create_time\":\"2026-11-22T09:00:00Z\"}");
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo("missing_field");
        assertThat(e.transactionId()).isEqualTo("WH-2");
    }

    @Test
    void anUnreadableCreateTimeIsTheTimeOfReceiptForAnIgnoredEventAndIgnoresAStateChange() {
        // PayPal's own webhook simulator sends "2018-19-12T22:20:32.000Z" (month 19) for some types
        PaymentEvent unmapped = raw("{\"id\":\"WH-3\",\"event_type\":\"BILLING.SUBSCRIPTION.CREATED\",\"create_time\":\"2018-19-12T22:20:32.000Z\","
                + "\"resource\":{\"id\":\"I-BW452GLLEP1G\"}}");
        assertThat(unmapped.occurredAt()).isEqualTo(NOW);
        assertThat(unmapped.transactionId()).isEqualTo("I-BW452GLLEP1G");
        PaymentEvent capture = edited("PAYMENT.CAPTURE.COMPLETED", root -> root.put("create_time", "2018-19-12T22:20:32.000Z"));
        assertThat(capture.ignored()).isTrue();
        assertThat(capture.ignoredReason()).isEqualTo("invalid_timestamp");
        assertThat(capture.transactionId()).isEqualTo(TXN);
    }

    @Test
    void createTimeKeepsItsInstantWhateverTheOffset() {
        PaymentEvent e = edited("PAYMENT.CAPTURE.COMPLETED", root -> root.put("create_time", "2018-08-15T12:13:29-07:00"));
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2018-08-15T19:13:29Z"));
    }

    @Test
    void aReferenceThatIsACardNumberOrAnEmailIsNotTaken() {
        PaymentEvent e = edited("PAYMENT.CAPTURE.COMPLETED", root -> ((ObjectNode) root.get("resource")).put("id", "4111111111111111"));
        assertThat(e.transactionId()).as("fallback: the event id").startsWith("WH-");
        assertThat(e.ignored()).isTrue();
    }

    @Test
    void theTableHasAStatusForEveryTypeItNames() {
        for (var entry : PayPalEventTypes.RULES.entrySet()) {
            assertThat(entry.getValue().status()).as(entry.getKey()).isNotNull();
            assertThat(entry.getKey()).matches("[A-Z][A-Z0-9_-]*(\\.[A-Z0-9_-]+)+");
        }
    }
}

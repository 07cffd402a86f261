package io.payhook.core.webhook;

import io.payhook.testkit.Signatures;
import io.payhook.core.webhook.standardwebhooks.StandardWebhooksProvider;

import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Realistic provider payloads kept as files under {@code fixtures/<provider>/} (fake ids, test
 * cards, {@code example.com}), delivered the way the provider would — signed, detected, verified,
 * parsed — with the canonical event each must become.
 */
class ProviderFixturesTest {
    /** 2026-11-22T10:00:00Z, the time the fixtures are written at. */
    static final Instant T = Instant.ofEpochSecond(1_795_341_600L);
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final String STRIPE_SECRET = "whsec_test_payhook_fixture_not_a_real_secret";
    /** The key the Adyen fixtures were signed with: an obviously fake pattern. */
    static final String ADYEN_KEY = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
    static final String SW_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "payhook-test-fixture-key-not-real".getBytes(StandardCharsets.UTF_8));
    static final String PI = "pi_3FixturePayhook0000001";
    static final String PSP = "QFQTPCQ8HXSKGK82";

    final ProviderRegistry registry = Providers.standard(Clock.fixed(T, ZoneOffset.UTC));

    static byte[] fixture(String provider, String name) {
        String path = "/fixtures/" + provider + "/" + name + ".json";
        try (InputStream in = ProviderFixturesTest.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Detects, verifies (against a rotated-out key and the right one) and parses, as the ingest path does. */
    List<PaymentEvent> deliver(String expectedProvider, Map<String, String> headers, byte[] body, String secret, Instant at) {
        WebhookRequest request = new WebhookRequest(headers, Map.of(), body);
        WebhookProvider p = registry.select(request);
        assertThat(p.name()).as("detected provider").isEqualTo(expectedProvider);
        p.verify(request, List.of(secret), at, TOLERANCE);
        return p.parse(request);
    }

    static Status status(String s) { return s.equals("IGNORED") ? null : Status.valueOf(s); }

    // --- Stripe ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "stripe {0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            payment_intent.created                    | PENDING            | evt_3FixtureCreated000001  | pi_3FixturePayhook0000001 | 2000 | -                    | -
            payment_intent.processing                 | PENDING            | evt_3FixtureProcessing0001 | pi_3FixturePayhook0000001 | 2000 | customer@example.com | -
            payment_intent.requires_action            | PENDING            | evt_3FixtureRequiresAct01  | pi_3FixturePayhook0000001 | 2000 | customer@example.com | -
            payment_intent.amount_capturable_updated  | AUTHORIZED         | evt_3FixtureCapturable001  | pi_3FixturePayhook0000001 | 2000 | customer@example.com | -
            payment_intent.succeeded                  | SUCCEEDED          | evt_3FixtureSucceeded0001  | pi_3FixturePayhook0000001 | 2000 | customer@example.com | -
            payment_intent.payment_failed             | FAILED             | evt_3FixtureFailed000001   | pi_3FixturePayhook0000001 | 2000 | customer@example.com | visa ****0002
            payment_intent.canceled                   | CANCELED           | evt_3FixtureCanceled00001  | pi_3FixturePayhook0000001 | 2000 | customer@example.com | -
            charge.succeeded                          | SUCCEEDED          | evt_3FixtureChargeOk00001  | pi_3FixturePayhook0000001 | 2000 | billing@example.com  | visa ****4242
            charge.failed                             | FAILED             | evt_3FixtureChargeFail0001 | pi_3FixturePayhook0000001 | 2000 | customer@example.com | visa ****0002
            charge.refunded                           | REFUNDED           | evt_3FixtureRefundFull0001 | pi_3FixturePayhook0000001 | 2000 | billing@example.com  | visa ****4242
            charge.refunded.partial                   | PARTIALLY_REFUNDED | evt_3FixtureRefundPart0001 | pi_3FixturePayhook0000001 | 2000 | billing@example.com  | visa ****4242
            charge.succeeded.legacy_no_payment_intent | SUCCEEDED          | evt_1FixtureLegacyCharge01 | ch_1FixtureLegacyCharge01 | 2000 | customer@example.com | visa ****4242
            charge.dispute.created                    | DISPUTED           | evt_3FixtureDispute000001  | pi_3FixturePayhook0000001 | 2000 | -                    | -
            charge.dispute.closed                     | DISPUTED           | evt_3FixtureDisputeClosed1 | pi_3FixturePayhook0000001 | 2000 | -                    | -
            charge.dispute.created.no_payment_intent  | DISPUTED           | evt_1FixtureDisputeLegacy1 | ch_1FixtureLegacyCharge01 | 2000 | -                    | -
            """)
    void stripe(String fixture, String status, String eventId, String txn, long amount, String email, String method) {
        byte[] body = fixture("stripe", fixture);
        String header = Signatures.timestampedV1(STRIPE_SECRET, T.getEpochSecond(), body);
        // delivered a few seconds after the event was created
        List<PaymentEvent> events = deliver("stripe", Map.of("Stripe-Signature", header, "Content-Type", "application/json"),
                body, STRIPE_SECRET, T.plusSeconds(3));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("stripe");
            assertThat(e.status()).isEqualTo(status(status));
            assertThat(e.eventId()).isEqualTo(eventId);
            assertThat(e.transactionId()).isEqualTo(txn);
            assertThat(e.type()).isEqualTo(fixture.startsWith("charge.refunded") ? "charge.refunded"
                    : fixture.replace(".legacy_no_payment_intent", "").replace(".no_payment_intent", ""));
            assertThat(e.amount().minorUnits()).isEqualTo(amount);
            assertThat(e.amount().currency()).as("Stripe's lower-case currency normalised").isEqualTo("EUR");
            assertThat(e.customerEmail()).isEqualTo(email);
            assertThat(e.paymentMethod()).isEqualTo(method);
            assertThat(e.occurredAt()).isEqualTo(T);
            assertThat(e.customerId()).isIn("cus_FixtureCust0001", null);
        });
    }

    @Test
    void stripeUnmappedTypeIsAcknowledgedAsIgnored() {
        byte[] body = fixture("stripe", "customer.created");
        String header = Signatures.timestampedV1(STRIPE_SECRET, T.getEpochSecond(), body);
        List<PaymentEvent> events = deliver("stripe", Map.of("Stripe-Signature", header), body, STRIPE_SECRET, T);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.type()).isEqualTo("customer.created");
            assertThat(e.eventId()).isEqualTo("evt_1FixtureCustomer00001");
            assertThat(e.amount()).isNull();
            assertThat(e.customerEmail()).as("nothing personal is read from an ignored event").isNull();
        });
    }

    // --- Adyen -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "adyen {0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            AUTHORISATION           | AUTHORIZED         | QFQTPCQ8HXSKGK82:AUTHORISATION:true     | QFQTPCQ8HXSKGK82 | 2000 | customer@example.com | visa ****1111 | shopper-FIX001
            AUTHORISATION.failed    | FAILED             | WZBR8K7RLDNT7W65:AUTHORISATION:false    | WZBR8K7RLDNT7W65 | 2000 | customer@example.com | visa ****0002 | shopper-FIX001
            CAPTURE                 | SUCCEEDED          | MCZ7R5RKMHNGWN82:CAPTURE:true           | QFQTPCQ8HXSKGK82 | 2000 | -                    | visa ****1111 | -
            CAPTURE.failed          | IGNORED            | TCR6XDLGQ5BJ8N82:CAPTURE:false          | QFQTPCQ8HXSKGK82 | 2000 | -                    | visa          | -
            CANCELLATION            | CANCELED           | DH2KF2SVTHNG5S82:CANCELLATION:true      | QFQTPCQ8HXSKGK82 | 2000 | -                    | visa          | -
            CANCEL_OR_REFUND.refund | REFUNDED           | KG2BTKQ7PNGWN782:CANCEL_OR_REFUND:true  | QFQTPCQ8HXSKGK82 | 2000 | -                    | visa          | -
            REFUND                  | REFUNDED           | V4HZ4RBFJGXXGN82:REFUND:true            | QFQTPCQ8HXSKGK82 | 2000 | -                    | visa          | -
            REFUND.partial          | PARTIALLY_REFUNDED | LPJQ5X2VWHNG5S82:REFUND:true            | QFQTPCQ8HXSKGK82 | 500  | -                    | visa          | -
            CHARGEBACK              | DISPUTED           | X3NJ8QWZ9VHGLD82:CHARGEBACK:true        | QFQTPCQ8HXSKGK82 | 2000 | -                    | visa ****1111 | -
            REPORT_AVAILABLE        | IGNORED            | RPTQ9KZHXW5N6B82:REPORT_AVAILABLE:true  | RPTQ9KZHXW5N6B82 | 0    | -                    | -             | -
            """)
    void adyen(String fixture, String status, String eventId, String txn, long amount, String email, String method, String customer) {
        // Adyen signs no timestamp: the delivery verifies days after eventDate (dedupe, not a window, stops replays)
        List<PaymentEvent> events = deliver("adyen", Map.of("Content-Type", "application/json"), fixture("adyen", fixture),
                ADYEN_KEY, T.plus(Duration.ofDays(3)));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("adyen");
            assertThat(e.status()).isEqualTo(status(status));
            assertThat(e.eventId()).isEqualTo(eventId);
            assertThat(e.transactionId()).isEqualTo(txn);
            assertThat(e.type()).isEqualTo(fixture.substring(0, fixture.contains(".") ? fixture.indexOf('.') : fixture.length()));
            assertThat(e.amount().minorUnits()).isEqualTo(amount);
            assertThat(e.amount().currency()).isEqualTo("EUR");
            assertThat(e.customerEmail()).isEqualTo(email);
            assertThat(e.paymentMethod()).isEqualTo(method);
            assertThat(e.customerId()).isEqualTo(customer);
            assertThat(e.occurredAt()).as("eventDate 11:00+01:00").isEqualTo(T);
        });
    }

    @Test
    void adyenBatchGivesOneEventPerItemInOrder() {
        List<PaymentEvent> events = deliver("adyen", Map.of(), fixture("adyen", "batch.capture_and_refund"), ADYEN_KEY, T);
        assertThat(events).extracting(PaymentEvent::eventId, PaymentEvent::transactionId, PaymentEvent::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("MCZ7R5RKMHNGWN82:CAPTURE:true", PSP, Status.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("V4HZ4RBFJGXXGN82:REFUND:true", PSP, Status.REFUNDED));
    }

    // --- Standard Webhooks -----------------------------------------------------------------------

    @ParameterizedTest(name = "standard_webhooks {0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            payment.succeeded          | SUCCEEDED          | msg_2FixtureSucceeded0000000 | order-FIX1001 | 2000 | EUR | customer@example.com | 2026-11-22T09:59:58Z
            payment.partially_refunded | PARTIALLY_REFUNDED | evt_FixtureSwRefund0001      | order-FIX1001 | 2000 | EUR | customer@example.com | 2026-11-22T10:00:00Z
            payment.authorized         | AUTHORIZED         | msg_2FixtureAuthorized000000 | order-FIX1002 | 1500 | JPY | -                    | 2026-11-22T09:59:58Z
            """)
    void standardWebhooks(String fixture, String status, String eventId, String txn, long amount, String currency, String email,
                          String occurredAt) {
        byte[] body = fixture("standard_webhooks", fixture);
        String msgId = fixture.equals("payment.authorized") ? "msg_2FixtureAuthorized000000"
                : fixture.equals("payment.succeeded") ? "msg_2FixtureSucceeded0000000" : "msg_2FixtureRefund000000000";
        long ts = T.getEpochSecond();
        Map<String, String> headers = Map.of("webhook-id", msgId, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", Signatures.standardWebhooks(SW_SECRET, msgId, ts, body), "Content-Type", "application/json");
        List<PaymentEvent> events = deliver("standard_webhooks", headers, body, SW_SECRET, T.minusSeconds(2));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("standard_webhooks");
            assertThat(e.status()).isEqualTo(Status.valueOf(status));
            assertThat(e.eventId()).as("data.event_id, else the webhook-id").isEqualTo(eventId);
            assertThat(e.transactionId()).isEqualTo(txn);
            assertThat(e.type()).isEqualTo(fixture);
            assertThat(e.amount().minorUnits()).isEqualTo(amount);
            assertThat(e.amount().currency()).isEqualTo(currency);
            assertThat(e.customerEmail()).isEqualTo(email);
            assertThat(e.customerId()).isEqualTo("cust-FIX001");
            assertThat(e.paymentMethod()).isEqualTo("visa ****4242");
            assertThat(e.occurredAt()).as("occurred_at, else the body's timestamp").isEqualTo(Instant.parse(occurredAt));
        });
    }
}

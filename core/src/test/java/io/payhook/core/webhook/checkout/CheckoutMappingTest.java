package io.payhook.core.webhook.checkout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.json.Json;
import io.payhook.core.model.Currencies;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.protection.CardData;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.Lifecycles;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.payhook.core.webhook.Refusals.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Checkout.com event type payhook maps, from a signed sample delivery (synthetic: written from the shapes
 * Checkout.com documents) to the canonical event; amounts in Checkout.com's format; lifecycles in every order.
 */
class CheckoutMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String KEY = "test-only-checkout-mapping-key";
    static final String PAYMENT = "pay_mappingtestpaymentxxxxxx";

    SampleDeliveries.Delivery sample(String type, long amount, String currency, String eventId, Instant at) {
        return SampleDeliveries.build("checkout", type, new SampleDeliveries.SampleOptions(PAYMENT, amount, currency, "customer@example.com", eventId),
                KEY, at);
    }

    List<PaymentEvent> deliver(Map<String, String> headers, byte[] body) {
        var r = new WebhookRequest(headers, Map.of(), body);
        WebhookProvider detected = Providers.standard(Clock.fixed(NOW, ZoneOffset.UTC)).select(r);
        assertThat(detected.name()).isEqualTo("checkout");
        detected.verify(r, List.of(KEY), NOW, Duration.ofSeconds(300));
        return detected.parse(r);
    }

    PaymentEvent one(String type, long amount, String currency) {
        var d = sample(type, amount, currency, null, NOW);
        return deliver(d.headers(), d.body()).get(0);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            payment_pending                         | PENDING            | -        | 2500
            payment_approved                        | AUTHORIZED         | -        | 2500
            payment_captured                        | SUCCEEDED          | -        | 2500
            payment_captured.partial                | SUCCEEDED          | -        | 1250
            payment_paid                            | SUCCEEDED          | -        | 2500
            payment_declined                        | FAILED             | -        | 2500
            payment_authentication_failed           | FAILED             | -        | 2500
            payment_voided                          | CANCELED           | -        | 2500
            payment_canceled                        | CANCELED           | -        | 2500
            payment_expired                         | CANCELED           | -        | 2500
            payment_capture_declined                | FAILED             | -        | 2500
            payment_refunded                        | REFUNDED           | -        | 2500
            payment_refunded.partial                | PARTIALLY_REFUNDED | -        | 1250
            payment_refund_declined                 | SUCCEEDED          | REFUNDS  | 2500
            dispute_received                        | DISPUTED           | -        | 2500
            dispute_evidence_required               | DISPUTED           | -        | 2500
            dispute_evidence_submitted              | DISPUTED           | -        | 2500
            dispute_evidence_acknowledged_by_scheme | DISPUTED           | -        | 2500
            dispute_accepted                        | DISPUTED           | -        | 2500
            dispute_lost                            | DISPUTED           | -        | 2500
            dispute_expired                         | DISPUTED           | -        | 2500
            dispute_arbitration_lost                | DISPUTED           | -        | 2500
            dispute_won                             | SUCCEEDED          | DISPUTES | 2500
            dispute_arbitration_won                 | SUCCEEDED          | DISPUTES | 2500
            dispute_canceled                        | SUCCEEDED          | DISPUTES | 2500
            dispute_resolved                        | SUCCEEDED          | DISPUTES | 2500
            """)
    void everyMappedType(String type, Status status, String reverses, long amount) {
        PaymentEvent e = one(type, 2500, "EUR");
        assertThat(e.provider()).isEqualTo("checkout");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.reverses()).isEqualTo(reverses == null ? Set.of()
                : reverses.equals("REFUNDS") ? ProviderMapping.REFUNDS : ProviderMapping.DISPUTES);
        assertThat(e.transactionId()).as("the payment id, also for a dispute").isEqualTo(PAYMENT);
        assertThat(e.eventId()).startsWith("evt_");
        assertThat(e.type()).isEqualTo(type.replace(".partial", ""));
        assertThat(e.amount()).isEqualTo(new Money(amount, "EUR"));
        assertThat(e.occurredAt()).isEqualTo(NOW);
        if (type.startsWith("dispute_")) {
            assertThat(e.paymentMethod()).isEqualTo("visa");
        } else {
            assertThat(e.paymentMethod()).isEqualTo("visa ****4242");
            assertThat(e.customerEmail()).isEqualTo("customer@example.com");
            assertThat(e.customerId()).startsWith("cus_");
        }
    }

    @Test
    void everyTypeOfTheTableHasASample() {
        for (String type : CheckoutEventTypes.RULES.keySet()) assertThat(SampleDeliveries.eventTypes("checkout")).as(type).contains(type);
    }

    /** A sample changed, then signed again. */
    List<PaymentEvent> deliverEdited(String type, Consumer<ObjectNode> change) throws Exception {
        var d = sample(type, 2500, "EUR", null, NOW);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        change.accept(root);
        byte[] body = Json.mapper().writeValueAsBytes(root);
        return deliver(Map.of("Content-Type", "application/json", CheckoutProvider.SIGNATURE_HEADER, Signatures.hexOfBody(KEY, body)), body);
    }

    static ObjectNode balances(ObjectNode root) { return (ObjectNode) root.path("data").path("balances"); }

    @Test
    void aDeclinedCaptureTakesBackOnlyWhatTheBalancesSayIsGone() throws Exception {
        // the sample: nothing captured, the authorisation still capturable → FAILED, nothing taken back (AUTHORIZED outranks it)
        assertThat(one("payment_capture_declined", 2500, "EUR").reverses()).isEmpty();
        // nothing captured and nothing left to capture: the authorisation is used up
        PaymentEvent usedUp = deliverEdited("payment_capture_declined", r -> balances(r).put("available_to_capture", 0)).get(0);
        assertThat(usedUp.status()).isEqualTo(Status.FAILED);
        assertThat(usedUp.reverses()).isEqualTo(ProviderMapping.CAPTURE);
        // an earlier (partial) capture stands
        PaymentEvent earlier = deliverEdited("payment_capture_declined", r -> balances(r).put("total_captured", 1000)).get(0);
        assertThat(earlier.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(earlier.reverses()).isEmpty();
        assertThat(earlier.amount()).isEqualTo(new Money(1000, "EUR"));
        // no balances (the previous platform): FAILED, nothing taken back
        PaymentEvent none = deliverEdited("payment_capture_declined", r -> ((ObjectNode) r.path("data")).remove("balances")).get(0);
        assertThat(none.status()).isEqualTo(Status.FAILED);
        assertThat(none.reverses()).isEmpty();
    }

    @Test
    void refundsByTheBalances() throws Exception {
        // a declined refund while an earlier refund stands: what the balances show, nothing taken back
        PaymentEvent declined = deliverEdited("payment_refund_declined", r -> balances(r).put("total_refunded", 500).put("available_to_refund", 2000))
                .get(0);
        assertThat(declined.status()).isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(declined.reverses()).isEmpty();
        // a refund without balances cannot say "full": partial, until an event with balances says more
        assertThat(deliverEdited("payment_refunded", r -> ((ObjectNode) r.path("data")).remove("balances")).get(0).status())
                .isEqualTo(Status.PARTIALLY_REFUNDED);
        // nothing left to refund is full
        assertThat(deliverEdited("payment_refunded.partial", r -> balances(r).put("available_to_refund", 0)).get(0).status())
                .isEqualTo(Status.REFUNDED);
    }

    @Test
    void theTimeIsCreatedOnElseTimestamp() throws Exception {
        PaymentEvent e = deliverEdited("payment_captured", r -> {
            r.remove("created_on");
            r.put("timestamp", "2023-05-24T09:12:32.357+00:00");
        }).get(0);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2023-05-24T09:12:32.357Z"));
        assertThat(deliverEdited("payment_captured", r -> r.put("created_on", "2022-11-14T12:18:54.3211949Z")).get(0).occurredAt())
                .as("seven fractional digits").isEqualTo(Instant.parse("2022-11-14T12:18:54.3211949Z"));
        PaymentEvent noTime = deliverEdited("payment_captured", r -> r.remove("created_on")).get(0);
        assertThat(noTime.ignoredReason()).isEqualTo("missing_field");
        assertThat(noTime.occurredAt()).as("the time of receipt").isEqualTo(NOW);
    }

    @Test
    void unmappedAndUnusableAreAcknowledgedAsIgnored() throws Exception {
        PaymentEvent verified = one("card_verified", 0, "EUR");
        assertThat(verified.ignored()).isTrue();
        assertThat(verified.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(verified.transactionId()).isEqualTo(PAYMENT);
        assertThat(deliverEdited("payment_captured", r -> ((ObjectNode) r.path("data")).put("currency", "ZZZ")).get(0).ignoredReason())
                .isEqualTo("unknown_currency");
        assertThat(deliverEdited("payment_captured", r -> ((ObjectNode) r.path("data")).remove("amount")).get(0).ignoredReason())
                .isEqualTo("missing_field");
        assertThat(deliverEdited("dispute_won", r -> ((ObjectNode) r.path("data")).remove("payment_id")).get(0).ignoredReason())
                .isEqualTo("missing_field");
        PaymentEvent bare = deliverEdited("payment_captured", r -> {
            r.put("type", "balances_updated");
            r.remove("data");
        }).get(0);
        assertThat(bare.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(bare.transactionId()).as("no object: the event id").startsWith("evt_");
        expect(() -> deliverEdited("payment_captured", r -> r.remove("id")), ErrorCode.MISSING_FIELD);
        expect(() -> deliverEdited("payment_captured", r -> r.put("type", "Payment Captured")), ErrorCode.INVALID_FIELD);
    }

    @Test
    void exactAmountsInCheckoutsFormat() {
        assertThat(one("payment_captured", 1500, "JPY").amount()).as("the full amount").isEqualTo(new Money(1500, "JPY"));
        Money kwd = one("payment_captured", 1250, "KWD").amount();
        assertThat(kwd).as("thousandths").isEqualTo(new Money(1250, "KWD"));
        assertThat(kwd.format()).isEqualTo("1.250 KWD");
        assertThat(one("payment_refunded", 100_000, "BHD").amount().format()).isEqualTo("100.000 BHD");
        // CLP: Checkout.com's amount is ×100, ISO has no decimals — converted exactly, refused when it cannot be
        assertThat(one("payment_captured", 100_000, "CLP").amount()).isEqualTo(new Money(1000, "CLP"));
        assertThat(one("payment_captured", 100_050, "CLP").ignoredReason()).isEqualTo("invalid_amount");
        assertThat(one("payment_captured", 123, "CLF").amount()).as("ISO 4 decimals, Checkout.com 2").isEqualTo(new Money(12_300, "CLF"));
        assertThat(one("payment_captured", 2500, "eur").amount()).isEqualTo(new Money(2500, "EUR"));
    }

    @Test
    void checkoutsExponentsAgainstIso() {
        for (String c : CheckoutAmounts.FULL) assertThat(Currencies.exponent(c)).as(c).contains(0);
        for (String c : CheckoutAmounts.THOUSANDTHS) assertThat(Currencies.exponent(c)).as(c).contains(3);
        // where Checkout.com's "divided by 100" differs from ISO among current currencies
        for (String c : List.of("CLP", "UYI")) assertThat(Currencies.exponent(c)).as(c).contains(0);
        assertThat(Currencies.exponent("CLF")).contains(4);
        for (String c : List.of("EUR", "USD", "GBP", "INR", "HUF", "IDR", "TWD")) {
            assertThat(CheckoutAmounts.exponent(c)).isEqualTo(Currencies.exponent(c).orElseThrow());
        }
    }

    @Test
    void theDedupeKeyIsTheEventIdAcrossRedeliveries() {
        var d = sample("payment_captured", 2500, "EUR", "evt_redeliveredeventxxxxxxxxxx", NOW);
        var store = new InMemoryTransactionStore();
        var ingest = CorpusFiles.ingest(store, NOW, Map.of("checkout", List.of(KEY)), null);
        var r = new WebhookRequest(d.headers(), Map.of(), d.body());
        assertThat(ingest.handle(r).results().get(0).eventId()).isEqualTo("evt_redeliveredeventxxxxxxxxxx");
        assertThat(ingest.handle(r).results().get(0).duplicate()).isTrue();
        assertThat(store.events).hasSize(1);
    }

    @Test
    void samplesCarryTestCardDataOnly() {
        for (String type : SampleDeliveries.eventTypes("checkout")) {
            String text = new String(sample(type, 2500, "EUR", null, NOW).body(), StandardCharsets.UTF_8);
            assertThat(CardData.containsPan(text)).as(type).isFalse();
            assertThat(text).doesNotContainPattern("@(?!example\\.com)");
        }
    }

    // --- lifecycles in every arrival order ---------------------------------------------------------

    List<PaymentEvent> lifecycle(String... types) {
        List<PaymentEvent> events = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            var d = sample(types[i], 2500, "EUR", null, NOW.plusSeconds(i));
            events.addAll(deliver(d.headers(), d.body()));
        }
        return events;
    }

    @Test
    void authorisedCapturedRefunded() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment_pending", "payment_approved", "payment_captured", "payment_refunded.partial",
                "payment_refunded"), Status.REFUNDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_captured.partial", "payment_captured"), Status.SUCCEEDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved"), Status.AUTHORIZED);
    }

    @Test
    void authorisedThenVoidedOrExpired() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_voided"), Status.CANCELED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_capture_declined", "payment_expired"), Status.CANCELED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_capture_declined"), Status.AUTHORIZED);
    }

    @Test
    void aRefundThatFailed() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_captured", "payment_refund_declined"), Status.SUCCEEDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_captured", "payment_refunded", "payment_refund_declined"),
                Status.SUCCEEDED);
    }

    @Test
    void aDisputeWonAndOneLost() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment_approved", "payment_captured", "dispute_received", "dispute_evidence_submitted",
                "dispute_won"), Status.SUCCEEDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment_captured", "dispute_evidence_required", "dispute_lost"), Status.DISPUTED);
    }
}

package io.payhook.core.webhook.square;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.json.Json;
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
import io.payhook.testkit.samples.SquareSamples;
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

/** Every Square event type payhook maps, from a signed sample delivery to the canonical event; lifecycles in every order. */
class SquareMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String KEY = "test-only-square-mapping-key";
    static final String URL = "https://payhook.example.com/webhooks/payment";
    static final String PAYMENT = "sqPaymentMapping0000000001";

    final SquareProvider p = new SquareProvider(Clock.fixed(NOW, ZoneOffset.UTC), URL);

    SampleDeliveries.Delivery sample(String type, long amount, String currency, String eventId, Instant at) {
        return SquareSamples.build(type, new SampleDeliveries.SampleOptions(PAYMENT, amount, currency, "customer@example.com", eventId), KEY, URL, at);
    }

    List<PaymentEvent> deliver(SampleDeliveries.Delivery d) {
        var r = new WebhookRequest(d.headers(), Map.of(), d.body());
        WebhookProvider detected = Providers.standard(new Providers.Settings(Clock.fixed(NOW, ZoneOffset.UTC), URL, List.of())).select(r);
        assertThat(detected.name()).isEqualTo("square");
        detected.verify(r, List.of(KEY), NOW, Duration.ofSeconds(300));
        return detected.parse(r);
    }

    PaymentEvent one(String type) { return deliver(sample(type, 2500, "USD", null, NOW)).get(0); }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            payment.created                    | AUTHORIZED         | -        | 2500
            payment.updated                    | SUCCEEDED          | -        | 2500
            payment.updated.canceled           | CANCELED           | -        | 2500
            payment.updated.failed             | FAILED             | -        | 2500
            payment.updated.partially_refunded | PARTIALLY_REFUNDED | -        | 2500
            payment.updated.refunded           | REFUNDED           | -        | 2500
            refund.updated                     | PARTIALLY_REFUNDED | -        | 2500
            refund.updated.failed              | SUCCEEDED          | REFUNDS  | 2500
            dispute.created                    | DISPUTED           | -        | 2500
            dispute.state.updated.lost         | DISPUTED           | -        | 2500
            dispute.state.updated.won          | SUCCEEDED          | DISPUTES | 2500
            dispute.state.changed              | SUCCEEDED          | DISPUTES | 2500
            """)
    void everyMappedTypeAndState(String type, Status status, String reverses, long amount) {
        PaymentEvent e = one(type);
        assertThat(e.provider()).isEqualTo("square");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.reverses()).isEqualTo(reverses == null ? Set.of()
                : reverses.equals("REFUNDS") ? ProviderMapping.REFUNDS : ProviderMapping.DISPUTES);
        assertThat(e.transactionId()).as("the Square payment id, as written").isEqualTo(PAYMENT);
        assertThat(e.type()).isEqualTo(type.replaceAll("\\.(canceled|failed|partially_refunded|refunded|won|lost)$", ""));
        assertThat(e.amount()).isEqualTo(new Money(amount, "USD"));
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.eventId()).matches("[0-9a-f-]{36}");
        if (type.startsWith("payment.")) {
            assertThat(e.paymentMethod()).isEqualTo("visa ****1111");
            assertThat(e.customerEmail()).isEqualTo("customer@example.com");
            assertThat(e.customerId()).isNotBlank();
        }
        if (type.startsWith("dispute.")) assertThat(e.paymentMethod()).isEqualTo("visa");
    }

    @Test
    void everyTypeOfTheTableHasASample() {
        for (String type : SquareEventTypes.TYPES.keySet()) {
            assertThat(SampleDeliveries.eventTypes("square")).as(type).anyMatch(t -> t.equals(type) || t.startsWith(type + "."));
        }
        assertThat(SquareEventTypes.PAYMENT_STATUS.keySet()).containsExactlyInAnyOrder("PENDING", "APPROVED", "COMPLETED", "CANCELED", "FAILED");
        assertThat(SquareEventTypes.REFUND_STATUS.keySet()).containsExactlyInAnyOrder("PENDING", "COMPLETED", "FAILED", "REJECTED");
        assertThat(SquareEventTypes.DISPUTE_STATE).hasSize(8);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(nullValues = "-", textBlock = """
            payment.updated, PENDING, PENDING
            refund.updated, REJECTED, SUCCEEDED
            dispute.state.updated, INQUIRY_EVIDENCE_REQUIRED, DISPUTED
            dispute.state.updated, INQUIRY_PROCESSING, DISPUTED
            dispute.state.updated, PROCESSING, DISPUTED
            dispute.state.updated, ACCEPTED, DISPUTED
            dispute.state.updated, INQUIRY_CLOSED, SUCCEEDED
            """)
    void statesTheSamplesDoNotCarry(String type, String state, Status expected) throws Exception {
        String sampleType = type.equals("payment.updated") ? "payment.updated" : type.equals("refund.updated") ? "refund.updated"
                : "dispute.state.updated.won";
        PaymentEvent e = deliverEdited(sampleType, root -> {
            ObjectNode object = (ObjectNode) root.path("data").path("object").elements().next();
            object.put(type.startsWith("dispute.") ? "state" : "status", state);
        }).get(0);
        assertThat(e.status()).isEqualTo(expected);
    }

    /** A sample changed, then signed again (a body payhook writes itself). */
    List<PaymentEvent> deliverEdited(String type, Consumer<ObjectNode> change) throws Exception {
        var d = sample(type, 2500, "USD", null, NOW);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        change.accept(root);
        byte[] body = Json.mapper().writeValueAsBytes(root);
        return deliver(new SampleDeliveries.Delivery(Map.of("Content-Type", "application/json", SquareProvider.SIGNATURE_HEADER,
                Signatures.square(KEY, URL, body)), body));
    }

    @Test
    void unmappedAndPendingAreAcknowledgedAsIgnored() throws Exception {
        PaymentEvent order = one("order.updated");
        assertThat(order.ignored()).isTrue();
        assertThat(order.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(order.transactionId()).as("the order it concerns").isNotBlank().isNotEqualTo(PAYMENT);
        PaymentEvent pending = one("refund.created");
        assertThat(pending.ignored()).isTrue();
        assertThat(pending.ignoredReason()).isEqualTo("no_state_change");
        assertThat(pending.transactionId()).isEqualTo(PAYMENT);
        // a status Square does not document, a payment without an amount, a time that is no time: kept, ignored with the reason
        assertThat(deliverEdited("payment.updated", r -> ((ObjectNode) r.path("data").path("object").path("payment")).put("status", "LOST_IN_SPACE"))
                .get(0).ignoredReason()).isEqualTo("unknown_status");
        assertThat(deliverEdited("payment.updated", r -> {
            ObjectNode payment = (ObjectNode) r.path("data").path("object").path("payment");
            payment.remove("total_money");
            payment.remove("amount_money");
        }).get(0).ignoredReason()).isEqualTo("missing_field");
        assertThat(deliverEdited("payment.updated", r -> ((ObjectNode) r.path("data").path("object").path("payment").path("total_money"))
                .put("currency", "XYZ")).get(0).ignoredReason()).isEqualTo("unknown_currency");
        List<PaymentEvent> noTime = deliverEdited("payment.updated", r -> r.put("created_at", "yesterday"));
        assertThat(noTime.get(0).ignoredReason()).isEqualTo("invalid_timestamp");
        assertThat(noTime.get(0).occurredAt()).as("the time of receipt").isEqualTo(NOW);
        assertThat(deliverEdited("payment.updated", r -> ((ObjectNode) r.path("data").path("object").path("payment")).remove("id"))
                .get(0).ignoredReason()).isEqualTo("missing_field");
        // no usable envelope: refused
        expect(() -> deliverEdited("payment.updated", r -> r.remove("event_id")), ErrorCode.MISSING_FIELD);
        expect(() -> deliverEdited("payment.updated", r -> r.put("type", "Payment Updated!")), ErrorCode.INVALID_FIELD);
    }

    @Test
    void exactAmountsInTheCurrencysOwnUnit() {
        assertThat(deliver(sample("payment.updated", 1500, "JPY", null, NOW)).get(0).amount()).isEqualTo(new Money(1500, "JPY"));
        assertThat(deliver(sample("payment.updated", 1250, "KWD", null, NOW)).get(0).amount()).isEqualTo(new Money(1250, "KWD"));
        assertThat(new Money(1250, "KWD").format()).isEqualTo("1.250 KWD");
        assertThat(deliver(sample("refund.updated", 999, "BHD", null, NOW)).get(0).amount()).isEqualTo(new Money(999, "BHD"));
        assertThat(deliver(sample("payment.updated", 4_611_686_018_427_387_903L, "USD", null, NOW)).get(0).amount().minorUnits())
                .isEqualTo(4_611_686_018_427_387_903L);
    }

    @Test
    void aTipIsPartOfWhatTheBuyerPaid() throws Exception {
        PaymentEvent e = deliverEdited("payment.updated", r -> {
            ObjectNode payment = (ObjectNode) r.path("data").path("object").path("payment");
            payment.putObject("tip_money").put("amount", 300).put("currency", "USD");
            ((ObjectNode) payment.path("total_money")).put("amount", 2800);
            payment.putObject("refunded_money").put("amount", 2500).put("currency", "USD");
        }).get(0);
        assertThat(e.amount()).isEqualTo(new Money(2800, "USD"));
        assertThat(e.status()).as("2500 of 2800 refunded").isEqualTo(Status.PARTIALLY_REFUNDED);
    }

    @Test
    void theDedupeKeyIsTheEventIdAcrossRedeliveries() {
        String eventId = "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc";
        var first = sample("payment.updated", 2500, "USD", eventId, NOW);
        assertThat(deliver(first).get(0).eventId()).isEqualTo(eventId);
        var store = new InMemoryTransactionStore();
        var ingest = CorpusFiles.ingest(store, NOW, Map.of("square", List.of(KEY)), URL);
        var r = new WebhookRequest(first.headers(), Map.of(), first.body());
        assertThat(ingest.handle(r).results().get(0).duplicate()).isFalse();
        // Square redelivers the same body: a duplicate, nothing changes
        assertThat(ingest.handle(r).results().get(0).duplicate()).isTrue();
        assertThat(store.events).hasSize(1);
        assertThat(store.load(PAYMENT).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void samplesCarryTestCardDataOnly() {
        for (String type : SampleDeliveries.eventTypes("square")) {
            String text = new String(sample(type, 2500, "USD", null, NOW).body(), StandardCharsets.UTF_8);
            assertThat(CardData.containsPan(text)).as(type).isFalse();
            assertThat(text).doesNotContainPattern("@(?!example\\.com)");
        }
    }

    // --- lifecycles in every arrival order ---------------------------------------------------------

    List<PaymentEvent> lifecycle(String... types) {
        List<PaymentEvent> events = new ArrayList<>();
        for (int i = 0; i < types.length; i++) events.addAll(deliver(sample(types[i], 2500, "USD", null, NOW.plusSeconds(i))));
        return events;
    }

    @Test
    void authorisedCapturedRefunded() {
        // the refund completes (PARTIALLY_REFUNDED: the refund carries no total), then payment.updated says all of it went back
        var events = lifecycle("payment.created", "payment.updated", "refund.created", "refund.updated", "payment.updated.refunded");
        assertThat(Lifecycles.everyOrderEndsIn(events, Status.REFUNDED)).isEqualTo(120);
        assertThat(Lifecycles.everyOrderEndsIn(events.subList(0, 4), Status.PARTIALLY_REFUNDED)).isEqualTo(24);
        assertThat(Lifecycles.everyOrderEndsIn(events.subList(0, 1), Status.AUTHORIZED)).as("never SUCCEEDED before capture").isEqualTo(1);
    }

    @Test
    void authorisedThenVoided() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment.created", "payment.updated.canceled"), Status.CANCELED);
    }

    @Test
    void aRefundThatFailed() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment.created", "payment.updated", "refund.updated", "refund.updated.failed"), Status.SUCCEEDED);
        // and a later refund that went through counts again
        Lifecycles.everyOrderEndsIn(lifecycle("payment.updated", "refund.updated", "refund.updated.failed", "refund.updated"),
                Status.PARTIALLY_REFUNDED);
    }

    @Test
    void aDisputeWonAndOneLost() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment.created", "payment.updated", "dispute.created", "dispute.state.updated.won"),
                Status.SUCCEEDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment.updated", "dispute.created", "dispute.state.updated.lost"), Status.DISPUTED);
    }
}

package io.payhook.core.webhook.gocardless;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.DeliveryChecks;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.ProviderRegistry;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GoCardless mapping: every event action payhook maps (from the samples, through detection, verification and parsing),
 * what is kept as ignored and why, the batch as one event per element deduplicated on its own id, the envelope
 * refusals, and the order-independence of realistic GoCardless lifecycles over every arrival order.
 */
class GoCardlessMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "test_only_gocardless_mapping_secret";
    static final String PAYMENT = "PM00TESTMAP001";
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final ProviderRegistry registry = Providers.standard(clock);

    List<PaymentEvent> deliver(SampleDeliveries.Delivery d) {
        var request = new WebhookRequest(d.headers(), Map.of(), d.body());
        WebhookProvider p = registry.select(request);
        assertThat(p.name()).as("detected provider").isEqualTo("gocardless");
        p.verify(request, List.of(SECRET), NOW, Duration.ofSeconds(300));
        return p.parse(request);
    }

    List<PaymentEvent> deliver(String type, String eventId, Instant at) {
        return deliver(SampleDeliveries.build("gocardless", type, new SampleDeliveries.SampleOptions(PAYMENT, 2500, "EUR",
                "customer@example.com", eventId), SECRET, at));
    }

    static List<PaymentEvent> parseSigned(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        var p = new GoCardlessProvider(Clock.fixed(NOW, ZoneOffset.UTC));
        var r = new WebhookRequest(Map.of("Webhook-Signature", Signatures.goCardless(SECRET, b)), Map.of(), b);
        p.verify(r, List.of(SECRET), NOW, Duration.ofSeconds(300));
        return p.parse(r);
    }

    static Set<Status> reverses(String name) {
        return switch (name) {
            case "-" -> Set.of();
            case "CAPTURE" -> ProviderMapping.CAPTURE;
            case "REFUNDS" -> ProviderMapping.REFUNDS;
            case "DISPUTES" -> ProviderMapping.DISPUTES;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            payments.created                  | PENDING            | -        | -
            payments.customer_approval_granted| PENDING            | -        | -
            payments.customer_approval_denied | FAILED             | -        | -
            payments.submitted                | PENDING            | -        | -
            payments.confirmed                | SUCCEEDED          | -        | -
            payments.paid_out                 | SUCCEEDED          | -        | -
            payments.failed                   | FAILED             | CAPTURE  | sepa_core
            payments.late_failure_settled     | FAILED             | CAPTURE  | -
            payments.cancelled                | CANCELED           | -        | -
            payments.resubmission_requested   | PENDING            | -        | -
            payments.charged_back             | DISPUTED           | -        | sepa_core
            payments.chargeback_settled       | DISPUTED           | -        | -
            payments.chargeback_cancelled     | SUCCEEDED          | DISPUTES | sepa_core
            refunds.paid                      | PARTIALLY_REFUNDED | -        | -
            refunds.failed                    | SUCCEEDED          | REFUNDS  | -
            refunds.funds_returned            | SUCCEEDED          | REFUNDS  | -
            """)
    void everyMappedActionReportsItsStatus(String type, Status expected, String takesBack, String scheme) {
        List<PaymentEvent> events = deliver(type, "EV00TESTMAP001", NOW);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("gocardless");
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.status()).isEqualTo(expected);
            assertThat(e.reverses()).isEqualTo(reverses(takesBack));
            assertThat(e.transactionId()).as("links.payment as written").isEqualTo(PAYMENT);
            assertThat(e.eventId()).isEqualTo("EV00TESTMAP001");
            assertThat(e.occurredAt()).isEqualTo(NOW);
            assertThat(e.amount()).as("GoCardless events carry no amount").isNull();
            assertThat(e.customerId()).isNull();
            assertThat(e.customerEmail()).as("nor an email, whatever the options asked").isNull();
            assertThat(e.paymentMethod()).isEqualTo(scheme.equals("-") ? null : scheme);
        });
        assertThat(GoCardlessEventActions.status(type)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → ignored ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            refunds.created                | PM00TESTMAP001 | no_state_change
            refunds.refund_settled         | PM00TESTMAP001 | no_state_change
            payments.surcharge_fee_debited | PM00TESTMAP001 | no_state_change
            refunds.paid.refund_link_only  | RF             | missing_field
            mandates.active                | MD             | unmapped_event_type
            """)
    void whatChangesNothingIsKeptAsIgnoredWithItsReason(String type, String transactionPrefix, String reason) {
        assertThat(deliver(type, "EV00TESTMAP002", NOW)).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.ignoredReason()).isEqualTo(reason);
            assertThat(e.transactionId()).startsWith(transactionPrefix);
            assertThat(e.eventId()).isEqualTo("EV00TESTMAP002");
        });
    }

    @Test
    void everyRuleIsCoveredBySamplesAndTheTableSaysWhy() {
        List<String> samples = SampleDeliveries.eventTypes("gocardless");
        assertThat(samples).containsAll(GoCardlessEventActions.RULES.keySet().stream()
                .filter(t -> !t.equals("payments.surcharge_fee_credited")).toList());
        GoCardlessEventActions.RULES.forEach((type, rule) -> assertThat(rule.why()).as(type).isNotBlank());
        // the actions GoCardless documents for payments and refunds are all decided
        for (String a : List.of("created", "customer_approval_granted", "customer_approval_denied", "submitted", "confirmed",
                "chargeback_cancelled", "paid_out", "late_failure_settled", "chargeback_settled", "surcharge_fee_debited",
                "failed", "charged_back", "cancelled", "resubmission_requested")) {
            assertThat(GoCardlessEventActions.RULES).containsKey("payments." + a);
        }
        for (String a : List.of("created", "failed", "paid", "refund_settled", "funds_returned")) {
            assertThat(GoCardlessEventActions.RULES).containsKey("refunds." + a);
        }
    }

    @Test
    void aBatchIsOneEventPerElementEachWithItsOwnId() {
        var o = new SampleDeliveries.SampleOptions(PAYMENT, 2500, "EUR", null, "EV00TESTBATCH1");
        List<PaymentEvent> events = deliver(SampleDeliveries.build("gocardless", "batch.payment_lifecycle", o, SECRET, NOW));
        assertThat(events).extracting(PaymentEvent::eventId)
                .containsExactly("EV00TESTBATCH1", "EV00TESTBATCH1_2", "EV00TESTBATCH1_3", "EV00TESTBATCH1_4");
        assertThat(events).extracting(PaymentEvent::type)
                .containsExactly("mandates.active", "payments.created", "payments.submitted", "payments.confirmed");
        assertThat(events).extracting(PaymentEvent::status).containsExactly(null, Status.PENDING, Status.PENDING, Status.SUCCEEDED);
        assertThat(events.subList(1, 4)).allSatisfy(e -> assertThat(e.transactionId()).isEqualTo(PAYMENT));
        assertThat(events.get(0).transactionId()).startsWith("MD");
        assertThat(events.get(3).occurredAt()).isEqualTo(NOW);
        assertThat(events.get(0).occurredAt()).isEqualTo(NOW.minusSeconds(3));
    }

    @Test
    void dedupeKeysAreStableAcrossRedeliveries() {
        // GoCardless retries a webhook with the same body; a later webhook may carry an event again among others
        var o = new SampleDeliveries.SampleOptions(PAYMENT, 2500, "EUR", null, "EV00TESTDEDUP1");
        var d = SampleDeliveries.build("gocardless", "batch.payment_lifecycle", o, SECRET, NOW);
        var store = new InMemoryTransactionStore();
        var ingest = new IngestWebhook(registry, p -> p.equals("gocardless") ? List.of(SECRET) : List.of(), store, new TestCipher(),
                clock, IngestWebhook.Settings.DEFAULT);
        var first = ingest.handle(new WebhookRequest(d.headers(), Map.of(), d.body()));
        Transaction before = store.load(PAYMENT).orElseThrow();
        var again = ingest.handle(new WebhookRequest(d.headers(), Map.of(), d.body()));
        assertThat(first.results()).noneMatch(IngestWebhook.Result::duplicate);
        assertThat(again.results()).allMatch(IngestWebhook.Result::duplicate);
        assertThat(again.results()).extracting(IngestWebhook.Result::eventId)
                .containsExactlyElementsOf(first.results().stream().map(IngestWebhook.Result::eventId).toList());
        assertThat(store.events).hasSize(4);
        assertThat(store.load(PAYMENT).orElseThrow()).isEqualTo(before);
        assertThat(before.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(before.amount()).as("no GoCardless event carries an amount").isNull();
        // the confirmed event alone, redelivered in another webhook at another time, is still a duplicate
        var single = SampleDeliveries.build("gocardless", "payments.confirmed",
                new SampleDeliveries.SampleOptions(PAYMENT, 2500, "EUR", null, "EV00TESTDEDUP1_4"), SECRET, NOW.plusSeconds(3600));
        assertThat(ingest.handle(new WebhookRequest(single.headers(), Map.of(), single.body())).results())
                .singleElement().satisfies(r -> assertThat(r.duplicate()).isTrue());
    }

    @Test
    void theEnvelopeIsRefusedOnlyWhenItIsUnusable() {
        expect(() -> parseSigned("not json"), ErrorCode.MALFORMED_JSON);
        expect(() -> parseSigned("[]"), ErrorCode.MALFORMED_JSON);
        expect(() -> parseSigned("{}"), ErrorCode.MISSING_FIELD);
        expect(() -> parseSigned("{\"events\":[]}"), ErrorCode.MISSING_FIELD);
        expect(() -> parseSigned("{\"events\":{\"id\":\"EV1\"}}"), ErrorCode.MISSING_FIELD);
        expect(() -> parseSigned("{\"events\":[1]}"), ErrorCode.INVALID_FIELD);
        expect(() -> parseSigned("{\"events\":[{\"action\":\"confirmed\"}]}"), ErrorCode.MISSING_FIELD);
        expect(() -> parseSigned("{\"events\":[{\"id\":\"EV 1\"}]}"), ErrorCode.INVALID_ID);
        expect(() -> parseSigned("{\"events\":[{\"id\":\"EV1\",\"id\":\"EV2\"}]}"), ErrorCode.MALFORMED_JSON);
    }

    @Test
    void whatPayhookCannotReadInAVerifiedEventIsKeptAsIgnored() {
        String e = "{\"id\":\"%s\",\"created_at\":%s,\"resource_type\":%s,\"action\":%s,\"links\":%s}";
        List<PaymentEvent> events = parseSigned("{\"events\":["
                + e.formatted("EV1", "\"CURRENT_TIME\"", "\"payments\"", "\"confirmed\"", "{\"payment\":\"PM1\"}") + ","
                + e.formatted("EV2", "null", "\"payments\"", "\"confirmed\"", "{\"payment\":\"PM1\"}") + ","
                + e.formatted("EV3", "\"2026-11-22T09:00:00.000Z\"", "\"payments\"", "\"confirmed\"", "{}") + ","
                + e.formatted("EV4", "\"2026-11-22T09:00:00.000Z\"", "\"payments\"", "\"teleported\"", "{\"payment\":\"PM1\"}") + ","
                + e.formatted("EV5", "\"2026-11-22T09:00:00.000Z\"", "null", "\"confirmed\"", "{\"payment\":\"PM1\"}") + ","
                + e.formatted("EV6", "\"2026-11-22T09:00:00.000Z\"", "\"payments\"", "\"confirmed\"", "{\"payment\":\"4111111111111111\"}") + ","
                + e.formatted("EV7", "\"2026-11-22T09:00:00.000+01:00\"", "\"payments\"", "\"confirmed\"", "{\"payment\":\"PM1\"}")
                + "]}");
        assertThat(events).extracting(PaymentEvent::ignoredReason).containsExactly("invalid_timestamp", "missing_field",
                "missing_field", "unmapped_event_type", "unmapped_event_type", "missing_field", null);
        assertThat(events.get(0).occurredAt()).as("the time of receipt stands in").isEqualTo(NOW);
        assertThat(events.get(0).transactionId()).isEqualTo("PM1");
        assertThat(events.get(2).transactionId()).as("no payment named: the event id").isEqualTo("EV3");
        assertThat(events.get(4).type()).isEqualTo("unknown");
        assertThat(events.get(5).transactionId()).as("a card-like reference is never an id").isEqualTo("EV6");
        assertThat(events.get(6).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(events.get(6).occurredAt()).as("the offset is honoured").isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
    }

    @Test
    void samplesRefuseAmountsTheyCannotCarry() {
        assertThatThrownBy(() -> SampleDeliveries.build("gocardless", "payments.confirmed",
                new SampleDeliveries.SampleOptions(null, -1, "EUR", null, null), SECRET, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleDeliveries.build("gocardless", "payments.confirmed",
                new SampleDeliveries.SampleOptions(null, 1, "ZZZ", null, null), SECRET, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- order-independence of realistic lifecycles -------------------------------------------------------------------

    /** One event per step, a minute apart, ids EV00LIFE000001...; a step may repeat (a resubmitted payment is submitted again). */
    List<PaymentEvent> lifecycle(String... types) {
        List<PaymentEvent> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < types.length; i++) {
            String id = "EV00LIFE%06d".formatted(i + 1);
            ids.add(id);
            out.addAll(deliver(types[i], id, NOW.plusSeconds(60L * i)));
        }
        assertThat(ids).hasSize(types.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            collected and paid out              | SUCCEEDED          | payments.created payments.submitted payments.confirmed payments.paid_out
            failed, retried, collected          | SUCCEEDED          | payments.created payments.submitted payments.failed payments.resubmission_requested payments.submitted payments.confirmed payments.paid_out
            late failure after payout           | FAILED             | payments.created payments.submitted payments.confirmed payments.paid_out payments.failed payments.late_failure_settled
            charged back                        | DISPUTED           | payments.submitted payments.confirmed payments.paid_out payments.charged_back payments.chargeback_settled
            chargeback cancelled                | SUCCEEDED          | payments.submitted payments.confirmed payments.charged_back payments.chargeback_cancelled
            charged back again after cancelled  | DISPUTED           | payments.confirmed payments.charged_back payments.chargeback_cancelled payments.charged_back
            refunded                            | PARTIALLY_REFUNDED | payments.submitted payments.confirmed payments.paid_out refunds.created refunds.paid refunds.refund_settled
            refund failed                       | SUCCEEDED          | payments.confirmed payments.paid_out refunds.created refunds.paid refunds.failed refunds.funds_returned
            cancelled before submission         | CANCELED           | payments.created payments.cancelled
            approval denied                     | FAILED             | payments.created payments.customer_approval_denied
            approval granted, collected         | SUCCEEDED          | payments.created payments.customer_approval_granted payments.submitted payments.confirmed
            """)
    void aLifecycleEndsTheSameInEveryArrivalOrder(String name, Status expected, String steps) {
        List<PaymentEvent> events = lifecycle(steps.trim().split("\\s+"));
        assertThat(events).allSatisfy(e -> assertThat(e.transactionId()).isEqualTo(PAYMENT));
        long orders = DeliveryChecks.foldsToTheSameInEveryOrder(events, expected);
        assertThat(orders).isGreaterThanOrEqualTo(2);
    }
}

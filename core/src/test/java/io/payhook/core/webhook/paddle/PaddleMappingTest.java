package io.payhook.core.webhook.paddle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.json.Json;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paddle Billing mapping: every event type payhook maps (from the samples, detected, verified and parsed), exact
 * minor units (JPY, KWD), adjustments (refunds full and partial, chargebacks and their reversal), what is kept as
 * ignored and why, the event id as the dedupe key (not the notification id), the envelope refusals, and the
 * order-independence of realistic Paddle lifecycles over every arrival order.
 */
class PaddleMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "pdl_ntfset_01testonlymapping00000000000_TestOnlyMappingSecret";
    static final String TXN = "txn_01testmapping000000000000";
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final ProviderRegistry registry = Providers.standard(clock);

    List<PaymentEvent> deliver(Map<String, String> headers, byte[] body) {
        var request = new WebhookRequest(headers, Map.of(), body);
        WebhookProvider p = registry.select(request);
        assertThat(p.name()).as("detected provider").isEqualTo("paddle");
        p.verify(request, List.of(SECRET), NOW, Duration.ofSeconds(300));
        return p.parse(request);
    }

    PaymentEvent deliver(String type, long amount, String currency, String eventId, Instant at) {
        var d = SampleDeliveries.build("paddle", type, new SampleDeliveries.SampleOptions(TXN, amount, currency,
                "customer@example.com", eventId), SECRET, at);
        var r = new WebhookRequest(d.headers(), Map.of(), d.body());
        WebhookProvider p = registry.select(r);
        assertThat(p.name()).isEqualTo("paddle");
        p.verify(r, List.of(SECRET), at, Duration.ofSeconds(300));
        List<PaymentEvent> events = p.parse(r);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    /** A sample's body changed by {@code edit}, then signed again (so the change reaches the parser). */
    List<PaymentEvent> edited(String type, Consumer<ObjectNode> edit) throws Exception {
        var d = SampleDeliveries.build("paddle", type, new SampleDeliveries.SampleOptions(TXN, 2500, "EUR", null, "evt_01edited"), SECRET, NOW);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        edit.accept(root);
        byte[] body = Json.mapper().writeValueAsBytes(root);
        return deliver(Map.of("Content-Type", "application/json", "Paddle-Signature", Signatures.paddle(NOW.getEpochSecond(), body, SECRET)), body);
    }

    static List<PaymentEvent> parseSigned(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        var p = new PaddleProvider(Clock.fixed(NOW, ZoneOffset.UTC));
        var r = new WebhookRequest(Map.of("Paddle-Signature", Signatures.paddle(NOW.getEpochSecond(), b, SECRET)), Map.of(), b);
        p.verify(r, List.of(SECRET), NOW, Duration.ofSeconds(300));
        return p.parse(r);
    }

    static Set<Status> reverses(String name) {
        return switch (name) {
            case "-" -> Set.of();
            case "DISPUTES" -> ProviderMapping.DISPUTES;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "~", textBlock = """
            transaction.created                   | PENDING            | -        | 2500 | ~
            transaction.ready                     | PENDING            | -        | 2500 | ~
            transaction.billed                    | PENDING            | -        | 2500 | ~
            transaction.paid                      | SUCCEEDED          | -        | 2500 | visa ****4242
            transaction.completed                 | SUCCEEDED          | -        | 2500 | visa ****4242
            transaction.payment_failed            | FAILED             | -        | 2500 | visa ****0002
            transaction.past_due                  | FAILED             | -        | 2500 | visa ****0002
            transaction.canceled                  | CANCELED           | -        | 2500 | ~
            transaction.updated                   | SUCCEEDED          | -        | 2500 | visa ****4242
            transaction.revised                   | SUCCEEDED          | -        | 2500 | visa ****4242
            adjustment.updated                    | REFUNDED           | -        | 2500 | ~
            adjustment.updated.partial            | PARTIALLY_REFUNDED | -        | 1250 | ~
            adjustment.created.chargeback         | DISPUTED           | -        | 2500 | ~
            adjustment.created.chargeback_warning | DISPUTED           | -        | 2500 | ~
            adjustment.created.chargeback_reverse | SUCCEEDED          | DISPUTES | 2500 | ~
            """)
    void everyMappedTypeReportsItsStatusWithExactMinorUnits(String type, Status expected, String takesBack, long amount, String method) {
        PaymentEvent e = deliver(type, 2500, "EUR", "evt_01testmapping", NOW);
        assertThat(e.provider()).isEqualTo("paddle");
        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.reverses()).isEqualTo(reverses(takesBack));
        assertThat(e.transactionId()).as("the txn_ id as written, for adjustments data.transaction_id").isEqualTo(TXN);
        assertThat(e.eventId()).isEqualTo("evt_01testmapping");
        assertThat(e.type()).isEqualTo(type.split("\\.").length > 2 ? type.substring(0, type.lastIndexOf('.')) : type);
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.amount()).isEqualTo(new Money(amount, "EUR"));
        assertThat(e.customerEmail()).as("Paddle sends no email in these events").isNull();
        if (!type.equals("transaction.created")) assertThat(e.customerId()).startsWith("ctm_01");
        assertThat(e.paymentMethod()).isEqualTo(method);
    }

    @ParameterizedTest(name = "{0} → ignored ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            adjustment.created          | no_state_change     | 1250
            adjustment.updated.rejected | no_state_change     | 1250
            adjustment.created.credit   | no_state_change     | 2500
            subscription.created        | unmapped_event_type | -1
            """)
    void whatChangesNothingIsKeptAsIgnoredWithItsReason(String type, String reason, long amount) {
        PaymentEvent e = deliver(type, 2500, "EUR", "evt_01testignored", NOW);
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo(reason);
        assertThat(e.eventId()).isEqualTo("evt_01testignored");
        if (amount >= 0) {
            assertThat(e.transactionId()).as("an adjustment joins its transaction's history").isEqualTo(TXN);
            assertThat(e.amount()).isEqualTo(new Money(amount, "EUR"));
        } else {
            assertThat(e.transactionId()).as("not a payment event: its entity's id").startsWith("sub_01");
        }
    }

    @Test
    void everyTypeOfTheTableHasASampleAndEveryAdjustmentItsReason() {
        List<String> samples = SampleDeliveries.eventTypes("paddle");
        for (String type : PaddleEventTypes.RULES.keySet()) assertThat(samples).as(type).contains(type);
        PaddleEventTypes.ADJUSTMENTS.forEach((k, effect) -> assertThat(effect.why()).as(k).isNotBlank());
        for (String s : List.of("draft", "ready", "billed", "paid", "completed", "past_due", "canceled")) {
            assertThat(PaddleEventTypes.TRANSACTION_STATUSES).as("every transaction status Paddle documents").containsKey(s);
        }
    }

    @ParameterizedTest(name = "{1} {0} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1500                | JPY | 1500
            1250                | KWD | 1250
            0                   | EUR | 0
            999999999999999999  | USD | 999999999999999999
            """)
    void amountsAreTheMinorUnitsPaddleWroteExactly(long amount, String currency, long minor) {
        PaymentEvent paid = deliver("transaction.completed", amount, currency, "evt_01amount", NOW);
        assertThat(paid.amount()).isEqualTo(new Money(minor, currency));
        // ¥1,500 is 1500 minor units (JPY has none); 1.250 KWD is 1250 fils (three decimals)
        if (currency.equals("JPY")) assertThat(paid.amount().toMajor()).isEqualByComparingTo("1500");
        if (currency.equals("KWD")) assertThat(paid.amount().toMajor()).isEqualByComparingTo("1.250");
        PaymentEvent refund = deliver("adjustment.updated", amount, currency, "evt_01amountrefund", NOW);
        assertThat(refund.amount()).isEqualTo(new Money(minor, currency));
    }

    @Test
    void anAmountPayhookCannotReadKeepsTheEventAsIgnoredWithTheReason() throws Exception {
        var negative = deliver("transaction.completed", -1, "EUR", "evt_01negative", NOW);
        assertThat(negative.ignoredReason()).isEqualTo("invalid_amount");
        var unknown = deliver("transaction.completed", 100, "ZZZ", "evt_01unknowncur", NOW);
        assertThat(unknown.ignoredReason()).isEqualTo("unknown_currency");
        for (String value : List.of("12.50", "1e3", " 100", "", "0x10")) {
            var e = edited("transaction.paid", root -> ((ObjectNode) root.path("data").path("details").path("totals")).put("grand_total", value));
            assertThat(e).singleElement().satisfies(x -> {
                assertThat(x.ignored()).as(value).isTrue();
                assertThat(x.ignoredReason()).isIn("invalid_amount", "missing_field");
                assertThat(x.transactionId()).isEqualTo(TXN);
            });
        }
        var number = edited("transaction.paid", root -> ((ObjectNode) root.path("data").path("details").path("totals")).put("grand_total", 2500));
        assertThat(number).singleElement().satisfies(x -> assertThat(x.ignoredReason()).isEqualTo("invalid_field"));
        // the totals' currency is the currency of the totals; the transaction's is the fallback
        var fallback = edited("transaction.paid", root -> ((ObjectNode) root.path("data").path("details").path("totals")).remove("currency_code"));
        assertThat(fallback.get(0).amount()).isEqualTo(new Money(2500, "EUR"));
    }

    @Test
    void aRefundIsFullOnlyWhenPaddleSaysSo() throws Exception {
        // no top-level type (older payloads): full only when every item is full
        var itemsFull = edited("adjustment.updated", root -> ((ObjectNode) root.get("data")).remove("type"));
        assertThat(itemsFull.get(0).status()).isEqualTo(Status.REFUNDED);
        var itemsPartial = edited("adjustment.updated.partial", root -> ((ObjectNode) root.get("data")).remove("type"));
        assertThat(itemsPartial.get(0).status()).isEqualTo(Status.PARTIALLY_REFUNDED);
        var noItems = edited("adjustment.updated", root -> {
            ((ObjectNode) root.get("data")).remove("type");
            ((ObjectNode) root.get("data")).remove("items");
        });
        assertThat(noItems.get(0).status()).as("nothing says it was all of it").isEqualTo(Status.PARTIALLY_REFUNDED);
        var tax = edited("adjustment.updated", root -> ((ObjectNode) root.get("data")).put("type", "tax"));
        assertThat(tax.get(0).status()).isEqualTo(Status.PARTIALLY_REFUNDED);
        // a chargeback adjustment marked reversed: the dispute is over in the merchant's favour
        var reversed = edited("adjustment.created.chargeback", root -> ((ObjectNode) root.get("data")).put("status", "reversed"));
        assertThat(reversed.get(0).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(reversed.get(0).reverses()).isEqualTo(ProviderMapping.DISPUTES);
        // an action/status pair Paddle does not document for it is kept as ignored
        var odd = edited("adjustment.updated", root -> ((ObjectNode) root.get("data")).put("status", "reversed"));
        assertThat(odd.get(0).ignoredReason()).isEqualTo("unmapped_event_type");
        var future = edited("adjustment.updated", root -> ((ObjectNode) root.get("data")).put("action", "teleport"));
        assertThat(future.get(0).ignoredReason()).isEqualTo("unmapped_event_type");
        assertThat(future.get(0).transactionId()).isEqualTo(TXN);
    }

    @Test
    void aTransactionsOwnStatusDecidesForCreatedUpdatedAndRevised() throws Exception {
        for (var c : Map.of("draft", Status.PENDING, "ready", Status.PENDING, "billed", Status.PENDING, "paid", Status.SUCCEEDED,
                "completed", Status.SUCCEEDED, "past_due", Status.FAILED, "canceled", Status.CANCELED).entrySet()) {
            for (String type : List.of("transaction.created", "transaction.updated", "transaction.revised")) {
                var e = edited("transaction.updated", root -> {
                    root.put("event_type", type);
                    ((ObjectNode) root.get("data")).put("status", c.getKey());
                });
                assertThat(e.get(0).status()).as("%s %s", type, c.getKey()).isEqualTo(c.getValue());
            }
        }
        var unknown = edited("transaction.updated", root -> ((ObjectNode) root.get("data")).put("status", "teleported"));
        assertThat(unknown.get(0).ignoredReason()).isEqualTo("unknown_status");
        // transaction.payment_failed leaves the transaction billed: the type decides, not the status
        assertThat(deliver("transaction.payment_failed", 2500, "EUR", "evt_01pf", NOW).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void theCapturedAttemptIsThePaymentMethodElseTheLatestAttempt() throws Exception {
        String attempt = "{\"status\":\"%s\",\"created_at\":\"%s\",\"method_details\":{\"type\":\"%s\",\"card\":%s}}";
        var captured = edited("transaction.completed", root -> {
            var payments = ((ObjectNode) root.get("data")).putArray("payments");
            try {
                payments.add(Json.mapper().readTree(attempt.formatted("error", "2026-11-22T09:59:00Z", "card", "{\"type\":\"mastercard\",\"last4\":\"0002\"}")));
                payments.add(Json.mapper().readTree(attempt.formatted("captured", "2026-11-22T09:58:00Z", "card", "{\"type\":\"visa\",\"last4\":\"4242\"}")));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(captured.get(0).paymentMethod()).isEqualTo("visa ****4242");
        var latest = edited("transaction.payment_failed", root -> {
            var payments = ((ObjectNode) root.get("data")).putArray("payments");
            try {
                payments.add(Json.mapper().readTree(attempt.formatted("error", "2026-11-22T09:58:00Z", "card", "{\"type\":\"visa\",\"last4\":\"0002\"}")));
                payments.add(Json.mapper().readTree(attempt.formatted("error", "2026-11-22T09:59:00Z", "paypal", "null")));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(latest.get(0).paymentMethod()).isEqualTo("paypal");
    }

    @Test
    void theEventIdIsTheDedupeKeyNotTheNotificationId() throws Exception {
        var store = new InMemoryTransactionStore();
        var ingest = new IngestWebhook(registry, p -> p.equals("paddle") ? List.of(SECRET) : List.of(), store, new TestCipher(), clock,
                IngestWebhook.Settings.DEFAULT);
        var o = new SampleDeliveries.SampleOptions(TXN, 2500, "EUR", null, "evt_01dedupe");
        var first = SampleDeliveries.build("paddle", "transaction.completed", o, SECRET, NOW);
        // a retry a minute later: a new signature timestamp and (to another destination) a new notification id
        ObjectNode again = (ObjectNode) Json.mapper().readTree(first.body());
        again.put("notification_id", "ntf_01another_destination");
        byte[] againBody = Json.mapper().writeValueAsBytes(again);
        var retry = new WebhookRequest(Map.of("Content-Type", "application/json",
                "Paddle-Signature", Signatures.paddle(NOW.getEpochSecond() + 60, againBody, SECRET)), Map.of(), againBody);
        assertThat(ingest.handle(new WebhookRequest(first.headers(), Map.of(), first.body())).results().get(0).duplicate()).isFalse();
        var before = store.load(TXN).orElseThrow();
        var second = ingest.handle(retry).results().get(0);
        assertThat(second.duplicate()).isTrue();
        assertThat(second.eventId()).isEqualTo("evt_01dedupe");
        assertThat(store.load(TXN).orElseThrow()).isEqualTo(before);
        assertThat(before.amount()).isEqualTo(new Money(2500, "EUR"));
        assertThat(before.customerId()).startsWith("ctm_01");
    }

    @Test
    void theEnvelopeIsRefusedOnlyWhenItIsUnusable() {
        expect(() -> parseSigned("not json"), ErrorCode.MALFORMED_JSON);
        expect(() -> parseSigned("{\"event_type\":\"transaction.paid\",\"data\":{}}"), ErrorCode.MISSING_FIELD);
        expect(() -> parseSigned("{\"event_id\":\"evt 1\",\"event_type\":\"transaction.paid\"}"), ErrorCode.INVALID_ID);
        expect(() -> parseSigned("{\"event_id\":\"evt_1\",\"data\":{}}"), ErrorCode.MISSING_FIELD);
        expect(() -> parseSigned("{\"event_id\":\"evt_1\",\"event_type\":\"Transaction Paid!\"}"), ErrorCode.INVALID_FIELD);
        expect(() -> parseSigned("{\"event_id\":\"evt_1\",\"event_type\":7}"), ErrorCode.INVALID_FIELD);
    }

    @Test
    void whatPayhookCannotReadInAVerifiedEventIsKeptAsIgnored() {
        String t = "{\"event_id\":\"%s\",\"event_type\":\"%s\",\"occurred_at\":%s,\"data\":%s}";
        String txn = "{\"id\":\"txn_01a\",\"status\":\"completed\",\"currency_code\":\"EUR\",\"details\":{\"totals\":{\"grand_total\":\"100\",\"currency_code\":\"EUR\"}}}";
        assertThat(parseSigned(t.formatted("evt_1", "transaction.completed", "null", txn))).singleElement().satisfies(e -> {
            assertThat(e.ignoredReason()).isEqualTo("missing_field");
            assertThat(e.occurredAt()).as("the time of receipt stands in").isEqualTo(NOW);
            assertThat(e.transactionId()).isEqualTo("txn_01a");
        });
        assertThat(parseSigned(t.formatted("evt_2", "transaction.completed", "\"yesterday\"", txn)).get(0).ignoredReason()).isEqualTo("invalid_timestamp");
        assertThat(parseSigned(t.formatted("evt_3", "transaction.completed", "\"2026-11-22T10:00:00+02:00\"", "{}"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.ignoredReason()).isEqualTo("missing_field");
                    assertThat(e.transactionId()).as("no transaction named: the event id").isEqualTo("evt_3");
                    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
                });
        assertThat(parseSigned(t.formatted("evt_4", "adjustment.updated", "\"2026-11-22T10:00:00Z\"", "{\"id\":\"adj_01a\",\"action\":\"refund\"}")))
                .singleElement().satisfies(e -> {
                    assertThat(e.ignoredReason()).isEqualTo("missing_field");
                    assertThat(e.transactionId()).isEqualTo("adj_01a");
                });
        assertThat(parseSigned(t.formatted("evt_5", "transaction.completed", "\"2026-11-22T10:00:00.123456Z\"", txn))).singleElement()
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(Status.SUCCEEDED);
                    assertThat(e.amount()).isEqualTo(new Money(100, "EUR"));
                    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123456Z"));
                });
        assertThat(parseSigned(t.formatted("evt_6", "transaction.completed", "\"2026-11-22T10:00:00Z\"",
                "{\"id\":\"4111111111111111\",\"status\":\"completed\"}")).get(0).transactionId()).as("never a card-like id").isEqualTo("evt_6");
    }

    // --- order-independence of realistic lifecycles -------------------------------------------------------------------

    List<PaymentEvent> lifecycle(String... types) {
        List<PaymentEvent> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            out.add(deliver(types[i], 6600, "GBP", "evt_01life%03d".formatted(i + 1), NOW.plusSeconds(60L * i)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            checkout paid and completed         | SUCCEEDED          | transaction.created transaction.ready transaction.billed transaction.paid transaction.completed transaction.updated
            a failed attempt, then paid         | SUCCEEDED          | transaction.created transaction.billed transaction.payment_failed transaction.paid transaction.completed
            renewal past due                    | FAILED             | transaction.billed transaction.payment_failed transaction.past_due
            renewal past due, then canceled     | CANCELED           | transaction.billed transaction.past_due transaction.canceled
            refund requested, approved in part  | PARTIALLY_REFUNDED | transaction.paid transaction.completed adjustment.created adjustment.updated.partial
            refunded in full                    | REFUNDED           | transaction.paid transaction.completed adjustment.created adjustment.updated
            refund rejected                     | SUCCEEDED          | transaction.paid transaction.completed adjustment.created adjustment.updated.rejected
            charged back                        | DISPUTED           | transaction.billed transaction.paid transaction.completed adjustment.created.chargeback_warning adjustment.created.chargeback
            chargeback reversed                 | SUCCEEDED          | transaction.paid transaction.completed adjustment.created.chargeback adjustment.created.chargeback_reverse
            refunded in part, then charged back | DISPUTED           | transaction.completed adjustment.updated.partial adjustment.created.chargeback
            credit is not a refund              | SUCCEEDED          | transaction.paid transaction.completed adjustment.created.credit
            """)
    void aLifecycleEndsTheSameInEveryArrivalOrder(String name, Status expected, String steps) {
        List<PaymentEvent> events = lifecycle(steps.trim().split("\\s+"));
        assertThat(events).allSatisfy(e -> assertThat(e.transactionId()).isEqualTo(TXN));
        long orders = DeliveryChecks.foldsToTheSameInEveryOrder(events, expected);
        assertThat(orders).isGreaterThanOrEqualTo(6);
    }
}

package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.json.Json;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.DeliveryChecks;
import io.payhook.core.webhook.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static io.payhook.core.webhook.custom.CustomSpecs.entry;
import static io.payhook.core.webhook.custom.CustomSpecs.timestamped;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mapping a verified delivery of a configured sender: the statuses map, exact amounts, identity, time, and every way a
 * field can be missing or wrong — kept as an ignored event with a stable reason, never refused (only a body that is not
 * a JSON object is).
 */
class CustomProviderMappingTest {
    static final Instant NOW = Instant.parse("2026-03-14T08:26:53Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final CustomProvider acme = CustomSpecs.provider(entry("acme"), clock);

    /** A delivery in the shape {@link CustomSpecs#entry} describes. */
    static ObjectNode body(String state, long amount, String currency) {
        ObjectNode b = Json.mapper().createObjectNode();
        b.put("id", "evt_01HQ7K");
        b.put("type", "payment.updated");
        b.put("created_at", "2026-03-14T09:26:53+01:00");
        ObjectNode p = b.putObject("payment");
        p.put("id", "pay_5QK2N8");
        p.put("state", state);
        p.put("amount", amount);
        p.put("currency", currency);
        p.putObject("customer").put("id", "cus_8812").put("email", "buyer@example.com");
        return b;
    }

    static ObjectNode payment(ObjectNode body) { return (ObjectNode) body.get("payment"); }

    static byte[] bytes(JsonNode n) {
        try {
            return Json.mapper().writeValueAsBytes(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    PaymentEvent parse(CustomProvider p, JsonNode body) { return parse(p, bytes(body), Map.of()); }

    PaymentEvent parse(CustomProvider p, byte[] body, Map<String, String> headers) {
        List<PaymentEvent> events = p.parse(new WebhookRequest(headers, Map.of(), body));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    // --- the statuses map ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "pending, PENDING", "authorized, AUTHORIZED", "paid, SUCCEEDED", "failed, FAILED", "voided, CANCELED",
            "partially_refunded, PARTIALLY_REFUNDED", "refunded, REFUNDED", "disputed, DISPUTED"})
    void eachStatusOfTheMapReportsItsCanonicalStatus(String state, Status expected) {
        PaymentEvent e = parse(acme, body(state, 4250, "EUR"));
        assertThat(e.provider()).isEqualTo("acme");
        assertThat(e.eventId()).isEqualTo("evt_01HQ7K");
        assertThat(e.transactionId()).isEqualTo("pay_5QK2N8");
        assertThat(e.type()).isEqualTo("payment.updated");
        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.ignored()).isFalse();
        assertThat(e.reverses()).isEmpty();
        assertThat(e.amount()).isEqualTo(new Money(4250, "EUR"));
        assertThat(e.customerId()).isEqualTo("cus_8812");
        assertThat(e.customerEmail()).isEqualTo("buyer@example.com");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-14T08:26:53Z"));
    }

    @Test
    void aStatusNotInTheMapIsKeptAsIgnoredWithUnknownStatus() {
        for (String state : List.of("settled", "PAID", "Paid", " paid", "paid ")) {
            PaymentEvent e = parse(acme, body(state, 4250, "EUR"));
            assertThat(e.ignored()).as(state).isTrue();
            assertThat(e.ignoredReason()).isEqualTo("unknown_status");
            assertThat(e.eventId()).isEqualTo("evt_01HQ7K");
            assertThat(e.transactionId()).isEqualTo("pay_5QK2N8");
            assertThat(e.amount()).isNull();
        }
    }

    @Test
    void aStatusMappedToNullIsKnownAndIgnoredWithItsAmount() {
        PaymentEvent e = parse(acme, body("created", 4250, "EUR"));
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(e.amount()).isEqualTo(new Money(4250, "EUR"));
        // without a readable amount it is still the same ignored event
        ObjectNode b = body("created", 0, "EUR");
        payment(b).put("amount", "4,250");
        PaymentEvent f = parse(acme, b);
        assertThat(f.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(f.amount()).isNull();
    }

    @Test
    void aStatusMissingOrNotAStringIsIgnoredAndAnIntegerStatusIsLookedUpByItsText() {
        ObjectNode b = body("paid", 4250, "EUR");
        payment(b).remove("state");
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("missing_field");
        payment(b).putNull("state");
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("missing_field");
        payment(b).putObject("state").put("code", "paid");
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("invalid_field");
        payment(b).put("state", true);
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("invalid_field");
        ObjectNode numeric = entry("acme");
        numeric.putObject("statuses").put("1", "SUCCEEDED").put("2", "FAILED");
        CustomProvider n = CustomSpecs.provider(numeric, clock);
        payment(b).put("state", 1);
        assertThat(parse(n, b).status()).isEqualTo(Status.SUCCEEDED);
        payment(b).put("state", "2");
        assertThat(parse(n, b).status()).isEqualTo(Status.FAILED);
        payment(b).put("state", 1.0);
        assertThat(parse(n, b).ignoredReason()).isEqualTo("invalid_field");
    }

    // --- amounts ----------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"4250, EUR, 4250, EUR", "129900, jpy, 129900, JPY", "1250, KWD, 1250, KWD", "0, USD, 0, USD",
            "4611686018427387903, EUR, 4611686018427387903, EUR"})
    void amountsAreExactIntegerMinorUnitsInTheirCurrency(long amount, String currency, long minor, String iso) {
        PaymentEvent e = parse(acme, body("paid", amount, currency));
        assertThat(e.amount()).isEqualTo(new Money(minor, iso));
    }

    @Test
    void anAmountWrittenAsDigitsIsExactToo() {
        ObjectNode b = body("paid", 0, "EUR");
        payment(b).put("amount", "4250");
        assertThat(parse(acme, b).amount()).isEqualTo(new Money(4250, "EUR"));
        payment(b).put("amount", "000123456789012345");
        assertThat(parse(acme, b).amount()).isEqualTo(new Money(123456789012345L, "EUR"));
    }

    @Test
    void anAmountThatIsNotIntegerMinorUnitsIsIgnoredNeverRounded() {
        List<java.util.function.Consumer<ObjectNode>> bad = List.of(
                p -> p.put("amount", 42.50), p -> p.put("amount", 4250.0), p -> p.put("amount", -1), p -> p.put("amount", "42.50"),
                p -> p.put("amount", "-1"), p -> p.put("amount", "1e3"), p -> p.put("amount", ""), p -> p.put("amount", true),
                p -> p.put("amount", new java.math.BigInteger("4611686018427387904")), p -> p.putObject("amount").put("value", 1));
        for (var change : bad) {
            ObjectNode b = body("paid", 0, "EUR");
            change.accept(payment(b));
            PaymentEvent e = parse(acme, b);
            assertThat(e.ignored()).as(b.toString()).isTrue();
            assertThat(e.ignoredReason()).as(b.toString()).isEqualTo("invalid_amount");
            assertThat(e.amount()).isNull();
        }
        ObjectNode missing = body("paid", 0, "EUR");
        payment(missing).remove("amount");
        assertThat(parse(acme, missing).ignoredReason()).isEqualTo("missing_field");
    }

    @Test
    void aCurrencyThatIsNotIso4217IsIgnored() {
        for (String c : List.of("EURO", "XYZ", "€", "")) {
            assertThat(parse(acme, body("paid", 4250, c)).ignoredReason()).as(c).isEqualTo("unknown_currency");
        }
        ObjectNode b = body("paid", 4250, "EUR");
        payment(b).put("currency", 978);
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("unknown_currency");
        payment(b).remove("currency");
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("missing_field");
    }

    // --- identity -----------------------------------------------------------------------------------------------------------

    @Test
    void identifiersMayBeStringsOrIntegers() {
        ObjectNode b = body("paid", 4250, "EUR");
        b.put("id", 902211);
        payment(b).put("id", 77);
        PaymentEvent e = parse(acme, b);
        assertThat(e.eventId()).isEqualTo("902211");
        assertThat(e.transactionId()).isEqualTo("77");
        assertThat(e.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void withoutAUsableEventIdTheEventIsKeptIgnoredUnderAnIdDerivedFromTheBody() {
        ObjectNode b = body("paid", 4250, "EUR");
        b.remove("id");
        PaymentEvent e = parse(acme, b);
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo("missing_field");
        assertThat(e.eventId()).matches("acme:sha256:[a-p]{64}");
        assertThat(e.transactionId()).isEqualTo("pay_5QK2N8");
        // the same bytes give the same id (a redelivery dedupes); other bytes another
        assertThat(parse(acme, b).eventId()).isEqualTo(e.eventId());
        payment(b).put("amount", 4251);
        assertThat(parse(acme, b).eventId()).isNotEqualTo(e.eventId());
        // present but not an identifier, or personal data / a card number in it: invalid_id
        for (var bad : List.<java.util.function.Consumer<ObjectNode>>of(n -> n.put("id", "evt 1"), n -> n.put("id", "buyer@example.com"),
                n -> n.put("id", "4111111111111111"), n -> n.put("id", -3), n -> n.put("id", "x".repeat(129)), n -> n.putArray("id"))) {
            ObjectNode c = body("paid", 4250, "EUR");
            bad.accept(c);
            PaymentEvent i = parse(acme, c);
            assertThat(i.ignoredReason()).as(c.get("id").toString()).isEqualTo("invalid_id");
            assertThat(i.eventId()).startsWith("acme:sha256:");
            assertThat(ProtectionGate.isAcceptableId(i.eventId())).isTrue();
        }
    }

    @Test
    void withoutAUsableTransactionIdTheEventIsKeptIgnoredUnderItsEventId() {
        ObjectNode b = body("paid", 4250, "EUR");
        payment(b).remove("id");
        PaymentEvent e = parse(acme, b);
        assertThat(e.ignoredReason()).isEqualTo("missing_field");
        assertThat(e.transactionId()).isEqualTo("evt_01HQ7K");
        assertThat(e.eventId()).isEqualTo("evt_01HQ7K");
        payment(b).put("id", "5105105105105100"); // a test Mastercard number: never an identifier
        PaymentEvent f = parse(acme, b);
        assertThat(f.ignoredReason()).isEqualTo("invalid_id");
        assertThat(f.transactionId()).isEqualTo("evt_01HQ7K");
        // neither id: both fall back to the derived one
        b.remove("id");
        PaymentEvent g = parse(acme, b);
        assertThat(g.eventId()).isEqualTo(g.transactionId()).startsWith("acme:sha256:");
    }

    // --- time ---------------------------------------------------------------------------------------------------------------

    @Test
    void occurredAtIsIsoWithOffsetOrUnixSeconds() {
        ObjectNode b = body("paid", 4250, "EUR");
        b.put("created_at", "2026-03-14T17:26:53+09:00");
        assertThat(parse(acme, b).occurredAt()).isEqualTo(Instant.parse("2026-03-14T08:26:53Z"));
        b.put("created_at", 1773476813L);
        assertThat(parse(acme, b).occurredAt()).isEqualTo(Instant.parse("2026-03-14T08:26:53Z"));
        b.put("created_at", 0);
        assertThat(parse(acme, b).occurredAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aConfiguredTimeThatCannotBeReadMakesTheEventIgnored() {
        for (var bad : List.<java.util.function.Consumer<ObjectNode>>of(n -> n.put("created_at", 1773476813000L), n -> n.put("created_at", "yesterday"),
                n -> n.put("created_at", "2026-03-14 08:26:53"), n -> n.put("created_at", -1), n -> n.put("created_at", 1.7e9),
                n -> n.put("created_at", "10000-01-01T00:00:00Z"))) {
            ObjectNode b = body("paid", 4250, "EUR");
            bad.accept(b);
            PaymentEvent e = parse(acme, b);
            assertThat(e.ignoredReason()).as(b.get("created_at").toString()).isEqualTo("invalid_timestamp");
            assertThat(e.occurredAt()).isEqualTo(NOW); // kept with the time of receipt
        }
        ObjectNode b = body("paid", 4250, "EUR");
        b.remove("created_at");
        assertThat(parse(acme, b).ignoredReason()).isEqualTo("missing_field");
    }

    @Test
    void withoutAConfiguredTimeTheSignedTimestampElseTheTimeOfReceipt() {
        ObjectNode noTime = entry("acme");
        ((ObjectNode) noTime.get("fields")).remove("occurred_at");
        ObjectNode b = body("paid", 4250, "EUR");
        PaymentEvent byReceipt = parse(CustomSpecs.provider(noTime, clock), b);
        assertThat(byReceipt.occurredAt()).isEqualTo(NOW);
        assertThat(byReceipt.status()).isEqualTo(Status.SUCCEEDED);
        CustomProvider ts = CustomSpecs.provider(timestamped(noTime, 300), clock);
        PaymentEvent bySignature = parse(ts, bytes(b), Map.of("X-acme-Timestamp", "1773476700"));
        assertThat(bySignature.occurredAt()).isEqualTo(Instant.ofEpochSecond(1773476700));
    }

    // --- type and customer ----------------------------------------------------------------------------------------------------

    @Test
    void theTypeIsTheConfiguredFieldElseTheStatusElseTheName() {
        ObjectNode b = body("paid", 4250, "EUR");
        b.remove("type");
        assertThat(parse(acme, b).type()).isEqualTo("paid");
        b.put("type", "x".repeat(129));
        assertThat(parse(acme, b).type()).isEqualTo("paid");
        ObjectNode noType = entry("acme");
        ((ObjectNode) noType.get("fields")).remove("type");
        b.put("type", "payment.updated");
        assertThat(parse(CustomSpecs.provider(noType, clock), b).type()).isEqualTo("paid");
        payment(b).remove("state");
        b.remove("type");
        assertThat(parse(acme, b).type()).isEqualTo("acme");
    }

    @Test
    void customerFieldsAreOptionalAndDroppedByTheGateWhenTheyAreNotWhatTheyClaim() {
        ObjectNode b = body("paid", 4250, "EUR");
        ObjectNode customer = (ObjectNode) payment(b).get("customer");
        customer.put("id", 8812).put("email", "not an address");
        PaymentEvent e = parse(acme, b);
        assertThat(e.customerId()).isEqualTo("8812");
        PaymentEvent checked = ProtectionGate.check(e, acme.personalDataPolicy());
        assertThat(acme.personalDataPolicy()).isEqualTo(ProtectionGate.Policy.DROP);
        assertThat(checked.customerEmail()).isNull();
        assertThat(checked.status()).isEqualTo(Status.SUCCEEDED);
        customer.put("id", "buyer@example.com");
        assertThat(ProtectionGate.check(parse(acme, b), ProtectionGate.Policy.DROP).customerId()).isNull();
        payment(b).remove("customer");
        PaymentEvent none = parse(acme, b);
        assertThat(none.customerId()).isNull();
        assertThat(none.customerEmail()).isNull();
        assertThat(none.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void theMerchantIsTheConfiguredFieldAStringOrAnIntegerAlsoOfAnIgnoredEvent() {
        ObjectNode spec = entry("acme");
        ((ObjectNode) spec.get("fields")).put("merchant", "/account");
        CustomProvider withMerchant = CustomSpecs.provider(spec, clock);
        ObjectNode b = body("paid", 4250, "EUR");
        b.put("account", "acme-shop-eu");
        assertThat(parse(withMerchant, b).merchant()).isEqualTo("acme-shop-eu");
        assertThat(parse(acme, b).merchant()).as("no pointer configured: none").isNull();
        b.put("account", 7001);
        assertThat(parse(withMerchant, b).merchant()).isEqualTo("7001");
        b.put("account", "Shop EU");
        PaymentEvent spaced = parse(withMerchant, b);
        assertThat(ProtectionGate.check(spaced, withMerchant.personalDataPolicy()).merchant()).as("not an id: dropped").isNull();
        assertThat(ProtectionGate.check(spaced, withMerchant.personalDataPolicy()).status()).isEqualTo(Status.SUCCEEDED);
        b.remove("account");
        assertThat(parse(withMerchant, b).merchant()).isNull();
        b.put("account", "acme-shop-eu");
        payment(b).remove("id");
        PaymentEvent ignored = parse(withMerchant, b);
        assertThat(ignored.ignoredReason()).isEqualTo("missing_field");
        assertThat(ignored.merchant()).isEqualTo("acme-shop-eu");
    }

    // --- the body -------------------------------------------------------------------------------------------------------------

    @Test
    void onlyABodyThatIsNotAJsonObjectIsRefused() {
        for (String bad : List.of("not json", "[1,2]", "\"paid\"", "{\"id\":1,\"id\":2}", "{} {}")) {
            expect(() -> acme.parse(new WebhookRequest(Map.of(), Map.of(), bad.getBytes(StandardCharsets.UTF_8))), ErrorCode.MALFORMED_JSON);
        }
        // an empty object is a verified delivery of nothing payhook can read: kept, ignored
        PaymentEvent e = parse(acme, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(e.ignoredReason()).isEqualTo("missing_field");
    }

    // --- JSON Pointers ---------------------------------------------------------------------------------------------------------

    @Test
    void pointersFollowRfc6901() throws Exception {
        JsonNode doc = Json.tree(("{\"a/b\": 1, \"m~n\": 2, \"\": 3, \"items\": [{\"x\": \"first\"}, {\"x\": \"second\"}],"
                + " \"n\": null, \"s\": \"text\", \" \": 7}").getBytes(StandardCharsets.UTF_8));
        assertThat(FieldPointer.parse("/a~1b").find(doc).intValue()).isEqualTo(1);
        assertThat(FieldPointer.parse("/m~0n").find(doc).intValue()).isEqualTo(2);
        assertThat(FieldPointer.parse("/").find(doc).intValue()).isEqualTo(3);
        assertThat(FieldPointer.parse("/ ").find(doc).intValue()).isEqualTo(7);
        assertThat(FieldPointer.parse("/items/1/x").find(doc).textValue()).isEqualTo("second");
        assertThat(FieldPointer.parse("/items/0/x").find(doc).textValue()).isEqualTo("first");
        // ~01 is "~1" literally (unescaping ~1 first would give "/")
        assertThat(FieldPointer.parse("/~01").tokens()).containsExactly("~1");
        for (String absent : List.of("/items/2/x", "/items/01/x", "/items/-/x", "/items/-1/x", "/items/x", "/n", "/s/0", "/missing", "/a/b",
                "/items/99999999999/x")) {
            assertThat(FieldPointer.parse(absent).find(doc)).as(absent).isNull();
        }
    }

    // --- a lifecycle folds the same in every order --------------------------------------------------------------------------

    @Test
    void aRealisticLifecycleFoldsToTheSameStatusInEveryArrivalOrder() {
        List<PaymentEvent> events = new ArrayList<>();
        String[][] steps = {{"pending", "2026-03-14T08:00:00Z"}, {"authorized", "2026-03-14T08:00:05Z"}, {"paid", "2026-03-14T08:01:00Z"},
                {"partially_refunded", "2026-03-15T10:00:00Z"}, {"refunded", "2026-03-16T10:00:00Z"}};
        int i = 0;
        for (String[] step : steps) {
            ObjectNode b = body(step[0], 4250, "EUR");
            b.put("id", "evt_" + (++i));
            b.put("created_at", step[1]);
            events.add(parse(acme, b));
        }
        assertThat(DeliveryChecks.foldsToTheSameInEveryOrder(events, Status.REFUNDED)).isEqualTo(120);
    }
}

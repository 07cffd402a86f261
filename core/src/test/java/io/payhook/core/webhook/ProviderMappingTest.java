package io.payhook.core.webhook;

import io.payhook.core.webhook.adyen.AdyenEventCodes;
import io.payhook.core.json.Json;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.stripe.StripeProvider;
import io.payhook.core.webhook.adyen.AdyenProvider;
import io.payhook.core.webhook.standardwebhooks.StandardWebhooksProvider;
import io.payhook.testkit.SampleDeliveries;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.payhook.core.webhook.ProviderSignaturesTest.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type each provider maps, from a sample delivery to the canonical event; and what a
 * handled event lacking what payhook needs gets (400/422), while an ignored one is acknowledged.
 */
class ProviderMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Map<String, String> SECRETS = Map.of(
            "stripe", "whsec_test_only_mapping",
            "adyen", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
            "standard_webhooks", "whsec_dGVzdC1vbmx5LW1hcHBpbmcta2V5",
            "generic", "test_only_generic");
    final ProviderRegistry registry = Providers.standard(Clock.fixed(NOW, ZoneOffset.UTC));

    List<PaymentEvent> deliver(String provider, String type, String txn) {
        var d = SampleDeliveries.build(provider, type,
                new SampleDeliveries.SampleOptions(txn, 2500, "eur", "customer@example.com", null), SECRETS.get(provider), NOW);
        return deliver(provider, d.headers(), d.body());
    }

    List<PaymentEvent> deliver(String provider, Map<String, String> headers, byte[] body) {
        var request = new WebhookRequest(headers, Map.of(), body);
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
            "stripe, charge.succeeded.uncaptured, AUTHORIZED",
            "stripe, charge.captured, SUCCEEDED",
            "stripe, charge.expired, CANCELED",
            "stripe, refund.failed, SUCCEEDED",
            "stripe, charge.dispute.closed.won, SUCCEEDED",
            "adyen, AUTHORISATION, AUTHORIZED",
            "adyen, CAPTURE_FAILED, FAILED",
            "adyen, TECHNICAL_CANCEL, CANCELED",
            "adyen, EXPIRE, CANCELED",
            "adyen, REFUND_FAILED, SUCCEEDED",
            "adyen, CHARGEBACK_REVERSED, SUCCEEDED",
            "adyen, SECOND_CHARGEBACK, DISPUTED",
            "adyen, AUTHORISATION_FAILED, FAILED",
            "adyen, CAPTURE, SUCCEEDED",
            "adyen, CANCELLATION, CANCELED",
            "adyen, REFUND, REFUNDED",
            "adyen, CHARGEBACK, DISPUTED",
            "standard_webhooks, pending, PENDING",
            "standard_webhooks, authorized, AUTHORIZED",
            "standard_webhooks, succeeded, SUCCEEDED",
            "standard_webhooks, failed, FAILED",
            "standard_webhooks, canceled, CANCELED",
            "standard_webhooks, partially_refunded, PARTIALLY_REFUNDED",
            "standard_webhooks, refunded, REFUNDED",
            "standard_webhooks, disputed, DISPUTED",
            "generic, pending, PENDING",
            "generic, authorized, AUTHORIZED",
            "generic, succeeded, SUCCEEDED",
            "generic, failed, FAILED",
            "generic, canceled, CANCELED",
            "generic, partially_refunded, PARTIALLY_REFUNDED",
            "generic, refunded, REFUNDED",
            "generic, disputed, DISPUTED",
    })
    void mapsToTheCanonicalEvent(String provider, String type, Status expected) {
        // (what an event takes back besides is asserted in whatSomeEventsTakeBack)
        String txn = provider.equals("adyen") ? "QFQTPCQ8HXSKGK82" : "pi_3TestMapping0001";
        List<PaymentEvent> events = deliver(provider, type, txn);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo(provider);
            assertThat(e.status()).isEqualTo(expected);
            assertThat(e.transactionId()).as("the provider's reference as written, no prefix").isEqualTo(txn);
            assertThat(e.amount().minorUnits()).isEqualTo(2500);
            assertThat(e.amount().currency()).as("lower-case currencies normalised").isEqualTo("EUR");
            assertThat(e.eventId()).isNotBlank();
            assertThat(e.occurredAt()).isEqualTo(NOW);
            if (e.paymentMethod() != null) assertThat(e.paymentMethod()).matches("(visa|card) \\*{4}[0-9]{4}|visa");
        });
    }

    @Test
    void stripeChargesAndDisputesBelongToTheirPaymentIntent() {
        assertThat(deliver("stripe", "charge.succeeded", "pi_3Link").get(0).transactionId()).isEqualTo("pi_3Link");
        assertThat(deliver("stripe", "charge.dispute.created", "pi_3Link").get(0).transactionId()).isEqualTo("pi_3Link");
        var charge = deliver("stripe", "charge.succeeded", "pi_3Link").get(0);
        assertThat(charge.paymentMethod()).isEqualTo("visa ****4242");
        assertThat(charge.customerEmail()).isEqualTo("customer@example.com");
        assertThat(charge.customerId()).startsWith("cus_");
        assertThat(deliver("stripe", "payment_intent.payment_failed", "pi_3Link").get(0).paymentMethod()).isEqualTo("visa ****0002");
    }

    @Test
    void adyenModificationsBelongToTheOriginalPaymentAndEventIdsAreStable() {
        var refund = deliver("adyen", "REFUND", "QFQTPCQ8HXSKGK82").get(0);
        assertThat(refund.transactionId()).isEqualTo("QFQTPCQ8HXSKGK82");
        assertThat(refund.eventId()).endsWith(":REFUND:true").doesNotStartWith("QFQTPCQ8HXSKGK82");
        assertThat(refund.paymentMethod()).isEqualTo("visa ****1111");
        var auth = deliver("adyen", "AUTHORISATION", "QFQTPCQ8HXSKGK82").get(0);
        assertThat(auth.eventId()).isEqualTo("QFQTPCQ8HXSKGK82:AUTHORISATION:true");
        assertThat(auth.customerEmail()).isEqualTo("customer@example.com");
        assertThat(auth.customerId()).startsWith("shopper-");
        assertThat(deliver("adyen", "AUTHORISATION_FAILED", "QFQTPCQ8HXSKGK82").get(0).eventId())
                .isEqualTo("QFQTPCQ8HXSKGK82:AUTHORISATION:false");
    }

    /** The events a status ranking alone could not express: each says what it takes back. */
    @ParameterizedTest(name = "{0} {1} takes back {2}")
    @CsvSource({
            "stripe, refund.failed, REFUNDED PARTIALLY_REFUNDED",
            "stripe, charge.dispute.closed.won, DISPUTED",
            "adyen, CAPTURE_FAILED, AUTHORIZED SUCCEEDED",
            "adyen, REFUND_FAILED, REFUNDED PARTIALLY_REFUNDED",
            "adyen, CHARGEBACK_REVERSED, DISPUTED",
            "stripe, charge.dispute.closed, ''",
            "stripe, charge.succeeded.uncaptured, ''",
            "adyen, EXPIRE, ''",
    })
    void whatSomeEventsTakeBack(String provider, String type, String statuses) {
        String txn = provider.equals("adyen") ? "QFQTPCQ8HXSKGK82" : "pi_3TestMapping0001";
        java.util.Set<Status> expected = statuses.isBlank() ? Set.of()
                : java.util.Arrays.stream(statuses.split(" ")).map(Status::valueOf).collect(java.util.stream.Collectors.toSet());
        assertThat(deliver(provider, type, txn)).singleElement().satisfies(e -> {
            assertThat(e.reverses()).isEqualTo(expected);
            assertThat(e.transactionId()).isEqualTo(txn);
        });
    }

    @Test
    void adyenStatusTable() {
        assertThat(AdyenEventCodes.status("AUTHORISATION", true, null)).isEqualTo(Status.AUTHORIZED);
        assertThat(AdyenEventCodes.status("AUTHORISATION", false, null)).isEqualTo(Status.FAILED);
        assertThat(AdyenEventCodes.status("CAPTURE", false, null)).as("a failed capture changes nothing").isNull();
        assertThat(AdyenEventCodes.status("CANCELLATION", false, null)).isNull();
        assertThat(AdyenEventCodes.status("REFUND", false, null)).isNull();
        assertThat(AdyenEventCodes.status("CANCEL_OR_REFUND", true, "cancel")).isEqualTo(Status.CANCELED);
        assertThat(AdyenEventCodes.status("CANCEL_OR_REFUND", true, "refund")).isEqualTo(Status.REFUNDED);
        assertThat(AdyenEventCodes.status("CANCEL_OR_REFUND", true, null)).isEqualTo(Status.CANCELED);
        assertThat(AdyenEventCodes.status("NOTIFICATION_OF_CHARGEBACK", true, null)).isEqualTo(Status.DISPUTED);
        assertThat(AdyenEventCodes.status("REPORT_AVAILABLE", true, null)).isNull();
        // what a status ranking alone could not say: these take back what was reported before them
        assertThat(AdyenEventCodes.effect("CHARGEBACK_REVERSED", true, null, null))
                .isEqualTo(new AdyenEventCodes.Effect(Status.SUCCEEDED, Set.of(Status.DISPUTED)));
        assertThat(AdyenEventCodes.effect("REFUND_FAILED", true, null, null))
                .isEqualTo(new AdyenEventCodes.Effect(Status.SUCCEEDED, Set.of(Status.REFUNDED, Status.PARTIALLY_REFUNDED)));
        assertThat(AdyenEventCodes.effect("CAPTURE_FAILED", true, null, null))
                .isEqualTo(new AdyenEventCodes.Effect(Status.FAILED, Set.of(Status.SUCCEEDED, Status.AUTHORIZED)));
        assertThat(AdyenEventCodes.status("EXPIRE", true, null)).isEqualTo(Status.CANCELED);
        assertThat(AdyenEventCodes.status("TECHNICAL_CANCEL", true, null)).isEqualTo(Status.CANCELED);
        assertThat(AdyenEventCodes.status("SECOND_CHARGEBACK", true, null)).isEqualTo(Status.DISPUTED);
        // Adyen's disputeStatus, when present, decides over the code
        assertThat(AdyenEventCodes.effect("ISSUER_RESPONSE_TIMEFRAME_EXPIRED", true, null, "Lost").status()).isEqualTo(Status.DISPUTED);
        assertThat(AdyenEventCodes.effect("NOTIFICATION_OF_CHARGEBACK", true, null, "Won").reverses()).containsExactly(Status.DISPUTED);
    }

    // --- handled events lacking what payhook needs; ignored events acknowledged -------------------

    byte[] stripeBody(String type, Consumer<ObjectNode> change) throws Exception {
        var d = SampleDeliveries.build("stripe", type, new SampleDeliveries.SampleOptions("pi_3Edit", 2500, "eur", null, "evt_edit"), "x", NOW);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        change.accept(root);
        return Json.mapper().writeValueAsBytes(root);
    }

    /** What the protection gate lets through of a provider's events (its DROP policy). */
    static List<PaymentEvent> kept(List<PaymentEvent> events) {
        return events.stream().map(e -> ProtectionGate.check(e, ProtectionGate.Policy.DROP)).toList();
    }

    List<PaymentEvent> stripeParse(byte[] body) {
        return new StripeProvider().parse(new WebhookRequest(Map.of(), Map.of(), body));
    }

    static ObjectNode object(ObjectNode root) { return (ObjectNode) root.get("data").get("object"); }

    /** A mapped Stripe event payhook cannot read is kept as ignored with the reason; only an unusable envelope is refused. */
    @Test
    void stripeKeepsHandledEventsItCannotMapAsIgnoredAndRefusesOnlyAnUnusableEnvelope() throws Exception {
        ignoredFor("missing_field", stripeBody("payment_intent.succeeded", r -> object(r).remove("amount")));
        ignoredFor("missing_field", stripeBody("payment_intent.succeeded", r -> object(r).remove("currency")));
        ignoredFor("missing_field", stripeBody("payment_intent.succeeded", r -> object(r).remove("id")));
        // a full refund says refunded:true, which needs no amounts (a 2012 charge has none); a partial one needs them
        ignoredFor("missing_field", stripeBody("charge.refunded.partial", r -> object(r).remove("amount_refunded")));
        ignoredFor("missing_field", stripeBody("charge.succeeded", r -> r.remove("data")));
        ignoredFor("invalid_amount", stripeBody("charge.succeeded", r -> object(r).put("amount", -1)));
        ignoredFor("invalid_amount", stripeBody("charge.succeeded", r -> object(r).put("amount", 19.99)));
        ignoredFor("unknown_currency", stripeBody("charge.succeeded", r -> object(r).put("currency", "zzz")));
        // the envelope — event id, type, time — is what makes it an event at all
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.remove("id"))), ErrorCode.MISSING_FIELD);
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.remove("created"))), ErrorCode.MISSING_FIELD);
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.put("created", Long.MAX_VALUE))), ErrorCode.INVALID_TIMESTAMP);
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.put("created", -1))), ErrorCode.INVALID_TIMESTAMP);
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.put("created", "yesterday"))), ErrorCode.INVALID_TIMESTAMP);
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.put("type", "Charge Succeeded\n"))), ErrorCode.INVALID_FIELD);
        expect(() -> stripeParse(stripeBody("charge.succeeded", r -> r.put("id", "evt/../1"))), ErrorCode.INVALID_ID);
    }

    void ignoredFor(String reason, byte[] body) {
        assertThat(stripeParse(body)).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.ignoredReason()).isEqualTo(reason);
            assertThat(e.status()).isNull();
        });
    }

    @Test
    void stripeChargeRefundedDecidesFullOrPartialByAmounts() throws Exception {
        assertThat(stripeParse(stripeBody("charge.refunded", r -> object(r).put("amount_refunded", 2500))).get(0).status()).isEqualTo(Status.REFUNDED);
        // refunded:false — Stripe's own flag — and less refunded than captured
        assertThat(stripeParse(stripeBody("charge.refunded", r -> object(r).put("amount_refunded", 2499).put("refunded", false))).get(0).status())
                .isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(stripeParse(stripeBody("charge.refunded", r -> object(r).put("amount_refunded", 1).put("refunded", false))).get(0).amount().minorUnits())
                .as("the event's amount is the payment's, not the refund's").isEqualTo(2500);
    }

    @Test
    void stripeReadsExpandedReferencesAndDropsPersonalDataThatHoldsACardNumber() throws Exception {
        var expanded = kept(stripeParse(stripeBody("charge.succeeded", r -> {
            object(r).putObject("payment_intent").put("id", "pi_3Expanded").put("object", "payment_intent");
            object(r).putObject("customer").put("id", "cus_Expanded");
        }))).get(0);
        assertThat(expanded.transactionId()).isEqualTo("pi_3Expanded");
        assertThat(expanded.customerId()).isEqualTo("cus_Expanded");
        var pan = kept(stripeParse(stripeBody("charge.succeeded", r -> {
            ((ObjectNode) object(r).get("billing_details")).put("email", "4111111111111111@example.com");
            object(r).put("receipt_email", "not-an-email");
            ((ObjectNode) object(r).get("payment_method_details").get("card")).put("last4", "41111111");
        }))).get(0);
        assertThat(pan.customerEmail()).isNull();
        assertThat(pan.paymentMethod()).isNull();
        assertThat(pan.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void stripeUnknownTypesAreAcknowledgedAsIgnoredWhateverTheirObject() throws Exception {
        String body = "{\"id\":\"evt_ignored1\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":" + NOW.getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"cus_123\",\"object\":\"customer\"}}}";
        assertThat(stripeParse(body.getBytes(StandardCharsets.UTF_8))).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.type()).isEqualTo("customer.created");
            assertThat(e.transactionId()).isEqualTo("cus_123");
        });
        // an ignored event about a payment joins that payment's history
        var captured = stripeParse(stripeBody("charge.succeeded", r -> r.put("type", "charge.description_changed"))).get(0);
        assertThat(captured.ignored()).isTrue();
        assertThat(captured.transactionId()).isEqualTo("pi_3Edit");
        // an object payhook does not read may lack anything: no 4xx, the event id stands in
        var odd = stripeParse(stripeBody("charge.succeeded", r -> {
            r.put("type", "balance.available");
            r.putObject("data").putObject("object").put("object", "balance").putArray("available");
        })).get(0);
        assertThat(odd.ignored()).isTrue();
        assertThat(odd.transactionId()).isEqualTo("evt_edit");
        assertThat(odd.amount()).isNull();
    }

    byte[] adyenBody(String type, Consumer<ObjectNode> change) throws Exception {
        var d = SampleDeliveries.build("adyen", type, new SampleDeliveries.SampleOptions("QFQTPCQ8HXSKGK82", 2500, "EUR",
                "customer@example.com", null), SECRETS.get("adyen"), NOW);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        change.accept((ObjectNode) root.get("notificationItems").get(0).get("NotificationRequestItem"));
        return Json.mapper().writeValueAsBytes(root);
    }

    List<PaymentEvent> adyenParse(byte[] body) {
        return new AdyenProvider(Clock.fixed(NOW, ZoneOffset.UTC)).parse(new WebhookRequest(Map.of(), Map.of(), body));
    }

    /** A handled item payhook cannot read is kept as ignored with the reason; only an item it cannot identify is refused. */
    @Test
    void adyenKeepsHandledItemsItCannotMapAsIgnoredAndAcknowledgesIgnoredOnes() throws Exception {
        adyenIgnoredFor("missing_field", adyenBody("CAPTURE", i -> i.remove("amount")));
        adyenIgnoredFor("missing_field", adyenBody("CAPTURE", i -> i.remove("eventDate")));
        adyenIgnoredFor("invalid_timestamp", adyenBody("CAPTURE", i -> i.put("eventDate", "last tuesday")));
        adyenIgnoredFor("invalid_amount", adyenBody("CAPTURE", i -> ((ObjectNode) i.get("amount")).put("value", -5)));
        adyenIgnoredFor("invalid_amount", adyenBody("CAPTURE", i -> ((ObjectNode) i.get("amount")).put("value", "2500")));
        adyenIgnoredFor("unknown_currency", adyenBody("CAPTURE", i -> ((ObjectNode) i.get("amount")).put("currency", "XYZ")));
        // the pspReference and eventCode are what make an item an event at all
        expect(() -> adyenParse(adyenBody("CAPTURE", i -> i.remove("pspReference"))), ErrorCode.MISSING_FIELD);
        expect(() -> adyenParse(adyenBody("CAPTURE", i -> i.put("eventCode", "capture now!"))), ErrorCode.INVALID_FIELD);
        // an ignored item (a failed capture, a report) is kept even without amount or date
        var ignored = adyenParse(adyenBody("CAPTURE", i -> {
            i.put("success", "false");
            i.remove("amount");
            i.remove("eventDate");
        })).get(0);
        assertThat(ignored.ignored()).isTrue();
        assertThat(ignored.amount()).isNull();
        assertThat(ignored.occurredAt()).as("time of receipt").isEqualTo(NOW);
    }

    void adyenIgnoredFor(String reason, byte[] body) {
        assertThat(adyenParse(body)).singleElement().satisfies(e -> {
            assertThat(e.ignored()).isTrue();
            assertThat(e.ignoredReason()).isEqualTo(reason);
        });
    }

    @Test
    void adyenRefundRuleAndCancelOrRefund() throws Exception {
        assertThat(adyenParse(adyenBody("REFUND", i -> { })).get(0).status()).as("no original amount: full").isEqualTo(Status.REFUNDED);
        assertThat(adyenParse(adyenBody("REFUND", i -> ((ObjectNode) i.get("additionalData")).put("originalAmountValue", "9900")))
                .get(0).status()).isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(adyenParse(adyenBody("REFUND", i -> ((ObjectNode) i.get("additionalData")).put("originalAmountValue", "2500")))
                .get(0).status()).isEqualTo(Status.REFUNDED);
        assertThat(adyenParse(adyenBody("REFUND", i -> ((ObjectNode) i.get("additionalData")).put("originalAmountValue", "lots")))
                .get(0).status()).isEqualTo(Status.REFUNDED);
        var cor = adyenParse(adyenBody("CANCELLATION", i -> {
            i.put("eventCode", "CANCEL_OR_REFUND");
            ((ObjectNode) i.get("additionalData")).put("modification.action", "refund");
        })).get(0);
        assertThat(cor.status()).isEqualTo(Status.REFUNDED);
        assertThat(cor.transactionId()).isEqualTo("QFQTPCQ8HXSKGK82");
    }

    @Test
    void adyenDropsPersonalDataThatIsNotWhatItClaims() throws Exception {
        var e = kept(adyenParse(adyenBody("AUTHORISATION", i -> {
            ObjectNode extra = (ObjectNode) i.get("additionalData");
            extra.put("shopperEmail", "5555555555554444@example.com");
            extra.put("shopperReference", "customer@example.com");
            extra.put("cardSummary", "4111111111111111");
            i.put("paymentMethod", "visa 4111 1111 1111 1111");
        }))).get(0);
        assertThat(e.customerEmail()).isNull();
        assertThat(e.customerId()).isNull();
        assertThat(e.paymentMethod()).isNull();
        assertThat(e.status()).isEqualTo(Status.AUTHORIZED);
    }

    @Test
    void standardWebhooksUsesTheGenericRulesAndTheWebhookIdAsEventId() throws Exception {
        var d = SampleDeliveries.build("standard_webhooks", "refunded", new SampleDeliveries.SampleOptions("order-77", 990, "EUR", null, null),
                SECRETS.get("standard_webhooks"), NOW);
        var e = deliver("standard_webhooks", d.headers(), d.body()).get(0);
        assertThat(e.eventId()).isEqualTo(d.headers().get("webhook-id"));
        assertThat(e.type()).isEqualTo("payment.refunded");
        var sw = new StandardWebhooksProvider(Clock.fixed(NOW, ZoneOffset.UTC));
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        // a verified delivery payhook cannot read is kept as ignored with the reason, never refused
        ((ObjectNode) root.get("data")).put("status", "teleported");
        assertThat(sw.parse(new WebhookRequest(d.headers(), Map.of(), Json.mapper().writeValueAsBytes(root)))).singleElement()
                .satisfies(x -> {
                    assertThat(x.ignoredReason()).isEqualTo("unknown_status");
                    assertThat(x.transactionId()).isEqualTo("order-77");
                });
        ((ObjectNode) root.get("data")).put("status", "succeeded").remove("transaction_id");
        assertThat(sw.parse(new WebhookRequest(d.headers(), Map.of(), Json.mapper().writeValueAsBytes(root)))).singleElement()
                .satisfies(x -> assertThat(x.ignoredReason()).isEqualTo("unmapped_event_type"));
        root.remove("data");
        assertThat(sw.parse(new WebhookRequest(d.headers(), Map.of(), Json.mapper().writeValueAsBytes(root)))).singleElement()
                .satisfies(x -> {
                    assertThat(x.ignored()).isTrue();
                    assertThat(x.transactionId()).as("the event stands for itself").isEqualTo(d.headers().get("webhook-id"));
                });
    }

    @Test
    void providerCanBeForcedByQuery() {
        var d = SampleDeliveries.build("generic", "succeeded", new SampleDeliveries.SampleOptions("t1", 1, "EUR", null, null), "x", NOW);
        var forced = new WebhookRequest(d.headers(), Map.of("provider", "generic"), d.body());
        assertThat(registry.select(forced).name()).isEqualTo("generic");
        var stripeForced = new WebhookRequest(d.headers(), Map.of("provider", "stripe"), d.body());
        assertThat(registry.select(stripeForced).name()).isEqualTo("stripe");
        var dashed = new WebhookRequest(d.headers(), Map.of("provider", "Standard-Webhooks"), d.body());
        assertThat(registry.select(dashed).name()).isEqualTo("standard_webhooks");
    }

    @Test
    void detectionOrderIsStripeStandardWebhooksAdyenGeneric() {
        // the providers recognised by their own signature headers sit between these (HmacProvidersDetectionTest)
        assertThat(registry.names()).containsSubsequence("stripe", "standard_webhooks", "paypal", "adyen", "generic").startsWith("stripe").endsWith("generic");
        byte[] adyenLooking = "{\"notificationItems\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.select(new WebhookRequest(Map.of("Stripe-Signature", "t=1,v1=x"), Map.of(), adyenLooking)).name()).isEqualTo("stripe");
        assertThat(registry.select(new WebhookRequest(Map.of("webhook-id", "m", "webhook-signature", "v1,x"), Map.of(), adyenLooking)).name())
                .isEqualTo("standard_webhooks");
        // a provider's own signature header wins over Adyen's body sniffing
        assertThat(registry.select(new WebhookRequest(Map.of("Webhook-Signature", "ab"), Map.of(), adyenLooking)).name()).isEqualTo("gocardless");
        assertThat(registry.select(new WebhookRequest(Map.of("Paddle-Signature", "ts=1;h1=x"), Map.of(), adyenLooking)).name()).isEqualTo("paddle");
        assertThat(registry.select(new WebhookRequest(Map.of("PAYPAL-TRANSMISSION-SIG", "x"), Map.of(), adyenLooking)).name()).isEqualTo("paypal");
        assertThat(registry.select(new WebhookRequest(Map.of("webhook-id", "m"), Map.of(), adyenLooking)).name()).isEqualTo("adyen");
        assertThat(registry.select(new WebhookRequest(Map.of(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8))).name()).isEqualTo("generic");
    }
}

package io.payhook.core.webhook.razorpay;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.payhook.core.webhook.Refusals.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** Every Razorpay event type payhook maps, from a signed sample delivery to the canonical event; identity; lifecycles in every order. */
class RazorpayMappingTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "test-only-razorpay-mapping-secret";
    static final String PAYMENT = "pay_MappingTest0001";

    SampleDeliveries.Delivery sample(String type, long amount, String currency, String eventId, Instant at) {
        return SampleDeliveries.build("razorpay", type, new SampleDeliveries.SampleOptions(PAYMENT, amount, currency, "customer@example.com", eventId),
                SECRET, at);
    }

    List<PaymentEvent> deliver(Map<String, String> headers, byte[] body) {
        var r = new WebhookRequest(headers, Map.of(), body);
        WebhookProvider detected = Providers.standard(Clock.fixed(NOW, ZoneOffset.UTC)).select(r);
        assertThat(detected.name()).isEqualTo("razorpay");
        detected.verify(r, List.of(SECRET), NOW, Duration.ofSeconds(300));
        return detected.parse(r);
    }

    PaymentEvent one(String type) {
        var d = sample(type, 2500, "INR", "EvtMapping0001", NOW);
        return deliver(d.headers(), d.body()).get(0);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            payment.pending                 | PENDING            | -        | 2500
            payment.authorized              | AUTHORIZED         | -        | 2500
            payment.captured                | SUCCEEDED          | -        | 2500
            payment.failed                  | FAILED             | -        | 2500
            order.paid                      | SUCCEEDED          | -        | 2500
            refund.created                  | REFUNDED           | -        | 2500
            refund.processed                | REFUNDED           | -        | 2500
            refund.processed.partial        | PARTIALLY_REFUNDED | -        | 1250
            refund.failed                   | SUCCEEDED          | REFUNDS  | 2500
            payment.dispute.created         | DISPUTED           | -        | 2500
            payment.dispute.under_review    | DISPUTED           | -        | 2500
            payment.dispute.action_required | DISPUTED           | -        | 2500
            payment.dispute.lost            | DISPUTED           | -        | 2500
            payment.dispute.won             | SUCCEEDED          | DISPUTES | 2500
            payment.dispute.closed          | SUCCEEDED          | DISPUTES | 2500
            """)
    void everyMappedType(String type, Status status, String reverses, long amount) {
        PaymentEvent e = one(type);
        assertThat(e.provider()).isEqualTo("razorpay");
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.reverses()).isEqualTo(reverses == null ? Set.of()
                : reverses.equals("REFUNDS") ? ProviderMapping.REFUNDS : ProviderMapping.DISPUTES);
        assertThat(e.transactionId()).as("the Razorpay payment id").isEqualTo(PAYMENT);
        assertThat(e.eventId()).as("the x-razorpay-event-id header").isEqualTo("EvtMapping0001");
        assertThat(e.type()).isEqualTo(type.replace(".partial", ""));
        assertThat(e.amount()).as("the payment's, the refund's or the dispute's amount").isEqualTo(new Money(amount, "INR"));
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.paymentMethod()).isEqualTo("visa ****1111");
        assertThat(e.customerEmail()).isEqualTo("customer@example.com");
        assertThat(e.customerId()).startsWith("cust_");
    }

    @Test
    void everyTypeOfTheTableHasASample() {
        for (String type : RazorpayEventTypes.RULES.keySet()) {
            assertThat(SampleDeliveries.eventTypes("razorpay")).as(type).contains(type);
        }
    }

    /** A sample changed, then signed again. */
    List<PaymentEvent> deliverEdited(String type, Map<String, String> extraHeaders, Consumer<ObjectNode> change) throws Exception {
        var d = sample(type, 2500, "INR", "EvtEdited0001", NOW);
        ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
        change.accept(root);
        byte[] body = Json.mapper().writeValueAsBytes(root);
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        headers.put(RazorpayProvider.SIGNATURE_HEADER, Signatures.hexOfBody(SECRET, body));
        return deliver(headers, body);
    }

    @Test
    void unmappedAndUnusableAreAcknowledgedAsIgnored() throws Exception {
        PaymentEvent downtime = one("payment.downtime.started");
        assertThat(downtime.ignored()).isTrue();
        assertThat(downtime.ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(downtime.transactionId()).startsWith("down_");
        // Razorpay's documentation samples carry "currency": "" — kept, ignored with the reason
        assertThat(deliverEdited("payment.captured", Map.of(), r -> ((ObjectNode) r.path("payload").path("payment").path("entity"))
                .put("currency", "")).get(0).ignoredReason()).isEqualTo("missing_field");
        assertThat(deliverEdited("payment.captured", Map.of(), r -> ((ObjectNode) r.path("payload").path("payment").path("entity"))
                .put("amount", 12.5)).get(0).ignoredReason()).isEqualTo("invalid_amount");
        List<PaymentEvent> noTime = deliverEdited("payment.captured", Map.of(), r -> r.remove("created_at"));
        assertThat(noTime.get(0).ignoredReason()).isEqualTo("invalid_timestamp");
        assertThat(noTime.get(0).occurredAt()).as("the time of receipt").isEqualTo(NOW);
        assertThat(deliverEdited("payment.captured", Map.of(), r -> ((ObjectNode) r.path("payload")).remove("payment"))
                .get(0).ignoredReason()).isEqualTo("missing_field");
        // no event type: no envelope, refused
        expect(() -> deliverEdited("payment.captured", Map.of(), r -> r.remove("event")), ErrorCode.MISSING_FIELD);
    }

    @Test
    void aRefundWithoutThePaymentInThePayloadIsPartialUntilAnEventSaysMore() throws Exception {
        PaymentEvent e = deliverEdited("refund.processed", Map.of(), r -> {
            ((ObjectNode) r.path("payload")).remove("payment");
            ((com.fasterxml.jackson.databind.node.ArrayNode) r.path("contains")).remove(1);
        }).get(0);
        assertThat(e.status()).isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(e.transactionId()).as("the refund's payment_id").isEqualTo(PAYMENT);
        // refund_status "full" alone says REFUNDED
        assertThat(deliverEdited("refund.processed.partial", Map.of(), r -> ((ObjectNode) r.path("payload").path("payment").path("entity"))
                .put("refund_status", "full")).get(0).status()).isEqualTo(Status.REFUNDED);
    }

    @Test
    void exactAmountsInRazorpaysSubunitsWhichAreIsos() {
        var jpy = sample("payment.captured", 295, "JPY", null, NOW);
        assertThat(deliver(jpy.headers(), jpy.body()).get(0).amount()).isEqualTo(new Money(295, "JPY"));
        // "to accept a payment of 295.991 [KWD], pass 295990" (Razorpay, Orders API): thousandths, the last digit 0
        var kwd = sample("payment.captured", 295_990, "KWD", null, NOW);
        Money m = deliver(kwd.headers(), kwd.body()).get(0).amount();
        assertThat(m).isEqualTo(new Money(295_990, "KWD"));
        assertThat(m.format()).isEqualTo("295.990 KWD");
        var bhd = sample("refund.processed", 99_990, "BHD", null, NOW);
        assertThat(deliver(bhd.headers(), bhd.body()).get(0).amount().format()).isEqualTo("99.990 BHD");
        var inr = sample("payment.captured", 29_900, "INR", null, NOW);
        assertThat(deliver(inr.headers(), inr.body()).get(0).amount().format()).isEqualTo("299.00 INR");
    }

    /**
     * Every currency Razorpay lists with its number of decimals (payments/international-payments.md, razorpay-php-testapp
     * markdown-docs 4adc724993f650a7fe523e77d58b8abdb7e08221): Razorpay's subunit is ISO 4217's exponent, as payhook has it, for all 127.
     */
    @Test
    void razorpaysCurrencyTableIsIsos() {
        String table = """
                AED:2 ALL:2 AMD:2 AUD:2 AWG:2 AZN:2 BAM:2 BBD:2 BDT:2 BGN:2 BHD:3 BIF:0 BMD:2 BND:2 BOB:2 BRL:2 BSD:2 BTN:2 BWP:2 BZD:2
                CAD:2 CHF:2 CLP:0 CNY:2 COP:2 CRC:2 CUP:2 CVE:2 CZK:2 DJF:0 DKK:2 DOP:2 DZD:2 EGP:2 ETB:2 EUR:2 FJD:2 GBP:2 GHS:2 GIP:2
                GMD:2 GNF:0 GTQ:2 GYD:2 HKD:2 HNL:2 HRK:2 HTG:2 HUF:2 IDR:2 ILS:2 INR:2 IQD:3 ISK:0 JMD:2 JOD:3 JPY:0 KES:2 KGS:2 KHR:2
                KMF:0 KRW:0 KWD:3 KYD:2 KZT:2 LAK:2 LKR:2 LRD:2 LSL:2 MAD:2 MDL:2 MGA:2 MKD:2 MMK:2 MNT:2 MOP:2 MUR:2 MVR:2 MWK:2 MXN:2
                MYR:2 MZN:2 NAD:2 NGN:2 NIO:2 NOK:2 NPR:2 NZD:2 OMR:3 PEN:2 PGK:2 PHP:2 PKR:2 PLN:2 PYG:0 QAR:2 RON:2 RSD:2 RUB:2 RWF:0
                SAR:2 SCR:2 SEK:2 SGD:2 SLL:2 SOS:2 SZL:2 THB:2 TND:3 TRY:2 TTD:2 TWD:2 TZS:2 UAH:2 UGX:0 USD:2 UYU:2 UZS:2 VND:0 VUV:0
                XAF:0 XCD:2 XOF:0 XPF:0 YER:2 ZAR:2 ZMW:2""";
        int n = 0;
        for (String entry : table.trim().split("\\s+")) {
            String[] kv = entry.split(":");
            assertThat(Currencies.exponent(kv[0])).as(kv[0]).contains(Integer.parseInt(kv[1]));
            n++;
        }
        assertThat(n).isEqualTo(127);
    }

    @Test
    void theEventIdIsTheHeaderElseDerivedFromTheSignedBodyAndStableAcrossRedeliveries() throws Exception {
        var d = sample("payment.captured", 2500, "INR", "EvtHeader00001", NOW);
        assertThat(deliver(d.headers(), d.body()).get(0).eventId()).isEqualTo("EvtHeader00001");
        Map<String, String> noId = new HashMap<>(d.headers());
        noId.remove(RazorpayProvider.EVENT_ID_HEADER);
        String derived = "payment.captured:" + PAYMENT + ":" + NOW.getEpochSecond();
        assertThat(deliver(noId, d.body()).get(0).eventId()).isEqualTo(derived);
        // a header that is no identifier (or one holding personal data) is not used
        Map<String, String> odd = new HashMap<>(d.headers());
        odd.put(RazorpayProvider.EVENT_ID_HEADER, "customer@example.com");
        assertThat(deliver(odd, d.body()).get(0).eventId()).isEqualTo(derived);
        // a refund's id is its own entity, not the payment
        var refund = sample("refund.failed", 2500, "INR", null, NOW);
        Map<String, String> refundNoId = new HashMap<>(refund.headers());
        refundNoId.remove(RazorpayProvider.EVENT_ID_HEADER);
        assertThat(deliver(refundNoId, refund.body()).get(0).eventId()).matches("refund\\.failed:rfnd_[A-Za-z0-9]{14}:" + NOW.getEpochSecond());

        // redeliveries: the same body with the same header, or without one, dedupe
        var store = new InMemoryTransactionStore();
        var ingest = CorpusFiles.ingest(store, NOW, Map.of("razorpay", List.of(SECRET)), null);
        assertThat(ingest.handle(new WebhookRequest(d.headers(), Map.of(), d.body())).results().get(0).duplicate()).isFalse();
        assertThat(ingest.handle(new WebhookRequest(d.headers(), Map.of(), d.body())).results().get(0).duplicate()).isTrue();
        assertThat(ingest.handle(new WebhookRequest(noId, Map.of(), d.body())).results().get(0).duplicate()).isFalse();
        assertThat(ingest.handle(new WebhookRequest(noId, Map.of(), d.body())).results().get(0).duplicate()).isTrue();
        assertThat(store.events).hasSize(2);
        assertThat(store.load(PAYMENT).orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void samplesCarryTestCardDataOnly() {
        for (String type : SampleDeliveries.eventTypes("razorpay")) {
            String text = new String(sample(type, 2500, "INR", null, NOW).body(), StandardCharsets.UTF_8);
            assertThat(CardData.containsPan(text)).as(type).isFalse();
            assertThat(text).doesNotContainPattern("@(?!example\\.com)");
        }
    }

    // --- lifecycles in every arrival order ---------------------------------------------------------

    List<PaymentEvent> lifecycle(String... types) {
        List<PaymentEvent> events = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            var d = sample(types[i], 2500, "INR", null, NOW.plusSeconds(i));
            events.addAll(deliver(d.headers(), d.body()));
        }
        return events;
    }

    @Test
    void authorisedCapturedRefunded() {
        // payment.authorized may arrive after payment.captured; order.paid repeats the capture
        assertThat(Lifecycles.everyOrderEndsIn(lifecycle("payment.authorized", "payment.captured", "order.paid", "refund.created", "refund.processed"),
                Status.REFUNDED)).isEqualTo(120);
        Lifecycles.everyOrderEndsIn(lifecycle("payment.authorized", "payment.captured", "refund.processed.partial"), Status.PARTIALLY_REFUNDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment.authorized"), Status.AUTHORIZED);
    }

    @Test
    void authorisedNeverCapturedIsRefundedByRazorpay() {
        // Razorpay has no void event: an authorisation not captured in time is refunded to the customer
        Lifecycles.everyOrderEndsIn(lifecycle("payment.authorized", "refund.created", "refund.processed"), Status.REFUNDED);
    }

    @Test
    void aRefundThatFailed() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment.authorized", "payment.captured", "refund.created", "refund.failed"), Status.SUCCEEDED);
    }

    @Test
    void aDisputeWonClosedOrLost() {
        Lifecycles.everyOrderEndsIn(lifecycle("payment.captured", "payment.dispute.created", "payment.dispute.under_review", "payment.dispute.won"),
                Status.SUCCEEDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment.captured", "payment.dispute.created", "payment.dispute.closed"), Status.SUCCEEDED);
        Lifecycles.everyOrderEndsIn(lifecycle("payment.captured", "payment.dispute.created", "payment.dispute.action_required",
                "payment.dispute.lost"), Status.DISPUTED);
    }
}

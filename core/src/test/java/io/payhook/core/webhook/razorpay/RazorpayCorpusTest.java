package io.payhook.core.webhook.razorpay;

import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Razorpay's own payloads (corpus/razorpay: the samples of its webhook documentation, sources in SOURCES.md),
 * signed over their exact bytes and delivered through the whole ingest path into an in-memory store — without
 * an {@code x-razorpay-event-id} (the documentation shows none), so the event id is the derived one.
 */
class RazorpayCorpusTest {
    static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "test-only-razorpay-corpus-secret";

    static IngestWebhook.Outcome deliver(InMemoryTransactionStore store, String file, String eventIdHeader) {
        byte[] body = CorpusFiles.read("razorpay", file);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(RazorpayProvider.SIGNATURE_HEADER, Signatures.hexOfBody(SECRET, body));
        if (eventIdHeader != null) headers.put(RazorpayProvider.EVENT_ID_HEADER, eventIdHeader);
        return CorpusFiles.ingest(store, RECEIVED, Map.of("razorpay", List.of("test-only-rotated-out", SECRET)), null)
                .handle(new WebhookRequest(headers, Map.of(), body));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            payment-authorized-card.json             | payment.authorized       | pay_DESp9bgForNoUd | AUTHORIZED         | -                   | 100    | INR | 2023-08-11T06:35:48Z | visa ****0153 | payment.authorized:pay_DESp9bgForNoUd:1691735748 | acc_BFQ7uQEaa7j2z7
            payment-authorized-netbanking.json       | payment.authorized       | pay_DESlfW9H8K9uqM | IGNORED            | missing_field       | -      | -   | 2019-09-05T09:10:06Z | -             | payment.authorized:pay_DESlfW9H8K9uqM:1567674606 | acc_BFQ7uQEaa7j2z7
            payment-captured-card.json               | payment.captured         | pay_DESp9bgForNoUd | SUCCEEDED          | -                   | 100    | INR | 2023-08-11T06:35:48Z | visa ****0153 | payment.captured:pay_DESp9bgForNoUd:1691735748 | acc_BFQ7uQEaa7j2z7
            payment-captured-upi.json                | payment.captured         | pay_DESyzxuld02Zul | IGNORED            | missing_field       | -      | -   | 2019-09-05T09:22:36Z | -             | payment.captured:pay_DESyzxuld02Zul:1567675356 | acc_BFQ7uQEaa7j2z7
            payment-failed-card.json                 | payment.failed           | pay_DESp9bgForNoUd | IGNORED            | missing_field       | -      | -   | 2023-08-11T06:35:48Z | -             | payment.failed:pay_DESp9bgForNoUd:1691735748 | acc_BFQ7uQEaa7j2z7
            order-paid-card.json                     | order.paid               | pay_DESp9bgForNoUd | SUCCEEDED          | -                   | 100    | INR | 2019-09-05T09:13:24Z | visa ****0153 | order.paid:pay_DESp9bgForNoUd:1567674804 | acc_BFQ7uQEaa7j2z7
            refund-created.json                      | refund.created           | pay_FPoJKWQQ8lK13n | PARTIALLY_REFUNDED | -                   | 50000  | INR | 2020-08-18T07:01:11Z | netbanking    | refund.created:rfnd_FS8TWyPrCsa0OB:1597734071 | acc_E7OQJcEANmBHTC
            refund-processed.json                    | refund.processed         | pay_FPoJKWQQ8lK13n | PARTIALLY_REFUNDED | -                   | 50000  | INR | 2020-08-18T07:01:11Z | netbanking    | refund.processed:rfnd_FS8TWyPrCsa0OB:1597734071 | acc_E7OQJcEANmBHTC
            refund-failed.json                       | refund.failed            | pay_FPoJKWQQ8lK13n | SUCCEEDED          | -                   | 50000  | INR | 2020-08-18T07:01:11Z | netbanking    | refund.failed:rfnd_FS8TWyPrCsa0OB:1597734071 | acc_E7OQJcEANmBHTC
            payment-dispute-created.json             | payment.dispute.created  | pay_EFtmUsbwpXwBHI | DISPUTED           | -                   | 39000  | INR | 2020-05-19T17:06:17Z | card          | payment.dispute.created:pay_EFtmUsbwpXwBHI:1589907977 | acc_CFvOKjkTwf3GQy
            payment-dispute-won.json                 | payment.dispute.won      | pay_EsIStomuIwFQ6U | SUCCEEDED          | -                   | 130000 | INR | 2020-05-19T17:26:12Z | card          | payment.dispute.won:pay_EsIStomuIwFQ6U:1589909172 | acc_CFvOKjkTwf3GQy
            payment-dispute-lost.json                | payment.dispute.lost     | pay_EFtmUsbwpXwBHI | DISPUTED           | -                   | 39000  | INR | 2020-05-19T17:10:38Z | card          | payment.dispute.lost:pay_EFtmUsbwpXwBHI:1589908238 | acc_CFvOKjkTwf3GQy
            payment-dispute-closed.json              | payment.dispute.closed   | pay_EsIKS2bpFiWghA | SUCCEEDED          | -                   | 10000  | INR | 2020-05-19T17:20:56Z | card          | payment.dispute.closed:pay_EsIKS2bpFiWghA:1589908856 | acc_CFvOKjkTwf3GQy
            payment-downtime-started-netbanking.json | payment.downtime.started | down_F1Zppa6lcVheSE | IGNORED           | unmapped_event_type | -      | -   | 2020-06-12T04:13:58Z | -             | payment.downtime.started:down_F1Zppa6lcVheSE:1591935238 | acc_CWX291oykl9aZA
            refund-speed-changed.json                | refund.speed_changed     | pay_EcPJsxu8cSzOK6 | IGNORED            | unmapped_event_type | -      | -   | 2026-11-22T10:00:00Z | -             | refund.speed_changed:rfnd_EcPN8eJuzH5Yaz:none | acc_BTIVttuC4ACVOz
            """)
    void eachFile(String file, String type, String txn, String status, String ignoredReason, Long amount, String currency, String at,
                  String method, String derivedEventId, String merchant) {
        var store = new InMemoryTransactionStore();
        var outcome = deliver(store, file, null);
        assertThat(outcome.provider()).isEqualTo("razorpay");
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo(txn);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.eventId()).as("derived: no x-razorpay-event-id").isEqualTo(derivedEventId);
        });
        StoredEvent e = CorpusFiles.only(store);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(status.equals("IGNORED") ? null : Status.valueOf(status));
        assertThat(e.ignoredReason()).isEqualTo(ignoredReason);
        assertThat(e.amount()).isEqualTo(amount == null ? null : new Money(amount, currency));
        // refund.speed_changed has no top-level created_at (the docs put it inside payload): the time of receipt
        assertThat(e.occurredAt()).as("created_at (Unix seconds) as an instant").isEqualTo(OffsetDateTime.parse(at).toInstant());
        assertThat(e.paymentMethod()).isEqualTo(method);
        CorpusFiles.assertMerchant(e, merchant); // the envelope's account_id
        if (type.equals("refund.failed")) assertThat(e.reverses()).isEqualTo(ProviderMapping.REFUNDS);
        if (type.equals("payment.dispute.won") || type.equals("payment.dispute.closed")) assertThat(e.reverses()).isEqualTo(ProviderMapping.DISPUTES);
        // the card's iin (999999) and token are in the card payloads; the UPI vpa (an address) and phone numbers too
        CorpusFiles.assertNothingCardLike(e, "999999", "token_", "gaurav.kumar@upi", "+91");
        if (e.customerEmail() != null) {
            assertThat(new String(e.customerEmail().ciphertext(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("example.com");
        }
    }

    @Test
    void withTheEventIdHeaderTheHeaderIsTheDedupeKey() {
        var store = new InMemoryTransactionStore();
        var first = deliver(store, "payment-captured-card.json", "LN7yXG4mkRtLTH");
        assertThat(first.results().get(0).eventId()).isEqualTo("LN7yXG4mkRtLTH");
        assertThat(deliver(store, "payment-captured-card.json", "LN7yXG4mkRtLTH").results().get(0).duplicate()).isTrue();
        assertThat(store.events).hasSize(1);
    }

    @Test
    void theDocumentationsLifecyclesFold() {
        var store = new InMemoryTransactionStore();
        for (String f : List.of("order-paid-card.json", "payment-captured-card.json", "payment-authorized-card.json")) deliver(store, f, null);
        var t = store.load("pay_DESp9bgForNoUd").orElseThrow();
        assertThat(t.status()).as("authorised after captured changes nothing").isEqualTo(Status.SUCCEEDED);
        assertThat(t.amount()).isEqualTo(new Money(100, "INR"));
        assertThat(t.paymentMethod()).isEqualTo("visa ****0153");

        var refunds = new InMemoryTransactionStore();
        for (String f : List.of("refund-failed.json", "refund-created.json", "refund-processed.json")) deliver(refunds, f, null);
        // the docs give all three the same created_at: a reversal takes back what occurred at or before it
        assertThat(refunds.load("pay_FPoJKWQQ8lK13n").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);

        var disputes = new InMemoryTransactionStore();
        for (String f : List.of("payment-dispute-lost.json", "payment-dispute-created.json")) deliver(disputes, f, null);
        assertThat(disputes.load("pay_EFtmUsbwpXwBHI").orElseThrow().status()).isEqualTo(Status.DISPUTED);
    }
}

package io.payhook.core.webhook.square;

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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Square's own payloads (corpus/square, sources in SOURCES.md), each signed over its exact bytes with
 * Square's algorithm and delivered through the whole ingest path into an in-memory store.
 */
class SquareCorpusTest {
    static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
    static final String KEY = "test-only-square-corpus-key";
    static final String URL = "https://payhook.example.com/webhooks/payment";

    static IngestWebhook.Outcome deliver(InMemoryTransactionStore store, String file) {
        byte[] body = CorpusFiles.read("square", file);
        var headers = Map.of("Content-Type", "application/json", SquareProvider.SIGNATURE_HEADER, Signatures.square(KEY, URL, body));
        return CorpusFiles.ingest(store, RECEIVED, Map.of("square", List.of("test-only-rotated-out", KEY)), URL)
                .handle(new WebhookRequest(headers, Map.of(), body));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            payment-created.json           | payment.created       | hYy9pRFVxpDsO1FB05SunFWUe9JZY                                            | AUTHORIZED         | -                 | 100  | USD | 2020-02-06T21:27:30.792Z | mastercard ****9029 | 6SSW7HV8K2ST5
            payment-updated-completed.json | payment.updated       | hYy9pRFVxpDsO1FB05SunFWUe9JZY                                            | SUCCEEDED          | -                 | 100  | USD | 2020-02-06T21:27:34.308Z | mastercard ****9029 | 6SSW7HV8K2ST5
            refund-created.json            | refund.created        | KkAkhdMsgzn59SM8A89WgKwekxLZY                                            | IGNORED            | no_state_change   | 1000 | USD | 2020-02-06T21:27:41.852Z | - | 6SSW7HV8K2ST5
            refund-updated.json            | refund.updated        | KkAkhdMsgzn59SM8A89WgKwekxLZY                                            | PARTIALLY_REFUNDED | -                 | 1000 | USD | 2020-02-06T22:14:16.421Z | - | 6SSW7HV8K2ST5
            dispute-created.json           | dispute.created       | fbmsaEOpoARDKxiSGH1fqPuqoqFZY                                            | DISPUTED           | -                 | 8801 | USD | 2020-02-19T21:24:53.258Z | visa | 0HPGX5JYE6EE1
            dispute-state-updated.json     | dispute.state.updated | fbmsaEOpoARDKxiSGH1fqPuqoqFZY                                            | SUCCEEDED          | -                 | 8801 | USD | 2020-02-19T21:34:41.851Z | visa | 0HPGX5JYE6EE1
            dispute-state-changed.json     | dispute.state.changed | fbmsaEOpoARDKxiSGH1fqPuqoqFZY                                            | SUCCEEDED          | -                 | 8801 | USD | 2020-02-19T21:34:41.851Z | visa | 0HPGX5JYE6EE1
            order-updated.json             | order.updated         | eA3vssLHKJrv9H0IdJCM3gNqfdcZY                                            | IGNORED            | unmapped_event_type | -  | -   | 2020-04-16T23:14:26.359Z | - | 5S9MXCS9Y99KK
            payout-paid.json               | payout.paid           | po_070431e4-e351-11eb-a8bb-02420a140009                                  | IGNORED            | unmapped_event_type | -  | -   | 1970-01-01T00:20:28.481Z | - | MLEWJTMNJN37Z
            """)
    void eachFile(String file, String type, String txn, String status, String ignoredReason, Long amount, String currency, String at,
                  String method, String merchant) {
        var store = new InMemoryTransactionStore();
        var outcome = deliver(store, file);
        assertThat(outcome.provider()).isEqualTo("square");
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo(txn);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.duplicate()).isFalse();
        });
        StoredEvent e = CorpusFiles.only(store);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.transactionId()).isEqualTo(txn);
        assertThat(e.status()).isEqualTo(status.equals("IGNORED") ? null : Status.valueOf(status));
        assertThat(e.ignoredReason()).isEqualTo(ignoredReason);
        assertThat(e.amount()).isEqualTo(amount == null ? null : new Money(amount, currency));
        assertThat(e.occurredAt()).as("created_at with its offset").isEqualTo(OffsetDateTime.parse(at).toInstant());
        assertThat(e.paymentMethod()).isEqualTo(method);
        CorpusFiles.assertMerchant(e, merchant); // the envelope's merchant_id: the seller's account
        assertThat(e.eventId()).matches("[0-9a-f-]{36}");
        if (type.startsWith("dispute.state")) assertThat(e.reverses()).isEqualTo(ProviderMapping.DISPUTES);
        // the card's BIN (540988) and fingerprint are in the payment payloads: nothing card-like is kept
        CorpusFiles.assertNothingCardLike(e, "540988", "sq-1-");
        assertThat(e.customerEmail()).isNull();
    }

    @Test
    void theSdkVectorIsDeliveredWithItsOwnPublishedSignature() {
        byte[] body = CorpusFiles.read("square", "webhooks-test-notification.signed.json");
        var store = new InMemoryTransactionStore();
        var headers = Map.of("Content-Type", "application/json", SquareProvider.SIGNATURE_HEADER, "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=");
        var outcome = CorpusFiles.ingest(store, RECEIVED, Map.of("square", List.of("Ibxx_5AKakO-3qeNVR61Dw")),
                "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9").handle(new WebhookRequest(headers, Map.of(), body));
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("IGNORED");
            assertThat(r.eventId()).isEqualTo("ac3ac95b-f97d-458c-a6e6-18981597e05f");
            assertThat(r.transactionId()).as("data.id").isEqualTo("bc368e64-01aa-407e-b46e-3231809b1129");
        });
        StoredEvent e = CorpusFiles.only(store);
        assertThat(e.type()).isEqualTo("webhooks.test_notification");
        assertThat(e.ignoredReason()).isEqualTo("unmapped_event_type");
        assertThat(e.amount()).isNull();
        assertThat(e.occurredAt()).as("nine fractional digits").isEqualTo(OffsetDateTime.parse("2022-07-13T20:30:59.037339943Z").toInstant());
        CorpusFiles.assertMerchant(e, "MLEFBHHSJGVHD");
        CorpusFiles.assertNothingCardLike(e);
    }

    @Test
    void theSpecsTwoRefundExamplesShareAnEventIdSoTheSecondIsADuplicate() {
        var store = new InMemoryTransactionStore();
        deliver(store, "refund-created.json");
        var second = deliver(store, "refund-updated.json");
        assertThat(second.results().get(0).duplicate()).as("same event_id, same payment: Square's own dedupe key says so").isTrue();
        assertThat(store.events).hasSize(1);
    }

    @Test
    void theSpecsPaymentLifecycleFoldsInEitherOrder() {
        for (List<String> order : List.of(List.of("payment-created.json", "payment-updated-completed.json"),
                List.of("payment-updated-completed.json", "payment-created.json"))) {
            var store = new InMemoryTransactionStore();
            order.forEach(f -> deliver(store, f));
            var t = store.load("hYy9pRFVxpDsO1FB05SunFWUe9JZY").orElseThrow();
            assertThat(t.status()).isEqualTo(Status.SUCCEEDED);
            assertThat(t.amount()).isEqualTo(new Money(100, "USD"));
            assertThat(t.paymentMethod()).isEqualTo("mastercard ****9029");
        }
        var store = new InMemoryTransactionStore();
        List.of("dispute-state-updated.json", "dispute-created.json").forEach(f -> deliver(store, f));
        assertThat(store.load("fbmsaEOpoARDKxiSGH1fqPuqoqFZY").orElseThrow().status()).as("won, whatever the order").isEqualTo(Status.SUCCEEDED);
    }
}

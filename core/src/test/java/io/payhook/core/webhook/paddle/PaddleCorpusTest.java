package io.payhook.core.webhook.paddle;

import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.CardData;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.payhook.core.webhook.paddle.PaddleSignaturesTest.corpus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Paddle corpus (core/src/test/resources/corpus/paddle, sources in its SOURCES.md): each file byte for byte as
 * Paddle published it in its SDK repositories, signed here over its exact bytes with testkit's signer at the time of
 * receipt and delivered through the full {@link IngestWebhook} with an in-memory store; asserted for transaction id,
 * status (or ignored and why), amount in minor units and currency, event time with its offset, customer, payment
 * method, and that nothing card-like survives the protection gate.
 */
class PaddleCorpusTest {
    static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "pdl_ntfset_01testonlycorpus000000000000_TestOnlyCorpusSecret";

    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final Clock clock = Clock.fixed(RECEIVED, ZoneOffset.UTC);
    final IngestWebhook ingest = new IngestWebhook(Providers.standard(clock), p -> p.equals("paddle") ? List.of(SECRET) : List.of(),
            store, new TestCipher(), clock, new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300), CorpusFiles.LABELS));

    IngestWebhook.Outcome deliver(String file) {
        byte[] body = corpus(file);
        return ingest.handle(new WebhookRequest(Map.of("Content-Type", "application/json",
                "Paddle-Signature", Signatures.paddle(RECEIVED.getEpochSecond(), body, SECRET)), Map.of(), body));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            transaction-created-draft.notification.json         | evt_01h8brhd6mj4frv1dg3cghcrs3 | txn_01h8brhckjd6qk4n7e4py2340t | transaction.created   | PENDING                     | 71880 | USD | 2023-08-21T09:59:09.781003Z | -                              | -
            transaction-created-billed.event.json               | evt_01hg0trqf2gc8g6pyqy2xnzwg6 | txn_01hg0trpqvp70evgmzj1648z5q | transaction.created   | PENDING                     | 66000 | GBP | 2023-11-24T14:12:02.664829Z | ctm_01gyssmfx5rnmk4dt8qx88v0ee | -
            transaction-billed.event.json                       | evt_01hg0trqj5q888jba20v662gsg | txn_01hg0trpqvp70evgmzj1648z5q | transaction.billed    | PENDING                     | 66000 | GBP | 2023-11-24T14:12:02.757703Z | ctm_01gyssmfx5rnmk4dt8qx88v0ee | -
            transaction-completed.go-events.json                | evt_01hywqk7y8qfzj69z3pdvz34qt | txn_01hywqfe6yxhxcsfb4ays8mqt3 | transaction.completed | SUCCEEDED                   | 950   | GBP | 2024-05-27T09:55:06.825325Z | ctm_01hszn72m8kqyqm8g1jxwxc3t3 | visa ****4242
            transaction-updated-completed.go-events.json        | evt_01hywqfn8b1na40vyarxaxqa9t | txn_01hywqfervkjg6hkk035wy24gt | transaction.updated   | SUCCEEDED                   | 0     | GBP | 2024-05-27T09:53:09.387526Z | ctm_01hszn65emk81yejv674418f5t | -
            adjustment-created-refund-pending.notification.json | evt_02h8441jx8x1q971q9ksksqh82 | txn_01hvcc93znj3mpqt1tenkjb04y | adjustment.created    | IGNORED:no_state_change     | 100   | USD | 2023-08-18T10:46:18.792661Z | ctm_01hv6y1jedq4p1n0yqn5ba3ky4 | -
            subscription-trialing.notification.json             | evt_01h84cka4p40e737vm1ajb2bc5 | sub_01h84ck8sg4ebkpzqb9x2mtjjf | subscription.trialing | IGNORED:unmapped_event_type | -     | -   | 2023-08-18T13:15:48.246292Z | -                              | -
            subscription-updated-past-due.event.json            | evt_01hg0trvbgjfp0avfam8a2yzq1 | sub_01gyssnczp81czs49zcprm6hfv | subscription.updated  | IGNORED:unmapped_event_type | -     | -   | 2023-11-24T14:12:06.640975Z | -                              | -
            customer-created.standard-payload.signed.json       | evt_01hs0tqfme2xwb2hvwv87p8y3w | ctm_01hs0tqf76sxmp7ba5e4mw1sc8 | customer.created      | IGNORED:unmapped_event_type | -     | -   | 2024-03-15T10:32:38.286848Z | -                              | -
            customer-created.special-chars-payload.signed.json  | evt_01hs0t94tjvtv62azjmkbeysz7 | ctm_01hs0t94g83hs5jdw282ztqa4z | customer.created      | IGNORED:unmapped_event_type | -     | -   | 2024-03-15T10:24:48.466759Z | -                              | -
            price-created.go-verifier.signed.json               | evt_01hsdn97563968dy0szkmgjwh3 | pri_01hsdn96k2hxjzsq5yerecdj9j | price.created         | IGNORED:unmapped_event_type | -     | -   | 2024-03-20T10:07:35.590857Z | -                              | -
            """)
    void eachFile(String file, String eventId, String transactionId, String type, String status, Long amount, String currency,
                  String occurredAt, String customerId, String method) {
        IngestWebhook.Outcome outcome = deliver(file);
        assertThat(outcome.provider()).isEqualTo("paddle");
        IngestWebhook.Result result = outcome.results().get(0);
        assertThat(outcome.results()).hasSize(1);
        assertThat(result.eventId()).isEqualTo(eventId);
        assertThat(result.transactionId()).isEqualTo(transactionId);
        assertThat(result.status()).isEqualTo(status.startsWith("IGNORED") ? "IGNORED" : status);
        StoredEvent stored = store.events.get(transactionId + "|paddle|" + eventId);
        assertThat(stored.type()).isEqualTo(type);
        assertThat(stored.status()).isEqualTo(status.startsWith("IGNORED") ? null : Status.valueOf(status));
        assertThat(stored.ignoredReason()).isEqualTo(status.startsWith("IGNORED:") ? status.substring(8) : null);
        assertThat(stored.amount()).isEqualTo(amount == null ? null : new Money(amount, currency));
        // occurred_at as Paddle wrote it (RFC 3339, microseconds, Z)
        assertThat(stored.occurredAt()).isEqualTo(Instant.parse(occurredAt));
        assertThat(stored.customerId()).isEqualTo(customerId);
        assertThat(stored.customerEmail()).isNull();
        assertThat(stored.paymentMethod()).isEqualTo(method);
        CorpusFiles.assertMerchant(stored, null); // Paddle names no seller: the configured label
        assertThat(CardData.containsPan(stored.toString())).as("nothing card-like is kept").isFalse();
        // a redelivery (another destination, another retry) is a duplicate
        assertThat(deliver(file).results().get(0).duplicate()).isTrue();
    }

    @Test
    void everyFileIsAsserted() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/corpus/paddle"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(11);
        for (String f : files) assertThat(deliver(f).results()).as(f).hasSize(1);
        assertThat(store.events).hasSize(11);
        // created (billed) then billed: one transaction, pending
        assertThat(store.load("txn_01hg0trpqvp70evgmzj1648z5q").orElseThrow().status()).isEqualTo(Status.PENDING);
        assertThat(store.load("txn_01hg0trpqvp70evgmzj1648z5q").orElseThrow().events()).hasSize(2);
    }

    @Test
    void theCardholderNameIsNeverReadAndTheGateKeepsOnlyBrandAndLast4() {
        byte[] body = corpus("transaction-completed.go-events.json");
        var p = new PaddleProvider(clock);
        for (PaymentEvent e : p.parse(new WebhookRequest(Map.of(), Map.of(), body))) {
            assertThat(String.join("|", e.eventId(), e.transactionId(), e.type(), String.valueOf(e.customerId()),
                    String.valueOf(e.customerEmail()), String.valueOf(e.paymentMethod()))).doesNotContain("Emmerich").doesNotContain("Opal");
            assertThat(e.paymentMethod()).isEqualTo("visa ****4242");
            assertThat(ProtectionGate.check(e, p.personalDataPolicy())).isEqualTo(e);
        }
    }
}

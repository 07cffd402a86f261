package io.payhook.core.webhook.gocardless;

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

import static io.payhook.core.webhook.gocardless.GoCardlessSignaturesTest.corpus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GoCardless corpus (core/src/test/resources/corpus/gocardless, sources in its SOURCES.md): each file, byte for
 * byte as GoCardless published it, signed here over its exact bytes with testkit's signer and delivered through the
 * full {@link IngestWebhook} with an in-memory store; every event of every file asserted for transaction id, status
 * (or ignored and why), amount (GoCardless events carry none), event time with its offset, payment method, and that
 * nothing card-like survives the protection gate. The two {@code e2e-template.*} files are GoCardless's WooCommerce
 * plugin's simulation bodies with placeholders ({@code PAYMENT_ID}, {@code CURRENT_TIME}) — labelled templates, not
 * deliveries: they show that a verified delivery payhook cannot read is still acknowledged and kept as ignored.
 */
class GoCardlessCorpusTest {
    static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "test_only_gocardless_corpus_secret";

    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final Clock clock = Clock.fixed(RECEIVED, ZoneOffset.UTC);
    final IngestWebhook ingest = new IngestWebhook(Providers.standard(clock), p -> p.equals("gocardless") ? List.of(SECRET) : List.of(),
            store, new TestCipher(), clock, new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300), CorpusFiles.LABELS));

    IngestWebhook.Outcome deliver(String file) {
        byte[] body = corpus(file);
        return ingest.handle(new WebhookRequest(Map.of("Content-Type", "application/json",
                "Webhook-Signature", Signatures.goCardless(SECRET, body)), Map.of(), body));
    }

    @ParameterizedTest(name = "{0} #{1} {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            subscriptions-mandates-created.batch.json      | 0 | EV00BD05S5VM2T | SB0003JJQ2MR06 | subscriptions.created | IGNORED:unmapped_event_type  | 2018-07-05T09:13:51.404Z | -
            subscriptions-mandates-created.batch.json      | 1 | EV00BD05TB8K63 | MD000AMA19XGEC | mandates.created      | IGNORED:unmapped_event_type  | 2018-07-05T09:13:56.893Z | -
            payments-failed.signed.json                    | 0 | EVTESTNE86TNZS | index_ID_123   | payments.failed       | FAILED                       | 2017-03-20T17:57:02.292Z | sepa_core
            payments-submitted-confirmed.batch.signed.json | 0 | EV0000ED6V59V1 | PM00008Q30R2BR | payments.submitted    | PENDING                      | 2015-04-17T15:24:26.817Z | -
            payments-submitted-confirmed.batch.signed.json | 1 | EV0000ED6WBEQ0 | PM00008Q30R2BR | payments.confirmed    | SUCCEEDED                    | 2015-04-17T15:24:26.848Z | -
            e2e-template.mandates-payments.batch.json      | 0 | EV01AY6QXSJCA1 | MANDATE_ID     | mandates.submitted    | IGNORED:unmapped_event_type  | -                        | -
            e2e-template.mandates-payments.batch.json      | 1 | EV01AY6QXT9QP9 | MANDATE_ID     | mandates.active       | IGNORED:unmapped_event_type  | -                        | -
            e2e-template.mandates-payments.batch.json      | 2 | EV01AY6QY0VWA2 | PAYMENT_ID     | payments.confirmed    | IGNORED:invalid_timestamp    | -                        | -
            e2e-template.mandates-payments.batch.json      | 3 | EV01AY6QXV02B8 | PAYMENT_ID     | payments.submitted    | IGNORED:invalid_timestamp    | -                        | -
            e2e-template.mandates-cancelled.json           | 0 | EV01AY6QXSJCA1 | MANDATE_ID     | mandates.cancelled    | IGNORED:unmapped_event_type  | -                        | -
            """)
    void eachEventOfEachFile(String file, int index, String eventId, String transactionId, String type, String status,
                             String occurredAt, String method) {
        IngestWebhook.Outcome outcome = deliver(file);
        assertThat(outcome.provider()).isEqualTo("gocardless");
        IngestWebhook.Result result = outcome.results().get(index);
        assertThat(result.eventId()).isEqualTo(eventId);
        assertThat(result.transactionId()).isEqualTo(transactionId);
        assertThat(result.status()).isEqualTo(status.startsWith("IGNORED") ? "IGNORED" : status);
        assertThat(result.duplicate()).isFalse();
        StoredEvent stored = store.events.get(transactionId + "|gocardless|" + eventId);
        assertThat(stored.type()).isEqualTo(type);
        assertThat(stored.status()).isEqualTo(status.startsWith("IGNORED") ? null : Status.valueOf(status));
        assertThat(stored.ignoredReason()).isEqualTo(status.startsWith("IGNORED:") ? status.substring(8) : null);
        // "created_at" as GoCardless wrote it, offset included (a placeholder time: the time of receipt stands in)
        assertThat(stored.occurredAt()).isEqualTo(occurredAt == null ? RECEIVED : Instant.parse(occurredAt));
        assertThat(stored.amount()).as("GoCardless events carry no amount or currency").isNull();
        assertThat(stored.customerId()).isNull();
        assertThat(stored.customerEmail()).isNull();
        assertThat(stored.paymentMethod()).isEqualTo(method);
        // none of these events went to a partner app: no links.organisation, so the configured label
        CorpusFiles.assertMerchant(stored, null);
        assertThat(CardData.containsPan(stored.toString())).as("nothing card-like is kept").isFalse();
    }

    @Test
    void everyFileIsAssertedAndEveryEventOfItIsKept() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/corpus/gocardless"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        assertThat(files).containsExactly("e2e-template.mandates-cancelled.json", "e2e-template.mandates-payments.batch.json",
                "payments-failed.signed.json", "payments-submitted-confirmed.batch.signed.json", "subscriptions-mandates-created.batch.json");
        int events = 0;
        for (String f : files) events += deliver(f).results().size();
        assertThat(events).isEqualTo(10);
        // the two templates reuse one event id (EV01AY6QXSJCA1) for the same mandate: the second is a duplicate
        assertThat(store.events).hasSize(9);
        assertThat(store.load("PM00008Q30R2BR").orElseThrow().status()).as("submitted, then confirmed").isEqualTo(Status.SUCCEEDED);
        assertThat(store.load("index_ID_123").orElseThrow().status()).isEqualTo(Status.FAILED);
    }

    @Test
    void theProtectionGateLeavesTheseEventsAsTheyAre() {
        for (String f : List.of("payments-failed.signed.json", "payments-submitted-confirmed.batch.signed.json")) {
            byte[] body = corpus(f);
            var p = new GoCardlessProvider(clock);
            for (PaymentEvent e : p.parse(new WebhookRequest(Map.of(), Map.of(), body))) {
                assertThat(ProtectionGate.check(e, p.personalDataPolicy())).isEqualTo(e);
            }
        }
        assertThat(deliver("payments-failed.signed.json").results()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo("FAILED"));
        // a redelivery of the same file is a duplicate of every event
        assertThat(deliver("payments-failed.signed.json").results()).allSatisfy(r -> assertThat(r.duplicate()).isTrue());
    }
}

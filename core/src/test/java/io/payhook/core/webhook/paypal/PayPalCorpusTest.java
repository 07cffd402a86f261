package io.payhook.core.webhook.paypal;

import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.CertificateSource;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.CardData;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.PayPalSigningKey;
import io.payhook.testkit.samples.PayPalSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static io.payhook.core.webhook.paypal.PayPalSignatureTest.SAMPLE_CERT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real PayPal deliveries from PayPal's own repositories (corpus/paypal, sources in SOURCES.md) through the
 * whole ingest — detection, verification, parsing, the protection gate, the store: each file signed by the
 * testkit over its exact bytes, and the five PayPal signed with PayPal's own signature as well. Per file:
 * transaction, status (or ignored and why), amount in minor units and currency, event time with its offset,
 * and nothing card-like kept.
 */
class PayPalCorpusTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String WEBHOOK_ID = "5GP028458E2496506";

    /** What a corpus file must come to. {@code status} null: ignored, for {@code reason}. */
    record Expected(String file, String transactionId, Status status, String reason, Long minor, String currency, String createTime) {
        @Override public String toString() { return file; }
    }

    static Stream<Expected> corpus() {
        return Stream.of(
                new Expected("payment-sale-completed.v1.signed.json", "4EU7004268015634R", Status.SUCCEEDED, null, 2000L, "USD", "2015-05-18T15:45:13Z"),
                new Expected("payment-sale-completed.v1.java-ssl-test.signed.json", "7DW85331GX749735N", Status.SUCCEEDED, null, 2000L, "USD", "2015-05-12T18:14:14Z"),
                new Expected("payment-sale-completed.v1.node-sample.signed.json", "8RS6210148826604N", Status.SUCCEEDED, null, 601L, "USD", "2016-10-05T14:57:40Z"),
                new Expected("payment-sale-completed.v1.dotnet-sample.signed.json", "80F85758S3080410K", Status.SUCCEEDED, null, 2100L, "USD", "2016-09-21T22:00:45Z"),
                new Expected("billing-plan-created.v1.java-validate-cert-test.signed.json", "P-2U911356NH683973BEDIWKUY", null, "unmapped_event_type",
                        null, null, "2017-03-30T20:04:05.613Z"),
                new Expected("payment-authorization-created.v1.json", "6F961703H62685926", Status.AUTHORIZED, null, 600L, "USD", "2015-06-23T15:26:30Z"),
                new Expected("payment-authorization-created.v1.php-event-search.json", "HATH7S72EK520411B", Status.AUTHORIZED, null, 747L, "USD", "2013-06-25T21:41:28Z"),
                new Expected("payment-authorization-created.v1.openapi-verify-example.json", "2DC87612EK520411B", Status.AUTHORIZED, null, 747L, "USD",
                        "2013-06-25T21:41:28Z"));
    }

    @Test
    void everyCorpusFileIsAsserted() {
        String[] files = new File(Objects.requireNonNull(getClass().getResource("/corpus/paypal")).getFile()).list((d, n) -> n.endsWith(".json"));
        assertThat(Arrays.asList(files)).containsExactlyInAnyOrderElementsOf(corpus().map(Expected::file).toList());
        assertThat(corpus().filter(e -> e.status() == null)).as("an event type payhook does not map is in the corpus too").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void signedByTheTestkitOverTheExactBytes(Expected x) {
        byte[] body = PayPalVectors.resource("/corpus/paypal/" + x.file());
        var d = new PayPalSamples().signed(body, WEBHOOK_ID, NOW);
        var store = new InMemoryTransactionStore();
        var source = CertificateSource.fixed(Map.of(URI.create(PayPalSigningKey.SAMPLE_CERT_URL), SAMPLE_CERT));
        ingest(store, source, NOW).handle(new WebhookRequest(d.headers(), Map.of(), body));
        check(x, store);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void signedByPayPalItselfWhereItWas(Expected x) {
        var vector = PayPalVectors.ALL.stream().filter(v -> v.file().equals(x.file())).findFirst();
        if (vector.isEmpty()) return; // unsigned in its source: covered by the testkit signature above
        var v = vector.get();
        var store = new InMemoryTransactionStore();
        var outcome = new IngestWebhook(Providers.standard(Providers.Settings.of(Clock.fixed(v.sentAt(), ZoneOffset.UTC))
                        .withPayPal(PayPalProvider.Settings.of(v.source()))), p -> p.equals("paypal") ? List.of("AAAAAAAAAAAAAAAAA", v.webhookId()) : List.of(),
                store, new TestCipher(), Clock.fixed(v.sentAt(), ZoneOffset.UTC), new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300), CorpusFiles.LABELS)).handle(v.request());
        assertThat(outcome.provider()).isEqualTo("paypal");
        check(x, store);
    }

    static IngestWebhook ingest(InMemoryTransactionStore store, CertificateSource source, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new IngestWebhook(Providers.standard(Providers.Settings.of(clock).withPayPal(PayPalProvider.Settings.of(source))),
                p -> p.equals("paypal") ? List.of(WEBHOOK_ID) : List.of(), store, new TestCipher(), clock, new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300), CorpusFiles.LABELS));
    }

    static void check(Expected x, InMemoryTransactionStore store) {
        assertThat(store.events).hasSize(1);
        StoredEvent e = store.events.values().iterator().next();
        assertThat(e.provider()).isEqualTo("paypal");
        assertThat(e.transactionId()).isEqualTo(x.transactionId());
        assertThat(e.status()).isEqualTo(x.status());
        if (x.status() == null) assertThat(e.ignoredReason()).isEqualTo(x.reason());
        if (x.minor() == null) {
            assertThat(e.amount()).isNull();
        } else {
            assertThat(e.amount().minorUnits()).isEqualTo(x.minor());
            assertThat(e.amount().currency()).isEqualTo(x.currency());
        }
        // the event's own time, offset and all (every PayPal create_time here is UTC, "Z", some with milliseconds)
        OffsetDateTime written = OffsetDateTime.parse(x.createTime());
        assertThat(written.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(e.occurredAt()).isEqualTo(written.toInstant());
        // nothing card-like survives the gate: no PAN in any kept field, and the gate has nothing left to refuse
        for (String field : new String[] {e.eventId(), e.transactionId(), e.type(), e.customerId(), e.paymentMethod()}) {
            if (field != null) assertThat(CardData.containsSchemePan(field)).as(field).isFalse();
        }
        assertThat(e.paymentMethod()).as("v1 payloads name no card").isNull();
        assertThat(e.customerEmail()).as("nor a buyer").isNull();
        CorpusFiles.assertMerchant(e, null); // nor a payee's merchant id: the configured label
        var asEvent = new io.payhook.core.model.PaymentEvent(e.provider(), e.eventId(), e.transactionId(), e.type(), e.status(), e.amount(),
                e.customerId(), null, e.paymentMethod(), e.occurredAt());
        assertThat(ProtectionGate.check(asEvent, ProtectionGate.Policy.REFUSE)).isEqualTo(asEvent);
    }
}

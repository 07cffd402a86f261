package io.payhook.core.usecase;

import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.MerchantLabels;

import io.payhook.testkit.Signatures;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.webhook.generic.GenericProvider;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.SignatureHeader;
import io.payhook.core.webhook.WebhookRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestWebhookTest {
    static final String SECRET = "test_generic_secret";
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final IngestWebhook ingest = new IngestWebhook(new ProviderRegistry(List.of(new GenericProvider(clock))),
            p -> p.equals("generic") ? List.of("old_rotated_secret", SECRET) : List.of(), store, new TestCipher(), clock,
            IngestWebhook.Settings.DEFAULT);

    static String body(String status, String value, String currency) {
        return "{\"event_id\":\"evt_1\",\"transaction_id\":\"txn_1\",\"type\":\"payment.succeeded\",\"status\":\"" + status
                + "\",\"amount\":{\"value\":" + value + ",\"currency\":\"" + currency + "\"},\"customer_id\":\"cus_1\","
                + "\"customer_email\":\"customer@example.com\",\"payment_method\":\"visa 4242\",\"occurred_at\":\"2026-11-22T11:59:00Z\"}";
    }

    WebhookRequest signed(String body, long t, String secret) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Payhook-Signature", Signatures.timestampedV1(secret, t, b));
        return new WebhookRequest(h, Map.of(), b);
    }

    @Test
    void storesOnceAndAnswersDuplicateAfterwards() {
        var first = ingest.handle(signed(body("succeeded", "1234", "EUR"), NOW.getEpochSecond(), SECRET));
        // a provider retry carries a new signature timestamp: still the same event
        var again = ingest.handle(signed(body("succeeded", "1234", "EUR"), NOW.getEpochSecond() + 60, SECRET));
        assertThat(first.results()).singleElement().satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo("txn_1");
            assertThat(r.eventId()).isEqualTo("evt_1");
            assertThat(r.status()).isEqualTo("SUCCEEDED");
            assertThat(r.duplicate()).isFalse();
        });
        assertThat(again.results().get(0).duplicate()).isTrue();
        assertThat(store.events).hasSize(1);
        var stored = store.events.values().iterator().next();
        assertThat(stored.customerEmail()).isNotNull();
        assertThat(new String(stored.customerEmail().ciphertext(), StandardCharsets.UTF_8)).doesNotContain("customer@example.com");
        assertThat(stored.amount().minorUnits()).isEqualTo(1234);
    }

    @Test
    void aPanInThePaymentMethodIsMaskedBeforeStoring() {
        String b = body("succeeded", "1234", "EUR").replace("visa 4242", "4111 1111 1111 1111");
        ingest.handle(signed(b, NOW.getEpochSecond(), SECRET));
        assertThat(store.events.values().iterator().next().paymentMethod()).isEqualTo("visa ****1111");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative amount|succeeded|-1|EUR|INVALID_AMOUNT",
            "decimal amount|succeeded|12.5|EUR|INVALID_AMOUNT",
            "unknown currency|succeeded|100|ABC|UNKNOWN_CURRENCY",
            "unknown status|shipped|100|EUR|UNKNOWN_STATUS",
    })
    void wellFormedButInvalidIs422AndStoresNothing(String name, String status, String value, String currency, ErrorCode code) {
        assertThatThrownBy(() -> ingest.handle(signed(body(status, value, currency), NOW.getEpochSecond(), SECRET)))
                .isInstanceOfSatisfying(PayhookException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.code().category()).isEqualTo(ErrorCode.Category.INVALID);
                });
        assertThat(store.events).isEmpty();
    }

    @Test
    void signatureFailuresAre401WithStableCodes() {
        String b = body("succeeded", "1", "EUR");
        assertCode(signed(b, NOW.getEpochSecond(), "wrong"), ErrorCode.SIGNATURE_INVALID);
        assertCode(signed(b, NOW.getEpochSecond() - 301, SECRET), ErrorCode.SIGNATURE_EXPIRED);
        assertCode(signed(b, NOW.getEpochSecond() + 301, SECRET), ErrorCode.SIGNATURE_EXPIRED);
        WebhookRequest tampered = signed(b, NOW.getEpochSecond(), SECRET);
        assertCode(new WebhookRequest(tampered.headers(), Map.of(), b.replace("\"1\"", "\"2\"").replace(":1,", ":2,").getBytes(StandardCharsets.UTF_8)),
                ErrorCode.SIGNATURE_INVALID);
        assertCode(new WebhookRequest(Map.of("Content-Type", "application/json"), Map.of(), b.getBytes(StandardCharsets.UTF_8)),
                ErrorCode.SIGNATURE_MISSING);
        assertThat(store.events).isEmpty();
    }

    @Test
    void providerWithoutSecretsIsRefused() {
        var closed = new IngestWebhook(new ProviderRegistry(List.of(new GenericProvider(clock))), p -> List.of(), store,
                new TestCipher(), clock, IngestWebhook.Settings.DEFAULT);
        assertThatThrownBy(() -> closed.handle(signed(body("succeeded", "1", "EUR"), NOW.getEpochSecond(), SECRET)))
                .isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
        assertThat(store.events).isEmpty();
    }

    @Test
    void envelopeChecksComeFirst() {
        byte[] big = new byte[256 * 1024 + 1];
        assertCode(new WebhookRequest(Map.of("Content-Type", "application/json"), Map.of(), big), ErrorCode.PAYLOAD_TOO_LARGE);
        assertCode(new WebhookRequest(Map.of("Content-Type", "text/plain"), Map.of(), "{}".getBytes()), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertCode(new WebhookRequest(Map.of(), Map.of(), "{}".getBytes()), ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertCode(signed("{not json", NOW.getEpochSecond(), SECRET), ErrorCode.MALFORMED_JSON);
        assertCode(signed("{\"transaction_id\":\"t\"}", NOW.getEpochSecond(), SECRET), ErrorCode.MISSING_FIELD);
        assertThat(store.events).isEmpty();
    }

    @Test
    void theGenericFormatsMerchantIsStoredElseTheConfiguredLabelElseDefault() {
        var labelled = new IngestWebhook(new ProviderRegistry(List.of(new GenericProvider(clock))), p -> List.of(SECRET), store,
                new TestCipher(), clock, new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300),
                MerchantLabels.parse("PAYHOOK_MERCHANTS", "generic=shop-generic")));
        String named = body("succeeded", "1", "EUR").replace("\"event_id\":\"evt_1\"", "\"event_id\":\"evt_named\",\"merchant\":\"shop-eu\"");
        labelled.handle(signed(named, NOW.getEpochSecond(), SECRET));
        labelled.handle(signed(body("succeeded", "1", "EUR"), NOW.getEpochSecond(), SECRET));
        ingest.handle(signed(body("succeeded", "1", "EUR").replace("evt_1", "evt_unlabelled"), NOW.getEpochSecond(), SECRET));
        Map<String, String> merchants = new HashMap<>();
        store.events.values().forEach(e -> merchants.put(e.eventId(), e.merchant()));
        assertThat(merchants).containsExactlyInAnyOrderEntriesOf(Map.of("evt_named", "shop-eu", "evt_1", "shop-generic",
                "evt_unlabelled", "default"));
        // received at the same instant (a fixed clock): the earliest by occurrence, then event id
        assertThat(store.load("txn_1").orElseThrow().merchant()).isEqualTo("shop-generic");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"Merchant 1\"", "\"4111111111111111\"", "\"shop@example.com\"", "42", "{}"})
    void aMerchantThatIsNotAnAccountIdIs400InvalidFieldAndStoresNothing(String merchant) {
        String b = body("succeeded", "1", "EUR").replace("\"event_id\":\"evt_1\"", "\"event_id\":\"evt_1\",\"merchant\":" + merchant);
        assertThatThrownBy(() -> ingest.handle(signed(b, NOW.getEpochSecond(), SECRET))).isInstanceOfSatisfying(PayhookException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(e.getMessage()).contains("'merchant'").doesNotContain("4111").doesNotContain("example.com");
        });
        assertThat(store.events).isEmpty();
    }

    @Test
    void aLabelForAProviderTheSystemDoesNotHaveStopsTheStart() {
        var settings = new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300),
                MerchantLabels.parse("PAYHOOK_MERCHANTS", "generic=shop-generic,strpe=shop-eu"));
        var generic = new ProviderRegistry(List.of(new GenericProvider(clock)));
        assertThatThrownBy(() -> new IngestWebhook(generic, p -> List.of(SECRET), store, new TestCipher(), clock, settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PAYHOOK_MERCHANTS entry 2 (\"strpe=shop-eu\"): no provider is called strpe; the providers are generic");
    }

    private void assertCode(WebhookRequest r, ErrorCode code) {
        assertThatThrownBy(() -> ingest.handle(r)).isInstanceOfSatisfying(PayhookException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}

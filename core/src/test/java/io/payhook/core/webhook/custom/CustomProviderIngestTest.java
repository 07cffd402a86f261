package io.payhook.core.webhook.custom;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented examples end to end through {@link IngestWebhook} with an in-memory store: the example file as the
 * composition roots will read it, the example deliveries as files, signed as docs/providers/custom.md tells (the header
 * values below were computed with the openssl commands of that page, not with payhook or testkit).
 */
class CustomProviderIngestTest {
    static final Instant NOW = Instant.parse("2026-03-14T08:27:30Z");
    static final String ACME_SECRET = "acme-example-secret-not-for-production";
    static final String GLOBEX_SECRET = "globex-example-secret-not-for-production";
    /** {@code openssl dgst -sha256 -hmac "$SECRET" < custom-acme_pay.delivery.json}. */
    static final String ACME_OPENSSL = "sha256=909feeedc5d49f9add37a5612c3bb6840c6f67391f44830d1f080bc507272948";
    /** {@code { printf '%s.' 1773476813; cat custom-globex_billing.delivery.json; } | openssl dgst -sha512 -hmac "$SECRET" -binary | openssl base64 -A}. */
    static final String GLOBEX_OPENSSL = "q/QK+fVFg1ybcv/AfrEkhxv/R4eFFaLeVoIzGJz7Guqe4NUXDFFVcwZpbPw3q801sarLA4occNDNREKMm5/kyQ==";
    static final String GLOBEX_TS = "1773476813";

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final List<CustomProviderSpec> specs = CustomSpecs.exampleSpecs();
    final ProviderRegistry registry = Providers.standard(new Providers.Settings(clock, null, CustomProviders.providers(specs, clock)));
    final byte[] acmeBody = CustomSpecs.example("custom-acme_pay.delivery.json");
    final byte[] globexBody = CustomSpecs.example("custom-globex_billing.delivery.json");

    /** Secrets as a local composition root would read them: provider name → the variable its spec names → its value. */
    IngestWebhook ingest(InMemoryTransactionStore store, Map<String, String> env) {
        Map<String, String> variables = CustomProviders.secretsVariables(specs);
        return new IngestWebhook(registry, provider -> {
            String v = variables.containsKey(provider) ? env.get(variables.get(provider)) : null;
            return v == null ? List.of() : List.of(v.split(","));
        }, store, new TestCipher(), clock, IngestWebhook.Settings.DEFAULT);
    }

    static final Map<String, String> ENV = Map.of(
            "PAYHOOK_ACME_PAY_SECRETS", "old-acme-secret," + ACME_SECRET,
            "PAYHOOK_GLOBEX_BILLING_SECRETS", GLOBEX_SECRET);

    static WebhookRequest request(byte[] body, String... headers) {
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) h.put(headers[i], headers[i + 1]);
        return new WebhookRequest(h, Map.of(), body);
    }

    @Test
    void theOpensslRecipeOfTheDocsAgreesWithTestkit() {
        assertThat(Signatures.configuredHmac("sha256", "hex", "sha256=", ACME_SECRET, acmeBody)).isEqualTo(ACME_OPENSSL);
        assertThat(Signatures.configuredHmac("sha512", "base64", "", GLOBEX_SECRET, (GLOBEX_TS + ".").getBytes(StandardCharsets.UTF_8), globexBody))
                .isEqualTo(GLOBEX_OPENSSL);
    }

    @Test
    void theGithubStyleExampleIsStoredOnceAndItsRedeliveryIsADuplicate() {
        var store = new InMemoryTransactionStore();
        IngestWebhook ingest = ingest(store, ENV);
        var out = ingest.handle(request(acmeBody, "X-Acme-Signature-256", ACME_OPENSSL));
        assertThat(out.provider()).isEqualTo("acme_pay");
        assertThat(out.results()).singleElement().isEqualTo(new IngestWebhook.Result("pay_5QK2N8", "evt_01J8ZK3Q7M", "SUCCEEDED", false));
        StoredEvent stored = store.events.values().iterator().next();
        assertThat(stored.provider()).isEqualTo("acme_pay");
        assertThat(stored.amount()).isEqualTo(new Money(4250, "EUR"));
        assertThat(stored.occurredAt()).isEqualTo(Instant.parse("2026-03-14T08:26:53Z"));
        assertThat(stored.customerEmail()).isNotNull(); // sealed, never in the clear
        assertThat(stored.merchant()).as("fields.merchant names nothing in this delivery: no label, default").isEqualTo("default");
        assertThat(ingest.handle(request(acmeBody, "x-acme-signature-256", ACME_OPENSSL)).results().get(0).duplicate()).isTrue();
        assertThat(store.events).hasSize(1);
        Transaction t = store.load("pay_5QK2N8").orElseThrow();
        assertThat(t.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void theTimestampedExampleWithinItsWindowAndOutside() {
        var store = new InMemoryTransactionStore();
        var out = ingest(store, ENV).handle(request(globexBody, "Globex-Signature", GLOBEX_OPENSSL, "Globex-Timestamp", GLOBEX_TS));
        assertThat(out.provider()).isEqualTo("globex_billing");
        assertThat(out.results()).singleElement().isEqualTo(new IngestWebhook.Result("CH-2026-0042", "902211", "SUCCEEDED", false));
        StoredEvent stored = store.events.values().iterator().next();
        assertThat(stored.amount()).isEqualTo(new Money(129900, "JPY"));
        assertThat(stored.customerId()).isEqualTo("P-77");
        assertThat(stored.type()).isEqualTo("charge.status_changed");
        assertThat(stored.occurredAt()).isEqualTo(Instant.ofEpochSecond(1773476813));
        // the same delivery replayed ten minutes later: outside globex's 300 s, refused before anything is read
        var later = new IngestWebhook(registry, p -> p.equals("globex_billing") ? List.of(GLOBEX_SECRET) : List.of(), new InMemoryTransactionStore(),
                new TestCipher(), Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC), IngestWebhook.Settings.DEFAULT);
        expect(() -> later.handle(request(globexBody, "Globex-Signature", GLOBEX_OPENSSL, "Globex-Timestamp", GLOBEX_TS)), ErrorCode.SIGNATURE_EXPIRED);
    }

    @Test
    void tamperedOrWronglySignedDeliveriesStoreNothing() {
        var store = new InMemoryTransactionStore();
        IngestWebhook ingest = ingest(store, ENV);
        byte[] tampered = new String(acmeBody, StandardCharsets.UTF_8).replace("4250", "425").getBytes(StandardCharsets.UTF_8);
        expect(() -> ingest.handle(request(tampered, "X-Acme-Signature-256", ACME_OPENSSL)), ErrorCode.SIGNATURE_INVALID);
        expect(() -> ingest.handle(request(acmeBody, "X-Acme-Signature-256", ACME_OPENSSL.substring(7))), ErrorCode.SIGNATURE_MALFORMED);
        expect(() -> ingest.handle(request(acmeBody, "X-Acme-Signature-256", "")), ErrorCode.SIGNATURE_MISSING);
        expect(() -> ingest.handle(request(globexBody, "Globex-Signature", GLOBEX_OPENSSL, "Globex-Timestamp", "1773476814")),
                ErrorCode.SIGNATURE_INVALID);
        expect(() -> ingest.handle(request(globexBody, "Globex-Signature", GLOBEX_OPENSSL)), ErrorCode.SIGNATURE_MISSING);
        assertThat(store.events).isEmpty();
    }

    @Test
    void unconfiguredItIsRecognisedAndRefusedWithProviderNotConfigured() {
        var store = new InMemoryTransactionStore();
        expect(() -> ingest(store, Map.of()).handle(request(acmeBody, "X-Acme-Signature-256", ACME_OPENSSL)), ErrorCode.PROVIDER_NOT_CONFIGURED);
        expect(() -> ingest(store, Map.of("PAYHOOK_ACME_PAY_SECRETS", GLOBEX_SECRET))
                .handle(request(globexBody, "Globex-Signature", GLOBEX_OPENSSL, "Globex-Timestamp", GLOBEX_TS)), ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(store.events).isEmpty();
    }

    @Test
    void aVerifiedDeliveryPayhookCannotMapIsAcknowledgedAndKeptIgnored() {
        var store = new InMemoryTransactionStore();
        IngestWebhook ingest = ingest(store, ENV);
        String[] bodies = {
                new String(acmeBody, StandardCharsets.UTF_8).replace("\"paid\"", "\"on_hold\""), // not in the map
                new String(acmeBody, StandardCharsets.UTF_8).replace("\"paid\"", "\"created\"").replace("evt_01J8ZK3Q7M", "evt_02"), // mapped to null
                new String(acmeBody, StandardCharsets.UTF_8).replace("\"amount_minor\":4250", "\"amount_minor\":42.50").replace("evt_01J8ZK3Q7M", "evt_03"),
                new String(acmeBody, StandardCharsets.UTF_8).replace("\"id\":\"pay_5QK2N8\",", "").replace("evt_01J8ZK3Q7M", "evt_04"),
                "{\"hello\":\"world\"}"};
        for (String b : bodies) {
            byte[] body = b.getBytes(StandardCharsets.UTF_8);
            var out = ingest.handle(request(body, "X-Acme-Signature-256", Signatures.configuredHmac("sha256", "hex", "sha256=", ACME_SECRET, body)));
            assertThat(out.results()).as(b).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("IGNORED"));
        }
        assertThat(store.events.values()).extracting(StoredEvent::ignoredReason)
                .containsExactlyInAnyOrder("unknown_status", "unmapped_event_type", "invalid_amount", "missing_field", "missing_field");
        // nothing of that changed the payment
        assertThat(store.load("pay_5QK2N8").map(Transaction::status).orElse(null)).isNull();
    }

    @Test
    void aLifecycleThroughTheUseCase() {
        var store = new InMemoryTransactionStore();
        IngestWebhook ingest = ingest(store, ENV);
        String template = new String(acmeBody, StandardCharsets.UTF_8);
        String[][] steps = {{"authorized", "evt_a", "2026-03-14T09:20:00+01:00"}, {"paid", "evt_b", "2026-03-14T09:26:53+01:00"},
                {"charged_back", "evt_c", "2026-03-20T12:00:00+01:00"}};
        // delivered out of order: the charge-back first
        for (int i = steps.length - 1; i >= 0; i--) {
            String[] s = steps[i];
            byte[] body = template.replace("\"paid\"", "\"" + s[0] + "\"").replace("evt_01J8ZK3Q7M", s[1])
                    .replace("2026-03-14T09:26:53+01:00", s[2]).getBytes(StandardCharsets.UTF_8);
            ingest.handle(request(body, "X-Acme-Signature-256", Signatures.configuredHmac("sha256", "hex", "sha256=", ACME_SECRET, body)));
        }
        Transaction t = store.load("pay_5QK2N8").orElseThrow();
        assertThat(t.status()).isEqualTo(Status.DISPUTED);
        assertThat(t.events()).extracting(StoredEvent::eventId).containsExactly("evt_a", "evt_b", "evt_c");
    }
}

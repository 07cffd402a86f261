package io.payhook.core.webhook.gocardless;

import com.gocardless.Webhook;
import com.gocardless.errors.InvalidSignatureException;
import com.gocardless.resources.Event;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GoCardless signatures: GoCardless's published test vectors (raw bytes exactly — one is signed without the file's
 * trailing newline, one with it), GoCardless's own Java SDK ({@code com.gocardless:gocardless-pro},
 * {@code Webhook.isValidSignature} and {@code Webhook.parse}) against our verifier and testkit's independent signer in
 * both directions, every way a delivery can be wrong with its stable code, rotation, the batch verified all or
 * nothing, the detection clash with Standard Webhooks in both directions, and failing closed.
 */
class GoCardlessSignaturesTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final String SECRET = "test_only_gocardless_endpoint_secret";
    static final String OLD = "test_only_gocardless_previous_secret";
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final GoCardlessProvider p = new GoCardlessProvider(clock);
    final ProviderRegistry registry = Providers.standard(clock);

    static byte[] corpus(String name) {
        try (InputStream in = GoCardlessSignaturesTest.class.getResourceAsStream("/corpus/gocardless/" + name)) {
            if (in == null) throw new IllegalArgumentException("no corpus file " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookRequest request(Map<String, String> headers, byte[] body) { return new WebhookRequest(headers, Map.of(), body); }

    static WebhookRequest signed(String signature, byte[] body) {
        return request(Map.of("Content-Type", "application/json", "Webhook-Signature", signature), body);
    }

    static String utf8(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    static byte[] withoutTrailingNewline(byte[] b) {
        return b.length > 0 && b[b.length - 1] == '\n' ? Arrays.copyOf(b, b.length - 1) : b;
    }

    // --- published vectors -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} (trailing newline stripped: {1})")
    @CsvSource(delimiter = '|', textBlock = """
            subscriptions-mandates-created.batch.json      | true  | ED7D658C-D8EB-4941-948B-3973214F2D49     | 2693754819d3e32d7e8fcb13c729631f316c6de8dc1cf634d6527f1c07276e7e | 550
            payments-failed.signed.json                    | false | testing                                  | 243f3efa57743c24eec7c5e10edc475b547830d256d5b583745afe319dd90936 | 383
            payments-submitted-confirmed.batch.signed.json | false | ElfJ-3tF9I_zutNVK2lBABQrw-BgAhkZKIlvmbgk | 4d48a688e8bd6c313e3eecc78fa55b3e4ae23c65e70cf35038010f47742fb670 | 733
            """)
    void publishedVectorsOnTheExactBytes(String file, boolean stripped, String secret, String signature, int length) {
        byte[] file0 = corpus(file);
        byte[] body = stripped ? withoutTrailingNewline(file0) : file0;
        assertThat(body).hasSize(length);
        // ours, testkit's signer and GoCardless's SDK agree on the vector
        assertThatCode(() -> p.verify(signed(signature, body), List.of(secret), NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThat(Signatures.goCardless(secret, body)).isEqualTo(signature);
        assertThat(Webhook.isValidSignature(utf8(body), signature, secret)).isTrue();
        // one byte more or less (the newline the other vector keeps) is another body: refused by both
        byte[] other = stripped ? file0 : withoutTrailingNewline(file0);
        if (other.length == body.length) other = (utf8(body) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] otherBody = other;
        expect(() -> p.verify(signed(signature, otherBody), List.of(secret), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        assertThat(Webhook.isValidSignature(utf8(otherBody), signature, secret)).isFalse();
    }

    @Test
    void aSignatureOffByTheLastDigitFails() {
        byte[] body = corpus("payments-submitted-confirmed.batch.signed.json");
        String wrong = "4d48a688e8bd6c313e3eecc78fa55b3e4ae23c65e70cf35038010f47742fb671";
        expect(() -> p.verify(signed(wrong, body), List.of("ElfJ-3tF9I_zutNVK2lBABQrw-BgAhkZKIlvmbgk"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        assertThat(Webhook.isValidSignature(utf8(body), wrong, "ElfJ-3tF9I_zutNVK2lBABQrw-BgAhkZKIlvmbgk")).isFalse();
    }

    // --- the official SDK, both directions ----------------------------------------------------------------------

    @Test
    void theSdkVerifiesAndParsesEverySampleAsWeDo() {
        for (String type : SampleDeliveries.eventTypes("gocardless")) {
            var d = SampleDeliveries.build("gocardless", type, null, SECRET, NOW);
            String sig = d.headers().get("Webhook-Signature");
            // testkit signs → GoCardless's verifier accepts; and our verifier accepts what GoCardless's accepts
            assertThat(Webhook.isValidSignature(utf8(d.body()), sig, SECRET)).as(type).isTrue();
            WebhookRequest r = request(d.headers(), d.body());
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            List<Event> theirs = Webhook.parse(utf8(d.body()), sig, SECRET);
            List<PaymentEvent> ours = p.parse(r);
            assertThat(ours).hasSameSizeAs(theirs);
            for (int i = 0; i < ours.size(); i++) {
                Event e = theirs.get(i);
                assertThat(ours.get(i).eventId()).isEqualTo(e.getId());
                assertThat(ours.get(i).type()).isEqualTo(e.getResourceType().name().toLowerCase(Locale.ROOT) + "." + e.getAction());
                assertThat(ours.get(i).occurredAt()).isEqualTo(Instant.parse(e.getCreatedAt()));
                if (e.getLinks().getPayment() != null) assertThat(ours.get(i).transactionId()).isEqualTo(e.getLinks().getPayment());
            }
            assertThatThrownBy(() -> Webhook.parse(utf8(d.body()), sig, OLD)).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void theSdkAndOurVerifierGiveTheSameVerdictOnRandomAndTamperedDeliveries() {
        Random r = new Random(20261122L);
        int agreed = 0;
        for (int n = 0; n < 500; n++) {
            byte[] body = ("{\"events\":[{\"id\":\"EV" + r.nextInt(1_000_000) + "\",\"note\":\"" + "é✓".repeat(r.nextInt(3)) + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            String secret = "secret-" + r.nextInt(1000);
            String sig = Signatures.goCardless(secret, body);
            String given = switch (r.nextInt(4)) {
                case 0 -> sig;
                case 1 -> Signatures.goCardless(secret + "x", body); // another secret
                case 2 -> sig.substring(0, 63) + (sig.charAt(63) == '0' ? '1' : '0'); // one digit off
                default -> Signatures.goCardless(secret, Arrays.copyOf(body, body.length - 1)); // another body
            };
            boolean theirs = Webhook.isValidSignature(utf8(body), given, secret);
            boolean ours;
            try {
                p.verify(signed(given, body), List.of(secret), NOW, TOLERANCE);
                ours = true;
            } catch (io.payhook.core.error.PayhookException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
                ours = false;
            }
            assertThat(ours).as("case %d", n).isEqualTo(theirs);
            agreed++;
        }
        assertThat(agreed).isEqualTo(500);
    }

    // --- every way it can be wrong --------------------------------------------------------------------------------

    @Test
    void tamperedBodyHeaderOrWrongSecret() {
        var d = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW);
        String sig = d.headers().get("Webhook-Signature");
        byte[] tampered = utf8(d.body()).replace("\"confirmed\"", "\"paid_out\"").getBytes(StandardCharsets.UTF_8);
        expect(() -> p.verify(signed(sig, tampered), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        String flipped = (sig.charAt(0) == 'a' ? 'b' : 'a') + sig.substring(1);
        expect(() -> p.verify(signed(flipped, d.body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(signed(sig, d.body()), List.of("someone-else"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // a signature of the body's JSON re-serialised is not a signature of the bytes received
        byte[] spaced = utf8(d.body()).replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        expect(() -> p.verify(signed(sig, spaced), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void missingOrMalformedHeader() {
        byte[] body = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW).body();
        String sig = Signatures.goCardless(SECRET, body);
        expect(() -> p.verify(request(Map.of(), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        expect(() -> p.verify(signed(" ", body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        for (String bad : List.of(sig.substring(1), sig + "0", "sha256=" + sig, "v1," + sig, sig.replace(sig.charAt(5), 'g'), "garbage")) {
            expect(() -> p.verify(signed(bad, body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
        // surrounding whitespace is not part of the value; upper-case hex is the same MAC (GoCardless's Java SDK
        // compares the strings and would refuse it; its Go SDK decodes the hex like we do)
        assertThatCode(() -> p.verify(signed(" " + sig + " ", body), List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(signed(sig.toUpperCase(Locale.ROOT), body), List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThat(Webhook.isValidSignature(utf8(body), sig.toUpperCase(Locale.ROOT), SECRET)).isFalse();
    }

    @Test
    void headerNameIsCaseInsensitive() {
        byte[] body = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW).body();
        for (String name : List.of("Webhook-Signature", "webhook-signature", "WEBHOOK-SIGNATURE")) {
            var r = request(Map.of(name, Signatures.goCardless(SECRET, body)), body);
            assertThat(p.recognizes(r)).isTrue();
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    @Test
    void rotationAnyActiveSecretVerifiesBlankOnesMatchNothing() {
        byte[] body = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW).body();
        var r = signed(Signatures.goCardless(SECRET, body), body);
        assertThatCode(() -> p.verify(r, List.of(OLD, SECRET), NOW, TOLERANCE)).as("second of two").doesNotThrowAnyException();
        assertThatCode(() -> p.verify(r, List.of(SECRET, OLD), NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(r, List.of("", " ", SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(r, List.of(" " + SECRET + " "), NOW, TOLERANCE)).as("configured with spaces").doesNotThrowAnyException();
        expect(() -> p.verify(r, List.of(OLD), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(r, List.of("", " "), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(r, List.of(), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void noReplayWindowGoCardlessSignsNoTimestamp() {
        // a delivery signed years ago still verifies: a replay holds the same event ids, which are duplicates
        byte[] body = corpus("payments-submitted-confirmed.batch.signed.json");
        String sig = "4d48a688e8bd6c313e3eecc78fa55b3e4ae23c65e70cf35038010f47742fb670";
        assertThatCode(() -> p.verify(signed(sig, body), List.of("ElfJ-3tF9I_zutNVK2lBABQrw-BgAhkZKIlvmbgk"), NOW, Duration.ZERO))
                .doesNotThrowAnyException();
    }

    // --- the batch: all or nothing ----------------------------------------------------------------------------------

    IngestWebhook ingest(InMemoryTransactionStore store, List<String> secrets) {
        return new IngestWebhook(registry, provider -> provider.equals("gocardless") ? secrets : List.of(), store, new TestCipher(),
                clock, IngestWebhook.Settings.DEFAULT);
    }

    @Test
    void oneAlteredEventRefusesTheWholeBatchAndStoresNothing() {
        var o = new SampleDeliveries.SampleOptions("PM00BATCH00001", 2500, "EUR", null, "EV00BATCH00001");
        var d = SampleDeliveries.build("gocardless", "batch.payment_lifecycle", o, SECRET, NOW);
        String body = utf8(d.body());
        assertThat(body.split("\"id\":\"EV", -1)).hasSize(5);
        // the last event of four altered: its action, then only its id
        for (String altered : List.of(body.replace("\"confirmed\"", "\"cancelled\""), body.replace("EV00BATCH00001_4", "EV00BATCH00001_9"))) {
            assertThat(altered).isNotEqualTo(body);
            var store = new InMemoryTransactionStore();
            var r = request(d.headers(), altered.getBytes(StandardCharsets.UTF_8));
            expect(() -> ingest(store, List.of(SECRET)).handle(r), ErrorCode.SIGNATURE_INVALID);
            assertThat(store.events).as("nothing of a refused batch is kept").isEmpty();
        }
        var store = new InMemoryTransactionStore();
        var outcome = ingest(store, List.of(OLD, SECRET)).handle(request(d.headers(), d.body()));
        assertThat(outcome.provider()).isEqualTo("gocardless");
        assertThat(outcome.results()).hasSize(4);
        assertThat(store.events).hasSize(4);
    }

    // --- detection: the Webhook-Signature / webhook-signature clash --------------------------------------------------

    @Test
    void aGoCardlessDeliveryIsGoCardlessAlsoWithExtraHeaders() {
        var d = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW);
        Map<String, String> extra = new HashMap<>(d.headers());
        extra.put("Origin", "https://api.gocardless.com");
        extra.put("X-Forwarded-For", "203.0.113.7");
        extra.put("webhook-timestamp", Long.toString(NOW.getEpochSecond())); // e.g. added by a relay: no message id, no v1
        for (Map<String, String> h : List.of(d.headers(), extra)) {
            var r = request(h, d.body());
            assertThat(registry.select(r).name()).isEqualTo("gocardless");
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    @Test
    void aStandardWebhooksDeliveryIsNeverGoCardlessAlsoWithAHexLookingSignature() {
        var sw = SampleDeliveries.build("standard_webhooks", "succeeded", null, "whsec_dGVzdC1vbmx5LWNsYXNoLWtleQ==", NOW);
        var r = request(sw.headers(), sw.body());
        assertThat(registry.select(r).name()).isEqualTo("standard_webhooks");
        assertThat(p.recognizes(r)).isFalse();
        // a Standard Webhooks delivery whose signature value happens to be 64 hex digits (a broken sender, a forgery)
        Map<String, String> hex = new HashMap<>(sw.headers());
        hex.put("webhook-signature", Signatures.goCardless(SECRET, sw.body()));
        var hexLooking = request(hex, sw.body());
        assertThat(registry.select(hexLooking).name()).isEqualTo("standard_webhooks");
        assertThat(p.recognizes(hexLooking)).isFalse();
        // Svix's names, and a v1 value without its message id: not GoCardless either
        assertThat(p.recognizes(request(Map.of("svix-id", "msg_1", "webhook-signature", "ab".repeat(32)), sw.body()))).isFalse();
        assertThat(p.recognizes(request(Map.of("webhook-signature", "v1,bm90LWEtaGV4LXZhbHVl"), sw.body()))).isFalse();
        assertThat(registry.select(request(Map.of("webhook-signature", "v1,bm90LWEtaGV4LXZhbHVl"), sw.body())).name()).isEqualTo("generic");
    }

    @Test
    void aMalformedGoCardlessSignatureIsStillGoCardlessSoItsCodeIsStable() {
        byte[] body = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW).body();
        var r = signed("not-a-signature", body);
        assertThat(registry.select(r).name()).isEqualTo("gocardless");
        expect(() -> ingest(new InMemoryTransactionStore(), List.of(SECRET)).handle(r), ErrorCode.SIGNATURE_MALFORMED);
    }

    // --- fail closed --------------------------------------------------------------------------------------------------

    @Test
    void unconfiguredItIsRecognisedAndRefusedWithProviderNotConfigured() {
        var d = SampleDeliveries.build("gocardless", "payments.confirmed", null, SECRET, NOW);
        var store = new InMemoryTransactionStore();
        var r = request(d.headers(), d.body());
        assertThat(registry.select(r).name()).isEqualTo("gocardless");
        expect(() -> ingest(store, List.of()).handle(r), ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(store.events).isEmpty();
        assertThat(new ArrayList<>(registry.names())).contains("gocardless");
    }
}

package io.payhook.core.webhook.checkout;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.core.webhook.Refusals.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Checkout.com's signature: the two vectors of Checkout.com's own SAP plugin (upper-case hex), a plain JCA
 * reference (Checkout.com's Java SDK has no webhook verifier), every way a delivery can be wrong, rotation.
 */
class CheckoutSignatureTest {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String KEY = "test-only-checkout-signature-key";
    static final String OLD = "test-only-checkout-previous-key";
    static final String HEADER = CheckoutProvider.SIGNATURE_HEADER;
    /** DefaultCheckoutComRequestEventValidatorTest (checkout/Checkout-SAP-Cloud-Commerce-2105): key → Cko-Signature. */
    static final Map<String, String> SAP_VECTORS = Map.of(
            "SECRET_KEY", "561668318D6FF228571FC7667C70E80BC727B7D3F44AB3130A5E368ABA94C2C0",
            "SIGNATURE_KEY", "6E9AE0CC5858BB0A26859F028B11D59F7266640B4911D92BEBF880B60AE053CD");

    final CheckoutProvider p = new CheckoutProvider(Clock.fixed(NOW, ZoneOffset.UTC));

    static WebhookRequest request(Map<String, String> headers, byte[] body) { return new WebhookRequest(headers, Map.of(), body); }

    WebhookRequest sample(String key) {
        var d = SampleDeliveries.build("checkout", "payment_captured", new SampleDeliveries.SampleOptions("pay_sigtest", 2500, "EUR", null, null), key, NOW);
        return request(d.headers(), d.body());
    }

    /** The reference computation, plain JCA, independent of payhook and the testkit. */
    static String jca(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void theSapPluginsVectorsInEitherCase() throws Exception {
        byte[] body = CorpusFiles.read("checkout", "payment-approved.sap-validator.signed.json");
        assertThat(body).hasSize(2018);
        for (var v : SAP_VECTORS.entrySet()) {
            assertThat(jca(v.getKey(), body)).isEqualToIgnoringCase(v.getValue());
            assertThat(Signatures.hexOfBody(v.getKey(), body)).isEqualTo(v.getValue().toLowerCase(Locale.ROOT));
            for (String sig : List.of(v.getValue(), v.getValue().toLowerCase(Locale.ROOT))) {
                var r = request(Map.of(HEADER, sig), body);
                assertThat(p.recognizes(r)).isTrue();
                assertThatCode(() -> p.verify(r, List.of(v.getKey()), NOW, TOLERANCE)).as(v.getKey() + " " + sig).doesNotThrowAnyException();
            }
        }
        // each vector is for its own key only
        expect(() -> p.verify(request(Map.of(HEADER, SAP_VECTORS.get("SECRET_KEY")), body), List.of("SIGNATURE_KEY"), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void ourSamplesAgreeWithTheJcaReference() throws Exception {
        for (String type : SampleDeliveries.eventTypes("checkout")) {
            var d = SampleDeliveries.build("checkout", type, new SampleDeliveries.SampleOptions(null, 2500, "EUR", "customer@example.com", null), KEY, NOW);
            assertThat(d.headers().get(HEADER)).as(type).isEqualTo(jca(KEY, d.body()));
            assertThatCode(() -> p.verify(request(d.headers(), d.body()), List.of(KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    @Test
    void rotationEveryActiveKeyVerifies() {
        var signedWithNew = sample(KEY);
        var signedWithOld = sample(OLD);
        for (var r : List.of(signedWithNew, signedWithOld)) {
            assertThatCode(() -> p.verify(r, List.of(OLD, KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(KEY, OLD), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
        expect(() -> p.verify(signedWithOld, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(signedWithNew, List.of(""), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void tamperedBodyHeaderOrKey() {
        var good = sample(KEY);
        String text = new String(good.body(), StandardCharsets.UTF_8);
        expect(() -> p.verify(request(good.headers(), text.replace("\"amount\":2500", "\"amount\":25").getBytes(StandardCharsets.UTF_8)),
                List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // "a payload that has been deserialized and serialized again could change" — whitespace is enough
        expect(() -> p.verify(request(good.headers(), (text + "\n").getBytes(StandardCharsets.UTF_8)), List.of(KEY), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        String sig = good.headers().get(HEADER);
        String flipped = (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1);
        expect(() -> p.verify(request(Map.of(HEADER, flipped), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(good, List.of("test-only-someone-else"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void missingHeader() {
        var good = sample(KEY);
        expect(() -> p.verify(request(Map.of(), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        expect(() -> p.verify(request(Map.of(HEADER, " "), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        // the optional Authorization header of a Checkout.com webhook is no signature
        expect(() -> p.verify(request(Map.of("Authorization", KEY), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6E9AE0CC5858BB0A26859F028B11D59F7266640B4911D92BEBF880B60AE053CG", "6E9AE0CC5858BB0A",
            "6E9AE0CC5858BB0A26859F028B11D59F7266640B4911D92BEBF880B60AE053CD6E", "bprgzFhYuwomhZ8CixHVn3JmZAtJEdkr6/iAtgrgU80=",
            "HMACSHA256=6E9AE0CC5858BB0A26859F028B11D59F7266640B4911D92BEBF880B60AE053CD"})
    void malformedHeader(String value) {
        expect(() -> p.verify(request(Map.of(HEADER, value), sample(KEY).body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
    }

    @Test
    void headerNameIsCaseInsensitiveAndNoReplayWindow() {
        var good = sample(KEY);
        var r = request(Map.of("cko-signature", good.headers().get(HEADER)), good.body());
        assertThat(p.recognizes(r)).isTrue();
        assertThatCode(() -> p.verify(r, List.of(KEY), NOW.plus(Duration.ofDays(30)), Duration.ZERO)).doesNotThrowAnyException();
    }

    @Test
    void throughTheUseCaseAnUnconfiguredCheckoutIsProviderNotConfigured() {
        var good = sample(KEY);
        assertThat(Providers.standard(Clock.systemUTC()).select(good).name()).isEqualTo("checkout");
        var store = new InMemoryTransactionStore();
        expect(() -> CorpusFiles.ingest(store, NOW, Map.of(), null).handle(good), ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(store.events).isEmpty();
        var ok = CorpusFiles.ingest(store, NOW, Map.of("checkout", List.of(KEY)), null).handle(good);
        assertThat(ok.provider()).isEqualTo("checkout");
        assertThat(ok.results()).singleElement().satisfies(res -> assertThat(res.status()).isEqualTo("SUCCEEDED"));
    }
}

package io.payhook.core.webhook.razorpay;

import com.razorpay.RazorpayException;
import com.razorpay.Utils;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import io.payhook.testkit.samples.RazorpaySamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.core.webhook.Refusals.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Razorpay's signature: the SDK's published vector, the official {@code razorpay-java} both ways (its
 * {@code Utils.getHash} signs, our verifier accepts; our signer, its {@code Utils.verifyWebhookSignature}
 * accepts), every way a delivery can be wrong, rotation.
 */
class RazorpaySignatureTest {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String SECRET = "test-only-razorpay-webhook-secret";
    static final String OLD = "test-only-razorpay-previous-secret";
    static final String HEADER = RazorpayProvider.SIGNATURE_HEADER;

    final RazorpayProvider p = new RazorpayProvider(Clock.fixed(NOW, ZoneOffset.UTC));

    static WebhookRequest request(Map<String, String> headers, byte[] body) { return new WebhookRequest(headers, Map.of(), body); }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    WebhookRequest sample(String secret) {
        var d = SampleDeliveries.build("razorpay", "payment.captured", new SampleDeliveries.SampleOptions("pay_SigTest000001", 2500, "INR", null, null),
                secret, NOW);
        return request(d.headers(), d.body());
    }

    @Test
    void publishedVectorOfTheSdk() throws RazorpayException {
        // razorpay-java UtilsTest.verifyWebhookSignature
        String payload = "{\"a\":1,\"b\":2,\"c\":{\"d\":3}}";
        String sig = "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc";
        assertThat(Utils.verifyWebhookSignature(payload, sig, "123456")).isTrue();
        assertThat(Signatures.hexOfBody("123456", utf8(payload))).isEqualTo(sig);
        var r = request(Map.of(HEADER, sig), utf8(payload));
        assertThat(p.recognizes(r)).isTrue();
        assertThatCode(() -> p.verify(r, List.of("123456"), NOW, TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void theOfficialSdkBothWays() throws RazorpayException {
        for (String type : SampleDeliveries.eventTypes("razorpay")) {
            var d = SampleDeliveries.build("razorpay", type, new SampleDeliveries.SampleOptions(null, 2500, "INR", "customer@example.com", null),
                    SECRET, NOW);
            String text = new String(d.body(), StandardCharsets.UTF_8);
            // ours → theirs
            assertThat(Utils.verifyWebhookSignature(text, d.headers().get(HEADER), SECRET)).as(type).isTrue();
            // theirs → ours
            String theirs = Utils.getHash(text, SECRET);
            assertThat(theirs).isEqualTo(d.headers().get(HEADER));
            assertThatCode(() -> p.verify(request(Map.of(HEADER, theirs), d.body()), List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    @Test
    void upperCaseHexIsAcceptedWhichTheSdkRefuses() throws RazorpayException {
        var good = sample(SECRET);
        String upper = good.headers().get(HEADER).toUpperCase(Locale.ROOT);
        // the SDK compares the hex text; payhook decodes it and compares the bytes
        assertThat(Utils.verifyWebhookSignature(new String(good.body(), StandardCharsets.UTF_8), upper, SECRET)).isFalse();
        assertThatCode(() -> p.verify(request(Map.of(HEADER, upper), good.body()), List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void rotationEveryActiveSecretVerifies() {
        var signedWithNew = sample(SECRET);
        var signedWithOld = sample(OLD);
        // Razorpay retries an older delivery signed with the secret it was first sent with
        for (var r : List.of(signedWithNew, signedWithOld)) {
            assertThatCode(() -> p.verify(r, List.of(OLD, SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(SECRET, OLD), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
        expect(() -> p.verify(signedWithOld, List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(signedWithNew, List.of(" ", ""), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void tamperedBodyHeaderOrSecret() {
        var good = sample(SECRET);
        String text = new String(good.body(), StandardCharsets.UTF_8);
        byte[] tampered = utf8(text.replace("\"amount\":2500", "\"amount\":2"));
        assertThat(tampered).isNotEqualTo(good.body());
        expect(() -> p.verify(request(good.headers(), tampered), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // re-serialised (whitespace added): not the bytes signed
        expect(() -> p.verify(request(good.headers(), utf8(text.replace(",", ", "))), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        String sig = good.headers().get(HEADER);
        String flipped = (sig.charAt(63) == '0' ? "1" : "0");
        expect(() -> p.verify(request(Map.of(HEADER, sig.substring(0, 63) + flipped), good.body()), List.of(SECRET), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(good, List.of("test-only-someone-else"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // the event-id header is not signed: changing it changes nothing about the signature
        var otherId = request(Map.of(HEADER, sig, RazorpayProvider.EVENT_ID_HEADER, "OtherEventId01"), good.body());
        assertThatCode(() -> p.verify(otherId, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void missingHeader() {
        var good = sample(SECRET);
        expect(() -> p.verify(request(Map.of(), good.body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        expect(() -> p.verify(request(Map.of(HEADER, ""), good.body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc", "2fe04e22977002e6c7cb553adab8b460",
            "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc00", "L+BOIpdwAubHy1U62rtGDLnipJcNWVPLJ6hHJydT67w=",
            "sha256=2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc"})
    void malformedHeader(String value) {
        expect(() -> p.verify(request(Map.of(HEADER, value), sample(SECRET).body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
    }

    @Test
    void headerNameIsCaseInsensitiveAndNoReplayWindow() {
        var good = sample(SECRET);
        var r = request(Map.of("x-razorpay-signature", good.headers().get(HEADER)), good.body());
        assertThat(p.recognizes(r)).isTrue();
        assertThatCode(() -> p.verify(r, List.of(SECRET), NOW.plus(Duration.ofDays(30)), Duration.ZERO)).doesNotThrowAnyException();
    }

    @Test
    void throughTheUseCaseAnUnconfiguredRazorpayIsProviderNotConfigured() {
        var good = sample(SECRET);
        assertThat(Providers.standard(Clock.systemUTC()).select(good).name()).isEqualTo("razorpay");
        var store = new InMemoryTransactionStore();
        expect(() -> CorpusFiles.ingest(store, NOW, Map.of(), null).handle(good), ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(store.events).isEmpty();
        var ok = CorpusFiles.ingest(store, NOW, Map.of("razorpay", List.of(SECRET)), null).handle(good);
        assertThat(ok.provider()).isEqualTo("razorpay");
        assertThat(ok.results()).singleElement().satisfies(res -> assertThat(res.status()).isEqualTo("SUCCEEDED"));
    }
}

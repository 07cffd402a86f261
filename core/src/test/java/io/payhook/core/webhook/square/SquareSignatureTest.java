package io.payhook.core.webhook.square;

import com.squareup.square.utilities.WebhooksHelper;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;
import io.payhook.testkit.samples.SquareSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.payhook.core.webhook.Refusals.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Square's signature: Square SDK's published test vectors, the SDK's {@code WebhooksHelper} against our
 * signer, every way a delivery can be wrong, rotation, and fail-closed without the notification URL.
 */
class SquareSignatureTest {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String KEY = "test-only-square-signature-key";
    static final String OLD_KEY = "test-only-square-previous-key";
    static final String URL = "https://payhook.example.com/webhooks/payment";
    static final String HEADER = SquareProvider.SIGNATURE_HEADER;

    /** The SDK's vector 1 (square-java-sdk WebhooksTest): the corpus file, its key, URL and signature. */
    static final String VECTOR_KEY = "Ibxx_5AKakO-3qeNVR61Dw";
    static final String VECTOR_URL = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    static final String VECTOR_SIG = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";

    final SquareProvider p = new SquareProvider(Clock.fixed(NOW, ZoneOffset.UTC), URL);

    static WebhookRequest request(Map<String, String> headers, byte[] body) { return new WebhookRequest(headers, Map.of(), body); }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    WebhookRequest sample(String key) {
        var d = SquareSamples.build("payment.updated", new SampleDeliveries.SampleOptions("sqPaymentSig0001", 2500, "USD", null, null), key, URL, NOW);
        return request(d.headers(), d.body());
    }

    @Test
    void publishedVectorsOfTheSquareSdk() {
        byte[] body = CorpusFiles.read("square", "webhooks-test-notification.signed.json");
        assertThat(body).hasSize(234);
        assertThat(Signatures.square(VECTOR_KEY, VECTOR_URL, body)).isEqualTo(VECTOR_SIG);
        var vectorProvider = new SquareProvider(Clock.systemUTC(), VECTOR_URL);
        var r = request(Map.of(HEADER, VECTOR_SIG), body);
        assertThat(vectorProvider.recognizes(r)).isTrue();
        assertThatCode(() -> vectorProvider.verify(r, List.of(VECTOR_KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
        // vectors 2 and 3 of the same test: key "signature-key", URL https://webhook.site/webhooks
        var other = new SquareProvider(Clock.systemUTC(), "https://webhook.site/webhooks");
        for (var v : Map.of("{\"data\":{\"type\":\"webhooks\",\"id\":\"fake_id\"}}", "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=",
                "{\"data\":{\"type\":\"webhooks\",\"id\":\">id<\"}}", "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=").entrySet()) {
            assertThat(Signatures.square("signature-key", "https://webhook.site/webhooks", utf8(v.getKey()))).isEqualTo(v.getValue());
            assertThatCode(() -> other.verify(request(Map.of(HEADER, v.getValue()), utf8(v.getKey())), List.of("signature-key"), NOW, TOLERANCE))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theSdksNegativeCasesAreRefusedByBoth() {
        byte[] body = CorpusFiles.read("square", "webhooks-test-notification.signed.json");
        String text = new String(body, StandardCharsets.UTF_8);
        // the URL with one character dropped
        String shortUrl = "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9";
        assertThat(WebhooksHelper.verifySignature(text, VECTOR_SIG, VECTOR_KEY, shortUrl)).isFalse();
        expect(() -> new SquareProvider(Clock.systemUTC(), shortUrl).verify(request(Map.of(HEADER, VECTOR_SIG), body), List.of(VECTOR_KEY), NOW,
                TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        var vectorProvider = new SquareProvider(Clock.systemUTC(), VECTOR_URL);
        // another key
        assertThat(WebhooksHelper.verifySignature(text, VECTOR_SIG, "MCmhFRxGX82xMwg5FsaoQA", VECTOR_URL)).isFalse();
        expect(() -> vectorProvider.verify(request(Map.of(HEADER, VECTOR_SIG), body), List.of("MCmhFRxGX82xMwg5FsaoQA"), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        // a 20-byte (SHA-1 sized) signature: the SDK says false, we say it is no HMAC-SHA256 at all
        assertThat(WebhooksHelper.verifySignature(text, "1z2n3DEJJiUPKcPzQo1ftvbxGdw=", VECTOR_KEY, VECTOR_URL)).isFalse();
        expect(() -> vectorProvider.verify(request(Map.of(HEADER, "1z2n3DEJJiUPKcPzQo1ftvbxGdw="), body), List.of(VECTOR_KEY), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_MALFORMED);
        // the body with created_at's month changed, and the body re-serialised (pretty-printed)
        String tampered = text.replace("2022-07-13", "2022-08-13");
        assertThat(WebhooksHelper.verifySignature(tampered, VECTOR_SIG, VECTOR_KEY, VECTOR_URL)).isFalse();
        expect(() -> vectorProvider.verify(request(Map.of(HEADER, VECTOR_SIG), utf8(tampered)), List.of(VECTOR_KEY), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        String pretty = text.replace(",", ",\n  ");
        assertThat(WebhooksHelper.verifySignature(pretty, VECTOR_SIG, VECTOR_KEY, VECTOR_URL)).isFalse();
        expect(() -> vectorProvider.verify(request(Map.of(HEADER, VECTOR_SIG), utf8(pretty)), List.of(VECTOR_KEY), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void theSquareSdkAcceptsOurSignerAndWeAcceptWhatItAccepts() {
        // the SDK has no signer: its published vectors (above) are its signatures; here our samples go to its verifier
        for (String type : SampleDeliveries.eventTypes("square")) {
            var d = SquareSamples.build(type, new SampleDeliveries.SampleOptions(null, 2500, "USD", "customer@example.com", null), KEY, URL, NOW);
            String text = new String(d.body(), StandardCharsets.UTF_8);
            assertThat(WebhooksHelper.verifySignature(text, d.headers().get(HEADER), KEY, URL)).as(type).isTrue();
            assertThat(WebhooksHelper.verifySignature(text, d.headers().get(HEADER), KEY, URL + "/")).as("another URL").isFalse();
            assertThatCode(() -> p.verify(request(d.headers(), d.body()), List.of(KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
        // the registry's samples are signed for the local server's URL
        var local = SampleDeliveries.build("square", "payment.created", null, KEY, NOW);
        assertThat(WebhooksHelper.verifySignature(new String(local.body(), StandardCharsets.UTF_8), local.headers().get(HEADER), KEY,
                SquareSamples.DEFAULT_NOTIFICATION_URL)).isTrue();
    }

    @Test
    void rotationEveryActiveKeyVerifies() {
        var signedWithNew = sample(KEY);
        var signedWithOld = sample(OLD_KEY);
        for (var r : List.of(signedWithNew, signedWithOld)) {
            assertThatCode(() -> p.verify(r, List.of(OLD_KEY, KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(KEY, OLD_KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
        expect(() -> p.verify(signedWithOld, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        assertThatCode(() -> p.verify(signedWithNew, List.of(" ", "", " " + KEY + " "), NOW, TOLERANCE)).as("blank and padded entries")
                .doesNotThrowAnyException();
        expect(() -> p.verify(signedWithNew, List.of("", " "), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void tamperedBodyHeaderKeyOrUrl() {
        var good = sample(KEY);
        byte[] body = good.body().clone();
        body[body.length / 2] ^= 1;
        expect(() -> p.verify(request(good.headers(), body), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        byte[] sig = Base64.getDecoder().decode(good.headers().get(HEADER));
        sig[0] ^= 1;
        expect(() -> p.verify(request(Map.of(HEADER, Base64.getEncoder().encodeToString(sig)), good.body()), List.of(KEY), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(good, List.of("test-only-someone-else"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // the URL is part of what is signed: a trailing slash, another host or scheme is another signature
        for (String url : List.of(URL + "/", URL.replace("https", "http"), URL.replace("payhook.example.com", "proxy.example.com"))) {
            expect(() -> new SquareProvider(Clock.systemUTC(), url).verify(good, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }
    }

    @Test
    void missingHeader() {
        var good = sample(KEY);
        expect(() -> p.verify(request(Map.of(), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        expect(() -> p.verify(request(Map.of(HEADER, "  "), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        // only the legacy HMAC-SHA1 header: recognised as Square's, not accepted
        var legacy = request(Map.of(SquareProvider.LEGACY_SIGNATURE_HEADER, "1z2n3DEJJiUPKcPzQo1ftvbxGdw="), good.body());
        assertThat(p.recognizes(legacy)).isTrue();
        assertThatThrownBy(() -> p.verify(legacy, List.of(KEY), NOW, TOLERANCE)).isInstanceOfSatisfying(PayhookException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_MISSING);
            assertThat(e.getMessage()).contains(HEADER);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!", "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=GF4Y",
            "186e1e92b260181959f4d2186cd5b09ccceaf6f6a07d4b0464b39ef1fe7ffd8de", "1z2n3DEJJiUPKcPzQo1ftvbxGdw="})
    void malformedHeader(String value) {
        expect(() -> p.verify(request(Map.of(HEADER, value), sample(KEY).body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
    }

    @Test
    void headerNameIsCaseInsensitive() {
        var good = sample(KEY);
        var r = request(Map.of("X-Square-HmacSha256-Signature", good.headers().get(HEADER)), good.body());
        assertThat(p.recognizes(r)).isTrue();
        assertThatCode(() -> p.verify(r, List.of(KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void noReplayWindowSquareSignsNoTimestamp() {
        var good = sample(KEY);
        assertThatCode(() -> p.verify(good, List.of(KEY), NOW.plus(Duration.ofDays(30)), TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(good, List.of(KEY), NOW.minus(Duration.ofDays(1)), Duration.ZERO)).doesNotThrowAnyException();
    }

    @Test
    void withoutANotificationUrlEveryDeliveryIsRefusedFailClosed() {
        var good = sample(KEY);
        for (String url : new String[] {null, "", "   "}) {
            var unconfigured = new SquareProvider(Clock.systemUTC(), url);
            assertThat(unconfigured.recognizes(good)).isTrue();
            assertThatThrownBy(() -> unconfigured.verify(good, List.of(KEY), NOW, TOLERANCE)).isInstanceOfSatisfying(PayhookException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED);
                assertThat(e.getMessage()).contains("PAYHOOK_SQUARE_NOTIFICATION_URL").doesNotContain(KEY);
            });
            // even without any signature: not configured comes first
            expect(() -> unconfigured.verify(request(Map.of(), good.body()), List.of(KEY), NOW, TOLERANCE), ErrorCode.PROVIDER_NOT_CONFIGURED);
        }
        // surrounding blanks of a configured URL are configuration noise
        assertThatCode(() -> new SquareProvider(Clock.systemUTC(), " " + URL + " ").verify(good, List.of(KEY), NOW, TOLERANCE))
                .doesNotThrowAnyException();
    }

    @Test
    void throughTheUseCaseAnUnconfiguredSquareIsProviderNotConfiguredNeverAnotherProvider() {
        var d = SquareSamples.build("payment.updated", SampleDeliveries.SampleOptions.defaults(), KEY, URL, NOW);
        var r = request(d.headers(), d.body());
        assertThat(Providers.standard(Clock.systemUTC()).select(r).name()).as("detected as Square without any configuration").isEqualTo("square");
        // no signature key
        expect(() -> CorpusFiles.ingest(new InMemoryTransactionStore(), NOW, Map.of(), URL).handle(r), ErrorCode.PROVIDER_NOT_CONFIGURED);
        // a key but no notification URL
        var store = new InMemoryTransactionStore();
        expect(() -> CorpusFiles.ingest(store, NOW, Map.of("square", List.of(KEY)), null).handle(r), ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(store.events).isEmpty();
        // configured: accepted
        var ok = CorpusFiles.ingest(store, NOW, Map.of("square", List.of(KEY)), URL).handle(r);
        assertThat(ok.provider()).isEqualTo("square");
        assertThat(ok.results()).singleElement().satisfies(res -> assertThat(res.status()).isEqualTo("SUCCEEDED"));
    }
}

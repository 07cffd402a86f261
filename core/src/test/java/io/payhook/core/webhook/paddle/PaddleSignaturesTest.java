package io.payhook.core.webhook.paddle;

import io.payhook.core.error.ErrorCode;
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

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Paddle Billing signatures. There is no Java SDK from Paddle: our verifier is checked against the test vectors of
 * Paddle's Python and Go SDKs (the exact bytes they sign, the rotation vector with several secrets and several
 * {@code h1}), against testkit's independent signer and a plain JCA computation, and for every way a delivery can be
 * wrong — tampered body, header, timestamp or secret, the replay window on both sides, malformed headers — with the
 * code it must get; detection and failing closed.
 */
class PaddleSignaturesTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final long TS = NOW.getEpochSecond();
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final String SECRET = "pdl_ntfset_01testonly0000000000000000_TestOnlyNotARealSecret+/0";
    static final String OLD = "pdl_ntfset_01testonly1111111111111111_PreviousTestOnlySecret/+1";
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final PaddleProvider p = new PaddleProvider(clock);
    final ProviderRegistry registry = Providers.standard(clock);

    static byte[] corpus(String name) {
        try (InputStream in = PaddleSignaturesTest.class.getResourceAsStream("/corpus/paddle/" + name)) {
            if (in == null) throw new IllegalArgumentException("no corpus file " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookRequest signed(String header, byte[] body) {
        return new WebhookRequest(Map.of("Content-Type", "application/json", "Paddle-Signature", header), Map.of(), body);
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** A plain JCA computation of Paddle's h1, independent of both testkit and core. */
    static String jca(String secret, String ts, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
        mac.update(utf8(ts + ":"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    // --- published vectors (Paddle's Python and Go SDK tests) -----------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            customer-created.standard-payload.signed.json      | true  | 458 | 1710498758 | 558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744 | pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I
            customer-created.special-chars-payload.signed.json | true  | 510 | 1710498288 | 38219b3ba1578184e625c29d201a27cd25bd69e2ec9c3ab87dcb90d87ff73a41 | pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I
            price-created.go-verifier.signed.json              | false | 575 | 1710929255 | 6c05ef8fa83c44d751be6d259ec955ce5638e2c54095bf128e408e2fce1589c8 | pdl_ntfset_01hsdn8d43dt7mezr1ef2jtbaw_hKkRiCGyyRhbFwIUuqiTBgI7gnWoV0Gr
            """)
    void publishedVectorsOnTheExactBytes(String file, boolean stripped, int length, long ts, String h1, String secret) throws Exception {
        byte[] raw = corpus(file);
        // the Python test signs the fixture with its trailing newline stripped; the Go test's literal has none
        byte[] body = stripped ? Arrays.copyOf(raw, raw.length - 1) : raw;
        assertThat(body).hasSize(length);
        String header = "ts=" + ts + ";h1=" + h1;
        Instant signedAt = Instant.ofEpochSecond(ts);
        assertThatCode(() -> p.verify(signed(header, body), List.of(secret), signedAt, TOLERANCE)).doesNotThrowAnyException();
        assertThat(Signatures.paddle(ts, body, secret)).isEqualTo(header);
        assertThat(jca(secret, Long.toString(ts), body)).isEqualTo(h1);
        // the same signature over the file with its newline (or with one more) is another body
        byte[] other = stripped ? raw : (new String(raw, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        expect(() -> p.verify(signed(header, other), List.of(secret), signedAt, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // signed in 2024: outside any window of today
        expect(() -> p.verify(signed(header, body), List.of(secret), NOW, TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
    }

    @Test
    void publishedRotationVectorSeveralSecretsSeveralH1() {
        // Paddle's Python SDK: a dummy h1 beside the real one; of three secrets only the third matches
        String header = "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02";
        byte[] body = utf8("hello-world");
        Instant at = Instant.ofEpochSecond(1696195954);
        String a = "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4";
        String b = "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo";
        String c = "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh";
        assertThatCode(() -> p.verify(signed(header, body), List.of(a, b, c), at, TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(signed(header, body), List.of(c), at, TOLERANCE)).doesNotThrowAnyException();
        expect(() -> p.verify(signed(header, body), List.of(a, b), at, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        assertThat(Signatures.paddle(1696195954, body, c)).endsWith("d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02");
    }

    // --- testkit's signer and JCA -------------------------------------------------------------------------------

    @Test
    void everySampleVerifiesAndTestkitAgreesWithPlainJca() throws Exception {
        for (String type : SampleDeliveries.eventTypes("paddle")) {
            var d = SampleDeliveries.build("paddle", type, null, SECRET, NOW);
            String header = d.headers().get("Paddle-Signature");
            assertThat(header).isEqualTo("ts=" + TS + ";h1=" + jca(SECRET, Long.toString(TS), d.body()));
            var r = new WebhookRequest(d.headers(), Map.of(), d.body());
            assertThat(registry.select(r).name()).as(type).isEqualTo("paddle");
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    // --- replay window: both sides --------------------------------------------------------------------------------

    @Test
    void theWindowIsInclusiveOnBothSidesAndOverflowSafe() {
        byte[] body = SampleDeliveries.build("paddle", "transaction.completed", null, SECRET, NOW).body();
        String header = Signatures.paddle(TS, body, SECRET);
        assertThatCode(() -> p.verify(signed(header, body), List.of(SECRET), NOW.plusSeconds(300), TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(signed(header, body), List.of(SECRET), NOW.minusSeconds(300), TOLERANCE)).doesNotThrowAnyException();
        // too old (a replay) and too far in the future (Paddle's SDKs check only the past side; we check both)
        expect(() -> p.verify(signed(header, body), List.of(SECRET), NOW.plusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        expect(() -> p.verify(signed(header, body), List.of(SECRET), NOW.minusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        for (long t : new long[] {0, 1, TS + 86_400, 999_999_999_999_999_999L}) {
            String h = Signatures.paddle(t, body, SECRET);
            expect(() -> p.verify(signed(h, body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        }
        // the window is checked before the MAC: an old signature with a wrong MAC is expired, not invalid
        expect(() -> p.verify(signed("ts=1;h1=" + "0".repeat(64), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
    }

    // --- every way it can be wrong ------------------------------------------------------------------------------------

    @Test
    void tamperedBodyHeaderTimestampOrWrongSecret() {
        var d = SampleDeliveries.build("paddle", "transaction.completed", null, SECRET, NOW);
        String header = d.headers().get("Paddle-Signature");
        String h1 = header.substring(header.indexOf("h1=") + 3);
        byte[] tampered = new String(d.body(), StandardCharsets.UTF_8).replace("\"completed\"", "\"canceled\"").getBytes(StandardCharsets.UTF_8);
        expect(() -> p.verify(signed(header, tampered), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // the timestamp is signed: moved by a second, inside the window, it no longer matches
        expect(() -> p.verify(signed("ts=" + (TS + 1) + ";h1=" + h1, d.body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // the timestamp exactly as written is signed: a leading zero is another string
        expect(() -> p.verify(signed("ts=0" + TS + ";h1=" + h1, d.body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        String flipped = (h1.charAt(0) == 'a' ? 'b' : 'a') + h1.substring(1);
        expect(() -> p.verify(signed("ts=" + TS + ";h1=" + flipped, d.body()), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(signed(header, d.body()), List.of("pdl_ntfset_01someoneelse_xxxxxxxx"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // the secret is used verbatim: without its prefix it is another key
        expect(() -> p.verify(signed(header, d.body()), List.of(SECRET.substring("pdl_ntfset_".length())), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        // "<ts>.<body>" (Stripe's layout) is not Paddle's "<ts>:<body>"
        String stripeLayout = Signatures.timestampedV1(SECRET, TS, d.body());
        expect(() -> p.verify(signed("ts=" + TS + ";h1=" + stripeLayout.substring(stripeLayout.indexOf("v1=") + 3), d.body()),
                List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void missingOrMalformedHeaders() {
        byte[] body = SampleDeliveries.build("paddle", "transaction.paid", null, SECRET, NOW).body();
        String h1 = Signatures.paddle(TS, body, SECRET).substring(("ts=" + TS + ";h1=").length());
        expect(() -> p.verify(new WebhookRequest(Map.of(), Map.of(), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        expect(() -> p.verify(signed("  ", body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        for (String bad : List.of("garbage", "h1=" + h1, "ts=" + TS, "ts=" + TS + ";h1=dummy", "ts=soon;h1=" + h1, "ts=-5;h1=" + h1,
                "ts=" + TS + ";ts=" + TS + ";h1=" + h1, "ts=99999999999999999999;h1=" + h1, "t=" + TS + ",v1=" + h1,
                "ts=" + TS + ";h1=" + h1.substring(2))) {
            expect(() -> p.verify(signed(bad, body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
        // unknown keys are ignored, spaces around parts too, and upper-case hex is the same MAC
        for (String ok : List.of("ts=" + TS + ";h1=" + h1, "ts=" + TS + ";h2=abc;h1=" + h1, " ts=" + TS + " ; h1=" + h1 + " ",
                "h1=" + h1 + ";ts=" + TS, "ts=" + TS + ";h1=" + h1.toUpperCase(Locale.ROOT))) {
            assertThatCode(() -> p.verify(signed(ok, body), List.of(SECRET), NOW, TOLERANCE)).as(ok).doesNotThrowAnyException();
        }
    }

    @Test
    void rotationSeveralSecretsAndSeveralH1() {
        byte[] body = SampleDeliveries.build("paddle", "transaction.paid", null, SECRET, NOW).body();
        // during a rotation Paddle signs with both secrets: one h1 each
        String both = Signatures.paddle(TS, body, OLD, SECRET);
        assertThat(both.split(";h1=")).hasSize(3);
        assertThatCode(() -> p.verify(signed(both, body), List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> p.verify(signed(both, body), List.of(OLD), NOW, TOLERANCE)).doesNotThrowAnyException();
        String onlyNew = Signatures.paddle(TS, body, SECRET);
        assertThatCode(() -> p.verify(signed(onlyNew, body), List.of(OLD, SECRET), NOW, TOLERANCE)).as("second of two").doesNotThrowAnyException();
        assertThatCode(() -> p.verify(signed(onlyNew, body), List.of("", " ", " " + SECRET + " "), NOW, TOLERANCE)).doesNotThrowAnyException();
        expect(() -> p.verify(signed(onlyNew, body), List.of(OLD), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(signed(onlyNew, body), List.of("", " "), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(signed(onlyNew, body), List.of(), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void headerNameIsCaseInsensitive() {
        byte[] body = SampleDeliveries.build("paddle", "transaction.paid", null, SECRET, NOW).body();
        for (String name : List.of("Paddle-Signature", "paddle-signature", "PADDLE-SIGNATURE")) {
            var r = new WebhookRequest(Map.of(name, Signatures.paddle(TS, body, SECRET)), Map.of(), body);
            assertThat(p.recognizes(r)).isTrue();
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    // --- through the use case: detection, fail closed -------------------------------------------------------------------

    IngestWebhook ingest(InMemoryTransactionStore store, List<String> secrets) {
        return new IngestWebhook(registry, provider -> provider.equals("paddle") ? secrets : List.of(), store, new TestCipher(), clock,
                IngestWebhook.Settings.DEFAULT);
    }

    @Test
    void unconfiguredItIsRecognisedAndRefusedWithProviderNotConfigured() {
        var d = SampleDeliveries.build("paddle", "transaction.completed", null, SECRET, NOW);
        var r = new WebhookRequest(d.headers(), Map.of(), d.body());
        var store = new InMemoryTransactionStore();
        assertThat(registry.select(r).name()).isEqualTo("paddle");
        expect(() -> ingest(store, List.of()).handle(r), ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(store.events).isEmpty();
        assertThat(ingest(store, List.of(OLD, SECRET)).handle(r).results()).singleElement()
                .satisfies(res -> assertThat(res.status()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aRefusedSignatureStoresNothingAndAMalformedOneKeepsItsCode() {
        var d = SampleDeliveries.build("paddle", "transaction.completed", null, SECRET, NOW);
        var store = new InMemoryTransactionStore();
        Map<String, String> h = new HashMap<>(d.headers());
        h.put("Paddle-Signature", "ts=" + TS);
        expect(() -> ingest(store, List.of(SECRET)).handle(new WebhookRequest(h, Map.of(), d.body())), ErrorCode.SIGNATURE_MALFORMED);
        h.put("Paddle-Signature", Signatures.paddle(TS, d.body(), OLD));
        expect(() -> ingest(store, List.of(SECRET)).handle(new WebhookRequest(h, Map.of(), d.body())), ErrorCode.SIGNATURE_INVALID);
        assertThat(store.events).isEmpty();
    }
}

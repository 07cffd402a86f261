package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static io.payhook.core.webhook.DeliveryChecks.expect;
import static io.payhook.core.webhook.custom.CustomSpecs.entry;
import static io.payhook.core.webhook.custom.CustomSpecs.timestamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Verification of configured senders: every algorithm × encoding × signed mode, with a prefix and without, signed by
 * testkit (which shares no code with core) and checked against plain JCA; rotation; every way a delivery can be wrong
 * with its stable code; the replay window on both sides; detection.
 */
class CustomProviderSignaturesTest {
    static final Instant NOW = Instant.parse("2026-03-14T08:26:53Z");
    static final long TS = NOW.getEpochSecond();
    static final String SECRET = "acme-test-secret-0001";
    static final String OLD = "acme-test-secret-0000";
    static final String URL = "https://hooks.example.com/webhooks/payment?provider=acme";
    /** What the use case passes; a custom provider uses its own tolerance_seconds instead. */
    static final Duration DEPLOYMENT_TOLERANCE = Duration.ofSeconds(300);
    static final byte[] BODY = utf8("{\"id\":\"evt_1\",\"payment\":{\"id\":\"pay_1\",\"state\":\"paid\",\"amount\":4250,\"currency\":\"EUR\"}}");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** One configuration of the matrix. */
    record Scheme(String algorithm, String encoding, String signed, String prefix) {
        ObjectNode entry() {
            ObjectNode e = CustomSpecs.entry("acme").put("algorithm", algorithm).put("encoding", encoding).put("prefix", prefix);
            switch (signed) {
                case "timestamp.body" -> timestamped(e, 120);
                case "url+body" -> e.put("signed", "url+body").put("url", URL);
                default -> e.put("signed", "body");
            }
            return e;
        }

        /** The parts the sender signs, as the sender's documentation would describe them. */
        byte[][] parts(long ts, byte[] body) {
            return switch (signed) {
                case "timestamp.body" -> new byte[][] {utf8(ts + "."), body};
                case "url+body" -> new byte[][] {utf8(URL), body};
                default -> new byte[][] {body};
            };
        }

        String header(String secret, long ts, byte[] body) {
            return Signatures.configuredHmac(algorithm, encoding, prefix, secret, parts(ts, body));
        }

        Map<String, String> headers(String signature, long ts) {
            Map<String, String> h = new HashMap<>();
            h.put("Content-Type", "application/json");
            h.put("X-acme-Signature", signature);
            if (signed.equals("timestamp.body")) h.put("X-acme-Timestamp", Long.toString(ts));
            return h;
        }

        WebhookRequest request(String signature, long ts, byte[] body) { return new WebhookRequest(headers(signature, ts), Map.of(), body); }

        int macBytes() { return switch (algorithm) { case "sha512" -> 64; case "sha1" -> 20; default -> 32; }; }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (String a : List.of("sha256", "sha512", "sha1")) {
            for (String enc : List.of("hex", "base64")) {
                for (String signed : List.of("body", "timestamp.body", "url+body")) {
                    for (String prefix : List.of("", a + "=")) all.add(Arguments.of(new Scheme(a, enc, signed, prefix)));
                }
            }
        }
        return all.stream();
    }

    /** The MAC by plain JCA, independent of testkit and core. */
    static byte[] jca(String algorithm, String secret, byte[]... parts) throws Exception {
        String name = "Hmac" + algorithm.toUpperCase(Locale.ROOT);
        Mac mac = Mac.getInstance(name);
        mac.init(new SecretKeySpec(utf8(secret), name));
        for (byte[] p : parts) mac.update(p);
        return mac.doFinal();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void signedByTheSendersSchemeItVerifies(Scheme s) throws Exception {
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        String header = s.header(SECRET, TS, BODY);
        byte[] mac = jca(s.algorithm(), SECRET, s.parts(TS, BODY));
        assertThat(mac).hasSize(s.macBytes());
        assertThat(header).isEqualTo(s.prefix() + (s.encoding().equals("hex") ? HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac)));
        assertThatCode(() -> p.verify(s.request(header, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
        // surrounding white space of the header value is not part of it
        assertThatCode(() -> p.verify(s.request(" " + header + " ", TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void tamperedBodyHeaderTimestampOrSecretIsRefusedWithAStableCode(Scheme s) {
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        String header = s.header(SECRET, TS, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("4250", "4251").getBytes(StandardCharsets.UTF_8);
        expect(() -> p.verify(s.request(header, TS, tampered), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        byte[] longer = new String(BODY, StandardCharsets.UTF_8).concat("\n").getBytes(StandardCharsets.UTF_8);
        expect(() -> p.verify(s.request(header, TS, longer), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(s.request(header, TS, BODY), List.of("someone-elses-secret"), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // one bit of the MAC changed: still well-formed, no longer the MAC
        String other = s.prefix() + flipFirstByte(header.substring(s.prefix().length()), s.encoding());
        expect(() -> p.verify(s.request(other, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // another algorithm's MAC has another length
        String wrongLength = s.prefix() + (s.encoding().equals("hex") ? "ab".repeat(s.macBytes() + 1) : Base64.getEncoder().encodeToString(new byte[s.macBytes() - 1]));
        expect(() -> p.verify(s.request(wrongLength, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        expect(() -> p.verify(s.request(s.prefix() + "not-a-mac!", TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        if (!s.prefix().isEmpty()) {
            // the prefix is required exactly as configured
            String bare = header.substring(s.prefix().length());
            expect(() -> p.verify(s.request(bare, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
            String upper = s.prefix().toUpperCase(Locale.ROOT) + bare;
            expect(() -> p.verify(s.request(upper, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
        if (s.signed().equals("timestamp.body")) {
            // the timestamp is signed: one second later, inside the window, is another MAC
            expect(() -> p.verify(s.request(header, TS + 1, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            Map<String, String> h = s.headers(header, TS);
            h.put("X-acme-Timestamp", "0" + TS); // the value exactly as sent is signed
            expect(() -> p.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }
        if (s.signed().equals("url+body")) {
            // the URL configured at the sender is part of the MAC: a spec with another URL does not verify it
            CustomProvider elsewhere = CustomSpecs.provider(s.entry().put("url", URL.replace("hooks.", "hooks2.")), clock);
            expect(() -> elsewhere.verify(s.request(header, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }
        // a MAC over the body alone does not verify a scheme that signs more, and the reverse
        Scheme bodyOnly = new Scheme(s.algorithm(), s.encoding(), "body", s.prefix());
        if (!s.signed().equals("body")) {
            expect(() -> p.verify(s.request(bodyOnly.header(SECRET, TS, BODY), TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE),
                    ErrorCode.SIGNATURE_INVALID);
        }
    }

    static String flipFirstByte(String encoded, String encoding) {
        byte[] mac = encoding.equals("hex") ? HexFormat.of().parseHex(encoded) : Base64.getDecoder().decode(encoded);
        mac[0] ^= 1;
        return encoding.equals("hex") ? HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void rotationEverySecretIsTriedAndBlankOnesMatchNothing(Scheme s) {
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        String byNew = s.header(SECRET, TS, BODY);
        String byOld = s.header(OLD, TS, BODY);
        for (List<String> active : List.of(List.of(OLD, SECRET), List.of(SECRET, OLD))) {
            assertThatCode(() -> p.verify(s.request(byNew, TS, BODY), active, NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(s.request(byOld, TS, BODY), active, NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
        }
        assertThatCode(() -> p.verify(s.request(byNew, TS, BODY), List.of("", " ", " " + SECRET + " "), NOW, DEPLOYMENT_TOLERANCE))
                .doesNotThrowAnyException();
        expect(() -> p.verify(s.request(byOld, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(s.request(byNew, TS, BODY), List.of("", "  "), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(s.request(byNew, TS, BODY), List.of(), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void missingOrMalformedSignatureHeader() {
        Scheme s = new Scheme("sha256", "hex", "body", "sha256=");
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        expect(() -> p.verify(new WebhookRequest(Map.of("Content-Type", "application/json"), Map.of(), BODY), List.of(SECRET), NOW,
                DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        expect(() -> p.verify(s.request("   ", TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        String good = s.header(SECRET, TS, BODY);
        for (String bad : List.of("sha256=", "sha1=" + good.substring(7), "sha256=" + good.substring(9), "sha256=" + good.substring(7) + "00",
                "sha256=" + good.substring(7) + ",sha256=" + good.substring(7), "sha256= " + good.substring(7), "v1," + good.substring(7))) {
            expect(() -> p.verify(s.request(bad, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
    }

    @Test
    void hexInEitherCaseAndBase64WithOrWithoutPadding() {
        Scheme hex = new Scheme("sha1", "hex", "body", "");
        CustomProvider p = CustomSpecs.provider(hex.entry(), clock);
        String upper = hex.header(SECRET, TS, BODY).toUpperCase(Locale.ROOT);
        assertThatCode(() -> p.verify(hex.request(upper, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();

        Scheme b64 = new Scheme("sha256", "base64", "body", "");
        CustomProvider q = CustomSpecs.provider(b64.entry(), clock);
        String padded = b64.header(SECRET, TS, BODY);
        assertThat(padded).endsWith("=");
        String unpadded = padded.replace("=", "");
        assertThatCode(() -> q.verify(b64.request(unpadded, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
        // base64url is another alphabet: refused as malformed when it differs
        byte[] mac = Base64.getDecoder().decode(padded);
        String url = Base64.getUrlEncoder().encodeToString(mac);
        if (!url.equals(padded)) {
            expect(() -> q.verify(b64.request(url, TS, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
    }

    // --- the replay window ------------------------------------------------------------------------------------------------

    @Test
    void theReplayWindowIsTheSpecsOwnOnBothSides() {
        Scheme s = new Scheme("sha512", "base64", "timestamp.body", ""); // tolerance_seconds 120
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        String header = s.header(SECRET, TS, BODY);
        for (Duration passed : List.of(Duration.ZERO, Duration.ofDays(365))) {
            // inclusive at ±120 s, whatever tolerance the deployment passes
            assertThatCode(() -> p.verify(s.request(header, TS, BODY), List.of(SECRET), NOW.plusSeconds(120), passed)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(s.request(header, TS, BODY), List.of(SECRET), NOW.minusSeconds(120), passed)).doesNotThrowAnyException();
            // a replay (too old) and a timestamp from the future
            expect(() -> p.verify(s.request(header, TS, BODY), List.of(SECRET), NOW.plusSeconds(121), passed), ErrorCode.SIGNATURE_EXPIRED);
            expect(() -> p.verify(s.request(header, TS, BODY), List.of(SECRET), NOW.minusSeconds(121), passed), ErrorCode.SIGNATURE_EXPIRED);
        }
        // correctly signed, far outside: expired; extreme values do not overflow
        for (long t : new long[] {0, 1, TS - 121, TS + 121, TS + 86_400, 999_999_999_999_999_999L}) {
            String h = s.header(SECRET, t, BODY);
            expect(() -> p.verify(s.request(h, t, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        }
        // the window is checked before the MAC: an old timestamp with a wrong MAC is expired, not invalid
        expect(() -> p.verify(s.request(s.header(OLD, TS, BODY), 1, BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
    }

    @Test
    void theTimestampHeaderMissingOrNotDigits() {
        Scheme s = new Scheme("sha256", "hex", "timestamp.body", "");
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        String header = s.header(SECRET, TS, BODY);
        Map<String, String> h = s.headers(header, TS);
        h.remove("X-acme-Timestamp");
        expect(() -> p.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MISSING);
        for (String bad : List.of("soon", "-5", "1.5e9", TS + "000000000000", "0x69B51AED", TS + "ms", "2026-03-14T08:26:53Z")) {
            h.put("X-acme-Timestamp", bad);
            expect(() -> p.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
        h.put("X-acme-Timestamp", " " + TS + " ");
        assertThatCode(() -> p.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void theSeparatorIsPartOfTheSignedContent() {
        ObjectNode colon = timestamped(entry("acme"), 300).put("timestamp_separator", ":");
        CustomProvider p = CustomSpecs.provider(colon, clock);
        String byColon = Signatures.configuredHmac("sha256", "hex", "sha256=", SECRET, utf8(TS + ":"), BODY);
        String byDot = Signatures.configuredHmac("sha256", "hex", "sha256=", SECRET, utf8(TS + "."), BODY);
        Map<String, String> h = new HashMap<>(Map.of("X-acme-Signature", byColon, "X-acme-Timestamp", Long.toString(TS)));
        assertThatCode(() -> p.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
        h.put("X-acme-Signature", byDot);
        expect(() -> p.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        // an empty separator: the timestamp immediately followed by the body
        CustomProvider none = CustomSpecs.provider(timestamped(entry("acme"), 300).put("timestamp_separator", ""), clock);
        h.put("X-acme-Signature", Signatures.configuredHmac("sha256", "hex", "sha256=", SECRET, utf8(Long.toString(TS)), BODY));
        assertThatCode(() -> none.verify(new WebhookRequest(h, Map.of(), BODY), List.of(SECRET), NOW, DEPLOYMENT_TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void theSecretIsUsedAsItsUtf8Bytes() {
        Scheme s = new Scheme("sha256", "hex", "body", "");
        CustomProvider p = CustomSpecs.provider(s.entry(), clock);
        String secret = "clé-secrète-ü";
        assertThatCode(() -> p.verify(s.request(s.header(secret, TS, BODY), TS, BODY), List.of(secret), NOW, DEPLOYMENT_TOLERANCE))
                .doesNotThrowAnyException();
        // a secret that looks like base64 or hex is not decoded
        String b64 = Base64.getEncoder().encodeToString(utf8("raw-key-bytes"));
        expect(() -> p.verify(s.request(Signatures.configuredHmac("sha256", "hex", "", "raw-key-bytes", BODY), TS, BODY), List.of(b64), NOW,
                DEPLOYMENT_TOLERANCE), ErrorCode.SIGNATURE_INVALID);
    }

    // --- detection ----------------------------------------------------------------------------------------------------------

    @Test
    void detectedByItsHeaderInAnyCaseOrByProviderQueryAfterTheBuiltInsBeforeGeneric() {
        var specs = CustomProviders.parse(CustomSpecs.file(entry("acme"), timestamped(entry("beta"), 60)));
        ProviderRegistry registry = Providers.standard(new Providers.Settings(clock, null, CustomProviders.providers(specs, clock)));
        assertThat(registry.names()).containsSubsequence("adyen", "acme", "beta", "generic");
        for (String name : List.of("X-acme-Signature", "x-acme-signature", "X-ACME-SIGNATURE")) {
            assertThat(registry.select(new WebhookRequest(Map.of(name, "sha256=00"), Map.of(), BODY)).name()).isEqualTo("acme");
        }
        assertThat(registry.select(new WebhookRequest(Map.of("X-beta-Signature", "x"), Map.of(), BODY)).name()).isEqualTo("beta");
        assertThat(registry.select(new WebhookRequest(Map.of(), Map.of("provider", "beta"), BODY)).name()).isEqualTo("beta");
        assertThat(registry.select(new WebhookRequest(Map.of("X-acme-Signature", "x"), Map.of("provider", "beta"), BODY)).name()).isEqualTo("beta");
        // a built-in provider's header still goes to it; nothing recognised goes to the generic format
        assertThat(registry.select(new WebhookRequest(Map.of("Stripe-Signature", "t=1,v1=00", "X-acme-Signature", "x"), Map.of(), BODY)).name())
                .isEqualTo("stripe");
        assertThat(registry.select(new WebhookRequest(Map.of("X-Other-Signature", "x"), Map.of(), BODY)).name()).isEqualTo("generic");
        // the timestamp header alone does not claim a delivery
        assertThat(registry.select(new WebhookRequest(Map.of("X-beta-Timestamp", "1"), Map.of(), BODY)).name()).isEqualTo("generic");
        // without custom providers nothing changes
        assertThat(Providers.standard(clock).names()).doesNotContain("acme");
    }
}

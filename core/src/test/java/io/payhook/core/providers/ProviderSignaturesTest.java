package io.payhook.core.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Published test vectors, the providers' own libraries as cross-checks, and every way a signature can be wrong. */
class ProviderSignaturesTest {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final Instant NOW = Instant.now();

    // --- Adyen: the published vector (STACK.md) -----------------------------------------------
    static final String ADYEN_KEY = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";

    @Test
    void adyenPublishedVector() {
        byte[] mac = Hmac.sha256(HexFormat.of().parseHex(ADYEN_KEY),
                "pspReference:originalReference:merchantAccount:reference:1000:EUR:EVENT:true".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getEncoder().encodeToString(mac)).isEqualTo("ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=");
    }

    @Test
    void adyenSignedDataFollowsTheDocumentedOrderWithEmptyNulls() throws Exception {
        JsonNode item = Json.mapper().readTree("{\"pspReference\":\"pspReference\",\"originalReference\":\"originalReference\","
                + "\"merchantAccountCode\":\"merchantAccount\",\"merchantReference\":\"reference\","
                + "\"amount\":{\"value\":1000,\"currency\":\"EUR\"},\"eventCode\":\"EVENT\",\"success\":\"true\"}");
        assertThat(AdyenProvider.signedData(item)).isEqualTo("pspReference:originalReference:merchantAccount:reference:1000:EUR:EVENT:true");
        JsonNode noOriginal = Json.mapper().readTree("{\"pspReference\":\"p\",\"merchantAccountCode\":\"m\",\"merchantReference\":\"r\","
                + "\"amount\":{\"value\":1,\"currency\":\"EUR\"},\"eventCode\":\"AUTHORISATION\",\"success\":\"false\"}");
        assertThat(AdyenProvider.signedData(noOriginal)).isEqualTo("p::m:r:1:EUR:AUTHORISATION:false");
    }

    @Test
    void adyenEveryItemMustVerifyAndRotationWorks() {
        String key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var d = SampleDeliveries.build("adyen", "CAPTURE", opts(), key, NOW);
        var p = new AdyenProvider();
        var r = new WebhookRequest(d.headers(), Map.of(), d.body());
        assertThatCode(() -> p.verify(r, List.of("ffff", key), NOW, TOLERANCE)).doesNotThrowAnyException();
        expect(() -> p.verify(r, List.of("00" + key.substring(2)), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        String tampered = new String(d.body(), StandardCharsets.UTF_8).replace("\"value\":2500", "\"value\":2501");
        expect(() -> p.verify(new WebhookRequest(d.headers(), Map.of(), tampered.getBytes(StandardCharsets.UTF_8)), List.of(key), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_INVALID);
        String unsigned = new String(d.body(), StandardCharsets.UTF_8).replaceAll("\"hmacSignature\":\"[^\"]*\"", "\"hmacSignature\":\"\"");
        expect(() -> p.verify(new WebhookRequest(d.headers(), Map.of(), unsigned.getBytes(StandardCharsets.UTF_8)), List.of(key), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_MISSING);
    }

    // --- Standard Webhooks: the published vector and the official library ------------------------
    @Test
    void standardWebhooksPublishedVector() {
        String sig = StandardWebhooksProvider.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(sig).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        var r = new WebhookRequest(Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,bm90LXRoaXMtb25l v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), Map.of(),
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> new StandardWebhooksProvider(Clock.systemUTC()).verify(r, List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                Instant.ofEpochSecond(1614265330), TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void standardWebhooksOfficialLibraryBothWays() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"type\":\"payment.succeeded\",\"data\":{}}";
        var theirs = new com.standardwebhooks.Webhook(secret);
        long ts = NOW.getEpochSecond();
        String theirSig = theirs.sign("msg_1", ts, body);
        var r = new WebhookRequest(Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(ts), "webhook-signature", theirSig),
                Map.of(), body.getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> new StandardWebhooksProvider(Clock.systemUTC()).verify(r, List.of(secret), NOW, TOLERANCE)).doesNotThrowAnyException();
        String ourSig = StandardWebhooksProvider.sign(secret, "msg_2", ts, body.getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> theirs.verify(body, Map.of("webhook-id", List.of("msg_2"), "webhook-timestamp", List.of(Long.toString(ts)),
                "webhook-signature", List.of(ourSig)))).doesNotThrowAnyException();
    }

    @Test
    void standardWebhooksAcceptsSvixHeadersAndRefusesWhatIsWrong() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var p = new StandardWebhooksProvider(Clock.systemUTC());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        String sig = StandardWebhooksProvider.sign(secret, "msg_1", ts, body);
        var svix = new WebhookRequest(Map.of("svix-id", "msg_1", "svix-timestamp", Long.toString(ts), "svix-signature", sig), Map.of(), body);
        assertThat(p.recognizes(svix)).isTrue();
        assertThatCode(() -> p.verify(svix, List.of(secret), NOW, TOLERANCE)).doesNotThrowAnyException();
        expect(() -> p.verify(svix, List.of("whsec_" + Base64.getEncoder().encodeToString("another-key-entirely".getBytes())), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(svix, List.of(secret), NOW.plusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        expect(() -> p.verify(svix, List.of(secret), NOW.minusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        var otherId = new WebhookRequest(Map.of("svix-id", "msg_2", "svix-timestamp", Long.toString(ts), "svix-signature", sig), Map.of(), body);
        expect(() -> p.verify(otherId, List.of(secret), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        var noSig = new WebhookRequest(Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(ts)), Map.of(), body);
        expect(() -> p.verify(noSig, List.of(secret), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
    }

    // --- Stripe: the official library both ways ---------------------------------------------------
    @Test
    void stripeOfficialLibraryBothWays() throws Exception {
        String secret = "whsec_test_only_not_a_real_secret";
        String body = "{\"id\":\"evt_1\",\"object\":\"event\"}";
        long ts = NOW.getEpochSecond();
        String theirSig = com.stripe.net.Webhook.Util.computeHmacSha256(secret, ts + "." + body);
        var r = new WebhookRequest(Map.of("Stripe-Signature", "t=" + ts + ",v1=" + theirSig), Map.of(), body.getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> new StripeProvider().verify(r, List.of(secret), NOW, TOLERANCE)).doesNotThrowAnyException();
        String ours = SignatureHeader.sign(secret.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8));
        assertThat(com.stripe.net.Webhook.Signature.verifyHeader(body, ours, secret, 300)).isTrue();
    }

    @Test
    void stripeEveryV1EveryKeyBothSidesOfTheWindow() {
        String secret = "whsec_test_only_current";
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        String good = SignatureHeader.sign(secret.getBytes(StandardCharsets.UTF_8), ts, body);
        String v1 = good.substring(good.indexOf("v1="));
        var p = new StripeProvider();
        var several = new WebhookRequest(Map.of("Stripe-Signature", "t=" + ts + ",v0=abc,v1=" + "0".repeat(64) + "," + v1), Map.of(), body);
        assertThatCode(() -> p.verify(several, List.of("whsec_test_only_old", secret), NOW, TOLERANCE)).doesNotThrowAnyException();
        expect(() -> p.verify(several, List.of("whsec_test_only_old"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(several, List.of(secret), NOW.plusSeconds(400), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        expect(() -> p.verify(several, List.of(secret), NOW.minusSeconds(400), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        var retimed = new WebhookRequest(Map.of("Stripe-Signature", "t=" + (ts + 1) + "," + v1), Map.of(), body);
        expect(() -> p.verify(retimed, List.of(secret), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        var tamperedBody = new WebhookRequest(Map.of("Stripe-Signature", good), Map.of(), "{ }".getBytes(StandardCharsets.UTF_8));
        expect(() -> p.verify(tamperedBody, List.of(secret), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        expect(() -> p.verify(new WebhookRequest(Map.of("Stripe-Signature", "garbage"), Map.of(), body), List.of(secret), NOW, TOLERANCE),
                ErrorCode.SIGNATURE_MALFORMED);
    }

    static SampleDeliveries.SampleOptions opts() {
        return new SampleDeliveries.SampleOptions("txn_sig", 2500, "EUR", "customer@example.com", null);
    }

    static void expect(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}

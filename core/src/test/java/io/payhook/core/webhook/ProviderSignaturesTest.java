package io.payhook.core.webhook;

import io.payhook.testkit.Signatures;
import io.payhook.core.json.Json;
import io.payhook.core.webhook.stripe.StripeProvider;
import io.payhook.core.webhook.adyen.AdyenProvider;
import io.payhook.core.webhook.standardwebhooks.StandardWebhooksProvider;
import io.payhook.testkit.SampleDeliveries;

import com.adyen.model.notification.NotificationRequestItem;
import com.adyen.notification.WebhookHandler;
import com.adyen.util.HMACValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signatures: the published test vectors, the providers' own libraries as cross-checks in both
 * directions (their signer → our verifier, our signer → their verifier), and every way a
 * delivery can be wrong — tampered body, header or timestamp, wrong secret, expired or future
 * timestamp — with the code it must get. Secret rotation: any of the active secrets verifies.
 */
class ProviderSignaturesTest {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    /** A fixed "now" for everything our verifiers decide (no wall clock). */
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final long TS = NOW.getEpochSecond();

    static void expect(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static WebhookRequest request(Map<String, String> headers, byte[] body) { return new WebhookRequest(headers, Map.of(), body); }

    static SampleDeliveries.SampleOptions opts() {
        return new SampleDeliveries.SampleOptions("txn-sig-1", 2500, "EUR", "customer@example.com", null);
    }

    // =============================================================================================
    @Nested
    class Stripe {
        static final String SECRET = "whsec_test_only_current_not_real";
        static final String OLD = "whsec_test_only_previous_not_real";
        final StripeProvider p = new StripeProvider();
        final byte[] body = utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}");

        String v1(String secret, long t, byte[] b) {
            String h = Signatures.timestampedV1(secret, t, b);
            return h.substring(h.indexOf("v1=") + 3);
        }

        WebhookRequest withHeader(String header) { return request(Map.of("Stripe-Signature", header), body); }

        @Test
        void officialLibrarySignsAndOurVerifierAccepts() throws Exception {
            String theirs = com.stripe.net.Webhook.Util.computeHmacSha256(SECRET, TS + "." + new String(body, StandardCharsets.UTF_8));
            assertThatCode(() -> p.verify(withHeader("t=" + TS + ",v1=" + theirs), List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThat(theirs).isEqualTo(v1(SECRET, TS, body));
        }

        @Test
        void weSignAndTheOfficialLibraryAccepts() throws Exception {
            String ours = Signatures.timestampedV1(SECRET, TS, body);
            // tolerance 0 turns stripe-java's clock check off: this compares the MAC only
            assertThat(com.stripe.net.Webhook.Signature.verifyHeader(new String(body, StandardCharsets.UTF_8), ours, SECRET, 0)).isTrue();
            var sample = SampleDeliveries.build("stripe", "charge.succeeded", opts(), SECRET, NOW);
            assertThat(com.stripe.net.Webhook.Signature.verifyHeader(new String(sample.body(), StandardCharsets.UTF_8),
                    sample.headers().get("Stripe-Signature"), SECRET, 0)).isTrue();
        }

        @Test
        void officialLibraryChecksOnlyThePastSideOfTheWindowWeCheckBoth() throws Exception {
            long future = Instant.now().getEpochSecond() + 3_600;
            String header = Signatures.timestampedV1(SECRET, future, body);
            // stripe-java: a signature from an hour in the future passes its 300 s tolerance
            assertThat(com.stripe.net.Webhook.Signature.verifyHeader(new String(body, StandardCharsets.UTF_8), header, SECRET, 300)).isTrue();
            expect(() -> p.verify(withHeader(header), List.of(SECRET), Instant.ofEpochSecond(future - 3_600), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        }

        @Test
        void windowIsInclusiveOnBothSides() {
            String header = Signatures.timestampedV1(SECRET, TS, body);
            assertThatCode(() -> p.verify(withHeader(header), List.of(SECRET), NOW.plusSeconds(300), TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(withHeader(header), List.of(SECRET), NOW.minusSeconds(300), TOLERANCE)).doesNotThrowAnyException();
            expect(() -> p.verify(withHeader(header), List.of(SECRET), NOW.plusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
            expect(() -> p.verify(withHeader(header), List.of(SECRET), NOW.minusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        }

        @Test
        void extremeTimestampsAreExpiredNotAcceptedByOverflow() {
            for (long t : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, TS - Long.MAX_VALUE, TS + Long.MIN_VALUE, 0, -1}) {
                String header = "t=" + t + ",v1=" + v1(SECRET, t, body);
                expect(() -> p.verify(withHeader(header), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
            }
        }

        @Test
        void rotationAndSeveralV1() {
            String good = v1(SECRET, TS, body);
            String stale = v1(OLD, TS, body);
            // during a roll Stripe sends one v1 per active endpoint secret; v0 and unknown schemes are ignored
            var several = withHeader("t=" + TS + ",v0=" + "ab".repeat(32) + ",v1=" + "0".repeat(64) + ",v1=" + good + ",v2=zz");
            assertThatCode(() -> p.verify(several, List.of(OLD, SECRET), NOW, TOLERANCE)).as("second of two secrets").doesNotThrowAnyException();
            assertThatCode(() -> p.verify(several, List.of(SECRET, OLD), NOW, TOLERANCE)).doesNotThrowAnyException();
            expect(() -> p.verify(several, List.of(OLD), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            var both = withHeader("t=" + TS + ",v1=" + stale + ",v1=" + good);
            assertThatCode(() -> p.verify(both, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(both, List.of(OLD), NOW, TOLERANCE)).doesNotThrowAnyException();
        }

        @Test
        void tamperedBodyHeaderTimestampOrWrongSecret() {
            String good = Signatures.timestampedV1(SECRET, TS, body);
            byte[] tampered = utf8(new String(body, StandardCharsets.UTF_8).replace("succeeded", "canceled"));
            expect(() -> p.verify(request(Map.of("Stripe-Signature", good), tampered), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(withHeader("t=" + (TS + 1) + ",v1=" + v1(SECRET, TS, body)), List.of(SECRET), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_INVALID);
            String original = v1(SECRET, TS, body);
            String flipped = (original.charAt(0) == 'a' ? 'b' : 'a') + original.substring(1);
            expect(() -> p.verify(withHeader("t=" + TS + ",v1=" + flipped), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(withHeader(good), List.of("whsec_test_only_someone_else"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            // a secret is the whole whsec_ string: the key without its prefix is another key
            expect(() -> p.verify(withHeader(good), List.of(SECRET.substring(6)), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void emptyOrBlankSecretsMatchNothingAndBreakNothing() {
            String good = Signatures.timestampedV1(SECRET, TS, body);
            assertThatCode(() -> p.verify(withHeader(good), List.of("", " ", SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            expect(() -> p.verify(withHeader(good), List.of("", " "), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(withHeader(good), List.of(), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void missingOrMalformedHeader() {
            expect(() -> p.verify(request(Map.of(), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(withHeader(" "), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(withHeader("garbage"), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> p.verify(withHeader("v1=" + v1(SECRET, TS, body)), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> p.verify(withHeader("t=" + TS), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> p.verify(withHeader("t=soon,v1=" + v1(SECRET, TS, body)), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
            // a v1 that is not 64 hex digits cannot match
            expect(() -> p.verify(withHeader("t=" + TS + ",v1=xyz"), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }

        @Test
        void headerNameIsCaseInsensitive() {
            var r = request(Map.of("stripe-signature", Signatures.timestampedV1(SECRET, TS, body)), body);
            assertThat(p.recognizes(r)).isTrue();
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }
    }

    // =============================================================================================
    @Nested
    class Adyen {
        /** The published test vector key (STACK.md). */
        static final String VECTOR_KEY = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
        static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        static final String OLD_KEY = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        final AdyenProvider p = new AdyenProvider(Clock.fixed(NOW, ZoneOffset.UTC));

        @Test
        void publishedVector() throws Exception {
            String data = "pspReference:originalReference:merchantAccount:reference:1000:EUR:EVENT:true";
            byte[] mac = Hmac.sha256(HexFormat.of().parseHex(VECTOR_KEY), utf8(data));
            assertThat(Base64.getEncoder().encodeToString(mac)).isEqualTo("ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=");
            assertThat(new HMACValidator().calculateHMAC(data, VECTOR_KEY)).isEqualTo("ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=");
        }

        @Test
        void publishedVectorThroughOurVerifier() {
            String body = """
                    {"live":"false","notificationItems":[{"NotificationRequestItem":{
                      "additionalData":{"hmacSignature":"ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc="},
                      "amount":{"currency":"EUR","value":1000},"eventCode":"EVENT","eventDate":"2026-11-22T10:00:00+01:00",
                      "merchantAccountCode":"merchantAccount","merchantReference":"reference",
                      "originalReference":"originalReference","pspReference":"pspReference","success":"true"}}]}""";
            var r = request(Map.of(), utf8(body));
            assertThat(p.recognizes(r)).isTrue();
            assertThatCode(() -> p.verify(r, List.of(VECTOR_KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(VECTOR_KEY.toLowerCase()), NOW, TOLERANCE)).as("hex case").doesNotThrowAnyException();
            expect(() -> p.verify(r, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void signedDataFollowsTheDocumentedOrderWithEmptyNulls() throws Exception {
            JsonNode item = Json.mapper().readTree("{\"pspReference\":\"pspReference\",\"originalReference\":\"originalReference\","
                    + "\"merchantAccountCode\":\"merchantAccount\",\"merchantReference\":\"reference\","
                    + "\"amount\":{\"value\":1000,\"currency\":\"EUR\"},\"eventCode\":\"EVENT\",\"success\":\"true\"}");
            assertThat(AdyenProvider.signedData(item)).isEqualTo("pspReference:originalReference:merchantAccount:reference:1000:EUR:EVENT:true");
            JsonNode noOriginal = Json.mapper().readTree("{\"pspReference\":\"p\",\"originalReference\":null,\"merchantAccountCode\":\"m\","
                    + "\"merchantReference\":\"r\",\"amount\":{\"value\":1,\"currency\":\"EUR\"},\"eventCode\":\"AUTHORISATION\",\"success\":\"false\"}");
            assertThat(AdyenProvider.signedData(noOriginal)).isEqualTo("p::m:r:1:EUR:AUTHORISATION:false");
        }

        @Test
        void officialLibraryAgreesOnEveryFixtureAndSample() throws Exception {
            HMACValidator theirs = new HMACValidator();
            List<byte[]> bodies = new java.util.ArrayList<>();
            for (String f : List.of("AUTHORISATION", "AUTHORISATION.failed", "CAPTURE", "CAPTURE.failed", "CANCELLATION",
                    "CANCEL_OR_REFUND.refund", "REFUND", "REFUND.partial", "CHARGEBACK", "REPORT_AVAILABLE", "batch.capture_and_refund")) {
                bodies.add(ProviderFixturesTest.fixture("adyen", f));
            }
            String fixtureKey = ProviderFixturesTest.ADYEN_KEY;
            int items = 0;
            for (byte[] body : bodies) {
                for (NotificationRequestItem item : new WebhookHandler().handleNotificationJson(new String(body, StandardCharsets.UTF_8)).getNotificationItems()) {
                    assertThat(theirs.validateHMAC(item, fixtureKey)).as("Adyen's validator on %s", item.getPspReference()).isTrue();
                    items++;
                }
                assertThatCode(() -> p.verify(request(Map.of(), body), List.of(fixtureKey), NOW, TOLERANCE)).doesNotThrowAnyException();
            }
            // our signer (the sample builder) → their validator, for every event type
            for (String type : SampleDeliveries.eventTypes("adyen")) {
                var d = SampleDeliveries.build("adyen", type, opts(), KEY, NOW);
                for (NotificationRequestItem item : new WebhookHandler().handleNotificationJson(new String(d.body(), StandardCharsets.UTF_8)).getNotificationItems()) {
                    assertThat(theirs.validateHMAC(item, KEY)).as("Adyen's validator on our %s", type).isTrue();
                    assertThat(theirs.getDataToSign(item)).isEqualTo(AdyenProvider.signedData(
                            Json.mapper().readTree(d.body()).get("notificationItems").get(0).get("NotificationRequestItem")));
                    items++;
                }
            }
            assertThat(items).isEqualTo(12 + SampleDeliveries.eventTypes("adyen").size());
        }

        @Test
        void theirSignerOurVerifier() throws Exception {
            // an item signed by Adyen's library (no originalReference: an AUTHORISATION)
            NotificationRequestItem item = new NotificationRequestItem()
                    .setPspReference("KZ8JQ7TS4VHGLD82").setMerchantAccountCode("PayhookTestMerchantECOM").setMerchantReference("ORD-7")
                    .setEventCode("AUTHORISATION").setSuccess(true)
                    .setAmount(new com.adyen.model.notification.Amount().currency("EUR").value(1234L));
            String sig = new HMACValidator().calculateHMAC(item, KEY);
            String body = """
                    {"live":"false","notificationItems":[{"NotificationRequestItem":{
                      "additionalData":{"hmacSignature":"%s"},"amount":{"currency":"EUR","value":1234},"eventCode":"AUTHORISATION",
                      "eventDate":"2026-11-22T10:00:00+01:00","merchantAccountCode":"PayhookTestMerchantECOM","merchantReference":"ORD-7",
                      "paymentMethod":"visa","pspReference":"KZ8JQ7TS4VHGLD82","success":"true"}}]}""".formatted(sig);
            assertThatCode(() -> p.verify(request(Map.of(), utf8(body)), List.of(KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
        }

        WebhookRequest sample(String type) {
            var d = SampleDeliveries.build("adyen", type, opts(), KEY, NOW);
            return request(d.headers(), d.body());
        }

        static WebhookRequest edit(WebhookRequest r, java.util.function.Consumer<ObjectNode> change) throws Exception {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(r.body());
            change.accept((ObjectNode) root.get("notificationItems").get(0).get("NotificationRequestItem"));
            return request(r.headers(), Json.mapper().writeValueAsBytes(root));
        }

        @Test
        void rotationAnyActiveKeyVerifies() {
            var r = sample("CAPTURE");
            assertThatCode(() -> p.verify(r, List.of(OLD_KEY, KEY), NOW, TOLERANCE)).as("second of two keys").doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of("not-hex", " " + KEY.toUpperCase() + " "), NOW, TOLERANCE)).doesNotThrowAnyException();
            expect(() -> p.verify(r, List.of(OLD_KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(r, List.of("not-hex"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(r, List.of("", "abc"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void everySignedFieldIsCovered() throws Exception {
            var r = sample("REFUND");
            Map<String, java.util.function.Consumer<ObjectNode>> edits = new LinkedHashMap<>();
            edits.put("pspReference", i -> i.put("pspReference", "BZZZZZZZZZZZZZZZ"));
            edits.put("originalReference", i -> i.put("originalReference", "BYYYYYYYYYYYYYYY"));
            edits.put("merchantAccountCode", i -> i.put("merchantAccountCode", "OtherMerchant"));
            edits.put("merchantReference", i -> i.put("merchantReference", "order-OTHER"));
            edits.put("amount.value", i -> ((ObjectNode) i.get("amount")).put("value", 2501));
            edits.put("amount.currency", i -> ((ObjectNode) i.get("amount")).put("currency", "USD"));
            edits.put("eventCode", i -> i.put("eventCode", "CANCELLATION"));
            edits.put("success", i -> i.put("success", "false"));
            for (var e : edits.entrySet()) {
                var tampered = edit(r, e.getValue());
                expect(() -> p.verify(tampered, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            }
            // the signature itself changed
            var flipped = edit(r, i -> {
                ObjectNode extra = (ObjectNode) i.get("additionalData");
                byte[] sig = Base64.getDecoder().decode(extra.get("hmacSignature").textValue());
                sig[0] ^= 1;
                extra.put("hmacSignature", Base64.getEncoder().encodeToString(sig));
            });
            expect(() -> p.verify(flipped, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void missingOrMalformedSignature() throws Exception {
            var r = sample("AUTHORISATION");
            expect(() -> p.verify(edit(r, i -> ((ObjectNode) i.get("additionalData")).remove("hmacSignature")), List.of(KEY), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(edit(r, i -> ((ObjectNode) i.get("additionalData")).put("hmacSignature", "")), List.of(KEY), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(edit(r, i -> i.remove("additionalData")), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(edit(r, i -> ((ObjectNode) i.get("additionalData")).put("hmacSignature", "%%%not base64")), List.of(KEY), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> p.verify(request(Map.of(), utf8("{\"notificationItems\":[]}")), List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(request(Map.of(), utf8("{\"notificationItems\":[{\"x\":{}}]}")), List.of(KEY), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(request(Map.of(), utf8("{\"notificationItems\": [")), List.of(KEY), NOW, TOLERANCE), ErrorCode.MALFORMED_JSON);
        }

        @Test
        void everyItemOfABatchMustVerify() throws Exception {
            var capture = sample("CAPTURE");
            var refund = sample("REFUND");
            ObjectNode root = (ObjectNode) Json.mapper().readTree(capture.body());
            ArrayNode items = (ArrayNode) root.get("notificationItems");
            items.add(Json.mapper().readTree(refund.body()).get("notificationItems").get(0));
            var good = request(Map.of(), Json.mapper().writeValueAsBytes(root));
            assertThatCode(() -> p.verify(good, List.of(KEY), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThat(p.parse(good)).hasSize(2);
            // the second item tampered: the whole delivery is refused (verify runs before any event is built)
            ((ObjectNode) items.get(1).get("NotificationRequestItem").get("amount")).put("value", 1);
            var bad = request(Map.of(), Json.mapper().writeValueAsBytes(root));
            expect(() -> p.verify(bad, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            // the second item signed with a key that is no longer active
            ObjectNode root2 = (ObjectNode) Json.mapper().readTree(capture.body());
            var old = SampleDeliveries.build("adyen", "REFUND", opts(), OLD_KEY, NOW);
            ((ArrayNode) root2.get("notificationItems")).add(Json.mapper().readTree(old.body()).get("notificationItems").get(0));
            var mixed = request(Map.of(), Json.mapper().writeValueAsBytes(root2));
            expect(() -> p.verify(mixed, List.of(KEY), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            assertThatCode(() -> p.verify(mixed, List.of(KEY, OLD_KEY), NOW, TOLERANCE)).as("during a rotation").doesNotThrowAnyException();
        }

        @Test
        void noReplayWindowAdyenSignsNoTimestamp() {
            var r = sample("CAPTURE");
            assertThatCode(() -> p.verify(r, List.of(KEY), NOW.plus(Duration.ofDays(30)), TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(KEY), NOW.minus(Duration.ofDays(1)), Duration.ZERO)).doesNotThrowAnyException();
        }

        @Test
        void recognisedByTheBodyMarkerOnly() {
            assertThat(p.recognizes(request(Map.of(), utf8("{\"live\":\"false\",\"notificationItems\":[]}")))).isTrue();
            assertThat(p.recognizes(request(Map.of(), utf8("{\"notification_items\":[]}")))).isFalse();
            assertThat(p.recognizes(request(Map.of(), utf8("not json at all, \"notificationItems\" inside")))).as("no parse in recognizes").isTrue();
        }
    }

    // =============================================================================================
    @Nested
    class StandardWebhooks {
        /** The published test vector (STACK.md). */
        static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(utf8("payhook-test-only-current-key"));
        static final String OLD = "whsec_" + Base64.getEncoder().encodeToString(utf8("payhook-test-only-previous-key"));
        final StandardWebhooksProvider p = new StandardWebhooksProvider(Clock.fixed(NOW, ZoneOffset.UTC));
        final byte[] body = utf8("{\"type\":\"payment.succeeded\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"data\":{}}");

        Map<String, String> headers(String id, long ts, String signature) {
            return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", signature);
        }

        @Test
        void publishedVector() {
            byte[] vectorBody = utf8("{\"test\": 2432232314}");
            String sig = Signatures.standardWebhooks(VECTOR_SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, vectorBody);
            assertThat(sig).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
            var r = request(headers("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), vectorBody);
            assertThat(p.recognizes(r)).isTrue();
            assertThatCode(() -> p.verify(r, List.of(VECTOR_SECRET), Instant.ofEpochSecond(1614265330), TOLERANCE)).doesNotThrowAnyException();
            // the same key written as plain base64, without the whsec_ prefix
            assertThatCode(() -> p.verify(r, List.of(VECTOR_SECRET.substring(6)), Instant.ofEpochSecond(1614265330), TOLERANCE)).doesNotThrowAnyException();
        }

        @Test
        void officialLibraryBothWays() throws Exception {
            // the library checks its own wall clock (±5 min): sign at the real now here
            Instant now = Instant.now();
            long ts = now.getEpochSecond();
            String text = new String(body, StandardCharsets.UTF_8);
            var theirs = new com.standardwebhooks.Webhook(SECRET);
            String theirSig = theirs.sign("msg_theirs", ts, text);
            assertThatCode(() -> p.verify(request(headers("msg_theirs", ts, theirSig), body), List.of(SECRET), now, TOLERANCE))
                    .doesNotThrowAnyException();
            String ourSig = Signatures.standardWebhooks(SECRET, "msg_ours", ts, body);
            assertThat(ourSig).isEqualTo(theirs.sign("msg_ours", ts, text));
            assertThatCode(() -> theirs.verify(text, Map.of("webhook-id", List.of("msg_ours"), "webhook-timestamp", List.of(Long.toString(ts)),
                    "webhook-signature", List.of(ourSig)))).doesNotThrowAnyException();
            // and a whole sample delivery
            var d = SampleDeliveries.build("standard_webhooks", "succeeded", opts(), SECRET, now);
            Map<String, List<String>> h = new LinkedHashMap<>();
            d.headers().forEach((k, v) -> h.put(k, List.of(v)));
            assertThatCode(() -> theirs.verify(new String(d.body(), StandardCharsets.UTF_8), h)).doesNotThrowAnyException();
        }

        @Test
        void rotationAndSeveralSignatures() {
            String good = Signatures.standardWebhooks(SECRET, "msg_1", TS, body);
            String stale = Signatures.standardWebhooks(OLD, "msg_1", TS, body);
            var r = request(headers("msg_1", TS, "v1a,bm90LWFuLWVkMjU1MTktc2ln " + stale + "  " + good), body);
            assertThatCode(() -> p.verify(r, List.of(OLD, SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            var onlyGood = request(headers("msg_1", TS, good), body);
            assertThatCode(() -> p.verify(onlyGood, List.of(OLD, SECRET), NOW, TOLERANCE)).as("second of two secrets").doesNotThrowAnyException();
            expect(() -> p.verify(onlyGood, List.of(OLD), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(onlyGood, List.of("whsec_***not base64***"), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(onlyGood, List.of("whsec_", ""), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            assertThatCode(() -> p.verify(onlyGood, List.of("whsec_", SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
        }

        @Test
        void tamperedBodyIdTimestampOrWrongSecret() {
            String good = Signatures.standardWebhooks(SECRET, "msg_1", TS, body);
            expect(() -> p.verify(request(headers("msg_1", TS, good), utf8("{\"type\":\"payment.refunded\"}")), List.of(SECRET), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(request(headers("msg_2", TS, good), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(request(headers("msg_1", TS + 1, good), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            expect(() -> p.verify(request(headers("msg_1", TS, good), body), List.of(VECTOR_SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void expiredAndFutureTimestamps() {
            String good = Signatures.standardWebhooks(SECRET, "msg_1", TS, body);
            var r = request(headers("msg_1", TS, good), body);
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW.plusSeconds(300), TOLERANCE)).doesNotThrowAnyException();
            assertThatCode(() -> p.verify(r, List.of(SECRET), NOW.minusSeconds(300), TOLERANCE)).doesNotThrowAnyException();
            expect(() -> p.verify(r, List.of(SECRET), NOW.plusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
            expect(() -> p.verify(r, List.of(SECRET), NOW.minusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
            for (long t : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, TS - Long.MAX_VALUE}) {
                var extreme = request(headers("msg_1", t, Signatures.standardWebhooks(SECRET, "msg_1", t, body)), body);
                expect(() -> p.verify(extreme, List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
            }
        }

        @Test
        void svixHeadersAreTheSameScheme() {
            String sig = Signatures.standardWebhooks(SECRET, "msg_1", TS, body);
            var svix = request(Map.of("svix-id", "msg_1", "svix-timestamp", Long.toString(TS), "svix-signature", sig), body);
            assertThat(p.recognizes(svix)).isTrue();
            assertThatCode(() -> p.verify(svix, List.of(SECRET), NOW, TOLERANCE)).doesNotThrowAnyException();
            expect(() -> p.verify(svix, List.of(SECRET), NOW.minusSeconds(301), TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        }

        @Test
        void missingOrMalformedHeaders() {
            String sig = Signatures.standardWebhooks(SECRET, "msg_1", TS, body);
            expect(() -> p.verify(request(Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(TS)), body), List.of(SECRET), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(request(Map.of("webhook-id", "msg_1", "webhook-signature", sig), body), List.of(SECRET), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_MISSING);
            expect(() -> p.verify(request(Map.of("webhook-id", "msg_1", "webhook-timestamp", "yesterday", "webhook-signature", sig), body),
                    List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> p.verify(request(headers("msg_1", TS, "v2,abc v1a,def"), body), List.of(SECRET), NOW, TOLERANCE), ErrorCode.SIGNATURE_MALFORMED);
        }
    }
}

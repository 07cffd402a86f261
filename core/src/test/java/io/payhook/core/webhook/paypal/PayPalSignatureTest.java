package io.payhook.core.webhook.paypal;

import com.paypal.base.SSLUtil;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.CertificateSource;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.PayPalSigningKey;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.samples.PayPalSamples;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PayPal signatures: PayPal's own signed deliveries (published in its SDK repositories) through our verifier,
 * PayPal's Java SDK ({@code com.paypal.sdk:rest-api-sdk}, its offline pieces) against our message, CRC and
 * verifier in both directions, and every way a delivery can be wrong — with the code it must get and, for a
 * certificate URL that is not PayPal's, no request made. The certificate source here is a map in memory; the
 * HTTPS adapter (chain validation, cache, a local certificate host) is tested in the aws module.
 */
class PayPalSignatureTest {
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final String WEBHOOK_ID = "4JH86294D6297924G";
    static final String OTHER_ID = "1JE4291016473214C";
    static final X509Certificate SAMPLE_CERT = TestPki.parse(PayPalSigningKey.sampleCertificatePem()).get(0);

    static void expect(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** A certificate source that counts how often it is asked. */
    static final class Counting implements CertificateSource {
        final Map<URI, X509Certificate> certs = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        RuntimeException failure;

        Counting with(String url, X509Certificate c) {
            certs.put(URI.create(url), c);
            return this;
        }

        @Override
        public X509Certificate certificate(URI url) {
            calls.incrementAndGet();
            if (failure != null) throw failure;
            X509Certificate c = certs.get(url);
            if (c == null) throw new Rejected("not served", null);
            return c;
        }
    }

    final Counting source = new Counting().with(PayPalSigningKey.SAMPLE_CERT_URL, SAMPLE_CERT);
    final PayPalProvider p = new PayPalProvider(PayPalProvider.Settings.of(source), Clock.fixed(NOW, ZoneOffset.UTC));

    static SampleDeliveries.Delivery sample(String type) {
        return SampleDeliveries.build("paypal", type, new SampleDeliveries.SampleOptions("3C679366HH908993F", 2500, "EUR",
                "customer@example.com", null), WEBHOOK_ID, NOW);
    }

    static WebhookRequest request(Map<String, String> headers, byte[] body) { return new WebhookRequest(headers, Map.of(), body); }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) h.remove(name);
        else h.put(name, value);
        return h;
    }

    void verify(WebhookRequest r, List<String> ids) { p.verify(r, ids, NOW, TOLERANCE); }

    // =============================================================================================
    @Nested
    class PublishedDeliveries {
        @Test
        void everyDeliveryPayPalSignedVerifiesWithItsCertificateAtItsTransmissionTime() {
            assertThat(PayPalVectors.ALL).hasSize(5);
            for (var v : PayPalVectors.ALL) {
                var provider = new PayPalProvider(PayPalProvider.Settings.of(v.source()), Clock.fixed(v.sentAt(), ZoneOffset.UTC));
                assertThatCode(() -> provider.verify(v.request(), List.of(v.webhookId()), v.sentAt(), TOLERANCE))
                        .as(v.file()).doesNotThrowAnyException();
                // rotation: the right id among others, in any position
                assertThatCode(() -> provider.verify(v.request(), List.of("AAAAAAAAAAAAAAAAA", v.webhookId()), v.sentAt(), TOLERANCE))
                        .as(v.file()).doesNotThrowAnyException();
                expect(() -> provider.verify(v.request(), List.of("AAAAAAAAAAAAAAAAA"), v.sentAt(), TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            }
        }

        @Test
        void theSignatureIsMadeByTheCertificatesKeyOverOurMessage() throws Exception {
            // the key directly, no date: the certificates expired years ago
            for (var v : PayPalVectors.ALL) {
                String crc = PayPalProvider.crc32(v.body());
                assertThat(crc).as(v.file()).isEqualTo(v.crc32());
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(v.certificate().getPublicKey());
                s.update(PayPalProvider.signedMessage(v.transmissionId(), v.transmissionTime(), v.webhookId(), crc).getBytes(StandardCharsets.UTF_8));
                assertThat(s.verify(Base64.getDecoder().decode(v.signature()))).as(v.file()).isTrue();
                assertThat(PayPalProvider.isPayPalSubject(v.certificate())).as(v.file()).isTrue();
            }
        }

        @Test
        void paypalsJavaSdkAgreesOnCrcMessageAndSignature() throws Exception {
            for (var v : PayPalVectors.ALL) {
                String body = new String(v.body(), StandardCharsets.UTF_8);
                assertThat(Long.toString(SSLUtil.crc32(body))).as(v.file()).isEqualTo(PayPalProvider.crc32(v.body()));
                // the message exactly as Event.validateReceivedEvent builds it
                String theirs = String.format("%s|%s|%s|%s", v.transmissionId(), v.transmissionTime(), v.webhookId(), SSLUtil.crc32(body));
                assertThat(theirs).isEqualTo(PayPalProvider.signedMessage(v.transmissionId(), v.transmissionTime(), v.webhookId(), v.crc32()));
                assertThat(SSLUtil.validateData(List.of(v.certificate()), "SHA256withRSA", v.signature(), theirs, body, v.webhookId())).isTrue();
                String wrongId = String.format("%s|%s|%s|%s", v.transmissionId(), v.transmissionTime(), OTHER_ID, SSLUtil.crc32(body));
                assertThat(SSLUtil.validateData(List.of(v.certificate()), "SHA256withRSA", v.signature(), wrongId, body, OTHER_ID)).isFalse();
            }
        }

        @Test
        void tamperedPublishedDeliveriesAreInvalid() {
            var v = PayPalVectors.ALL.get(0);
            var provider = new PayPalProvider(PayPalProvider.Settings.of(v.source()), Clock.fixed(v.sentAt(), ZoneOffset.UTC));
            byte[] body = v.body().clone();
            body[body.length - 3] = (byte) (body[body.length - 3] == 'T' ? 'S' : 'T'); // ..."method":"POST"}]} → PSST/POTT
            expect(() -> provider.verify(request(v.headers(), body), List.of(v.webhookId()), v.sentAt(), TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            var otherTime = with(v.headers(), "PAYPAL-TRANSMISSION-TIME", "2015-05-18T15:45:14Z");
            expect(() -> provider.verify(request(otherTime, v.body()), List.of(v.webhookId()), v.sentAt(), TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            var otherId = with(v.headers(), "PAYPAL-TRANSMISSION-ID", "dfb3be50-fd74-11e4-8bf3-77339302725c");
            expect(() -> provider.verify(request(otherId, v.body()), List.of(v.webhookId()), v.sentAt(), TOLERANCE), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void todayTheirCertificatesHaveExpiredAndAreRefused() {
            var v = PayPalVectors.ALL.get(0);
            var settings = new PayPalProvider.Settings(v.source(), PayPalCertificateUrls.PAYPAL, Duration.ofDays(365 * 20));
            var provider = new PayPalProvider(settings, Clock.fixed(NOW, ZoneOffset.UTC));
            expect(() -> provider.verify(v.request(), List.of(v.webhookId()), NOW, TOLERANCE), ErrorCode.SIGNATURE_INVALID);
            // and with PayPal's retry span the eleven-year-old transmission is outside the window before any certificate is asked for
            var today = new PayPalProvider(PayPalProvider.Settings.of(v.source()), Clock.fixed(NOW, ZoneOffset.UTC));
            expect(() -> today.verify(v.request(), List.of(v.webhookId()), NOW, TOLERANCE), ErrorCode.SIGNATURE_EXPIRED);
        }

        @Test
        void theJavaSdkTestsStubbedCertificateUrlIsNoCertificateUrl() {
            assertThat(PayPalCertificateUrls.PAYPAL.allowed("https://api.sandbox.paypal.com/v1/notifications/test")).isEmpty();
        }
    }

    // =============================================================================================
    @Nested
    class OurSignerAndTheirs {
        @Test
        void ourSampleVerifiesHereAndInPayPalsSdk() throws Exception {
            var d = sample("PAYMENT.CAPTURE.COMPLETED");
            assertThatCode(() -> verify(request(d.headers(), d.body()), List.of(WEBHOOK_ID))).doesNotThrowAnyException();
            String body = new String(d.body(), StandardCharsets.UTF_8);
            assertThat(Long.toString(SSLUtil.crc32(body))).isEqualTo(PayPalProvider.crc32(d.body()));
            String message = String.format("%s|%s|%s|%s", d.headers().get("PAYPAL-TRANSMISSION-ID"), d.headers().get("PAYPAL-TRANSMISSION-TIME"),
                    WEBHOOK_ID, SSLUtil.crc32(body));
            assertThat(SSLUtil.validateData(List.of(SAMPLE_CERT), d.headers().get("PAYPAL-AUTH-ALGO"), d.headers().get("PAYPAL-TRANSMISSION-SIG"),
                    message, body, WEBHOOK_ID)).as("our signer, their verifier").isTrue();
        }

        @Test
        void everySampleTypeVerifies() {
            for (String type : SampleDeliveries.eventTypes("paypal")) {
                var d = sample(type);
                assertThatCode(() -> verify(request(d.headers(), d.body()), List.of(WEBHOOK_ID))).as(type).doesNotThrowAnyException();
            }
        }

        @Test
        void crcIsUnsignedAndOverTheRawBytes() {
            // CRC-32 values of 2^31 and above print unsigned, as PayPal's SDKs do (Java long, Python "& 0xffffffff")
            assertThat(Long.parseLong(PayPalProvider.crc32("héllo €".getBytes(StandardCharsets.UTF_8)))).isPositive();
            assertThat(PayPalProvider.crc32(new byte[0])).isEqualTo("0");
            assertThat(PayPalProvider.crc32("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("3421780262"); // CRC-32 check value 0xCBF43926
            assertThat(Long.toString(SSLUtil.crc32("héllo €"))).isEqualTo(PayPalProvider.crc32("héllo €".getBytes(StandardCharsets.UTF_8)));
        }

    }

    // =============================================================================================
    @Nested
    class WrongDeliveries {
        final SampleDeliveries.Delivery d = sample("PAYMENT.CAPTURE.COMPLETED");

        @Test
        void tamperedBodyIdTimeWebhookIdOrSignature() {
            byte[] body = new String(d.body(), StandardCharsets.UTF_8).replace("COMPLETED", "COMPLETEd").getBytes(StandardCharsets.UTF_8);
            expect(() -> verify(request(d.headers(), body), List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_INVALID);
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-ID", "00000000-0000-0000-0000-000000000000"), d.body()),
                    List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_INVALID);
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-TIME", "2026-11-22T10:00:01Z"), d.body()), List.of(WEBHOOK_ID)),
                    ErrorCode.SIGNATURE_INVALID);
            // the same instant written otherwise is another message: PayPal signs the header's text
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-TIME", "2026-11-22T10:00:00.000Z"), d.body()), List.of(WEBHOOK_ID)),
                    ErrorCode.SIGNATURE_INVALID);
            expect(() -> verify(request(d.headers(), d.body()), List.of(OTHER_ID)), ErrorCode.SIGNATURE_INVALID);
            byte[] sig = Base64.getDecoder().decode(d.headers().get("PAYPAL-TRANSMISSION-SIG"));
            sig[10] ^= 1;
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-SIG", Base64.getEncoder().encodeToString(sig)), d.body()),
                    List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void aDeliveryForAnotherWebhookDoesNotVerifyHereWhateverItSays() {
            // the webhook id is ours: nothing in the request can name it
            var forOther = SampleDeliveries.build("paypal", "PAYMENT.CAPTURE.COMPLETED", null, OTHER_ID, NOW);
            var r = request(with(forOther.headers(), "PAYPAL-WEBHOOK-ID", WEBHOOK_ID), forOther.body());
            expect(() -> verify(r, List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void everyConfiguredWebhookIdIsTried() {
            var r = request(d.headers(), d.body());
            assertThatCode(() -> verify(r, List.of(OTHER_ID, WEBHOOK_ID))).doesNotThrowAnyException();
            assertThatCode(() -> verify(r, List.of(WEBHOOK_ID, OTHER_ID))).doesNotThrowAnyException();
            assertThatCode(() -> verify(r, List.of("", " ", "not-an-id!", " " + WEBHOOK_ID + " "))).doesNotThrowAnyException();
            expect(() -> verify(r, List.of(OTHER_ID)), ErrorCode.SIGNATURE_INVALID);
            expect(() -> verify(r, List.of("", " ")), ErrorCode.SIGNATURE_INVALID);
            expect(() -> verify(r, List.of()), ErrorCode.SIGNATURE_INVALID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG", "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO"})
        void aMissingOrBlankHeaderIsSignatureMissing(String header) {
            expect(() -> verify(request(with(d.headers(), header, null), d.body()), List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_MISSING);
            expect(() -> verify(request(with(d.headers(), header, " "), d.body()), List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_MISSING);
            assertThat(source.calls).as("nothing fetched").hasValue(0);
        }

        @Test
        void malformedHeaders() {
            for (String algo : new String[] {"SHA1withRSA", "SHA512withRSA", "NotToBeFound", "RSA"}) {
                expect(() -> verify(request(with(d.headers(), "PAYPAL-AUTH-ALGO", algo), d.body()), List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_MALFORMED);
            }
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-SIG", "not base64!"), d.body()), List.of(WEBHOOK_ID)),
                    ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-SIG", "c2hvcnQ="), d.body()), List.of(WEBHOOK_ID)),
                    ErrorCode.SIGNATURE_MALFORMED);
            expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-ID", "a|b"), d.body()), List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_MALFORMED);
            for (String t : new String[] {"yesterday", "1764000000", "2026-11-22 10:00:00", "2026-11-22T10:00:00Z|x", "2026-13-01T00:00:00Z"}) {
                expect(() -> verify(request(with(d.headers(), "PAYPAL-TRANSMISSION-TIME", t), d.body()), List.of(WEBHOOK_ID)),
                        ErrorCode.SIGNATURE_MALFORMED);
            }
            assertThat(source.calls).as("nothing fetched").hasValue(0);
        }

        @Test
        void headerNamesAndTheAlgorithmAreCaseInsensitive() {
            Map<String, String> lower = new LinkedHashMap<>();
            d.headers().forEach((k, v) -> lower.put(k.toLowerCase(), k.equals("PAYPAL-AUTH-ALGO") ? v.toLowerCase() : v));
            var r = request(lower, d.body());
            assertThat(p.recognizes(r)).isTrue();
            assertThatCode(() -> verify(r, List.of(WEBHOOK_ID))).doesNotThrowAnyException();
        }
    }

    // =============================================================================================
    @Nested
    class ReplayWindowAndRetries {
        SampleDeliveries.Delivery sentAt(Instant t) {
            return SampleDeliveries.build("paypal", "PAYMENT.CAPTURE.COMPLETED", null, WEBHOOK_ID, t);
        }

        void verifyAt(SampleDeliveries.Delivery d, Instant now, PayPalProvider provider) {
            provider.verify(request(d.headers(), d.body()), List.of(WEBHOOK_ID), now, TOLERANCE);
        }

        @Test
        void aheadOfNowOnlyByTheTolerance() {
            assertThatCode(() -> verifyAt(sentAt(NOW.plusSeconds(300)), NOW, p)).doesNotThrowAnyException();
            expect(() -> verifyAt(sentAt(NOW.plusSeconds(301)), NOW, p), ErrorCode.SIGNATURE_EXPIRED);
        }

        @Test
        void aRetryCarryingItsOriginalTimeIsAcceptedThroughoutPayPalsRetrySpan() {
            // PayPal retries for three days; whether a retry is re-signed is not documented, so the original time must pass
            var original = sentAt(NOW);
            for (Duration later : List.of(Duration.ofMinutes(6), Duration.ofHours(5), Duration.ofHours(47), Duration.ofHours(72))) {
                assertThatCode(() -> verifyAt(original, NOW.plus(later), p)).as("retry after " + later).doesNotThrowAnyException();
            }
            assertThatCode(() -> verifyAt(original, NOW.plus(Duration.ofHours(72)).plus(TOLERANCE), p)).doesNotThrowAnyException();
            expect(() -> verifyAt(original, NOW.plus(Duration.ofHours(72)).plus(TOLERANCE).plusSeconds(1), p), ErrorCode.SIGNATURE_EXPIRED);
            assertThat(source.calls).as("the expired one was refused before the certificate was asked for").hasValue(5);
        }

        @Test
        void withNoRetrySpanTheWindowIsSymmetric() {
            var strict = new PayPalProvider(new PayPalProvider.Settings(source, PayPalCertificateUrls.PAYPAL, Duration.ZERO), Clock.fixed(NOW, ZoneOffset.UTC));
            var d = sentAt(NOW);
            assertThatCode(() -> verifyAt(d, NOW.plusSeconds(300), strict)).doesNotThrowAnyException();
            expect(() -> verifyAt(d, NOW.plusSeconds(301), strict), ErrorCode.SIGNATURE_EXPIRED);
        }

        @Test
        void extremeTimesAreExpiredNotOverflowed() {
            for (String t : new String[] {"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"}) {
                var h = with(sentAt(NOW).headers(), "PAYPAL-TRANSMISSION-TIME", t);
                ThrowingCallable call = () -> p.verify(request(h, sentAt(NOW).body()), List.of(WEBHOOK_ID), NOW, TOLERANCE);
                assertThatThrownBy(call).as(t).isInstanceOfSatisfying(PayhookException.class, e ->
                        assertThat(e.code()).isIn(ErrorCode.SIGNATURE_EXPIRED, ErrorCode.SIGNATURE_MALFORMED));
            }
        }
    }

    // =============================================================================================
    @Nested
    class Certificates {
        final SampleDeliveries.Delivery d = sample("PAYMENT.CAPTURE.COMPLETED");

        @ParameterizedTest
        @ValueSource(strings = {
                "http://api.sandbox.paypal.com/v1/notifications/certs/CERT-payhook-testkit-sample",
                "https://evil.example/v1/notifications/certs/CERT-payhook-testkit-sample",
                "https://api.sandbox.paypal.com.evil.example/v1/notifications/certs/CERT-payhook-testkit-sample",
                "https://api.sandbox.paypal.com@evil.example/v1/notifications/certs/CERT-payhook-testkit-sample",
                "https://127.0.0.1/v1/notifications/certs/CERT-payhook-testkit-sample",
                "https://api.sandbox.paypal.com:8443/v1/notifications/certs/CERT-payhook-testkit-sample",
                "https://api.sandbox.paypal.com/v1/notifications/certs/../../oauth2/token"})
        void aCertificateUrlThatIsNotPayPalsIsRefusedBeforeAnythingIsFetched(String url) {
            source.with(url.replace("http://", "https://"), SAMPLE_CERT); // even were it served, it is not asked for
            expect(() -> verify(request(with(d.headers(), "PAYPAL-CERT-URL", url), d.body()), List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_INVALID);
            assertThat(source.calls).as("no request for " + url).hasValue(0);
        }

        @Test
        void whatTheSourceRefusesOrCannotFetch() {
            var r = request(d.headers(), d.body());
            source.failure = new CertificateSource.Rejected("not a certificate", null);
            expect(() -> verify(r, List.of(WEBHOOK_ID)), ErrorCode.SIGNATURE_INVALID);
            source.failure = new CertificateSource.Unavailable("timed out", null);
            expect(() -> verify(r, List.of(WEBHOOK_ID)), ErrorCode.STORE_UNAVAILABLE); // 503: PayPal retries
            assertThat(ErrorCode.STORE_UNAVAILABLE.category()).isEqualTo(ErrorCode.Category.UNAVAILABLE);
        }

        @Test
        void withoutACertificateSourcePayPalFailsClosed() {
            var unconfigured = new PayPalProvider(PayPalProvider.Settings.UNCONFIGURED, Clock.fixed(NOW, ZoneOffset.UTC));
            expect(() -> unconfigured.verify(request(d.headers(), d.body()), List.of(WEBHOOK_ID), NOW, TOLERANCE), ErrorCode.PROVIDER_NOT_CONFIGURED);
        }

        @Test
        void theCertificateMustBePayPalsValidNowAndTheSigners() {
            var pki = Pki.get();
            String url = "https://api.paypal.com/v1/notifications/certs/CERT-test";
            record Case(String name, TestPki.Issued cert, ErrorCode expected) {}
            for (var c : List.of(
                    new Case("live CN", pki.live, null),
                    new Case("sandbox CN", pki.sandbox, null),
                    new Case("another CN", pki.otherCn, ErrorCode.SIGNATURE_INVALID),
                    new Case("a look-alike CN", pki.lookAlike, ErrorCode.SIGNATURE_INVALID),
                    new Case("expired", pki.expired, ErrorCode.SIGNATURE_INVALID),
                    new Case("not yet valid", pki.notYetValid, ErrorCode.SIGNATURE_INVALID))) {
                var signed = new PayPalSamples(PayPalSigningKey.of(c.cert().key(), url)).build("PAYMENT.CAPTURE.COMPLETED",
                        SampleDeliveries.SampleOptions.defaults(), WEBHOOK_ID, NOW);
                var provider = new PayPalProvider(PayPalProvider.Settings.of(new Counting().with(url, c.cert().certificate())), Clock.fixed(NOW, ZoneOffset.UTC));
                ThrowingCallable call = () -> provider.verify(request(signed.headers(), signed.body()), List.of(WEBHOOK_ID), NOW, TOLERANCE);
                if (c.expected() == null) assertThatCode(call).as(c.name()).doesNotThrowAnyException();
                else expect(call, c.expected());
            }
            // a valid PayPal certificate whose key did not sign
            var signedByOther = new PayPalSamples(PayPalSigningKey.of(pki.otherCn.key(), url)).build("PAYMENT.CAPTURE.COMPLETED",
                    SampleDeliveries.SampleOptions.defaults(), WEBHOOK_ID, NOW);
            var provider = new PayPalProvider(PayPalProvider.Settings.of(new Counting().with(url, pki.live.certificate())), Clock.fixed(NOW, ZoneOffset.UTC));
            expect(() -> provider.verify(request(signedByOther.headers(), signedByOther.body()), List.of(WEBHOOK_ID), NOW, TOLERANCE),
                    ErrorCode.SIGNATURE_INVALID);
        }

        @Test
        void ourSubjectRuleAgreesWithPayPalsJavaSdkAndIsStricter() throws Exception {
            var pki = Pki.get();
            List<X509Certificate> trust = List.of(pki.ca.ca());
            for (var accepted : List.of(pki.live, pki.sandbox)) {
                assertThat(SSLUtil.validateCertificateChain(List.of(accepted.certificate()), trust, "RSA")).isTrue();
                assertThat(PayPalProvider.isPayPalSubject(accepted.certificate())).isTrue();
            }
            for (var refused : List.of(pki.otherCn, pki.expired)) {
                assertThatThrownBy(() -> SSLUtil.validateCertificateChain(List.of(refused.certificate()), trust, "RSA"))
                        .isInstanceOf(com.paypal.base.rest.PayPalRESTException.class);
            }
            assertThat(PayPalProvider.isPayPalSubject(pki.otherCn.certificate())).isFalse();
            // the SDK only looks at the start and end of the CN: "messageverificationcertsX.evil.paypal.com"-like names pass it, not us
            assertThat(SSLUtil.validateCertificateChain(List.of(pki.lookAlike.certificate()), trust, "RSA")).isTrue();
            assertThat(PayPalProvider.isPayPalSubject(pki.lookAlike.certificate())).isFalse();
        }
    }

    /** Certificates made once per test run (keytool takes a while). */
    static final class Pki {
        final TestPki ca = TestPki.create("payhook PayPal test CA");
        final TestPki.Issued live = ca.issue("CN=messageverificationcerts.paypal.com, O=PayPal test");
        final TestPki.Issued sandbox = ca.issue("CN=messageverificationcerts.sandbox.paypal.com, O=PayPal test");
        final TestPki.Issued otherCn = ca.issue("CN=evil.example, O=PayPal test");
        final TestPki.Issued lookAlike = ca.issue("CN=messageverificationcerts-evil.attacker.paypal.com, O=PayPal test");
        final TestPki.Issued expired = ca.issue("CN=messageverificationcerts.paypal.com, O=PayPal test",
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"));
        final TestPki.Issued notYetValid = ca.issue("CN=messageverificationcerts.paypal.com, O=PayPal test",
                Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"));

        private static Pki instance;

        static synchronized Pki get() {
            if (instance == null) instance = new Pki();
            return instance;
        }
    }
}

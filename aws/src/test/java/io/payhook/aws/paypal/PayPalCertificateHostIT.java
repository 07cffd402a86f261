package io.payhook.aws.paypal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.CertificateSource;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.Providers;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.core.webhook.paypal.PayPalCertificateUrls;
import io.payhook.core.webhook.paypal.PayPalProvider;
import io.payhook.core.webhook.paypal.TestPki;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PayPal certificate path end to end, never on the internet: a test CA stands for PayPal's, a local
 * HTTPS certificate host ({@code com.sun.net.httpserver.HttpsServer} on 127.0.0.1, its TLS certificate from a
 * second test CA) stands for {@code api.paypal.com}, and the allowlist points at it through the composition
 * root ({@link Providers.Settings}) for this test only. Deliveries are signed with the test leaf's key and go
 * through the whole {@link IngestWebhook}. The host counts every request it gets, so a refused URL is shown
 * to cost no request.
 */
class PayPalCertificateHostIT {
    static final String WEBHOOK_ID = "5GP028458E2496506";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static TestPki paypalRoot;
    static TestPki paypalIntermediate;
    static TestPki.Issued signer;          // CN=messageverificationcerts.paypal.com, issued by the test "PayPal" root
    static TestPki.Issued chainedSigner;   // the same CN, issued by an intermediate under that root
    static TestPki.Issued untrusted;       // PayPal's CN, from a CA nobody trusts
    static TestPki.Issued expired;         // PayPal's CN and CA, expired 2021
    static SSLContext clientTls;           // trusts the certificate host's TLS CA only
    static HttpsServer host;
    static int port;
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    static final Map<String, Handler> routes = new ConcurrentHashMap<>();

    interface Handler { void handle(HttpExchange x) throws IOException; }

    @BeforeAll
    static void startTheCertificateHost() throws Exception {
        paypalRoot = TestPki.create("test PayPal root");
        paypalIntermediate = paypalRoot.intermediate("test PayPal intermediate");
        signer = paypalRoot.issue("CN=messageverificationcerts.paypal.com, O=PayPal test");
        chainedSigner = paypalIntermediate.issue("CN=messageverificationcerts.paypal.com, O=PayPal test");
        untrusted = TestPki.create("nobody's CA").issue("CN=messageverificationcerts.paypal.com, O=Impostor");
        expired = paypalRoot.issue("CN=messageverificationcerts.paypal.com, O=PayPal test",
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"));

        TestPki tlsCa = TestPki.create("certificate host TLS CA");
        TestPki.Issued tls = tlsCa.issue("CN=127.0.0.1", Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2049-12-31T00:00:00Z"),
                List.of("127.0.0.1"), List.of());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(tls.keyStore(), TestPki.PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tls-ca", tlsCa.ca());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        host = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        host.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        host.createContext("/", x -> {
            try (x) {
                String path = x.getRequestURI().getPath();
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                try (InputStream in = x.getRequestBody()) {
                    in.readAllBytes();
                }
                Handler h = routes.get(path);
                if (h == null) respond(x, 404, "not found");
                else h.handle(x);
            }
        });
        host.start();
        port = host.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (host != null) host.stop(0);
    }

    static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) x.getResponseBody().write(b);
    }

    static String url(String certId) { return "https://127.0.0.1:" + port + "/v1/notifications/certs/" + certId; }

    static String path(String certId) { return "/v1/notifications/certs/" + certId; }

    static int hitsOf(String certId) { return hits.getOrDefault(path(certId), new AtomicInteger()).get(); }

    static int allHits() { return hits.values().stream().mapToInt(AtomicInteger::get).sum(); }

    static void serve(String certId, String pem) { routes.put(path(certId), x -> respond(x, 200, pem)); }

    /** A clock the cache tests move. */
    static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    final MovableClock clock = new MovableClock();
    HttpsCertificateSource source;
    InMemoryTransactionStore store;
    IngestWebhook ingest;

    @BeforeEach
    void wire() {
        hits.clear();
        routes.clear();
        serve("CERT-signer", signer.pem());
        serve("CERT-chained", chainedSigner.pem() + TestPki.pem(paypalIntermediate.ca()));
        serve("CERT-chained-leaf-only", chainedSigner.pem());
        serve("CERT-untrusted", untrusted.pem());
        serve("CERT-expired", expired.pem());
        wire(HttpsCertificateSource.Config.defaults().with(Set.of(new TrustAnchor(paypalRoot.ca(), null)), List.of(), clientTls));
    }

    /** The composition root of this test: the adapter with test trust, PayPal's allowlist pointed at the local host. */
    void wire(HttpsCertificateSource.Config config) {
        source = new HttpsCertificateSource(config, clock);
        var paypal = new PayPalProvider.Settings(source, PayPalCertificateUrls.of("127.0.0.1:" + port), PayPalProvider.PAYPAL_RETRY_SPAN);
        store = new InMemoryTransactionStore();
        ingest = new IngestWebhook(Providers.standard(Providers.Settings.of(clock).withPayPal(paypal)),
                p -> p.equals("paypal") ? List.of(WEBHOOK_ID) : List.of(), store, new TestCipher(), clock, IngestWebhook.Settings.DEFAULT);
    }

    // ------------------------------------------------------------------ deliveries, signed here as PayPal signs

    static final String BODY = "{\"id\":\"WH-58D329510W468432D-8HN650336L201105X\",\"event_version\":\"1.0\",\"create_time\":\"2026-11-22T09:59:58.940Z\","
            + "\"resource_type\":\"capture\",\"resource_version\":\"2.0\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\",\"summary\":\"Payment completed\","
            + "\"resource\":{\"id\":\"12A34567BC123456S\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"30.00\"},\"status\":\"COMPLETED\","
            + "\"supplementary_data\":{\"related_ids\":{\"order_id\":\"1AB234567A1234567\"}}}}";

    static Map<String, String> signed(PrivateKey key, String certUrl, String webhookId, byte[] body, Instant at) throws Exception {
        String id = UUID.randomUUID().toString();
        String time = TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
        CRC32 crc = new CRC32();
        crc.update(body);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((id + "|" + time + "|" + webhookId + "|" + crc.getValue()).getBytes(StandardCharsets.UTF_8));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("PAYPAL-TRANSMISSION-ID", id);
        h.put("PAYPAL-TRANSMISSION-TIME", time);
        h.put("PAYPAL-TRANSMISSION-SIG", Base64.getEncoder().encodeToString(s.sign()));
        h.put("PAYPAL-CERT-URL", certUrl);
        h.put("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        return h;
    }

    IngestWebhook.Outcome deliver(Map<String, String> headers, byte[] body) {
        return ingest.handle(new WebhookRequest(headers, Map.of(), body));
    }

    static void expect(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    static byte[] body() { return BODY.getBytes(StandardCharsets.UTF_8); }

    // ================================================================== the tests

    @Test
    void aGenuineDeliveryIsVerifiedAgainstTheFetchedCertificateAndStored() throws Exception {
        var outcome = deliver(signed(signer.key(), url("CERT-signer"), WEBHOOK_ID, body(), NOW), body());
        assertThat(outcome.provider()).isEqualTo("paypal");
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo("12A34567BC123456S");
            assertThat(r.status()).isEqualTo("SUCCEEDED");
            assertThat(r.duplicate()).isFalse();
        });
        assertThat(store.events.values().iterator().next().amount().minorUnits()).isEqualTo(3000);
        assertThat(hitsOf("CERT-signer")).isEqualTo(1);
    }

    @Test
    void aCertificateServedWithItsIntermediateChainsToTheRoot() throws Exception {
        assertThatCode(() -> deliver(signed(chainedSigner.key(), url("CERT-chained"), WEBHOOK_ID, body(), NOW), body())).doesNotThrowAnyException();
        // served alone, the path needs the intermediate from configuration (as production bundles PayPal's DigiCert one)
        expect(() -> deliver(signed(chainedSigner.key(), url("CERT-chained-leaf-only"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        wire(HttpsCertificateSource.Config.defaults().with(Set.of(new TrustAnchor(paypalRoot.ca(), null)), List.of(paypalIntermediate.ca()), clientTls));
        assertThatCode(() -> deliver(signed(chainedSigner.key(), url("CERT-chained-leaf-only"), WEBHOOK_ID, body(), NOW), body()))
                .doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyIdTimeWebhookIdOrSignatureIsInvalid() throws Exception {
        Map<String, String> h = signed(signer.key(), url("CERT-signer"), WEBHOOK_ID, body(), NOW);
        byte[] tampered = BODY.replace("30.00", "31.00").getBytes(StandardCharsets.UTF_8);
        expect(() -> deliver(h, tampered), ErrorCode.SIGNATURE_INVALID);
        for (var change : List.of(Map.entry("PAYPAL-TRANSMISSION-ID", UUID.randomUUID().toString()),
                Map.entry("PAYPAL-TRANSMISSION-TIME", TIME.format(NOW.minusSeconds(1))))) {
            Map<String, String> t = new LinkedHashMap<>(h);
            t.put(change.getKey(), change.getValue());
            expect(() -> deliver(t, body()), ErrorCode.SIGNATURE_INVALID);
        }
        expect(() -> deliver(signed(signer.key(), url("CERT-signer"), "1JE4291016473214C", body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        Map<String, String> s = new LinkedHashMap<>(h);
        byte[] sig = Base64.getDecoder().decode(h.get("PAYPAL-TRANSMISSION-SIG"));
        sig[0] ^= 0x01;
        s.put("PAYPAL-TRANSMISSION-SIG", Base64.getEncoder().encodeToString(sig));
        expect(() -> deliver(s, body()), ErrorCode.SIGNATURE_INVALID);
        // signed by a key that is not the certificate's
        expect(() -> deliver(signed(untrusted.key(), url("CERT-signer"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        assertThat(store.events).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG", "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO"})
    void aMissingHeaderIsSignatureMissingAndFetchesNothing(String header) throws Exception {
        Map<String, String> h = signed(signer.key(), url("CERT-signer"), WEBHOOK_ID, body(), NOW);
        h.remove(header);
        var r = new WebhookRequest(h, Map.of("provider", "paypal"), body()); // without its signature header it is forced to PayPal
        expect(() -> ingest.handle(r), ErrorCode.SIGNATURE_MISSING);
        assertThat(allHits()).isZero();
    }

    @Test
    void aCertificateUrlThatIsNotAllowedIsRefusedBeforeAnyRequest() throws Exception {
        routes.put("/", x -> respond(x, 200, signer.pem()));
        for (String certUrl : List.of(
                "http://127.0.0.1:" + port + "/v1/notifications/certs/CERT-signer",           // not https, same host and port
                "https://localhost:" + port + "/v1/notifications/certs/CERT-signer",          // the same server by another name
                "https://127.0.0.2:" + port + "/v1/notifications/certs/CERT-signer",          // another IP
                "https://[::1]:" + port + "/v1/notifications/certs/CERT-signer",
                "https://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1) + "/v1/notifications/certs/CERT-signer", // another port
                "https://127.0.0.1/v1/notifications/certs/CERT-signer",                       // the default port
                "https://evil.example/v1/notifications/certs/CERT-signer",
                "https://api.paypal.com/v1/notifications/certs/CERT-signer",                  // not on this test's allowlist
                "https://127.0.0.1:" + port + ".evil.example/v1/notifications/certs/CERT-signer",
                "https://127.0.0.1:" + port + "@evil.example/v1/notifications/certs/CERT-signer",
                "https://evil.example@127.0.0.1:" + port + "/v1/notifications/certs/CERT-signer",
                "https://127.0.0.1:" + port + "/v1/notifications/certs/../../../",
                "https://127.0.0.1:" + port + "/",
                "https://127.0.0.1:" + port + "/v1/notifications/certs/CERT-signer?x=1")) {
            expect(() -> deliver(signed(signer.key(), certUrl, WEBHOOK_ID, body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        }
        assertThat(allHits()).as("the certificate host saw no request").isZero();
        assertThat(store.events).isEmpty();
    }

    @Test
    void aChainNotFromTheTrustAnchorsIsRefused() throws Exception {
        expect(() -> deliver(signed(untrusted.key(), url("CERT-untrusted"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        assertThat(hitsOf("CERT-untrusted")).isEqualTo(1);
        assertThat(source.cached()).as("a refused certificate is not cached").isZero();
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        expect(() -> deliver(signed(expired.key(), url("CERT-expired"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        assertThat(source.cached()).isZero();
    }

    @Test
    void theCacheServesTheSecondDeliveryAndExpires() throws Exception {
        for (int i = 0; i < 3; i++) {
            String event = BODY.replace("WH-58D329510W468432D-8HN650336L201105X", "WH-58D329510W468432D-8HN650336L20110" + i);
            byte[] b = event.getBytes(StandardCharsets.UTF_8);
            deliver(signed(signer.key(), url("CERT-signer"), WEBHOOK_ID, b, clock.now), b);
        }
        assertThat(hitsOf("CERT-signer")).as("fetched once for three deliveries").isEqualTo(1);
        assertThat(store.events).hasSize(3);
        clock.now = NOW.plus(Duration.ofHours(24)).plusSeconds(1);
        deliver(signed(signer.key(), url("CERT-signer"), WEBHOOK_ID, body(), clock.now), body());
        assertThat(hitsOf("CERT-signer")).as("fetched again after the cache lifetime").isEqualTo(2);
    }

    @Test
    void theCacheIsBoundedAndNeverOutlivesTheCertificate() throws Exception {
        var small = new HttpsCertificateSource.Config(Set.of(new TrustAnchor(paypalRoot.ca(), null)), List.of(), clientTls,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofDays(365 * 40), 2, 64 * 1024, 4);
        var s = new HttpsCertificateSource(small, clock);
        serve("CERT-a", signer.pem());
        serve("CERT-b", signer.pem());
        serve("CERT-c", signer.pem());
        for (String id : List.of("CERT-a", "CERT-b", "CERT-c", "CERT-a")) s.certificate(URI.create(url(id)));
        assertThat(s.cached()).isEqualTo(2);
        assertThat(hitsOf("CERT-a")).as("evicted as the least recently used, fetched again").isEqualTo(2);
        s.certificate(URI.create(url("CERT-c")));
        assertThat(hitsOf("CERT-c")).isEqualTo(1);
        // a forty-year lifetime is capped by the certificate's notAfter (2049-12-31)
        clock.now = Instant.parse("2049-12-31T00:00:01Z");
        assertThatThrownBy(() -> s.certificate(URI.create(url("CERT-c")))).isInstanceOf(CertificateSource.Rejected.class);
        assertThat(hitsOf("CERT-c")).isEqualTo(2);
    }

    @Test
    void aFailedFetchIsNotCachedAndIsRetriedNextTime() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        routes.put(path("CERT-flaky"), x -> {
            if (failuresLeft.getAndDecrement() > 0) respond(x, 503, "busy");
            else respond(x, 200, signer.pem());
        });
        expect(() -> deliver(signed(signer.key(), url("CERT-flaky"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.STORE_UNAVAILABLE);
        assertThat(store.events).as("not stored: PayPal retries").isEmpty();
        var retried = deliver(signed(signer.key(), url("CERT-flaky"), WEBHOOK_ID, body(), NOW), body());
        assertThat(retried.results().get(0).status()).isEqualTo("SUCCEEDED");
        assertThat(hitsOf("CERT-flaky")).isEqualTo(2);
    }

    @Test
    void whatTheHostAnswersBesidesACertificate() throws Exception {
        routes.put(path("CERT-redirect"), x -> {
            x.getResponseHeaders().add("Location", url("CERT-signer"));
            respond(x, 302, "");
        });
        routes.put(path("CERT-garbage"), x -> respond(x, 200, "<html>not a certificate</html>"));
        routes.put(path("CERT-huge"), x -> respond(x, 200, signer.pem() + "x".repeat(70 * 1024)));
        for (String id : List.of("CERT-redirect", "CERT-missing", "CERT-garbage", "CERT-huge")) {
            expect(() -> deliver(signed(signer.key(), url(id), WEBHOOK_ID, body(), NOW), body()), ErrorCode.SIGNATURE_INVALID);
        }
        assertThat(hitsOf("CERT-signer")).as("a redirect is not followed").isZero();
        routes.put(path("CERT-broken"), x -> respond(x, 500, "oops"));
        expect(() -> deliver(signed(signer.key(), url("CERT-broken"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.STORE_UNAVAILABLE);
    }

    @Test
    void aSlowHostIsUnavailableNotWaitedFor() throws Exception {
        var quick = new HttpsCertificateSource.Config(Set.of(new TrustAnchor(paypalRoot.ca(), null)), List.of(), clientTls,
                Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofHours(24), 64, 64 * 1024, 4);
        wire(quick);
        routes.put(path("CERT-slow"), x -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(x, 200, signer.pem());
        });
        long t = System.nanoTime();
        expect(() -> deliver(signed(signer.key(), url("CERT-slow"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.STORE_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofMillis(1_800));
    }

    @Test
    void aHostWhoseTlsCertificateIsNotTrustedIsNotTalkedTo() throws Exception {
        // the production TLS context (the JDK trust store) does not trust the local host's test TLS CA
        wire(HttpsCertificateSource.Config.defaults().with(Set.of(new TrustAnchor(paypalRoot.ca(), null)), List.of(), SSLContext.getDefault()));
        expect(() -> deliver(signed(signer.key(), url("CERT-signer"), WEBHOOK_ID, body(), NOW), body()), ErrorCode.STORE_UNAVAILABLE);
        assertThat(hitsOf("CERT-signer")).as("no request got through").isZero();
    }

    @Test
    void theAdapterItselfFetchesOnlyHttps() {
        assertThatThrownBy(() -> source.certificate(URI.create("http://127.0.0.1:" + port + path("CERT-signer"))))
                .isInstanceOf(CertificateSource.Rejected.class);
        assertThatThrownBy(() -> source.certificate(URI.create("https://user@127.0.0.1:" + port + path("CERT-signer"))))
                .isInstanceOf(CertificateSource.Rejected.class);
        assertThat(allHits()).isZero();
    }

    @Test
    void productionTrustValidatesPayPalsOwnCertificatesThroughTheBundledIntermediate() {
        // PayPal's published message-verification certificates (corpus/paypal/certs, from PayPal's SDK repositories), leaf only,
        // as PayPal serves them: the JDK trust store plus the DigiCert intermediate PayPal's SDKs bundle validate them in their time
        var production = HttpsCertificateSource.Config.defaults();
        assertThat(production.intermediates()).singleElement().satisfies(c ->
                assertThat(c.getSubjectX500Principal().getName()).contains("CN=DigiCert SHA2 Extended Validation Server CA"));
        for (var c : List.of(Map.entry("/corpus/paypal/certs/CERT-360caa42-fca2a594-a5cafa77.pem", "2016-06-01T00:00:00Z"),
                Map.entry("/corpus/paypal/certs/java-sdk-testClientCert.crt", "2018-06-01T00:00:00Z"))) {
            List<X509Certificate> served = HttpsCertificateSource.parse(resource(c.getKey()));
            assertThat(HttpsCertificateSource.validate(served, production, Instant.parse(c.getValue()))).as(c.getKey()).isSameAs(served.get(0));
            assertThat(PayPalProvider.isPayPalSubject(served.get(0))).isTrue();
            assertThatThrownBy(() -> HttpsCertificateSource.validate(served, production, NOW)).as("expired today")
                    .isInstanceOf(CertificateSource.Rejected.class);
            // without the bundled intermediate there is no path: PayPal serves the leaf alone
            var noIntermediate = production.with(production.trustAnchors(), List.of(), production.tls());
            assertThatThrownBy(() -> HttpsCertificateSource.validate(served, noIntermediate, Instant.parse(c.getValue())))
                    .isInstanceOf(CertificateSource.Rejected.class);
        }
        // a certificate that only claims PayPal's name chains to nothing in the JDK trust store
        assertThatThrownBy(() -> HttpsCertificateSource.validate(List.of(untrusted.certificate()), production, NOW))
                .isInstanceOf(CertificateSource.Rejected.class);
    }

    static byte[] resource(String path) {
        try (InputStream in = PayPalCertificateHostIT.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.payhook.aws.paypal;

import io.payhook.core.port.CertificateSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * PayPal's message-signing certificates over HTTPS: fetched from the URL core's allowlist accepted
 * ({@code io.payhook.core.webhook.paypal.PayPalCertificateUrls}), validated, cached.
 *
 * <ul>
 *   <li><b>Fetch.</b> One {@code GET} of exactly the URL given — {@code https} only (anything else is refused
 *       here too), redirects never followed, a connect and a request timeout, at most {@link Config#maxBytes}
 *       read, at most {@link Config#maxConcurrentFetches} fetches at once (a flood of deliveries naming new
 *       certificate ids cannot pile up requests to PayPal: beyond the bound it is 503, and PayPal retries).
 *       TLS is the JDK's, host name verified, trusting {@link Config#tls} (the JDK default in production).</li>
 *   <li><b>Validate.</b> The first certificate served is the signer's; any others served are candidate
 *       intermediates. A PKIX path is built from it to {@link Config#trustAnchors} — the JDK trust store in
 *       production — through those and {@link Config#intermediates}, at the current time. Production bundles
 *       <em>DigiCert SHA2 Extended Validation Server CA</em> (2013–2028), the intermediate PayPal's own Java and
 *       Python SDKs bundle, because PayPal serves the leaf alone; it chains to <em>DigiCert High Assurance EV Root
 *       CA</em> of the JDK trust store. It is used to build the path, never trusted by itself. No revocation
 *       check (it would mean requests to addresses named inside the certificate). What the certificate must say —
 *       PayPal's message-verification subject, valid now — core checks.</li>
 *   <li><b>Cache.</b> By URL, at most {@link Config#maxEntries} (least recently used evicted), each for
 *       {@link Config#ttl} and never past the certificate's {@code notAfter}. Only a validated certificate is
 *       cached; a failed fetch or a refused certificate is not, so the next delivery tries again.</li>
 * </ul>
 * Failures: the host answered with something that is not a trustworthy certificate (a 4xx, a redirect, not a
 * certificate, too large, no path to the anchors) — {@link Rejected} (401); the certificate could not be
 * fetched now (connection, TLS, timeout, a 5xx, too many fetches) — {@link Unavailable} (503, retried).
 */
public final class HttpsCertificateSource implements CertificateSource {

    /**
     * @param trustAnchors         what a signing certificate must chain to
     * @param intermediates        certificates that may complete a path (never trusted by themselves)
     * @param tls                  the TLS context of the HTTPS connection (whose server certificates are trusted)
     * @param connectTimeout       to open the connection
     * @param requestTimeout       for the whole response
     * @param ttl                  how long a validated certificate is kept (capped by its {@code notAfter})
     * @param maxEntries           how many certificates are kept
     * @param maxBytes             the largest response read
     * @param maxConcurrentFetches how many fetches may run at once
     */
    public record Config(Set<TrustAnchor> trustAnchors, List<X509Certificate> intermediates, SSLContext tls,
                         Duration connectTimeout, Duration requestTimeout, Duration ttl, int maxEntries, int maxBytes,
                         int maxConcurrentFetches) {
        public Config {
            trustAnchors = Set.copyOf(trustAnchors);
            intermediates = List.copyOf(intermediates);
            Objects.requireNonNull(tls, "tls");
            if (trustAnchors.isEmpty()) throw new IllegalArgumentException("no trust anchors");
            if (maxEntries < 1 || maxBytes < 1 || maxConcurrentFetches < 1) throw new IllegalArgumentException("bounds must be positive");
            if (ttl.isNegative() || connectTimeout.isNegative() || requestTimeout.isNegative()) throw new IllegalArgumentException("negative duration");
        }

        /**
         * Production: the JDK trust store, PayPal's DigiCert intermediate, the JDK's TLS defaults, 2 s to connect,
         * 5 s in all, 24 h in cache, 64 certificates of at most 64 KiB, 4 fetches at once.
         */
        public static Config defaults() {
            try {
                return new Config(jdkTrustAnchors(), bundledIntermediates(), SSLContext.getDefault(), Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofHours(24), 64, 64 * 1024, 4);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context", e);
            }
        }

        /** The same, trusting {@code anchors} for signing certificates and {@code tls} for the connection (tests). */
        public Config with(Set<TrustAnchor> anchors, List<X509Certificate> extraIntermediates, SSLContext tlsContext) {
            return new Config(anchors, extraIntermediates, tlsContext, connectTimeout, requestTimeout, ttl, maxEntries, maxBytes, maxConcurrentFetches);
        }
    }

    /** The bundled intermediate's resource, next to this class (copied from paypal/PayPal-Java-SDK, see docs/providers/paypal.md). */
    static final String BUNDLED_INTERMEDIATE = "DigiCertSHA2ExtendedValidationServerCA.crt";

    private final Config config;
    private final Clock clock;
    private final HttpClient http;
    private final Semaphore fetches;
    private final Map<URI, Cached> cache;

    private record Cached(X509Certificate certificate, Instant expires) {}

    public HttpsCertificateSource(Config config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .sslContext(config.tls())
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        this.fetches = new Semaphore(config.maxConcurrentFetches());
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<URI, Cached> eldest) { return size() > config.maxEntries(); }
        };
    }

    @Override
    public X509Certificate certificate(URI url) {
        if (url == null || !"https".equals(url.getScheme()) || url.getRawUserInfo() != null || url.getHost() == null) {
            throw new Rejected("Only https certificate URLs are fetched.", null);
        }
        Instant now = clock.instant();
        synchronized (cache) {
            Cached e = cache.get(url);
            if (e != null && now.isBefore(e.expires())) return e.certificate();
            if (e != null) cache.remove(url);
        }
        List<X509Certificate> served = fetch(url);
        X509Certificate leaf = validate(served, config, now);
        Instant expires = now.plus(config.ttl());
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isBefore(expires)) expires = notAfter;
        synchronized (cache) {
            cache.put(url, new Cached(leaf, expires));
        }
        return leaf;
    }

    /** How many certificates are cached now (for tests and metrics). */
    public int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private List<X509Certificate> fetch(URI url) {
        if (!fetches.tryAcquire()) throw new Unavailable("Too many PayPal certificate fetches at once; retry later.", null);
        try {
            HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(config.requestTimeout())
                    .header("Accept", "application/x-pem-file, application/pkix-cert, */*").build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 500) throw new Unavailable("PayPal's certificate host answered " + status + "; retry later.", null);
                if (status != 200) throw new Rejected("No certificate at that URL (HTTP " + status + ", redirects are not followed).", null);
                byte[] bytes = body.readNBytes(config.maxBytes() + 1);
                if (bytes.length > config.maxBytes()) throw new Rejected("The certificate response is larger than " + config.maxBytes() + " bytes.", null);
                return parse(bytes);
            }
        } catch (HttpTimeoutException e) {
            throw new Unavailable("PayPal's certificate host did not answer in time; retry later.", e);
        } catch (IOException e) {
            throw new Unavailable("PayPal's certificate could not be fetched; retry later.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while fetching PayPal's certificate.", e);
        } finally {
            fetches.release();
        }
    }

    /** PEM (one or more certificates) or DER; the first is the signer's. */
    static List<X509Certificate> parse(byte[] bytes) {
        try {
            Collection<? extends java.security.cert.Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (var c : all) if (c instanceof X509Certificate x) out.add(x);
            if (out.isEmpty()) throw new Rejected("The response holds no certificate.", null);
            return out;
        } catch (CertificateException e) {
            throw new Rejected("The response is not a certificate.", e);
        }
    }

    /**
     * The signer's certificate once a PKIX path leads from it to a trust anchor at {@code at} — through the
     * other certificates served and the configured intermediates — or {@link Rejected}.
     */
    static X509Certificate validate(List<X509Certificate> served, Config config, Instant at) {
        X509Certificate leaf = served.get(0);
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(config.trustAnchors(), target);
            List<X509Certificate> pool = new ArrayList<>(served);
            pool.addAll(config.intermediates());
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.setMaxPathLength(4);
            CertPathBuilder.getInstance("PKIX").build(params);
            return leaf;
        } catch (GeneralSecurityException e) {
            throw new Rejected("The certificate does not chain to a trusted root (or is not valid now).", e);
        }
    }

    /** The trust anchors of the JDK's default trust store (cacerts, or {@code javax.net.ssl.trustStore} when set). */
    public static Set<TrustAnchor> jdkTrustAnchors() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (var tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return java.util.Arrays.stream(x.getAcceptedIssuers()).map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
                }
            }
            throw new IllegalStateException("the JDK has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK trust store cannot be read", e);
        }
    }

    /** The intermediate PayPal's SDKs bundle (see the class comment). */
    public static List<X509Certificate> bundledIntermediates() {
        try (InputStream in = HttpsCertificateSource.class.getResourceAsStream(BUNDLED_INTERMEDIATE)) {
            if (in == null) throw new IllegalStateException("missing resource " + BUNDLED_INTERMEDIATE);
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

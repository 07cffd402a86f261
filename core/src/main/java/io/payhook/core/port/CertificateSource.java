package io.payhook.core.port;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Map;

/**
 * Signing certificates that a provider names by URL in its deliveries (PayPal's
 * {@code PAYPAL-CERT-URL}). The caller has already checked the URL against its allowlist — an
 * adapter fetches exactly the URL it is given and nothing else (no redirects, no URLs found inside
 * a certificate). The HTTPS adapter, its trust anchors and its cache live outside core
 * ({@code io.payhook.aws.paypal.HttpsCertificateSource}); core decides which URLs may be asked for and
 * what a returned certificate must say (subject, validity).
 */
public interface CertificateSource {

    /**
     * The end-entity certificate published at {@code url}, its chain already validated against the
     * adapter's trust anchors.
     *
     * @param url an {@code https} URL the caller's allowlist accepted
     * @throws Rejected    the host answered, but not with a certificate that chains to the trust anchors
     *                     (a delivery naming it cannot be genuine: 401)
     * @throws Unavailable the certificate could not be fetched now (network, timeout, a 5xx); the delivery
     *                     is not refused for good — 503, the provider retries
     */
    X509Certificate certificate(URI url);

    /** What the host served is not a trustworthy signing certificate: the delivery is refused (401 {@code signature_invalid}). */
    final class Rejected extends PayhookException {
        public Rejected(String message, Throwable cause) {
            super(ErrorCode.SIGNATURE_INVALID, message, cause);
        }
    }

    /**
     * The certificate could not be fetched now. The event was not stored; answered 503 so that the
     * provider retries (with the code {@code store_unavailable}, the one 503 code the API has).
     */
    final class Unavailable extends PayhookException {
        public Unavailable(String message, Throwable cause) {
            super(ErrorCode.STORE_UNAVAILABLE, message, cause);
        }
    }

    /**
     * Certificates known in advance, by URL (tests, and a local system that signs its own sample
     * deliveries): no network, no chain validation — whoever builds the map vouches for it. A URL
     * not in the map is {@link Rejected}.
     */
    static CertificateSource fixed(Map<URI, X509Certificate> certificates) {
        Map<URI, X509Certificate> copy = Map.copyOf(certificates);
        return url -> {
            X509Certificate c = copy.get(url);
            if (c == null) throw new Rejected("No certificate is published at that URL.", null);
            return c;
        };
    }
}

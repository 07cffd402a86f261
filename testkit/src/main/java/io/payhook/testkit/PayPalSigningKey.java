package io.payhook.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * What signs a sample PayPal delivery: an RSA private key, and the certificate URL the delivery names
 * in {@code PAYPAL-CERT-URL} (where the verifier is to find the key's certificate). PayPal keeps its key
 * to itself, so samples are signed with a key of the caller's ({@link #of}) or with {@link #SAMPLE}, the
 * testkit's own test key.
 *
 * @param key     the RSA private key
 * @param certUrl the URL the delivery names for the key's certificate
 */
public record PayPalSigningKey(PrivateKey key, String certUrl) {
    /** The URL {@link #SAMPLE} deliveries name: on PayPal's sandbox host, where PayPal publishes no such certificate. */
    public static final String SAMPLE_CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-payhook-testkit-sample";

    /**
     * The testkit's sample signing key — a test key, NOT PayPal's and not a secret: its self-signed
     * certificate ({@link #sampleCertificatePem}, subject {@code CN=messageverificationcerts.sandbox.paypal.com,
     * O=payhook testkit sample signing key (not PayPal)}, valid 2020–2044) is trusted by nobody unless a payhook
     * test or local system is told to serve it for {@link #SAMPLE_CERT_URL}.
     */
    public static final PayPalSigningKey SAMPLE = new PayPalSigningKey(
            rsaPrivateKey(resource("paypal-sample-signing-key.pem")), SAMPLE_CERT_URL);

    public PayPalSigningKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certUrl, "certUrl");
    }

    public static PayPalSigningKey of(PrivateKey key, String certUrl) { return new PayPalSigningKey(key, certUrl); }

    /** The PEM of {@link #SAMPLE}'s certificate. */
    public static String sampleCertificatePem() { return resource("paypal-sample-certificate.pem"); }

    /** An RSA private key from a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public static PrivateKey rsaPrivateKey(String pkcs8Pem) {
        String b64 = pkcs8Pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PayPalSigningKey.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("testkit resource missing: " + name);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() { return "PayPalSigningKey[certUrl=" + certUrl + "]"; }
}

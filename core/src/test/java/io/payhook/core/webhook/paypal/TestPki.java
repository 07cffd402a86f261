package io.payhook.core.webhook.paypal;

import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * A throwaway certificate authority for tests: a self-signed CA and the leaf certificates it issues,
 * with any subject, validity period and subject alternative names — built in process from the JDK alone
 * (the DER of an X.509 v3 certificate written out here, signed with {@code SHA256withRSA}; names and
 * public keys encoded by the JDK), so no BouncyCastle, no JDK-internal API and no keytool process. Nothing
 * of it is trusted anywhere but where a test says so. Used by the PayPal tests of core and of the aws
 * adapter (through core's test-jar).
 */
public final class TestPki {
    /** A key and the certificate issued for it; {@code chain} is the leaf, then the CA. */
    public record Issued(PrivateKey key, X509Certificate certificate, List<X509Certificate> chain) {
        /** The leaf's PEM, as a certificate host serves it. */
        public String pem() { return TestPki.pem(certificate); }

        /** A PKCS#12 key store in memory holding the key and its chain (a TLS server identity), password {@link #PASSWORD}. */
        public KeyStore keyStore() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", key, PASSWORD, chain.toArray(X509Certificate[]::new));
                return ks;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static final char[] PASSWORD = "test-only".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA, {@code CN=<name>, O=payhook tests}, valid 2020–2050. */
    public static TestPki create(String name) {
        KeyPair keys = rsa();
        X500Principal subject = new X500Principal("CN=" + name + ", O=payhook tests");
        X509Certificate ca = build(subject, keys, subject, keys.getPrivate(), Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2050-01-01T00:00:00Z"), true, List.of(), List.of());
        return new TestPki(keys, ca);
    }

    public X509Certificate ca() { return ca; }

    /** An intermediate CA this CA issues ({@code CN=<name>}); what it issues chains through it to this CA. */
    public TestPki intermediate(String name) {
        KeyPair keys = rsa();
        X509Certificate cert = build(new X500Principal("CN=" + name + ", O=payhook tests"), keys, ca.getSubjectX500Principal(),
                caKeys.getPrivate(), Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2049-12-31T00:00:00Z"), true, List.of(), List.of());
        return new TestPki(keys, cert);
    }

    /** A leaf certificate for {@code dname}, valid from {@code notBefore} to {@code notAfter}. */
    public Issued issue(String dname, Instant notBefore, Instant notAfter) {
        return issue(dname, notBefore, notAfter, List.of(), List.of());
    }

    /** A leaf certificate with subject alternative names (IP addresses, DNS names), e.g. a TLS server's. */
    public Issued issue(String dname, Instant notBefore, Instant notAfter, List<String> ipAddresses, List<String> dnsNames) {
        KeyPair keys = rsa();
        X509Certificate leaf = build(new X500Principal(dname), keys, ca.getSubjectX500Principal(), caKeys.getPrivate(), notBefore, notAfter,
                false, ipAddresses, dnsNames);
        return new Issued(keys.getPrivate(), leaf, List.of(leaf, ca));
    }

    /** A valid-for-decades leaf. */
    public Issued issue(String dname) {
        return issue(dname, Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2049-12-31T00:00:00Z"));
    }

    public static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<X509Certificate> parse(String pem) {
        try {
            return List.copyOf((Collection<X509Certificate>) CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ------------------------------------------------------------------ the certificate, in DER

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final byte[] SHA256_WITH_RSA = seq(der(0x06, hex("2A864886F70D01010B")), der(0x05));
    private static final byte[] BASIC_CONSTRAINTS = der(0x06, hex("551D13"));
    private static final byte[] KEY_USAGE = der(0x06, hex("551D0F"));
    private static final byte[] SUBJECT_ALT_NAME = der(0x06, hex("551D11"));
    private static final byte[] TRUE = der(0x01, new byte[] {(byte) 0xff});

    private static X509Certificate build(X500Principal subject, KeyPair keys, X500Principal issuer, PrivateKey issuerKey,
                                         Instant notBefore, Instant notAfter, boolean isCa, List<String> ips, List<String> dns) {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(seq(BASIC_CONSTRAINTS, TRUE, der(0x04, isCa ? seq(TRUE) : seq())));
        // CA: keyCertSign + cRLSign; leaf: digitalSignature + keyEncipherment
        extensions.add(seq(KEY_USAGE, TRUE, der(0x04, isCa ? der(0x03, hex("0106")) : der(0x03, hex("05A0")))));
        if (!ips.isEmpty() || !dns.isEmpty()) {
            List<byte[]> names = new ArrayList<>();
            for (String ip : ips) names.add(der(0x87, address(ip)));
            for (String d : dns) names.add(der(0x82, d.getBytes(StandardCharsets.US_ASCII)));
            extensions.add(seq(SUBJECT_ALT_NAME, der(0x04, seq(names.toArray(byte[][]::new)))));
        }
        byte[] tbs = seq(
                der(0xA0, der(0x02, new byte[] {2})), // v3
                der(0x02, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray()),
                SHA256_WITH_RSA,
                issuer.getEncoded(),
                seq(time(notBefore), time(notAfter)),
                subject.getEncoded(),
                keys.getPublic().getEncoded(),
                der(0xA3, seq(extensions.toArray(byte[][]::new))));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(issuerKey);
            s.update(tbs);
            byte[] sig = s.sign();
            byte[] bits = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bits, 1, sig.length);
            byte[] cert = seq(tbs, SHA256_WITH_RSA, der(0x03, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cert));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5). */
    private static byte[] time(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        boolean utc = z.getYear() >= 1950 && z.getYear() < 2050;
        String s = DateTimeFormatter.ofPattern(utc ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'").format(z);
        return der(utc ? 0x17 : 0x18, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] address(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static byte[] seq(byte[]... parts) { return der(0x30, parts); }

    /** One DER TLV: the tag, the definite length, the concatenated contents. */
    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) body.writeBytes(c);
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] hex(String h) { return java.util.HexFormat.of().parseHex(h); }
}

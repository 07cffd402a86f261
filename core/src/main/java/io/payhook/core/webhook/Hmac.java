package io.payhook.core.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** HMAC (SHA-256, and SHA-512 / SHA-1 for configured senders) and constant-time comparison, shared by the providers' verifiers. */
public final class Hmac {
    private Hmac() {}

    /**
     * The hash functions an HMAC may use here. SHA-256 is every built-in provider's; SHA-512 and SHA-1 exist for
     * senders described by configuration (HMAC-SHA1 is still a sound MAC — the collision attacks on SHA-1 do not
     * carry over to HMAC — but offers the smallest margin; prefer SHA-256 where a sender lets you choose).
     */
    public enum Algorithm {
        SHA256("HmacSHA256", 32),
        SHA512("HmacSHA512", 64),
        SHA1("HmacSHA1", 20);

        private final String jcaName;
        private final int macBytes;

        Algorithm(String jcaName, int macBytes) {
            this.jcaName = jcaName;
            this.macBytes = macBytes;
        }

        /** The JCA name, e.g. {@code HmacSHA256}. */
        public String jcaName() { return jcaName; }

        /** The length of a MAC in bytes (32, 64, 20). */
        public int macBytes() { return macBytes; }
    }

    /** HMAC-SHA256 of the parts, in order. */
    public static byte[] sha256(byte[] key, byte[]... parts) { return mac(Algorithm.SHA256, key, parts); }

    /** The HMAC of the parts, in order, with {@code algorithm}; {@code key} must not be empty. */
    public static byte[] mac(Algorithm algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            for (byte[] p : parts) mac.update(p);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName() + " unavailable", e);
        }
    }

    /** Constant-time equality (time depends only on the lengths). */
    public static boolean equal(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}

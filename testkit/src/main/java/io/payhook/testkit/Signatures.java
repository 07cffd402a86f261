package io.payhook.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The providers' published signing algorithms, written from their documentation for the sample
 * deliveries — on purpose sharing no code with payhook's verifiers, so that a sample that verifies
 * is a cross-check of both.
 */
public final class Signatures {
    private Signatures() {}

    /** HMAC with {@code algorithm} ({@code HmacSHA256}, {@code HmacSHA512}, {@code HmacSHA1}) over the parts in order. */
    public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] p : parts) mac.update(p);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    public static byte[] hmacSha256(byte[] key, byte[]... parts) { return hmac("HmacSHA256", key, parts); }

    public static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    public static String base64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    public static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /**
     * Stripe's {@code Stripe-Signature} (and payhook's generic {@code Payhook-Signature}) value:
     * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 keyed with the secret's UTF-8 bytes over "<t>.<body>">}.
     */
    public static String timestampedV1(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hex(hmacSha256(utf8(secret), utf8(unixSeconds + "."), body));
    }

    /**
     * A Standard Webhooks {@code webhook-signature} value: {@code v1,<base64 HMAC-SHA256>} over
     * {@code "<id>.<timestamp>.<body>"}, keyed with the base64-decoded part of {@code whsec_<base64>}.
     */
    public static String standardWebhooks(String secret, String id, long unixSeconds, byte[] body) {
        return "v1," + base64(hmacSha256(standardWebhooksKey(secret), utf8(id + "." + unixSeconds + "."), body));
    }

    /** The key of a {@code whsec_<base64>} (or bare base64) Standard Webhooks secret. */
    public static byte[] standardWebhooksKey(String secret) {
        String s = secret.trim();
        if (s.startsWith("whsec_")) s = s.substring(6);
        try {
            byte[] key = Base64.getDecoder().decode(s);
            if (key.length == 0) throw new IllegalArgumentException("empty key");
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret is whsec_ + base64");
        }
    }

    /**
     * Square's {@code x-square-hmacsha256-signature}: base64 HMAC-SHA256 keyed with the signature key's UTF-8
     * bytes over the notification URL (exactly as configured in the subscription) followed by the raw body.
     */
    public static String square(String signatureKey, String notificationUrl, byte[] body) {
        return base64(hmacSha256(utf8(signatureKey), utf8(notificationUrl), body));
    }

    /**
     * Razorpay's {@code X-Razorpay-Signature} and Checkout.com's {@code Cko-Signature}: lower-case hex
     * HMAC-SHA256 of the raw body, keyed with the secret's UTF-8 bytes.
     */
    public static String hexOfBody(String secret, byte[] body) {
        return hex(hmacSha256(utf8(secret), body));
    }

    /** Adyen's {@code hmacSignature}: base64 HMAC-SHA256 keyed with the hex-decoded key over the signed data string. */
    public static String adyen(String hexKey, String signedData) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hexKey.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an Adyen HMAC key is hexadecimal");
        }
        return base64(hmacSha256(key, utf8(signedData)));
    }

    /**
     * GoCardless's {@code Webhook-Signature}: lower-case hex HMAC-SHA256 of the raw body, keyed with the endpoint
     * secret's UTF-8 bytes.
     */
    public static String goCardless(String secret, byte[] body) {
        return hex(hmacSha256(utf8(secret), body));
    }

    /**
     * The signature header value of a sender described in payhook's custom providers file: {@code <prefix><MAC>}, the
     * HMAC with {@code algorithm} ({@code sha256}, {@code sha512} or {@code sha1}) keyed with the secret's UTF-8 bytes
     * over {@code parts} in order (the body; {@code "<timestamp><separator>"} then the body; or the URL then the body),
     * written in {@code encoding} ({@code hex}: lower case; {@code base64}: standard alphabet with padding).
     */
    public static String configuredHmac(String algorithm, String encoding, String prefix, String secret, byte[]... parts) {
        String jca = switch (algorithm) {
            case "sha256" -> "HmacSHA256";
            case "sha512" -> "HmacSHA512";
            case "sha1" -> "HmacSHA1";
            default -> throw new IllegalArgumentException("algorithm is sha256, sha512 or sha1");
        };
        byte[] mac = hmac(jca, utf8(secret), parts);
        return prefix + switch (encoding) {
            case "hex" -> hex(mac);
            case "base64" -> base64(mac);
            default -> throw new IllegalArgumentException("encoding is hex or base64");
        };
    }

    /**
     * Paddle Billing's {@code Paddle-Signature} value for one or more secrets (a rotation sends one {@code h1} per
     * secret): {@code ts=<unix seconds>;h1=<hex HMAC-SHA256 over "<ts>:<body>">[;h1=…]}, each keyed with the secret
     * ({@code pdl_ntfset_…}) used verbatim as UTF-8.
     */
    public static String paddle(long unixSeconds, byte[] body, String... secrets) {
        if (secrets.length == 0) throw new IllegalArgumentException("a Paddle signature needs a secret");
        StringBuilder sb = new StringBuilder("ts=").append(unixSeconds);
        for (String secret : secrets) sb.append(";h1=").append(hex(hmacSha256(utf8(secret), utf8(unixSeconds + ":"), body)));
        return sb.toString();
    }

    /**
     * PayPal's {@code PAYPAL-TRANSMISSION-SIG}: base64 of an RSA signature ({@code SHA256withRSA}) over
     * {@code "<transmission id>|<transmission time>|<webhook id>|<CRC-32 of the body as an unsigned decimal>"},
     * made with the key whose certificate {@code PAYPAL-CERT-URL} names.
     */
    public static String paypal(java.security.PrivateKey key, String transmissionId, String transmissionTime, String webhookId, byte[] body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        String message = transmissionId + "|" + transmissionTime + "|" + webhookId + "|" + crc.getValue();
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(utf8(message));
            return base64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA unavailable or not an RSA key", e);
        }
    }
}

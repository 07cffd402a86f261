package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain HMAC-SHA256 schemes of providers that sign what they send with no timestamp (Square: the
 * notification URL followed by the raw body; Razorpay and Checkout.com: the raw body), one signature
 * in one header, hex or base64. What they share: decoding the header with stable codes, and comparing
 * it with the MAC under <em>every</em> active secret, each comparison in constant time, no early exit
 * between secrets.
 */
public final class RawBodySignature {
    private RawBodySignature() {}

    /** How the provider writes the 32 bytes of an HMAC-SHA256 in its header. */
    public enum Encoding {
        /** Base16, upper or lower case (64 characters). */
        HEX,
        /** Standard base64 with padding (44 characters). */
        BASE64
    }

    /** Length of an HMAC-SHA256. */
    static final int MAC_BYTES = 32;

    /**
     * The signature bytes of {@code header}.
     *
     * @throws PayhookException {@code SIGNATURE_MISSING} when the header is absent or blank;
     *                          {@code SIGNATURE_MALFORMED} when it is not a 32-byte MAC in {@code encoding}
     */
    public static byte[] decode(Optional<String> header, Encoding encoding, String headerName) {
        String value = header.map(String::trim).orElse("");
        if (value.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "The " + headerName + " header is missing.");
        byte[] mac;
        try {
            mac = switch (encoding) {
                case HEX -> HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
                case BASE64 -> Base64.getDecoder().decode(value);
            };
        } catch (IllegalArgumentException e) {
            mac = null;
        }
        if (mac == null || mac.length != MAC_BYTES) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The " + headerName + " header is not an HMAC-SHA256 in "
                    + (encoding == Encoding.HEX ? "hex" : "base64") + ".");
        }
        return mac;
    }

    /** The keys of secrets used as their UTF-8 bytes: each trimmed, blank ones left out. */
    public static List<byte[]> utf8Keys(List<String> secrets) {
        List<byte[]> keys = new ArrayList<>(secrets.size());
        for (String s : secrets) {
            if (s == null) continue;
            String t = s.trim();
            if (!t.isEmpty()) keys.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }

    /**
     * Whether {@code given} is the HMAC-SHA256 of {@code parts} (in order) under any of {@code keys}.
     * Every key is tried, each comparison in constant time.
     */
    public static boolean matchesAny(List<byte[]> keys, byte[] given, byte[]... parts) {
        boolean ok = false;
        for (byte[] key : keys) ok |= Hmac.equal(Hmac.sha256(key, parts), given);
        return ok;
    }

    /**
     * Decodes the header and checks it against every secret.
     *
     * @throws PayhookException {@code SIGNATURE_MISSING}, {@code SIGNATURE_MALFORMED} ({@link #decode}) or
     *                          {@code SIGNATURE_INVALID} when no active secret produces it
     */
    public static void verify(Optional<String> header, Encoding encoding, String headerName, List<String> secrets, byte[]... parts) {
        byte[] given = decode(header, encoding, headerName);
        if (!matchesAny(utf8Keys(secrets), given, parts)) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }
}

package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code t=<unix seconds>,v1=<hex>[,v1=<hex>…]} header shared by Stripe and the generic
 * payhook format. Other schemes (v0, …) are ignored.
 *
 * @param timestamp  seconds since epoch
 * @param signatures decoded v1 values
 */
public record SignatureHeader(long timestamp, List<byte[]> signatures) {

    public static SignatureHeader parse(String header) {
        if (header == null || header.isBlank()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING);
        Long t = null;
        List<byte[]> sigs = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            String k = part.substring(0, eq).trim();
            String v = part.substring(eq + 1).trim();
            if (k.equals("t")) {
                try {
                    t = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED);
                }
            } else if (k.equals("v1")) {
                try {
                    if (v.length() == 64) sigs.add(HexFormat.of().parseHex(v));
                } catch (IllegalArgumentException ignoredNotHex) {
                    // a malformed v1 simply cannot match
                }
            }
        }
        if (t == null) throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The signature header has no timestamp.");
        if (sigs.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The signature header has no v1 signature.");
        return new SignatureHeader(t, sigs);
    }

    /** Refuses a timestamp more than {@code tolerance} before or after {@code now}. */
    public void checkWindow(Instant now, Duration tolerance) {
        ReplayWindow.check(timestamp, now, tolerance); // overflow-safe for any long a header carries
    }

    /** True if any v1 equals the HMAC-SHA256 of {@code "<t>.<body>"} under any secret; every comparison runs. */
    public boolean matchesAny(List<byte[]> keys, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] key : keys) {
            byte[] expected = Hmac.sha256(key, prefix, body);
            for (byte[] sig : signatures) ok |= Hmac.equal(expected, sig);
        }
        return ok;
    }
}

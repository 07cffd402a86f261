package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;

import java.time.Duration;
import java.time.Instant;

/**
 * The replay window of the providers that sign a timestamp (Stripe, Standard Webhooks): a signed
 * timestamp more than {@code tolerance} before <em>or after</em> {@code now} is refused with
 * {@code SIGNATURE_EXPIRED}. Overflow-safe for any {@code long} a header can carry.
 */
public final class ReplayWindow {
    private ReplayWindow() {}

    public static void check(long timestampSeconds, Instant now, Duration tolerance) {
        long n = now.getEpochSecond();
        long tol = Math.max(0, tolerance.toSeconds());
        // |n - t| > tol, written without computing n - t (which overflows for extreme t)
        boolean tooOld = timestampSeconds < n && n - tol > timestampSeconds;
        boolean tooNew = timestampSeconds > n && timestampSeconds - tol > n;
        if (tooOld || tooNew) throw new PayhookException(ErrorCode.SIGNATURE_EXPIRED);
    }
}

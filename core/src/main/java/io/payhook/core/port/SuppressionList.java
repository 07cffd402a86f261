package io.payhook.core.port;

import java.time.Instant;

/**
 * Addresses no confirmation is sent to any more, because mail to them bounced for good or drew a
 * complaint. Addresses are kept only as keyed hashes ({@link AddressKeys}), never in clear.
 */
public interface SuppressionList {

    /** Whether the address with this key is suppressed. */
    boolean isSuppressed(String addressKey);

    /**
     * Suppresses the address with this key (idempotent; the first reason is kept).
     *
     * @param reason a stable code ({@code bounce_permanent_general}, {@code complaint_abuse}...)
     */
    void suppress(String addressKey, String reason, Instant at);
}

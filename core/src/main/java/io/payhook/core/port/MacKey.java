package io.payhook.core.port;

/**
 * A secret HMAC-SHA256 key whose keeper only ever gives out MACs (KMS {@code GenerateMac} in AWS, a key
 * file locally). Each use has its own key (address hashes, cursors), so one MAC can never stand in for
 * another.
 */
public interface MacKey {
    /**
     * HMAC-SHA256 of {@code message}.
     *
     * @throws io.payhook.core.error.StoreUnavailableException when the keeper cannot be reached
     */
    byte[] mac(byte[] message);
}

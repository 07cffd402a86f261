package io.payhook.core.port;

/**
 * A keyed hash of an email address (HMAC-SHA256 under a secret key: KMS in AWS, a key file locally), so
 * that an address can be recognised — the suppression list — without being kept. The address is
 * normalised first (trimmed, lower case), so {@code Customer@Example.com} and {@code customer@example.com}
 * have one key.
 */
public interface AddressKeys {
    /** The key of {@code email}: lower-case hex. */
    String keyOf(String email);

    /** The normal form every implementation hashes: trimmed, lower case. */
    static String normalise(String email) { return email.strip().toLowerCase(java.util.Locale.ROOT); }

    /** Address keys as the hex HMAC of the normalised address under {@code key}. */
    static AddressKeys of(MacKey key) {
        return email -> java.util.HexFormat.of().formatHex(key.mac(normalise(email).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

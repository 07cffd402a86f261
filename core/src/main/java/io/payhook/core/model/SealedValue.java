package io.payhook.core.model;

/**
 * A field encrypted by a {@link io.payhook.core.port.FieldCipher}: opaque bytes (an envelope —
 * encrypted data key plus ciphertext). Its {@code toString} never shows the content.
 *
 * @param ciphertext the encrypted message as produced by the cipher
 */
public record SealedValue(byte[] ciphertext) {
    public SealedValue {
        if (ciphertext == null || ciphertext.length == 0) throw new IllegalArgumentException("empty ciphertext");
    }

    @Override
    public String toString() { return "SealedValue[" + ciphertext.length + " bytes]"; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedValue s && java.util.Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(ciphertext); }
}

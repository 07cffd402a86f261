package io.payhook.core.port;

import io.payhook.core.model.SealedValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A {@link FieldCipher} for unit tests: reversible but not clear text, and it binds the context as the
 * real envelope cipher does (opening with another transaction or field fails).
 */
public final class TestCipher implements FieldCipher {
    @Override
    public SealedValue seal(String plaintext, Map<String, String> context) {
        String s = new StringBuilder(plaintext).reverse() + "|" + context.get("transaction_id") + "|" + context.get("field");
        return new SealedValue(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String open(SealedValue sealed, Map<String, String> context) {
        String[] p = new String(sealed.ciphertext(), StandardCharsets.UTF_8).split("\\|");
        if (!p[1].equals(context.get("transaction_id")) || !p[2].equals(context.get("field"))) throw new IllegalStateException("context");
        return new StringBuilder(p[0]).reverse().toString();
    }
}

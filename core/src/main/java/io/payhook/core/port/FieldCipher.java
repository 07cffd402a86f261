package io.payhook.core.port;

import io.payhook.core.model.SealedValue;

import java.util.Map;

/**
 * Envelope encryption of single personal-data fields. The encryption context (transaction id,
 * field name) is bound to the ciphertext: opening with another context fails.
 */
public interface FieldCipher {

    SealedValue seal(String plaintext, Map<String, String> context);

    String open(SealedValue sealed, Map<String, String> context);

    /** The encryption context of field {@code field} of transaction {@code transactionId}. */
    static Map<String, String> context(String transactionId, String field) {
        return Map.of("transaction_id", transactionId, "field", field);
    }
}

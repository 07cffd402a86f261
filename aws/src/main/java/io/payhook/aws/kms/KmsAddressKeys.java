package io.payhook.aws.kms;

import io.payhook.core.port.AddressKeys;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link AddressKeys} by KMS: the HMAC-SHA256 of the normalised address under the address key
 * ({@link KmsMacKey}), so the secret behind the hash never leaves KMS. One call per address looked up (a
 * confirmation or a bounce).
 */
public final class KmsAddressKeys implements AddressKeys {
    private final AddressKeys keys;

    public KmsAddressKeys(KmsClient kms, String keyArn) { this.keys = AddressKeys.of(new KmsMacKey(kms, keyArn)); }

    @Override
    public String keyOf(String email) { return keys.keyOf(email); }
}

package io.payhook.aws.kms;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.port.MacKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * {@link MacKey} by KMS: {@code GenerateMac} (HMAC-SHA256) under an HMAC_256 KMS key, so the secret never
 * leaves KMS. One call per MAC.
 */
public final class KmsMacKey implements MacKey {
    private final KmsClient kms;
    private final String keyArn;

    public KmsMacKey(KmsClient kms, String keyArn) {
        this.kms = kms;
        this.keyArn = keyArn;
    }

    @Override
    public byte[] mac(byte[] message) {
        try {
            return kms.generateMac(b -> b.keyId(keyArn).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromByteArray(message))).mac().asByteArray();
        } catch (SdkException e) {
            throw new StoreUnavailableException("the MAC could not be computed", e);
        }
    }
}

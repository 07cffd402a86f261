package io.payhook.aws.kms;

import io.payhook.core.port.AddressKeys;
import io.payhook.core.error.StoreUnavailableException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * {@link AddressKeys} by KMS: HMAC-SHA256 ({@code GenerateMac}) under an HMAC KMS key, so the secret
 * behind the hash never leaves KMS. One call per address looked up (a confirmation or a bounce).
 */
public final class KmsAddressKeys implements AddressKeys {
    private final KmsClient kms;
    private final String keyArn;

    public KmsAddressKeys(KmsClient kms, String keyArn) {
        this.kms = kms;
        this.keyArn = keyArn;
    }

    @Override
    public String keyOf(String email) {
        try {
            byte[] mac = kms.generateMac(b -> b.keyId(keyArn).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromString(AddressKeys.normalise(email), StandardCharsets.UTF_8))).mac().asByteArray();
            return HexFormat.of().formatHex(mac);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the address key could not be computed", e);
        }
    }
}

package io.payhook.aws.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import io.payhook.core.model.SealedValue;
import io.payhook.core.port.FieldCipher;
import software.amazon.awssdk.services.kms.KmsClient;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link FieldCipher} on the AWS Encryption SDK for Java: envelope encryption of one field per
 * message, a KMS master key in AWS and a raw AES-256 key from a key file locally.
 *
 * <p>Data keys are cached ({@link CachingCryptoMaterialsManager}: 5 minutes or 10,000 messages
 * per data key), so KMS is not called per request. The ESDK partitions its cache by encryption
 * context, so the ESDK context holds only what is shared by many messages — purpose and field
 * name — and the transaction id is bound inside the authenticated plaintext
 * ({@code <transaction id> NUL <value>}); {@link #open} checks both, so a sealed value copied to
 * another transaction or field does not open. Algorithm: AES-256-GCM with HKDF and key
 * commitment, without the ECDSA signature (a signature per field would cost milliseconds).
 */
public final class EnvelopeFieldCipher implements FieldCipher {
    private static final String PURPOSE = "payhook-personal-data";

    private final AwsCrypto crypto;
    private final CryptoMaterialsManager materials;

    private EnvelopeFieldCipher(MasterKeyProvider<?> keys) {
        this.crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .build();
        this.materials = CachingCryptoMaterialsManager.newBuilder()
                .withMasterKeyProvider(keys)
                .withCache(new LocalCryptoMaterialsCache(1_000))
                .withMaxAge(5, TimeUnit.MINUTES)
                .withMessageUseLimit(10_000)
                .build();
    }

    /** AWS: the stack's customer-managed KMS key (strict: only this key decrypts). */
    public static EnvelopeFieldCipher kms(String keyArn, KmsClient client) {
        return new EnvelopeFieldCipher(KmsMasterKeyProvider.builder()
                .customRegionalClientSupplier(region -> client)
                .buildStrict(keyArn));
    }

    /**
     * Local: a raw AES-256 key from {@code keyFile}; created on first use with 32 random bytes and
     * owner-only permissions.
     */
    public static EnvelopeFieldCipher localKeyFile(Path keyFile) {
        byte[] key = readOrCreate(keyFile);
        return new EnvelopeFieldCipher(JceMasterKey.getInstance(new SecretKeySpec(key, "AES"),
                "payhook-local", "local-key-v1", "AES/GCM/NoPadding"));
    }

    @Override
    public SealedValue seal(String plaintext, Map<String, String> context) {
        try {
            CryptoResult<byte[], ?> r = crypto.encryptData(materials, frame(context, plaintext), esdkContext(context));
            return new SealedValue(r.getResult());
        } catch (RuntimeException e) {
            throw new IllegalStateException("field encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String open(SealedValue sealed, Map<String, String> context) {
        CryptoResult<byte[], ?> r;
        try {
            r = crypto.decryptData(materials, sealed.ciphertext());
        } catch (RuntimeException e) {
            throw new IllegalStateException("field decryption failed (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> got = r.getEncryptionContext();
        esdkContext(context).forEach((k, v) -> {
            if (!v.equals(got.get(k))) throw new IllegalStateException("encryption context mismatch");
        });
        byte[] framed = r.getResult();
        byte[] prefix = (context.get("transaction_id") + "\u0000").getBytes(StandardCharsets.UTF_8);
        if (framed.length < prefix.length
                || !MessageDigest.isEqual(java.util.Arrays.copyOf(framed, prefix.length), prefix)) {
            throw new IllegalStateException("sealed value belongs to another transaction");
        }
        return new String(framed, prefix.length, framed.length - prefix.length, StandardCharsets.UTF_8);
    }

    private static Map<String, String> esdkContext(Map<String, String> context) {
        String field = context.get("field");
        if (field == null || context.get("transaction_id") == null) throw new IllegalArgumentException("context needs transaction_id and field");
        return Map.of("purpose", PURPOSE, "field", field);
    }

    private static byte[] frame(Map<String, String> context, String plaintext) {
        return (context.get("transaction_id") + "\u0000" + plaintext).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".key", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // best effort on non-POSIX file systems
                }
                Files.write(tmp, key);
                try {
                    Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length != 32) throw new IllegalStateException("the local key file must hold 32 bytes: " + keyFile);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local key file", e);
        }
    }
}

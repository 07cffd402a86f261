package io.payhook.aws.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import com.amazonaws.encryptionsdk.model.DecryptionMaterials;
import com.amazonaws.encryptionsdk.model.DecryptionMaterialsRequest;
import com.amazonaws.encryptionsdk.model.EncryptionMaterials;
import com.amazonaws.encryptionsdk.model.EncryptionMaterialsRequest;
import io.payhook.core.model.SealedValue;
import io.payhook.core.port.FieldCipher;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link FieldCipher} on the AWS Encryption SDK for Java (2.x): one ESDK message per field, under a
 * KMS key in AWS ({@link #kms}) or any other ESDK master key provider ({@link #of}; the local
 * system passes the raw AES key of its key file, {@code local/LocalKeyFile}).
 *
 * <p>The ESDK encryption context of every message is exactly {@code {transaction_id, field}}
 * ({@link FieldCipher#context}); it is stored in the message header and authenticated with the
 * data key, and {@link #open} checks it, so a sealed value copied to another transaction or field
 * does not open.
 *
 * <p>Data keys are cached ({@link CachingCryptoMaterialsManager} over a
 * {@link LocalCryptoMaterialsCache}: a data key serves at most {@value #MAX_MESSAGES_PER_DATA_KEY}
 * messages and {@value #MAX_AGE_MINUTES} minutes). The ESDK partitions that cache by encryption
 * context, so with the transaction id in the context every message would miss and call KMS. The
 * cache therefore sits behind a small materials manager that hands it the context without the
 * transaction id (the data key is generated and unwrapped under {@code {field}} only, which is
 * also what KMS sees) and puts the full context back into the materials, hence into the header.
 *
 * <p>Algorithm: AES-256-GCM with HKDF and key commitment, without the ECDSA P-384 signature (one
 * principal both seals and opens; a signature would add ~200 bytes and a sign/verify per field).
 */
public final class EnvelopeFieldCipher implements FieldCipher {
    static final String TRANSACTION_ID = "transaction_id";
    static final String FIELD = "field";
    /** Context entries the ESDK adds itself (e.g. {@code aws-crypto-public-key}). */
    private static final String RESERVED_PREFIX = "aws-crypto-";

    static final int MAX_AGE_MINUTES = 5;
    static final long MAX_MESSAGES_PER_DATA_KEY = 10_000;
    private static final int CACHE_ENTRIES = 100;

    private final AwsCrypto crypto;
    private final MasterKeyProvider<?> keys;
    private volatile CryptoMaterialsManager materials;

    private EnvelopeFieldCipher(MasterKeyProvider<?> keys) {
        this.crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .build();
        this.keys = keys;
        this.materials = cachingMaterials(keys);
    }

    private static CryptoMaterialsManager cachingMaterials(MasterKeyProvider<?> keys) {
        return new TransactionIdOutsideCache(CachingCryptoMaterialsManager.newBuilder()
                .withMasterKeyProvider(keys)
                .withCache(new LocalCryptoMaterialsCache(CACHE_ENTRIES))
                .withMaxAge(MAX_AGE_MINUTES, TimeUnit.MINUTES)
                .withMessageUseLimit(MAX_MESSAGES_PER_DATA_KEY)
                .build());
    }

    /**
     * Drops every cached data key (plaintext key material): the next seal or open asks KMS again. Called
     * after a SnapStart restore, so no data key taken in a snapshot is used by the many environments
     * restored from it (each would count its own uses against the one key's limit).
     */
    public void forgetCachedDataKeys() {
        materials = cachingMaterials(keys);
    }

    /**
     * AWS: the stack's KMS key, strict mode (only {@code keyArn} is used to encrypt and decrypt).
     *
     * @param keyArn full key ARN (the region is taken from it)
     * @param client the KMS client to use for every call (whatever region the ARN names)
     */
    public static EnvelopeFieldCipher kms(String keyArn, KmsClient client) {
        Objects.requireNonNull(keyArn, "keyArn");
        Objects.requireNonNull(client, "client");
        if (!keyArn.startsWith("arn:")) throw new IllegalArgumentException("a KMS key ARN is required, got " + keyArn);
        return new EnvelopeFieldCipher(KmsMasterKeyProvider.builder()
                .customRegionalClientSupplier(region -> client)
                .buildStrict(keyArn));
    }

    /**
     * Any ESDK master key provider, e.g. a raw AES key ({@code JceMasterKey}: the local system's key
     * file, tests). The ESDK writes the provider and key id into every message, so a value sealed
     * under one key opens only with it.
     */
    public static EnvelopeFieldCipher of(MasterKeyProvider<?> keys) {
        return new EnvelopeFieldCipher(Objects.requireNonNull(keys, "keys"));
    }

    @Override
    public SealedValue seal(String plaintext, Map<String, String> context) {
        Objects.requireNonNull(plaintext, "plaintext");
        Map<String, String> ctx = checked(context);
        try {
            CryptoResult<byte[], ?> r = crypto.encryptData(materials, plaintext.getBytes(StandardCharsets.UTF_8), ctx);
            return new SealedValue(r.getResult());
        } catch (RuntimeException e) {
            throw new IllegalStateException("field encryption failed for field " + ctx.get(FIELD)
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String open(SealedValue sealed, Map<String, String> context) {
        Objects.requireNonNull(sealed, "sealed");
        Map<String, String> expected = checked(context);
        CryptoResult<byte[], ?> r;
        try {
            r = crypto.decryptData(materials, sealed.ciphertext());
        } catch (RuntimeException e) {
            throw new IllegalStateException("field decryption failed for field " + expected.get(FIELD)
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
        Map<String, String> got = new HashMap<>(r.getEncryptionContext());
        got.keySet().removeIf(k -> k.startsWith(RESERVED_PREFIX));
        if (!got.equals(expected)) {
            throw new IllegalStateException("encryption context mismatch: the sealed value belongs to another transaction or field");
        }
        return new String(r.getResult(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> checked(Map<String, String> context) {
        Objects.requireNonNull(context, "context");
        String tx = context.get(TRANSACTION_ID);
        String field = context.get(FIELD);
        if (context.size() != 2 || tx == null || tx.isBlank() || field == null || field.isBlank()) {
            throw new IllegalArgumentException("context must be exactly {transaction_id, field} (FieldCipher.context), got keys " + context.keySet());
        }
        return Map.of(TRANSACTION_ID, tx, FIELD, field);
    }

    /**
     * Keeps the transaction id out of the data-key cache: the backing (caching) manager sees the
     * context without {@code transaction_id}; the materials handed back to the ESDK carry the full
     * context, which the ESDK writes into the header and authenticates.
     */
    private record TransactionIdOutsideCache(CryptoMaterialsManager cache) implements CryptoMaterialsManager {
        @Override
        public EncryptionMaterials getMaterialsForEncrypt(EncryptionMaterialsRequest request) {
            Map<String, String> full = request.getContext();
            EncryptionMaterials m = cache.getMaterialsForEncrypt(request.toBuilder().setContext(withoutTransaction(full)).build());
            Map<String, String> ctx = new HashMap<>(m.getEncryptionContext()); // may hold aws-crypto-* entries
            ctx.putAll(full);
            return m.toBuilder().setEncryptionContext(ctx).build();
        }

        @Override
        public DecryptionMaterials decryptMaterials(DecryptionMaterialsRequest request) {
            return cache.decryptMaterials(request.toBuilder()
                    .setEncryptionContext(withoutTransaction(request.getEncryptionContext())).build());
        }

        private static Map<String, String> withoutTransaction(Map<String, String> context) {
            Map<String, String> m = new HashMap<>(context);
            m.remove(TRANSACTION_ID);
            return m;
        }
    }
}

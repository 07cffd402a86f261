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
import com.amazonaws.encryptionsdk.model.DecryptionMaterials;
import com.amazonaws.encryptionsdk.model.DecryptionMaterialsRequest;
import com.amazonaws.encryptionsdk.model.EncryptionMaterials;
import com.amazonaws.encryptionsdk.model.EncryptionMaterialsRequest;
import io.payhook.core.model.SealedValue;
import io.payhook.core.port.FieldCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kms.KmsClient;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link FieldCipher} on the AWS Encryption SDK for Java (2.x): one ESDK message per field, a KMS
 * key in AWS ({@link #kms}) and a raw AES-256 key from a key file locally ({@link #localKeyFile}).
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
    private static final Logger log = LoggerFactory.getLogger(EnvelopeFieldCipher.class);

    static final String TRANSACTION_ID = "transaction_id";
    static final String FIELD = "field";
    /** Context entries the ESDK adds itself (e.g. {@code aws-crypto-public-key}). */
    private static final String RESERVED_PREFIX = "aws-crypto-";

    static final int MAX_AGE_MINUTES = 5;
    static final long MAX_MESSAGES_PER_DATA_KEY = 10_000;
    private static final int CACHE_ENTRIES = 100;

    private static final String LOCAL_PROVIDER = "payhook-local";
    private static final String LOCAL_KEY_ID = "local-key-v1";
    private static final int LOCAL_KEY_BYTES = 32;

    private final AwsCrypto crypto;
    private final CryptoMaterialsManager materials;

    private EnvelopeFieldCipher(MasterKeyProvider<?> keys) {
        this.crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .build();
        this.materials = new TransactionIdOutsideCache(CachingCryptoMaterialsManager.newBuilder()
                .withMasterKeyProvider(keys)
                .withCache(new LocalCryptoMaterialsCache(CACHE_ENTRIES))
                .withMaxAge(MAX_AGE_MINUTES, TimeUnit.MINUTES)
                .withMessageUseLimit(MAX_MESSAGES_PER_DATA_KEY)
                .build());
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
     * Local: a raw AES-256 key (AES-GCM key wrapping) read from {@code keyFile}. If the file does
     * not exist it is created atomically with 32 random bytes and owner-only permissions
     * ({@code rw-------} where the file system is POSIX), parent directories included.
     */
    public static EnvelopeFieldCipher localKeyFile(Path keyFile) {
        byte[] key = readOrCreateKey(keyFile);
        try {
            return new EnvelopeFieldCipher(JceMasterKey.getInstance(new SecretKeySpec(key, "AES"),
                    LOCAL_PROVIDER, LOCAL_KEY_ID, "AES/GCM/NoPadding"));
        } finally {
            Arrays.fill(key, (byte) 0); // SecretKeySpec keeps its own copy
        }
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

    private static byte[] readOrCreateKey(Path keyFile) {
        Objects.requireNonNull(keyFile, "keyFile");
        Path file = keyFile.toAbsolutePath();
        try {
            if (!Files.exists(file)) create(file);
            warnIfReadableByOthers(file);
            byte[] key = Files.readAllBytes(file);
            if (key.length != LOCAL_KEY_BYTES) {
                Arrays.fill(key, (byte) 0);
                throw new IllegalStateException("the local key file must hold " + LOCAL_KEY_BYTES + " bytes: " + file);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local key file " + file, e);
        }
    }

    /**
     * Writes a fresh key to a temporary file (owner-only from the start) in the same directory and
     * publishes it with a hard link, which fails rather than replaces when another process won the
     * race, so a key that may already be in use is never overwritten.
     */
    private static void create(Path file) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        Path tmp = posix
                ? Files.createTempFile(dir, ".local-field-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".local-field-key", ".tmp");
        byte[] key = new byte[LOCAL_KEY_BYTES];
        try {
            new SecureRandom().nextBytes(key);
            Files.write(tmp, key);
            boolean created = true;
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                created = false; // another process created it first: use theirs
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                try {
                    Files.move(tmp, file); // no REPLACE_EXISTING: never overwrite an existing key
                } catch (FileAlreadyExistsException raced) {
                    created = false;
                }
            }
            if (created) log.info("created local field-encryption key file {}", file);
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) return;
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
            if (!perms.isEmpty()) log.warn("local key file {} is accessible to others ({}); it should be rw-------", file, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // cannot tell: nothing to warn about
        }
    }
}

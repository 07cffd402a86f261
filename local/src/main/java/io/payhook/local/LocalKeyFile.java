package io.payhook.local;

import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The local system's envelope key (SPEC §5: "a local key file locally"): a raw AES-256 key in
 * {@code <data-dir>/keys/local-field-key}, as an AWS Encryption SDK master key ({@link JceMasterKey},
 * provider {@value #PROVIDER}, key id {@value #KEY_ID}, AES-GCM key wrapping) for
 * {@code EnvelopeFieldCipher.of}. In AWS the functions use the KMS field key instead.
 */
public final class LocalKeyFile {
    private static final Logger log = LoggerFactory.getLogger(LocalKeyFile.class);

    static final String PROVIDER = "payhook-local";
    static final String KEY_ID = "local-key-v1";
    private static final int KEY_BYTES = 32;

    private LocalKeyFile() {}

    /**
     * The master key of {@code keyFile}. If the file does not exist it is created atomically with
     * 32 random bytes and owner-only permissions ({@code rw-------} where the file system is POSIX),
     * parent directories included; a key file of another size is refused.
     */
    public static JceMasterKey masterKey(Path keyFile) {
        byte[] key = readOrCreateKey(keyFile);
        try {
            return JceMasterKey.getInstance(new SecretKeySpec(key, "AES"), PROVIDER, KEY_ID, "AES/GCM/NoPadding");
        } finally {
            Arrays.fill(key, (byte) 0); // SecretKeySpec keeps its own copy
        }
    }

    /**
     * The address-hash key of the local suppression list: an HMAC-SHA256 key from its own key file
     * (created the same way), standing in for the KMS HMAC key of AWS.
     */
    public static io.payhook.core.port.AddressKeys addressKeys(Path keyFile) {
        return io.payhook.core.port.AddressKeys.of(macKey(keyFile));
    }

    /**
     * An HMAC-SHA256 key from {@code keyFile} (created the same way as the master key's), standing in for an
     * HMAC_256 KMS key of AWS; each use has its own file.
     */
    public static io.payhook.core.port.MacKey macKey(Path keyFile) {
        byte[] key = readOrCreateKey(keyFile);
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
        return message -> {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac.doFinal(message);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        };
    }

    private static byte[] readOrCreateKey(Path keyFile) {
        Objects.requireNonNull(keyFile, "keyFile");
        Path file = keyFile.toAbsolutePath();
        try {
            if (!Files.exists(file)) create(file);
            warnIfReadableByOthers(file);
            byte[] key = Files.readAllBytes(file);
            if (key.length != KEY_BYTES) {
                Arrays.fill(key, (byte) 0);
                throw new IllegalStateException("the local key file must hold " + KEY_BYTES + " bytes: " + file);
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
        byte[] key = new byte[KEY_BYTES];
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

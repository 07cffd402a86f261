package io.payhook.local;

import io.payhook.aws.crypto.EnvelopeFieldCipher;
import io.payhook.core.model.SealedValue;
import io.payhook.core.port.FieldCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local envelope key: created once, owner-only, never replaced, the same for every reader. */
class LocalKeyFileTest {
    private static final String EMAIL = "jane.doe+orders@example.com";

    @TempDir
    Path dir;

    private static Map<String, String> ctx(String tx, String field) { return FieldCipher.context(tx, field); }

    private static FieldCipher cipher(Path keyFile) { return EnvelopeFieldCipher.of(LocalKeyFile.masterKey(keyFile)); }

    @Test
    void secondInstanceOnTheSameKeyFileOpensWhatTheFirstSealed() {
        Path key = dir.resolve("keys/local-field-key");
        SealedValue sealed = cipher(key).seal(EMAIL, ctx("tx-1001", "email"));
        assertThat(cipher(key).open(sealed, ctx("tx-1001", "email"))).isEqualTo(EMAIL);
    }

    @Test
    void keyFileIsCreatedWith32BytesOwnerOnly() throws Exception {
        Path key = dir.resolve("data/keys/local-field-key");
        LocalKeyFile.masterKey(key);
        assertThat(key).exists();
        byte[] bytes = Files.readAllBytes(key);
        assertThat(bytes).hasSize(32);
        assertThat(bytes).isNotEqualTo(new byte[32]);
        if (Files.getFileAttributeView(key, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        try (var leftovers = Files.list(key.getParent())) {
            assertThat(leftovers).containsExactly(key); // no temp file left behind
        }
        LocalKeyFile.masterKey(key);
        assertThat(Files.readAllBytes(key)).as("reused, not replaced").isEqualTo(bytes);
    }

    @Test
    void keyFileOfTheWrongSizeIsRejected() throws Exception {
        Path key = dir.resolve("short-key");
        Files.write(key, new byte[16]);
        assertThatThrownBy(() -> LocalKeyFile.masterKey(key))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void anotherKeyFileCannotOpen() {
        SealedValue sealed = cipher(dir.resolve("a")).seal(EMAIL, ctx("tx-1001", "email"));
        FieldCipher other = cipher(dir.resolve("b"));
        assertThatThrownBy(() -> other.open(sealed, ctx("tx-1001", "email")))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) assertThat(String.valueOf(t)).doesNotContain(EMAIL);
                });
    }

    @Test
    void concurrentCreationAgreesOnOneKey() throws Exception {
        Path key = dir.resolve("race/local-field-key");
        List<Thread> threads = new ArrayList<>();
        List<SealedValue> sealed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> sealed.add(cipher(key).seal(EMAIL, ctx("tx-1", "email"))));
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        assertThat(sealed).hasSize(8);
        FieldCipher reader = cipher(key);
        for (SealedValue s : sealed) assertThat(reader.open(s, ctx("tx-1", "email"))).isEqualTo(EMAIL);
    }
}

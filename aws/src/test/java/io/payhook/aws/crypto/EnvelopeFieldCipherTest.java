package io.payhook.aws.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import io.payhook.core.model.SealedValue;
import io.payhook.core.port.FieldCipher;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeFieldCipherTest {
    private static final String EMAIL = "jane.doe+orders@example.com";

    /** A raw AES-256 key in memory: the cipher's behaviour does not depend on where a key comes from. */
    static JceMasterKey rawKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return JceMasterKey.getInstance(new SecretKeySpec(k, "AES"), "payhook-test", "test-key-v1", "AES/GCM/NoPadding");
    }

    private static Map<String, String> ctx(String tx, String field) { return FieldCipher.context(tx, field); }

    @Test
    void rawKeyRoundTrip() {
        FieldCipher cipher = EnvelopeFieldCipher.of(rawKey());
        SealedValue sealed = cipher.seal(EMAIL, ctx("tx-1001", "email"));
        assertThat(cipher.open(sealed, ctx("tx-1001", "email"))).isEqualTo(EMAIL);
        assertThat(cipher.open(cipher.seal("", ctx("tx-1001", "name")), ctx("tx-1001", "name"))).isEmpty();
        String unicode = "Zoë Ångström 山田";
        assertThat(cipher.open(cipher.seal(unicode, ctx("tx-1001", "name")), ctx("tx-1001", "name"))).isEqualTo(unicode);
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        FieldCipher cipher = EnvelopeFieldCipher.of(rawKey());
        SealedValue sealed = cipher.seal(EMAIL, ctx("tx-1001", "email"));
        assertThat(indexOf(sealed.ciphertext(), EMAIL.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(indexOf(sealed.ciphertext(), "example.com".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(sealed.toString()).doesNotContain(EMAIL);
        // two seals of the same value differ (fresh message id / IV each time)
        assertThat(cipher.seal(EMAIL, ctx("tx-1001", "email"))).isNotEqualTo(sealed);
    }

    @Test
    void openingWithAnotherTransactionOrFieldFails() {
        FieldCipher cipher = EnvelopeFieldCipher.of(rawKey());
        SealedValue sealed = cipher.seal(EMAIL, ctx("tx-1001", "email"));
        assertThatThrownBy(() -> cipher.open(sealed, ctx("tx-1002", "email")))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(EMAIL);
        assertThatThrownBy(() -> cipher.open(sealed, ctx("tx-1001", "name")))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(EMAIL);
        assertThatThrownBy(() -> cipher.seal(EMAIL, Map.of("transaction_id", "tx-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(EMAIL);
    }

    @Test
    void transactionIdInTheHeaderIsAuthenticated() {
        FieldCipher cipher = EnvelopeFieldCipher.of(rawKey());
        byte[] ct = cipher.seal(EMAIL, ctx("tx-1001", "email")).ciphertext();
        byte[] from = "tx-1001".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(ct, from);
        assertThat(at).as("the context is stored in the header").isGreaterThanOrEqualTo(0);
        byte[] forged = ct.clone();
        System.arraycopy("tx-1002".getBytes(StandardCharsets.UTF_8), 0, forged, at, from.length);
        assertThatThrownBy(() -> cipher.open(new SealedValue(forged), ctx("tx-1002", "email")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("decryption failed")
                .hasMessageNotContaining(EMAIL);
    }

    @Test
    void tamperedCiphertextFailsWithoutLeakingThePlaintext() {
        FieldCipher cipher = EnvelopeFieldCipher.of(rawKey());
        byte[] ct = cipher.seal(EMAIL, ctx("tx-1001", "email")).ciphertext();
        ct[ct.length - 5] ^= 1;
        assertThatThrownBy(() -> cipher.open(new SealedValue(ct), ctx("tx-1001", "email")))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(EMAIL));
    }

    @Test
    void aSecondInstanceOnTheSameKeyOpensWhatTheFirstSealed() {
        JceMasterKey key = rawKey();
        SealedValue sealed = EnvelopeFieldCipher.of(key).seal(EMAIL, ctx("tx-1001", "email"));
        assertThat(EnvelopeFieldCipher.of(key).open(sealed, ctx("tx-1001", "email"))).isEqualTo(EMAIL);
    }

    @Test
    void anotherKeyCannotOpen() {
        // same provider and key id, other key bytes
        SealedValue sealed = EnvelopeFieldCipher.of(rawKey()).seal(EMAIL, ctx("tx-1001", "email"));
        FieldCipher other = EnvelopeFieldCipher.of(rawKey());
        assertThatThrownBy(() -> other.open(sealed, ctx("tx-1001", "email")))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(EMAIL));
    }

    /**
     * aws/pom.xml swaps the ESDK's bcprov-ext-jdk18on for plain bcprov-jdk18on. The ESDK uses
     * Bouncy Castle only on the signing path (ASN.1 encoding of the ECDSA signature, Base64 of the
     * public key in the context), which EnvelopeFieldCipher does not use: exercise it here so the
     * swap stays checked.
     */
    @Test
    void esdkSigningSuiteWorksWithPlainBcprov() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        JceMasterKey key = JceMasterKey.getInstance(new SecretKeySpec(k, "AES"), "p", "k", "AES/GCM/NoPadding");
        AwsCrypto crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)
                .build();
        byte[] ct = crypto.encryptData(key, EMAIL.getBytes(StandardCharsets.UTF_8), Map.of("field", "email")).getResult();
        CryptoResult<byte[], ?> r = crypto.decryptData(key, ct);
        assertThat(new String(r.getResult(), StandardCharsets.UTF_8)).isEqualTo(EMAIL);
        assertThat(r.getEncryptionContext()).containsKey("aws-crypto-public-key");
        assertThat(org.bouncycastle.asn1.ASN1Integer.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("bcprov-jdk18on");
    }

    // --- KMS path, against a stub KmsClient that wraps data keys with a local AES key ---

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/0b7c3f2e-1111-2222-3333-444455556666";

    @Test
    void kmsRoundTripWithDataKeyCaching() {
        StubKms kms = new StubKms(KEY_ARN);
        FieldCipher cipher = EnvelopeFieldCipher.kms(KEY_ARN, kms);
        List<SealedValue> sealed = new ArrayList<>();
        for (int i = 0; i < 50; i++) sealed.add(cipher.seal(EMAIL + i, ctx("tx-" + i, "email")));
        for (int i = 0; i < 50; i++) assertThat(cipher.open(sealed.get(i), ctx("tx-" + i, "email"))).isEqualTo(EMAIL + i);

        assertThat(kms.generateDataKeyCalls.get()).as("one data key for 50 transactions").isEqualTo(1);
        assertThat(kms.decryptCalls.get()).as("decrypt side cached too").isLessThanOrEqualTo(1);
        assertThat(kms.lastContext).as("KMS sees the field, not the transaction id").isEqualTo(Map.of("field", "email"));

        assertThatThrownBy(() -> cipher.open(sealed.get(0), ctx("tx-1", "email"))).isInstanceOf(IllegalStateException.class);

        // a fresh instance (cold cache) unwraps through KMS
        FieldCipher fresh = EnvelopeFieldCipher.kms(KEY_ARN, kms);
        int before = kms.decryptCalls.get();
        assertThat(fresh.open(sealed.get(7), ctx("tx-7", "email"))).isEqualTo(EMAIL + 7);
        assertThat(kms.decryptCalls.get()).isEqualTo(before + 1);
    }

    @Test
    void kmsFailureIsWrappedWithoutThePlaintext() {
        StubKms kms = new StubKms(KEY_ARN);
        SealedValue sealed = EnvelopeFieldCipher.kms(KEY_ARN, kms).seal(EMAIL, ctx("tx-1", "email"));
        FieldCipher otherKms = EnvelopeFieldCipher.kms(KEY_ARN, new StubKms(KEY_ARN)); // different master key
        assertThatThrownBy(() -> otherKms.open(sealed, ctx("tx-1", "email")))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(EMAIL));
        assertThatThrownBy(() -> EnvelopeFieldCipher.kms("alias/payhook", kms)).isInstanceOf(IllegalArgumentException.class);
    }

    /** KMS stand-in: data keys wrapped with AES-GCM under a local master key, context as AAD. */
    static final class StubKms implements KmsClient {
        final String keyArn;
        final SecretKey master;
        final SecureRandom random = new SecureRandom();
        final AtomicInteger generateDataKeyCalls = new AtomicInteger();
        final AtomicInteger decryptCalls = new AtomicInteger();
        volatile Map<String, String> lastContext;

        StubKms(String keyArn) {
            this.keyArn = keyArn;
            byte[] k = new byte[32];
            random.nextBytes(k);
            this.master = new SecretKeySpec(k, "AES");
        }

        @Override
        public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
            generateDataKeyCalls.incrementAndGet();
            requireKey(request.keyId());
            lastContext = request.encryptionContext();
            int n = request.numberOfBytes() != null ? request.numberOfBytes() : 32;
            byte[] dataKey = new byte[n];
            random.nextBytes(dataKey);
            return GenerateDataKeyResponse.builder().keyId(keyArn)
                    .plaintext(SdkBytes.fromByteArray(dataKey))
                    .ciphertextBlob(SdkBytes.fromByteArray(wrap(dataKey, request.encryptionContext())))
                    .build();
        }

        @Override
        public EncryptResponse encrypt(EncryptRequest request) {
            requireKey(request.keyId());
            return EncryptResponse.builder().keyId(keyArn)
                    .ciphertextBlob(SdkBytes.fromByteArray(wrap(request.plaintext().asByteArray(), request.encryptionContext())))
                    .build();
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest request) {
            decryptCalls.incrementAndGet();
            if (request.keyId() != null) requireKey(request.keyId());
            lastContext = request.encryptionContext();
            return DecryptResponse.builder().keyId(keyArn)
                    .plaintext(SdkBytes.fromByteArray(unwrap(request.ciphertextBlob().asByteArray(), request.encryptionContext())))
                    .build();
        }

        private void requireKey(String keyId) {
            if (!keyArn.equals(keyId)) throw new IllegalArgumentException("unknown key " + keyId);
        }

        private byte[] wrap(byte[] plain, Map<String, String> context) {
            try {
                byte[] iv = new byte[12];
                random.nextBytes(iv);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, iv));
                c.updateAAD(aad(context));
                byte[] ct = c.doFinal(plain);
                byte[] out = Arrays.copyOf(iv, iv.length + ct.length);
                System.arraycopy(ct, 0, out, iv.length, ct.length);
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private byte[] unwrap(byte[] blob, Map<String, String> context) {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, blob, 0, 12));
                c.updateAAD(aad(context));
                return c.doFinal(blob, 12, blob.length - 12);
            } catch (Exception e) {
                throw InvalidCiphertextException.builder().message("stub: cannot unwrap").build();
            }
        }

        private static byte[] aad(Map<String, String> context) {
            return new TreeMap<>(context == null ? Map.of() : context).toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String serviceName() { return "kms"; }

        @Override
        public void close() { }
    }


    /**
     * First-use cost in a fresh JVM (not a test; prints, asserts nothing). With the test classpath:
     * {@code java -cp ... io.payhook.aws.crypto.EnvelopeFieldCipherTest [raw|kms-stub]}; see
     * docs/SECURITY.md for the full command.
     */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        String mode = args.length > 0 ? args[0] : "raw";
        FieldCipher cipher = mode.equals("kms-stub")
                ? EnvelopeFieldCipher.kms(KEY_ARN, new StubKms(KEY_ARN))
                : EnvelopeFieldCipher.of(rawKey());
        long t1 = System.nanoTime();
        SealedValue s = cipher.seal(EMAIL, ctx("tx-1", "email"));
        long t2 = System.nanoTime();
        String back = cipher.open(s, ctx("tx-1", "email"));
        long t3 = System.nanoTime();
        if (!back.equals(EMAIL)) throw new AssertionError("round trip");
        int n = 2_000;
        long w0 = 0;
        for (int round = 0; round < 5; round++) { // let the JIT settle; the last round is reported
            w0 = System.nanoTime();
            for (int i = 0; i < n; i++) cipher.open(cipher.seal(EMAIL, ctx("tx-" + i, "email")), ctx("tx-" + i, "email"));
        }
        long t4 = System.nanoTime();
        System.out.printf("mode=%s java=%s%n", mode, System.getProperty("java.version"));
        System.out.printf("create cipher: %.1f ms%n", (t1 - t0) / 1e6);
        System.out.printf("first seal:    %.1f ms%n", (t2 - t1) / 1e6);
        System.out.printf("first open:    %.1f ms%n", (t3 - t2) / 1e6);
        System.out.printf("first use total (create+seal+open): %.1f ms%n", (t3 - t0) / 1e6);
        System.out.printf("warm (after 8,000) seal+open: %.3f ms each over %d; sealed size %d bytes for a %d-byte value%n",
                (t4 - w0) / 1e6 / n, n, s.ciphertext().length, EMAIL.length());
    }

    private static String stackText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append('\n');
        return sb.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void afterForgettingItsDataKeysWhatWasSealedStillOpensAndNewSealsWork() {
        EnvelopeFieldCipher cipher = EnvelopeFieldCipher.of(rawKey());
        var ctx = FieldCipher.context("pi_restore", "customer_email");
        var before = cipher.seal("jane@example.com", ctx);
        cipher.forgetCachedDataKeys(); // SnapStart restore
        assertThat(cipher.open(before, ctx)).isEqualTo("jane@example.com");
        assertThat(cipher.open(cipher.seal("jane@example.com", ctx), ctx)).isEqualTo("jane@example.com");
    }
}

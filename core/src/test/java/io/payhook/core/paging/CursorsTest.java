package io.payhook.core.paging;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.MacKey;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTest {
    static MacKey key(String secret) {
        return message -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(message);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    final Cursors cursors = new Cursors(key("test-key-one"));
    static final String SCOPE = "GET /transactions?merchant=shop-eu&status=SUCCEEDED";
    static final Map<String, String> POSITION = Map.of("created_key", "2026-12-02T06:00:00.000Z#txn_1", "as_of", "2026-12-02T07:00:00Z");

    @Test
    void aCursorOpensToItsPositionUnderItsScope() {
        String c = cursors.seal(SCOPE, POSITION);
        assertThat(c).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(cursors.open(SCOPE, c)).isEqualTo(POSITION);
        assertThat(new Cursors(key("test-key-one")).open(SCOPE, c)).as("same key, another instance").isEqualTo(POSITION);
    }

    @Test
    void anyOtherScopeKeyOrEditIsRefused() {
        String c = cursors.seal(SCOPE, POSITION);
        assertInvalid(() -> cursors.open(SCOPE + "&provider=stripe", c));
        assertInvalid(() -> cursors.open("GET /audit?principal=x", c));
        assertInvalid(() -> new Cursors(key("another-system")).open(SCOPE, c));
        // the payload edited (another starting point) with the MAC kept
        String payload = new String(Base64.getUrlDecoder().decode(c.substring(0, c.indexOf('.'))), StandardCharsets.UTF_8);
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("txn_1", "txn_2").getBytes(StandardCharsets.UTF_8));
        assertInvalid(() -> cursors.open(SCOPE, edited + c.substring(c.indexOf('.'))));
        // every single character changed
        for (int i = 0; i < c.length(); i++) {
            char[] chars = c.toCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            String changed = new String(chars);
            if (changed.equals(c)) continue;
            assertInvalid(() -> cursors.open(SCOPE, changed));
        }
    }

    @Test
    void garbageIsRefusedUnread() {
        for (String bad : new String[] {"", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.???", "e30.AAAA", "x".repeat(Cursors.MAX_LENGTH + 1)}) {
            assertInvalid(() -> cursors.open(SCOPE, bad));
        }
        assertInvalid(() -> cursors.open(SCOPE, null));
    }

    static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
    }
}

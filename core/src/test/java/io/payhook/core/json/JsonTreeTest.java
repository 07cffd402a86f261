package io.payhook.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Json#tree}: the mapper-free reader gives the same trees as the strict ObjectMapper. */
class JsonTreeTest {
    static JsonNode tree(String s) throws IOException { return Json.tree(s.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void sameTreeAsTheMapper() throws IOException {
        String[] docs = {
            "{\"a\":1,\"b\":[true,false,null,\"x\",1.5,-7,{\"c\":{}}],\"d\":\"\\u00e9\"}",
            "[]", "\"s\"", "12345678901234567890123", "1e3", "null", "{\"n\":100.0}",
        };
        for (String d : docs) {
            assertThat(tree(d)).as(d).isEqualTo(Json.mapper().readTree(d));
        }
        assertThat(tree("{\"big\":12345678901234567890123}").get("big").bigIntegerValue())
                .isEqualTo(new BigInteger("12345678901234567890123"));
        assertThat(tree("{\"i\":5}").get("i").isIntegralNumber()).isTrue();
        assertThat(tree("{\"f\":5.0}").get("f").isIntegralNumber()).isFalse();
    }

    @Test
    void emptyInputIsNoTree() throws IOException {
        assertThat(tree("")).isNull();
        assertThat(tree("   ")).isNull();
    }

    @Test
    void duplicatesTrailingTokensAndBrokenInputAreRefused() {
        for (String bad : new String[] {"{\"a\":1,\"a\":2}", "{} {}", "{} x", "{\"a\":", "[1,]", "{\"a\" 1}", "tru"}) {
            assertThatThrownBy(() -> tree(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void nestingBeyondTheLimitIsRefused() throws IOException {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> tree(deep)).isInstanceOf(IOException.class);
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(tree(ok)).isNotNull();
    }
}

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

    @org.junit.jupiter.api.Test
    void decimalAmountsBecomeExactMinorUnitsByTheCurrencysExponent() {
        assertThat(Json.minorUnitsOfDecimal("10.00", "EUR", "a")).isEqualTo(1000);
        assertThat(Json.minorUnitsOfDecimal("10", "EUR", "a")).isEqualTo(1000);
        assertThat(Json.minorUnitsOfDecimal("10.000", "EUR", "a")).as("trailing zeros beyond the exponent").isEqualTo(1000);
        assertThat(Json.minorUnitsOfDecimal("0.10", "USD", "a")).isEqualTo(10);
        assertThat(Json.minorUnitsOfDecimal("1500", "JPY", "a")).isEqualTo(1500);
        assertThat(Json.minorUnitsOfDecimal("1.250", "KWD", "a")).isEqualTo(1250);
        assertThat(Json.minorUnitsOfDecimal("19.99", "eur", "a")).isEqualTo(1999);
        for (String bad : new String[] {"10.001", "-1.00", "1e3", "", " 1.00", "1,00", "0x10", "1.", ".5", "99999999999999999999"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.minorUnitsOfDecimal(bad, "EUR", "a")).as(bad)
                    .isInstanceOfSatisfying(io.payhook.core.error.PayhookException.class,
                            e -> assertThat(e.code()).isEqualTo(io.payhook.core.error.ErrorCode.INVALID_AMOUNT));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.minorUnitsOfDecimal("1.5", "JPY", "a"))
                .isInstanceOf(io.payhook.core.error.PayhookException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.minorUnitsOfDecimal("1.00", "ZZZ", "a"))
                .isInstanceOfSatisfying(io.payhook.core.error.PayhookException.class,
                        e -> assertThat(e.code()).isEqualTo(io.payhook.core.error.ErrorCode.UNKNOWN_CURRENCY));
        assertThat(Json.minorUnitsOfDigits("66000", "a")).isEqualTo(66000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.minorUnitsOfDigits("66.00", "a"))
                .isInstanceOf(io.payhook.core.error.PayhookException.class);
    }
}

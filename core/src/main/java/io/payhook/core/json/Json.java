package io.payhook.core.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Currencies;
import io.payhook.core.model.Money;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Strict JSON reading for provider payloads, and the readers of the value shapes they share (amounts,
 * currencies, timestamps). Jackson trees are used by the providers that read them; no Jackson type
 * appears in a port or the model. Hostile bodies fail fast with a stable code, before anything is stored:
 * <ul>
 *   <li>bytes that are not UTF-8, or a string with an unpaired UTF-16 surrogate escape (backslash,
 *       {@code u}, {@code D800}) — 400 {@code invalid_encoding};</li>
 *   <li>not JSON, not an object, duplicate keys, trailing tokens, nesting deeper than
 *       {@value #MAX_DEPTH}, a string longer than {@value #MAX_STRING} characters, a key longer than
 *       {@value #MAX_NAME} characters, a number literal longer than {@value #MAX_NUMBER} characters —
 *       400 {@code malformed_json};</li>
 *   <li>a well-formed number out of range where an amount is expected (negative, fractional,
 *       over 2^62, exponent notation) — 422 {@code invalid_amount} ({@link #minorUnits}); a
 *       timestamp outside years 1970–9999 — 422 {@code invalid_timestamp}.</li>
 * </ul>
 */
public final class Json {
    static final int MAX_DEPTH = 32;
    static final int MAX_STRING = 64 * 1024;
    static final int MAX_NAME = 1024;
    /** Jackson's own default; long enough that any amount out of range is a 422, not a parse error. */
    static final int MAX_NUMBER = 1000;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Parser settings for every body: the limits above and duplicate keys refused. */
    private static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).maxNameLength(MAX_NAME)
                        .maxNumberLength(MAX_NUMBER).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static final JsonFactory FACTORY = factory();

    /** Built on first use only: an ObjectMapper costs ~150 ms of a cold start and ingest needs none. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(factory())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .build();
    }

    private Json() {}

    /** Parses a UTF-8 JSON object; 400 for anything else. */
    public static JsonNode object(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new PayhookException(ErrorCode.INVALID_ENCODING);
        }
        JsonNode node;
        try {
            node = tree(body);
        } catch (StreamConstraintsException e) {
            throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body exceeds a JSON limit: nesting depth " + MAX_DEPTH
                    + ", string length " + MAX_STRING + ", key length " + MAX_NAME + ", number length " + MAX_NUMBER + ".");
        } catch (IOException e) {
            throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body is not well-formed JSON.");
        }
        if (node == null || !node.isObject()) throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body must be a JSON object.");
        if (hasLoneSurrogate(node, 0)) {
            throw new PayhookException(ErrorCode.INVALID_ENCODING, "The body contains an unpaired UTF-16 surrogate escape.");
        }
        return node;
    }

    /** Whether any key or string value holds half a surrogate pair (valid JSON syntax, not valid text). */
    private static boolean hasLoneSurrogate(JsonNode n, int depth) {
        if (depth > MAX_DEPTH + 1) return false; // the parser already bounds depth
        if (n.isTextual()) return loneSurrogate(n.textValue());
        if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (loneSurrogate(e.getKey()) || hasLoneSurrogate(e.getValue(), depth + 1)) return true;
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) if (hasLoneSurrogate(c, depth + 1)) return true;
        }
        return false;
    }

    private static boolean loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return true;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** A mapper with the same strict settings, for building and writing JSON (samples, re-serialisation). */
    public static ObjectMapper mapper() { return Mapper.INSTANCE; }

    /**
     * One JSON value as a tree, with the limits above, duplicate keys and trailing tokens refused and
     * integers kept exact ({@link java.math.BigInteger}); null for an empty input. Built straight from
     * the streaming parser (what {@code ObjectMapper.readTree} does, without the mapper's start-up cost).
     */
    public static JsonNode tree(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            JsonNode n = value(p, t);
            if (p.nextToken() != null) throw new JsonParseException(p, "trailing tokens after the JSON value");
            return n;
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) a.add(value(p, e));
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> f.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> f.booleanNode(true);
            case VALUE_FALSE -> f.booleanNode(false);
            case VALUE_NULL -> f.nullNode();
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }

    /** A required non-empty string field. */
    public static String requiredText(JsonNode parent, String field) {
        return optionalText(parent, field).orElseThrow(() ->
                new PayhookException(ErrorCode.MISSING_FIELD, "Required field '" + field + "' is missing."));
    }

    public static Optional<String> optionalText(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field '" + field + "' must be a string.");
        String s = n.textValue();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /**
     * Amount in minor units: a JSON integer, 0..2^62-1; 422 for negative, fractional (also {@code 1e3},
     * {@code 100.0}) or too large. (An amount that is a card number is the protection gate's to refuse.)
     */
    public static long minorUnits(JsonNode n, String field) {
        if (n == null || n.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field '" + field + "' is missing.");
        if (!n.isNumber()) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must be an integer in minor units.");
        if (!n.isIntegralNumber()) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must be an integer in minor units, not a decimal.");
        if (n.bigIntegerValue().signum() < 0) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must not be negative.");
        if (n.bigIntegerValue().bitLength() > 62) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' is out of range.");
        return n.bigIntegerValue().longValueExact();
    }

    /**
     * Minor units from a decimal string in major units, exactly ({@code "10.00"} EUR → 1000, {@code "1500"} JPY →
     * 1500, {@code "1.250"} KWD → 1250): never through a float. 422 {@code invalid_amount} for anything that is
     * not a plain non-negative decimal, or has more decimals than the currency's exponent (trailing zeros beyond
     * it are accepted: {@code "10.000"} EUR is 1000); 422 {@code unknown_currency} for an unknown currency.
     */
    public static long minorUnitsOfDecimal(String text, String currency, String field) {
        int exponent = Currencies.exponent(currency).orElseThrow(() ->
                new PayhookException(ErrorCode.UNKNOWN_CURRENCY, "The currency is not an ISO 4217 code."));
        if (text == null || !text.matches("[0-9]{1,18}(\\.[0-9]{1,18})?")) {
            throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must be a decimal amount such as 10.00.");
        }
        java.math.BigDecimal minor = new java.math.BigDecimal(text).movePointRight(exponent).stripTrailingZeros();
        if (minor.scale() > 0) {
            throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' has more decimals than its currency has.");
        }
        if (minor.toBigInteger().bitLength() > 62) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' is out of range.");
        return minor.longValueExact();
    }

    /**
     * Minor units written as a string of digits ({@code "66000"}, as Paddle sends them). 422 {@code invalid_amount}
     * for anything else.
     */
    public static long minorUnitsOfDigits(String text, String field) {
        if (text == null || !text.matches("[0-9]{1,18}")) {
            throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must be a whole number of minor units.");
        }
        return Long.parseLong(text);
    }

    /** A currency code; 422 when it is not ISO 4217. Lower case accepted (Stripe sends {@code eur}). */
    public static String currency(String code) {
        if (!Currencies.isKnown(code)) throw new PayhookException(ErrorCode.UNKNOWN_CURRENCY, "The currency is not an ISO 4217 code.");
        return code.toUpperCase(java.util.Locale.ROOT);
    }

    public static Money money(long minor, String currency) { return new Money(minor, currency(currency)); }

    /** ISO-8601 instant or offset date-time within years 1970–9999; 422 otherwise. */
    public static Instant instant(String s, String field) {
        Instant t;
        try {
            t = Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                t = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field '" + field + "' is not an ISO-8601 timestamp.");
            }
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field '" + field + "' is outside the years 1970–9999.");
        }
        return t;
    }
}

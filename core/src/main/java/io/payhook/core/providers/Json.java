package io.payhook.core.providers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
 * Strict JSON reading for provider payloads, kept inside {@code core.providers}: no Jackson type
 * leaves this package. Limits nesting depth and string length so hostile bodies fail fast.
 */
public final class Json {
    static final int MAX_DEPTH = 32;
    static final int MAX_STRING = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).maxNumberLength(40).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

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
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body is not well-formed JSON (or exceeds nesting/length limits).");
        }
        if (node == null || !node.isObject()) throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body must be a JSON object.");
        return node;
    }

    public static ObjectMapper mapper() { return MAPPER; }

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

    /** Amount in minor units: a JSON integer, 0..Long.MAX_VALUE; 422 for negative, fractional or too large. */
    public static long minorUnits(JsonNode n, String field) {
        if (n == null || n.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field '" + field + "' is missing.");
        if (!n.isNumber()) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must be an integer in minor units.");
        if (!n.isIntegralNumber()) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must be an integer in minor units, not a decimal.");
        if (n.bigIntegerValue().signum() < 0) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' must not be negative.");
        if (n.bigIntegerValue().bitLength() > 62) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "Field '" + field + "' is out of range.");
        return n.bigIntegerValue().longValueExact();
    }

    /** A currency code; 422 when it is not ISO 4217. Lower case accepted (Stripe sends {@code eur}). */
    public static String currency(String code) {
        if (!Currencies.isKnown(code)) throw new PayhookException(ErrorCode.UNKNOWN_CURRENCY, "The currency is not an ISO 4217 code.");
        return code.toUpperCase(java.util.Locale.ROOT);
    }

    public static Money money(long minor, String currency) { return new Money(minor, currency(currency)); }

    /** ISO-8601 instant or offset date-time; 422 otherwise. */
    public static Instant instant(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "Field '" + field + "' is not an ISO-8601 timestamp.");
            }
        }
    }
}

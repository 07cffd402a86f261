package io.payhook.core.paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.MacKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paging cursors of every paged answer (search, audit): opaque to callers, tamper-evident, and bound to
 * the query that gave them out. A cursor is {@code <payload>.<mac>}, both base64url without padding: the
 * payload a JSON object of strings (where the next page starts: the index keys, the time the first page was
 * taken), the MAC an HMAC-SHA256 ({@link MacKey}) over a fixed label, the query's <em>scope</em> and the
 * payload. The scope is the canonical form of the query (its route and every filter), so a cursor edited,
 * forged, taken from another system, or used with other filters is refused: 400 {@code invalid_cursor},
 * nothing read. A cursor is not encrypted: it says nothing a caller of the query may not know.
 */
public final class Cursors {
    /** Longer cursors are refused unread. */
    public static final int MAX_LENGTH = 4096;
    private static final byte[] LABEL = "payhook-cursor-v1\n".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final MacKey key;

    public Cursors(MacKey key) { this.key = key; }

    /**
     * A cursor for {@code position} within the query {@code scope}.
     *
     * @param scope    the canonical query (route and filters, in a fixed order); the same string must be given to {@link #open}
     * @param position where the next page starts; keys and values are plain strings
     */
    public String seal(String scope, Map<String, String> position) {
        ObjectNode o = JSON.createObjectNode();
        new TreeMap<>(position).forEach(o::put);
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String cursor = ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(scope, payload));
        if (cursor.length() > MAX_LENGTH) throw new IllegalStateException("a cursor longer than " + MAX_LENGTH + " characters");
        return cursor;
    }

    /**
     * The position a cursor from {@link #seal} with the same {@code scope} holds.
     *
     * @throws PayhookException {@code invalid_cursor} for anything else
     */
    public Map<String, String> open(String scope, String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) throw invalid();
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) throw invalid();
        byte[] payload;
        byte[] mac;
        try {
            payload = DECODER.decode(cursor.substring(0, dot));
            mac = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac, mac(scope, payload))) throw invalid();
        try {
            JsonNode n = JSON.readTree(payload);
            if (n == null || !n.isObject()) throw invalid();
            Map<String, String> position = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) throw invalid();
                position.put(e.getKey(), e.getValue().textValue());
            }
            return Collections.unmodifiableMap(position);
        } catch (java.io.IOException e) {
            throw invalid(); // only our own MAC'd payloads get here; a key shared with a broken writer would
        }
    }

    private byte[] mac(String scope, byte[] payload) {
        byte[] s = scope.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[LABEL.length + 4 + s.length + payload.length];
        System.arraycopy(LABEL, 0, message, 0, LABEL.length);
        // the scope's length first, so no scope/payload split of one message reads as another
        message[LABEL.length] = (byte) (s.length >>> 24);
        message[LABEL.length + 1] = (byte) (s.length >>> 16);
        message[LABEL.length + 2] = (byte) (s.length >>> 8);
        message[LABEL.length + 3] = (byte) s.length;
        System.arraycopy(s, 0, message, LABEL.length + 4, s.length);
        System.arraycopy(payload, 0, message, LABEL.length + 4 + s.length, payload.length);
        return key.mac(message);
    }

    private static PayhookException invalid() {
        return new PayhookException(ErrorCode.INVALID_CURSOR);
    }
}

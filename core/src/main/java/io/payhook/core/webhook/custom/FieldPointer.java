package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JSON Pointer (RFC 6901) naming one field of a sender's body, parsed once when the configuration is read:
 * {@code /data/amount}, {@code /items/0/id} (an array index), {@code /a~1b} (the key {@code a/b}), {@code /m~0n}
 * (the key {@code m~n}). The empty pointer (the whole document) names no field and is refused.
 *
 * @param text   the pointer as configured
 * @param tokens its reference tokens, unescaped ({@code ~1} → {@code /}, then {@code ~0} → {@code ~})
 */
public record FieldPointer(String text, List<String> tokens) {
    static final int MAX_LENGTH = 512;
    /** An array index as RFC 6901 writes it: no sign, no leading zero (and at most nine digits here). */
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

    public FieldPointer {
        tokens = List.copyOf(tokens);
    }

    /**
     * Parses a pointer.
     *
     * @throws IllegalArgumentException with the reason (completing "is not a JSON Pointer (RFC 6901): ...")
     */
    public static FieldPointer parse(String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("it is empty (that is the whole document, not a field)");
        if (text.charAt(0) != '/') throw new IllegalArgumentException("it must start with '/'");
        if (text.length() > MAX_LENGTH) throw new IllegalArgumentException("it is longer than " + MAX_LENGTH + " characters");
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            StringBuilder token = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '~') {
                    token.append(c);
                    continue;
                }
                char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
                if (next == '0') token.append('~');
                else if (next == '1') token.append('/');
                else throw new IllegalArgumentException("'~' must be followed by 0 or 1 (write ~0 for '~' and ~1 for '/')");
                i++;
            }
            tokens.add(token.toString());
        }
        return new FieldPointer(text, tokens);
    }

    /**
     * The value this pointer names in {@code root}, or null when there is none (a missing member, an index past
     * the end, {@code -}, or a step into a value that is neither object nor array). A JSON {@code null} is returned
     * as null too: absent and null mean the same to the mapping.
     */
    public JsonNode find(JsonNode root) {
        JsonNode n = root;
        for (String token : tokens) {
            if (n == null) return null;
            if (n.isObject()) n = n.get(token);
            else if (n.isArray()) n = INDEX.matcher(token).matches() ? n.get(Integer.parseInt(token)) : null;
            else return null;
        }
        return n == null || n.isNull() ? null : n;
    }

    @Override
    public String toString() { return text; }
}

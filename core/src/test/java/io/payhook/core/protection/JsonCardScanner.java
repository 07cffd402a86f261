package io.payhook.core.protection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Test tooling: card data in whole JSON trees — where it sits ({@link #findCardData}) and a tree made
 * safe ({@link #scrub}), by the rules of {@link CardData}. payhook keeps no raw payload, so production
 * code reads fields and the protection gate rules on each; tests use this scanner to look at whole
 * payloads, answers and stored items.
 */
public final class JsonCardScanner {
    private JsonCardScanner() {}

    /**
     * Keys of sensitive authentication data (PCI DSS 3.3.1), compared lower case without
     * {@code _ - space}: never kept after authorisation, so removed wherever they sit in a payload.
     */
    static final Set<String> SENSITIVE_KEYS = Set.of(
            "cvc", "cvc2", "cvv", "cvv2", "cav2", "cid", "csc", "cardsecuritycode", "securitycode",
            "cardverificationcode", "cardverificationvalue", "verificationcode",
            "track", "track1", "track2", "track3", "trackdata", "track1data", "track2data", "magstripe", "magneticstripe",
            "pin", "pinblock", "encryptedpin", "pinblockdata");

    static final int MAX_DEPTH = 64;

    /** Whether a JSON key names sensitive authentication data ({@code cvc}, {@code track2}, {@code card_security_code}…). */
    public static boolean isSensitiveKey(String key) {
        if (key == null) return false;
        String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
        return SENSITIVE_KEYS.contains(k);
    }

    /**
     * The scanner over a JSON tree: JSON pointers of every place that holds card data — a string
     * value or key with a PAN (any Luhn-valid candidate), an integer that is a scheme PAN, or a
     * sensitive authentication data key. Empty when the tree is clean.
     */
    public static List<String> findCardData(JsonNode root) {
        List<String> out = new ArrayList<>();
        scan(root, "", out, 0);
        return out;
    }

    private static void scan(JsonNode n, String pointer, List<String> out, int depth) {
        if (n == null || depth > MAX_DEPTH) return;
        if (n.isTextual()) {
            if (CardData.containsPan(n.textValue())) out.add(pointer);
        } else if (n.isIntegralNumber()) {
            if (CardData.isSchemePan(n.bigIntegerValue().abs().toString())) out.add(pointer);
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = pointer + "/" + escape(e.getKey());
                if (isSensitiveKey(e.getKey()) || CardData.containsPan(e.getKey())) out.add(p);
                else scan(e.getValue(), p, out, depth + 1);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) scan(n.get(i), pointer + "/" + i, out, depth + 1);
        }
    }

    /**
     * Makes a parsed payload safe to read from, in place: removes sensitive authentication data keys
     * (whatever their value), masks PANs in every string value and every key ({@link #maskCardData}:
     * also verification codes written in text), and turns integers that are scheme PANs into their
     * masked text. Email addresses are left alone (the customer email is a field of its own).
     * Providers call it after reading identifiers (which are refused, not masked, when they hold a
     * card number) and before reading anything else.
     *
     * @return how many values, keys or members were changed or removed
     */
    public static int scrub(JsonNode root) {
        return scrub(root, 0);
    }

    private static int scrub(JsonNode n, int depth) {
        if (n == null || depth > MAX_DEPTH) return 0;
        int changes = 0;
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            Map<String, JsonNode> rebuilt = new LinkedHashMap<>();
            boolean renamed = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isSensitiveKey(e.getKey())) { changes++; renamed = true; continue; }
                String key = CardData.maskCardData(e.getKey());
                if (!key.equals(e.getKey())) { changes++; renamed = true; }
                JsonNode v = e.getValue();
                JsonNode replaced = replacement(v);
                if (replaced != null) { changes++; v = replaced; renamed = true; }
                else changes += scrub(v, depth + 1);
                rebuilt.putIfAbsent(key, v);
            }
            if (renamed) { o.removeAll(); o.setAll(rebuilt); }
        } else if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                JsonNode replaced = replacement(a.get(i));
                if (replaced != null) { a.set(i, replaced); changes++; }
                else changes += scrub(a.get(i), depth + 1);
            }
        }
        return changes;
    }

    /** The masked stand-in for a scalar that holds card data, or null when it is fine (or not a scalar). */
    private static JsonNode replacement(JsonNode v) {
        if (v.isTextual()) {
            String s = CardData.maskCardData(v.textValue());
            return s.equals(v.textValue()) ? null : TextNode.valueOf(s);
        }
        if (v.isIntegralNumber()) {
            String digits = v.bigIntegerValue().abs().toString();
            return CardData.isSchemePan(digits) ? TextNode.valueOf(maskDigits(digits)) : null;
        }
        return null;
    }

    private static String escape(String key) { return key.replace("~", "~0").replace("/", "~1"); }

    private static String maskDigits(String digits) {
        return digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4);
    }

}

package io.payhook.testkit.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries.SampleOptions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** What the providers' sample builders share: JSON writing, ids, the Content-Type header. */
final class Samples {
    private Samples() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";


    static String currency(SampleOptions o) { return o.currency() != null ? o.currency() : "EUR"; }

    static Map<String, String> json() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return h;
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(String alphabet, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    /**
     * A random UUID with a letter in every group: a UUID whose neighbouring groups happen to be all digits
     * is, by chance, a Luhn-valid run of digits a card-number scanner of the whole text would flag. Real ids
     * can be like that (payhook's identifier rule tells them apart); sample payloads stay clear of it.
     */
    static String uuid() {
        while (true) {
            String u = java.util.UUID.randomUUID().toString();
            boolean letters = true;
            for (String g : u.split("-")) letters &= g.chars().anyMatch(Character::isLetter);
            if (letters) return u;
        }
    }
}

package io.payhook.local.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's browser sessions: {@code GET /console/} gives the browser a session id in an HttpOnly,
 * SameSite=Strict cookie; the page reads the session's CSRF token from {@code GET /console/api/session} and sends it
 * in {@link #TOKEN_HEADER} with every call that changes something. Both are 256 random bits; sessions live in
 * memory (a restart of the server asks the page to reload), expire {@link #IDLE} after their last use, and at most
 * {@link #MAX} are kept (the least recently used goes first).
 */
final class ConsoleSessions {
    static final String COOKIE = "payhook_console";
    static final String TOKEN_HEADER = "X-Payhook-Console-Token";
    static final Duration IDLE = Duration.ofHours(12);
    static final int MAX = 1_000;

    private record Session(String csrf, Instant lastUsed) {}

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) { return size() > MAX; }
    };

    ConsoleSessions(Clock clock) { this.clock = clock; }

    /** A new session; returns its id (the cookie's value). */
    synchronized String open() {
        String id = randomToken();
        sessions.put(id, new Session(randomToken(), clock.instant()));
        return id;
    }

    /** The CSRF token of the live session named by the request's {@code Cookie} header, if any. */
    synchronized Optional<String> csrfOf(String cookieHeader) {
        String id = cookie(cookieHeader);
        if (id == null) return Optional.empty();
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null) return Optional.empty();
        if (s.lastUsed().plus(IDLE).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        sessions.put(id, new Session(s.csrf(), now));
        return Optional.of(s.csrf());
    }

    /** Whether {@code sent} (the {@link #TOKEN_HEADER} of a request) is the session's token, compared in constant time. */
    static boolean tokenMatches(String expected, String sent) {
        return sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
    }

    /** The {@code Set-Cookie} value for session {@code id}: for the console's paths only, never readable by script. */
    static String setCookie(String id) {
        return COOKIE + "=" + id + "; Path=/console/; HttpOnly; SameSite=Strict";
    }

    /** The value of our cookie in a {@code Cookie} header, or null. */
    static String cookie(String header) {
        if (header == null) return null;
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
        }
        return null;
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package io.payhook.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain HTTP client of a console server (no browser): opens {@code /console/} for a session cookie, reads the CSRF
 * token, and sends what a browser would — or what a browser would not, to see it refused.
 */
final class ConsoleHttp {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base; // http://127.0.0.1:N
    String cookie;
    String token;

    ConsoleHttp(String base) { this.base = base; }

    /** GET /console/ (keeps the session cookie) and GET /console/api/session (keeps the token). */
    ConsoleHttp open() {
        HttpResponse<String> page = get("/console/", Map.of());
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no session cookie"));
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> s = getWithSession("/console/api/session");
        if (s.statusCode() != 200) throw new AssertionError("session: " + s.statusCode() + " " + s.body());
        token = s.body().replaceAll(".*\"csrf_token\":\"([^\"]+)\".*", "$1");
        return this;
    }

    /** The headers a same-origin page's call carries: the cookie, the token and the Origin. */
    Map<String, String> sameOrigin() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cookie", cookie);
        h.put("X-Payhook-Console-Token", token);
        h.put("Origin", base);
        return h;
    }

    HttpResponse<String> get(String path, Map<String, String> headers) { return send("GET", path, headers, null); }

    HttpResponse<String> getWithSession(String path) { return get(path, Map.of("Cookie", cookie)); }

    HttpResponse<String> post(String path, Map<String, String> headers, String json) { return send("POST", path, headers, json); }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A raw GET with the given Host header (the JDK's client sets its own), answering the status line and the rest. */
    static String rawGet(int port, String path, String host) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.payhook.core.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An incoming webhook delivery as the transport saw it: header names case-insensitive, the
 * body as the exact raw bytes (signatures are computed over them).
 */
public record WebhookRequest(Map<String, String> headers, Map<String, String> query, byte[] body) {

    public WebhookRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) headers.forEach((k, v) -> { if (k != null && v != null) h.put(k, v); });
        headers = java.util.Collections.unmodifiableMap(h);
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) { return Optional.ofNullable(headers.get(name)); }

    public Optional<String> queryParam(String name) { return Optional.ofNullable(query.get(name)); }

    /** The media type without parameters, lower case, or empty. */
    public Optional<String> mediaType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() { return "WebhookRequest[" + body.length + " bytes]"; }
}

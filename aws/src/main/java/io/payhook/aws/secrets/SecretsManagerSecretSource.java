package io.payhook.aws.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.port.SecretSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider secrets from one Secrets Manager secret holding JSON
 * {@code {"stripe": ["whsec_…", …], "adyen": [...], "standard_webhooks": [...], "generic": [...]}}
 * (a value may also be one comma-separated string). Cached for {@code ttl}, so a rotation is
 * picked up within that time without a call per request. If a refresh fails, the last good value
 * is kept (fail closed only when nothing was ever read).
 */
public final class SecretsManagerSecretSource implements SecretSource {

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private volatile Map<String, List<String>> cached;
    private volatile Instant expires = Instant.MIN;

    public SecretsManagerSecretSource(SecretsManagerClient client, String secretId, Duration ttl, Clock clock) {
        this.client = client;
        this.secretId = secretId;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public List<String> secrets(String provider) {
        Map<String, List<String>> current = cached;
        if (current == null || clock.instant().isAfter(expires)) current = refresh();
        return current.getOrDefault(provider, List.of());
    }

    private synchronized Map<String, List<String>> refresh() {
        if (cached != null && !clock.instant().isAfter(expires)) return cached;
        try {
            String json = client.getSecretValue(b -> b.secretId(secretId)).secretString();
            cached = parse(json);
        } catch (SdkException | IllegalArgumentException e) {
            if (cached == null) cached = Map.of();
        }
        expires = clock.instant().plus(ttl);
        return cached;
    }

    /**
     * Drops the cached secrets: the next {@link #secrets} reads Secrets Manager again. Called after a
     * SnapStart restore, so provider secrets are never served from a snapshot (and a rotation that
     * happened since the snapshot is seen at once).
     */
    public synchronized void forget() {
        cached = null;
        expires = Instant.MIN;
    }

    /** Whether secrets are held in memory now (tests of the restore hook). */
    public boolean holdsSecrets() { return cached != null; }

    /** Parses the secret's JSON; unknown shapes give no secrets (fail closed). */
    public static Map<String, List<String>> parse(String json) {
        if (json == null) return Map.of();
        try {
            JsonNode root = io.payhook.core.json.Json.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) throw new IllegalArgumentException("secret is not a JSON object");
            Map<String, List<String>> out = new HashMap<>();
            root.properties().forEach(e -> {
                List<String> values = new ArrayList<>();
                if (e.getValue().isArray()) e.getValue().forEach(v -> { if (v.isTextual() && !v.textValue().isBlank()) values.add(v.textValue().trim()); });
                else if (e.getValue().isTextual()) values.addAll(commaSeparated(e.getValue().textValue()));
                out.put(e.getKey(), List.copyOf(values));
            });
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("secret is not JSON");
        }
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

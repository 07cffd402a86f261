package io.payhook.local;

import io.payhook.core.port.SecretSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider secrets from environment-style variables (local mode, SPEC §3; in AWS they come from
 * Secrets Manager):
 * {@code PAYHOOK_STRIPE_SECRETS}, {@code PAYHOOK_ADYEN_HMAC_KEYS},
 * {@code PAYHOOK_STANDARD_WEBHOOKS_SECRETS}, {@code PAYHOOK_GENERIC_SECRETS}; each a
 * comma-separated list, all active.
 */
public final class EnvironmentSecretSource implements SecretSource {
    public static final Map<String, String> VARIABLES = Map.of(
            "stripe", "PAYHOOK_STRIPE_SECRETS",
            "adyen", "PAYHOOK_ADYEN_HMAC_KEYS",
            "standard_webhooks", "PAYHOOK_STANDARD_WEBHOOKS_SECRETS",
            "generic", "PAYHOOK_GENERIC_SECRETS");

    private final Map<String, List<String>> secrets;

    /** @param env the variables to read (System.getenv() or a test map) */
    public EnvironmentSecretSource(Map<String, String> env) {
        Map<String, List<String>> m = new HashMap<>();
        VARIABLES.forEach((provider, variable) -> m.put(provider, split(env.get(variable))));
        this.secrets = Map.copyOf(m);
    }

    public static List<String> split(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public List<String> secrets(String provider) { return secrets.getOrDefault(provider, List.of()); }
}

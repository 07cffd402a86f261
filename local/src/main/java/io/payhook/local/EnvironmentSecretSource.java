package io.payhook.local;

import io.payhook.core.port.SecretSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider secrets from environment-style variables (local mode, SPEC §3; in AWS they come from
 * Secrets Manager):
 * one variable per provider ({@link #VARIABLES}), and for each configured (custom) provider the variable its
 * configuration names; each a comma-separated list, all active.
 */
public final class EnvironmentSecretSource implements SecretSource {
    /** Provider name → the variable of its secrets (SPEC §3), in the order {@code serve} lists them. */
    public static final Map<String, String> VARIABLES = ordered(
            "stripe", "PAYHOOK_STRIPE_SECRETS",
            "adyen", "PAYHOOK_ADYEN_HMAC_KEYS",
            "standard_webhooks", "PAYHOOK_STANDARD_WEBHOOKS_SECRETS",
            "generic", "PAYHOOK_GENERIC_SECRETS",
            "square", "PAYHOOK_SQUARE_SIGNATURE_KEYS",
            "razorpay", "PAYHOOK_RAZORPAY_SECRETS",
            "checkout", "PAYHOOK_CHECKOUT_SECRETS",
            "gocardless", "PAYHOOK_GOCARDLESS_SECRETS",
            "paddle", "PAYHOOK_PADDLE_SECRETS",
            "paypal", "PAYHOOK_PAYPAL_WEBHOOK_IDS");

    private final Map<String, List<String>> secrets;

    /** @param env the variables to read (System.getenv() or a test map) */
    public EnvironmentSecretSource(Map<String, String> env) { this(env, Map.of()); }

    /**
     * @param env    the variables to read
     * @param custom configured providers: name → the variable their configuration names
     */
    public EnvironmentSecretSource(Map<String, String> env, Map<String, String> custom) {
        Map<String, List<String>> m = new HashMap<>();
        VARIABLES.forEach((provider, variable) -> m.put(provider, split(env.get(variable))));
        custom.forEach((provider, variable) -> m.put(provider, split(env.get(variable))));
        this.secrets = Map.copyOf(m);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static List<String> split(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public List<String> secrets(String provider) { return secrets.getOrDefault(provider, List.of()); }
}

package io.payhook.local.cli;

import io.payhook.local.EnvironmentSecretSource;
import io.payhook.local.LocalConfig;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a command that talks to a running payhook needs from the environment, read the way
 * {@code serve} reads it ({@link LocalConfig#fromEnvironment}): the SigV4 key pair and region, and
 * each provider's secret (the documented dev defaults when a variable is unset).
 */
public final class LocalApi {
    /** Where {@code serve} listens unless told otherwise. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private final LocalConfig config;

    private LocalApi(LocalConfig config) { this.config = config; }

    /** From this process's environment variables. */
    public static LocalApi fromEnvironment() { return of(System.getenv()); }

    public static LocalApi of(Map<String, String> env) {
        // the data dir is the server's business: a client needs only keys and secrets
        return new LocalApi(LocalConfig.fromEnvironment(env, 0, Path.of(".")));
    }

    /** A client of the API at {@code baseUrl}, signing with the local key pair. */
    public PayhookClient client(String baseUrl) {
        return PayhookClient.of(baseUrl, config.accessKeyId(), config.secretAccessKey(), config.region());
    }

    /** The notification URL Square deliveries are signed over (PAYHOOK_SQUARE_NOTIFICATION_URL, or the dev default). */
    public String squareNotificationUrl() { return config.providers().squareNotificationUrl(); }

    /** The first (signing) secret configured for {@code provider}. */
    public String providerSecret(String provider) {
        String variable = EnvironmentSecretSource.VARIABLES.get(provider);
        if (variable == null) throw new IllegalArgumentException("unknown provider '" + provider + "'");
        return EnvironmentSecretSource.split(config.providerSecrets().get(variable)).get(0);
    }

    /** The providers a test delivery can be built and signed for, in alphabetical order. */
    public static List<String> providers() {
        TreeSet<String> names = new TreeSet<>(EnvironmentSecretSource.VARIABLES.keySet());
        names.removeIf(p -> SampleDeliveries.eventTypes(p).isEmpty());
        return List.copyOf(names);
    }

    /** Shell completion: the provider names. */
    public static final class ProviderNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return providers().iterator(); }
    }

    /** Shell completion: every event type of every provider. */
    public static final class EventTypes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            TreeSet<String> all = new TreeSet<>();
            providers().forEach(p -> all.addAll(SampleDeliveries.eventTypes(p)));
            return all.iterator();
        }
    }
}

package io.payhook.local;

import io.payhook.functions.JsonLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the local system, read once from command-line options and the environment.
 *
 * @param port              HTTP port of the API (0 = any free port)
 * @param dataDir           where the table, mail, key, and outbox position live
 * @param providerSecrets   provider secret variables (PAYHOOK_*_SECRETS), dev defaults filled in
 * @param visibilityTimeout queue visibility timeout for a message being handled
 * @param retryBase         first retry delay of a failed notification; doubles per receive
 * @param retryCap          longest retry delay
 * @param streamIdle        pause between stream polls when there is nothing new
 */
public record LocalConfig(int port, Path dataDir, String accessKeyId, String secretAccessKey, String region,
                          Map<String, String> providerSecrets, int maxReceives, Duration visibilityTimeout,
                          Duration retryBase, Duration retryCap, Duration streamIdle, int senderThreads,
                          int sqsPort, int smtpPort, int maxBodyBytes, Duration replayTolerance, JsonLog.Level logLevel) {

    /** Documented development credentials for local SigV4 (printed at start; never use them anywhere else). */
    public static final String DEV_ACCESS_KEY_ID = "payhook-local-access-key";
    public static final String DEV_SECRET_ACCESS_KEY = "payhook-local-secret-key";

    /** Documented development provider secrets, used when the variable is not set (printed at start). */
    public static final Map<String, String> DEV_PROVIDER_SECRETS = Map.of(
            "PAYHOOK_STRIPE_SECRETS", "whsec_payhook_local_dev_stripe",
            // hex of the ASCII text "payhook-local-dev-adyen-hmac-key"
            "PAYHOOK_ADYEN_HMAC_KEYS", "706179686f6f6b2d6c6f63616c2d6465762d616479656e2d686d61632d6b6579",
            // whsec_ + base64 of "payhook-local-dev-standard-webh"
            "PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "whsec_cGF5aG9vay1sb2NhbC1kZXYtc3RhbmRhcmQtd2ViaA==",
            "PAYHOOK_GENERIC_SECRETS", "payhook_local_dev_generic");

    public static LocalConfig fromEnvironment(Map<String, String> env, int port, Path dataDir) {
        Map<String, String> secrets = new HashMap<>();
        EnvironmentSecretSource.VARIABLES.values().forEach(v ->
                secrets.put(v, env.getOrDefault(v, DEV_PROVIDER_SECRETS.get(v))));
        return new LocalConfig(port, dataDir,
                env.getOrDefault("PAYHOOK_ACCESS_KEY_ID", DEV_ACCESS_KEY_ID),
                env.getOrDefault("PAYHOOK_SECRET_ACCESS_KEY", DEV_SECRET_ACCESS_KEY),
                env.getOrDefault("PAYHOOK_REGION", "us-east-1"),
                Map.copyOf(secrets),
                intOr(env.get("PAYHOOK_MAX_RECEIVES"), 5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_RETRY_BASE_SECONDS"), 2)),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_RETRY_CAP_SECONDS"), 300)),
                Duration.ofMillis(intOr(env.get("PAYHOOK_STREAM_IDLE_MS"), 100)),
                2, 0, 0,
                intOr(env.get("PAYHOOK_MAX_BODY_BYTES"), 256 * 1024),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_REPLAY_TOLERANCE_SECONDS"), 300)),
                JsonLog.Level.valueOf(env.getOrDefault("PAYHOOK_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT)));
    }

    /** Which provider secrets are the documented dev defaults (to warn about them at start). */
    public boolean usesDevSecret(String variable) {
        return DEV_PROVIDER_SECRETS.get(variable).equals(providerSecrets.get(variable));
    }

    public LocalConfig withPort(int p) {
        return new LocalConfig(p, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, retryBase, retryCap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, logLevel);
    }

    public LocalConfig withRetry(Duration base, Duration cap) {
        return new LocalConfig(port, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, base, cap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, logLevel);
    }

    public LocalConfig withLogLevel(JsonLog.Level level) {
        return new LocalConfig(port, dataDir, accessKeyId, secretAccessKey, region, providerSecrets, maxReceives,
                visibilityTimeout, retryBase, retryCap, streamIdle, senderThreads, sqsPort, smtpPort, maxBodyBytes,
                replayTolerance, level);
    }

    static int intOr(String v, int fallback) {
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}

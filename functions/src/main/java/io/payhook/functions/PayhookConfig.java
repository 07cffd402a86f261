package io.payhook.functions;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The Lambda functions' configuration, read once from the environment the stack sets.
 *
 * @param region              AWS region (AWS_REGION)
 * @param tableName           PAYHOOK_TABLE_NAME
 * @param queueUrl            PAYHOOK_QUEUE_URL
 * @param topicArn            PAYHOOK_TOPIC_ARN (SNS confirmations)
 * @param kmsKeyArn           PAYHOOK_KMS_KEY_ARN (envelope encryption of personal data)
 * @param providerSecretsArn  PAYHOOK_PROVIDER_SECRETS_ARN (Secrets Manager JSON of provider secrets)
 * @param maxReceives         PAYHOOK_MAX_RECEIVES, receives before the DLQ (default 5)
 * @param replayTolerance     PAYHOOK_REPLAY_TOLERANCE_SECONDS (default 300)
 * @param maxBodyBytes        PAYHOOK_MAX_BODY_BYTES (default 262144)
 * @param secretsCacheTtl     PAYHOOK_SECRETS_TTL_SECONDS (default 300)
 * @param secretsSource       PAYHOOK_SECRETS_SOURCE: {@code env} reads PAYHOOK_*_SECRETS instead of Secrets Manager
 *                            (only when no secrets ARN is set; for off-AWS runs such as the cold-start probe)
 * @param fieldKeyFile        PAYHOOK_FIELD_KEY_FILE: a local AES key file instead of KMS (off-AWS runs only)
 */
public record PayhookConfig(String region, String tableName, String queueUrl, String topicArn, String kmsKeyArn,
                            String providerSecretsArn, int maxReceives, Duration replayTolerance, int maxBodyBytes,
                            Duration secretsCacheTtl, String secretsSource, String fieldKeyFile) {

    public static PayhookConfig fromEnvironment(Map<String, String> env) {
        return new PayhookConfig(
                env.getOrDefault("AWS_REGION", "us-east-1"),
                env.get("PAYHOOK_TABLE_NAME"),
                env.get("PAYHOOK_QUEUE_URL"),
                env.get("PAYHOOK_TOPIC_ARN"),
                env.get("PAYHOOK_KMS_KEY_ARN"),
                env.get("PAYHOOK_PROVIDER_SECRETS_ARN"),
                intOr(env.get("PAYHOOK_MAX_RECEIVES"), 5),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_REPLAY_TOLERANCE_SECONDS"), 300)),
                intOr(env.get("PAYHOOK_MAX_BODY_BYTES"), 256 * 1024),
                Duration.ofSeconds(intOr(env.get("PAYHOOK_SECRETS_TTL_SECONDS"), 300)),
                env.get("PAYHOOK_SECRETS_SOURCE"),
                env.get("PAYHOOK_FIELD_KEY_FILE"));
    }

    /** The value, or a clear error naming the missing variable (the function cannot work without it). */
    static String require(String value, String variable) {
        return Objects.requireNonNull(value, () -> variable + " is not set");
    }

    static int intOr(String v, int fallback) {
        if (v == null || v.isBlank()) return fallback;
        return Integer.parseInt(v.trim());
    }
}

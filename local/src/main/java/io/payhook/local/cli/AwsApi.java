package io.payhook.local.cli;

import io.payhook.testkit.PayhookClient;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of a deployed stage's API ({@code https://<api id>.execute-api.<region>.amazonaws.com/<env>}) signing with
 * the operator's own AWS credentials — the default chain, or a named profile — as API Gateway's {@code AWS_IAM}
 * authorisation wants: no payhook key, the caller's IAM identity is the audit trail's principal.
 */
final class AwsApi {
    private static final Pattern STAGE_HOST = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    private AwsApi() {}

    /** The region in a stage URL's host, or null when the host is not API Gateway's. */
    static String region(String apiUrl) {
        Matcher m = STAGE_HOST.matcher(URI.create(apiUrl).getHost());
        return m.matches() ? m.group(1) : null;
    }

    /** The operator's credentials: the named profile, or the SDK's default chain when {@code profile} is null. */
    static AwsCredentialsProvider credentials(String profile) {
        return profile == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
    }

    /**
     * @param profile the named profile, or null for the default chain (environment, profile, SSO, container, instance)
     * @throws IllegalArgumentException when the URL is not a stage URL (its region cannot be told)
     */
    static PayhookClient client(String apiUrl, String profile) {
        String region = region(apiUrl);
        if (region == null) {
            throw new IllegalArgumentException(apiUrl + " is not an API Gateway stage URL (https://<api id>.execute-api.<region>.amazonaws.com/<env>)");
        }
        AwsCredentials c = credentials(profile).resolveCredentials();
        PayhookClient.Credentials credentials = new PayhookClient.Credentials(c.accessKeyId(), c.secretAccessKey(),
                c instanceof AwsSessionCredentials s ? s.sessionToken() : null);
        return new PayhookClient(URI.create(apiUrl), credentials, region, Clock.systemUTC(), Duration.ofSeconds(30));
    }
}

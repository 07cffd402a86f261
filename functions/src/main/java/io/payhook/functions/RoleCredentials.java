package io.payhook.functions;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.util.Map;
import java.util.function.Function;

/**
 * The function's role credentials, for every SDK client, without the SDK's whole default chain (profile
 * files, SSO, web identity, IMDS: class loading at cold start for sources Lambda never uses).
 * <ul>
 *   <li>A function without SnapStart gets them in {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}
 *       / {@code AWS_SESSION_TOKEN}: read at each call.</li>
 *   <li>With SnapStart the Java runtime provides container credentials instead
 *       ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}; the Lambda
 *       guide's SnapStart page, "credentials"): the SDK's container provider fetches and caches them.</li>
 * </ul>
 * Cached credentials must not live in a snapshot: {@link #forget()} (called after a SnapStart restore)
 * drops the provider and its cache, so the next call fetches the restored environment's own.
 */
public final class RoleCredentials implements AwsCredentialsProvider {
    private final Function<String, String> env;
    private volatile AwsCredentialsProvider delegate;

    /** From the process environment. */
    public RoleCredentials() { this(System::getenv); }

    RoleCredentials(Function<String, String> env) {
        this.env = env;
        this.delegate = fresh();
    }

    /** For tests: from a fixed environment. */
    static RoleCredentials of(Map<String, String> env) { return new RoleCredentials(env::get); }

    private AwsCredentialsProvider fresh() {
        String key = env.apply("AWS_ACCESS_KEY_ID");
        if (key != null && !key.isBlank()) return EnvironmentVariableCredentialsProvider.create();
        return ContainerCredentialsProvider.builder().build();
    }

    @Override
    public AwsCredentials resolveCredentials() { return delegate.resolveCredentials(); }

    /** Drops whatever credentials are cached: the next call resolves them anew. */
    public void forget() {
        AwsCredentialsProvider old = delegate;
        delegate = fresh();
        if (old instanceof SdkAutoCloseable c) c.close();
    }

    /** The provider now in use (tests). */
    AwsCredentialsProvider current() { return delegate; }
}

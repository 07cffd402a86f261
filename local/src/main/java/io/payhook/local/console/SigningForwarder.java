package io.payhook.local.console;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Sends one allowed console call to the payhook API at {@link #base}, signed with SigV4 (service
 * {@code execute-api}) by the AWS SDK's own signer with the credentials of {@link #credentials}: in {@code serve}
 * the local key pair, in {@code ./payhook console} the operator's. The host, scheme and port are always
 * {@link #base}'s and its path (an API Gateway stage, {@code /prod}) is kept in front of the route; only the
 * route, its query and a JSON body come from the browser, never a header, a cookie or a host.
 */
final class SigningForwarder {
    /** Headers the JDK's client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI base;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The answer of the API: its status, content type and body, as they came. */
    record Answer(int status, String contentType, byte[] body) {}

    /** The call could not be made (no credentials, the API unreachable); the message is safe to show. */
    static final class Failed extends Exception {
        final String code;

        Failed(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }

    /**
     * @param base the API's URL, e.g. {@code http://127.0.0.1:8080} or {@code https://abc.execute-api.eu-west-1.amazonaws.com/prod}
     */
    SigningForwarder(URI base, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.base = normalise(base);
        this.region = region;
        this.credentials = credentials;
    }

    URI base() { return base; }

    /**
     * Forwards {@code method} {@code rawPath}?{@code rawQuery} (already checked against {@link ConsoleRoutes}).
     *
     * @param body empty for none; else sent as JSON
     */
    Answer send(String method, String rawPath, String rawQuery, byte[] body) throws Failed, InterruptedException {
        SdkHttpRequest.Builder req = SdkHttpRequest.builder()
                .protocol(base.getScheme())
                .host(base.getHost())
                .port(base.getPort() < 0 ? null : base.getPort())
                .encodedPath(basePath() + rawPath)
                .method(SdkHttpMethod.fromValue(method));
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                // decoded as the API decodes a query ('+' is a plus sign), then encoded again by the SDK
                req.appendRawQueryParameter(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        if (body.length > 0) req.putHeader("Content-Type", "application/json");
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new Failed("credentials_unavailable", credentialsProblem(c), c);
        }
        SdkHttpRequest unsigned = req.build();
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned)
                .payload(body.length > 0 ? ContentStreamProvider.fromByteArray(body) : null)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder out = HttpRequest.newBuilder(signed.request().getUri()).timeout(Duration.ofSeconds(30))
                .method(method, body.length > 0 ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
        signed.request().forEachHeader((name, values) -> {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) return;
            values.forEach(v -> out.header(name, v));
        });
        try {
            HttpResponse<byte[]> r = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"), r.body());
        } catch (IOException e) {
            throw new Failed("upstream_unavailable", "The payhook API at " + base.getHost() + " could not be reached ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    private String basePath() {
        String p = base.getRawPath();
        return p == null ? "" : p;
    }

    /** Scheme, host, port (the default one left out: the signed Host header is what the client sends) and the path without a trailing slash. */
    static URI normalise(URI api) {
        if (api.getHost() == null || api.getScheme() == null
                || !(api.getScheme().equalsIgnoreCase("http") || api.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("The API URL must be http(s)://host[:port][/stage], e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
        }
        if (api.getRawQuery() != null || api.getRawFragment() != null || api.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The API URL must have no query, fragment or user info.");
        }
        String scheme = api.getScheme().toLowerCase(Locale.ROOT);
        int port = api.getPort();
        if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) port = -1;
        String path = api.getRawPath() == null ? "" : api.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return URI.create(scheme + "://" + api.getHost() + (port < 0 ? "" : ":" + port) + path);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A sentence for a person about credentials the SDK could not find (its own chain message runs to a page). */
    static String credentialsProblem(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("Unable to load credentials from any of the providers in the chain")) {
            return "No AWS credentials found (environment, the default profile of ~/.aws, SSO, a container or instance role): "
                    + "sign in (aws sso login, aws configure) or start the console with --profile.";
        }
        int nl = m.indexOf('\n');
        String first = nl < 0 ? m : m.substring(0, nl);
        if (first.length() > 300) first = first.substring(0, 300) + "…";
        return "No AWS credentials to sign the call with: " + (first.isBlank() ? e.getClass().getSimpleName() : first);
    }
}

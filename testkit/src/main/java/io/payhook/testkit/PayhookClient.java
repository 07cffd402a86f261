package io.payhook.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one client for a payhook API — the local server or a deployed stage: requests signed with AWS
 * SigV4 (service {@code execute-api}) by the AWS SDK's own signer, JSON answers, provider-signed
 * webhook deliveries ({@link SampleDeliveries}) and streamed progress lines. {@code ./payhook send},
 * {@code redrive}, {@code replay}, the load generator and the tests all talk to payhook through it.
 *
 * <p>It runs on the JDK's blocking {@link HttpURLConnection}, which keeps connections alive per
 * server and costs a load generator on two cores least (docs/BENCHMARKS.md); an answer is always read
 * to its end so its connection goes back to the pool. Instances are immutable and thread-safe;
 * {@link #withCredentials}, {@link #withClock} and {@link #unsigned} make variants (tests sign with
 * wrong keys, old dates, or not at all).
 *
 * <p>A request body is buffered and sent with the headers, so every answer is read whole, a 401's
 * too. {@link #streamingBodies} makes a variant that streams it instead (fixed length): what a load
 * generator wants, since the JDK then never sends a POST twice on its own, but HttpURLConnection
 * drops the body (and the connection) of a 401 answer in that mode: only its status is known.
 */
public final class PayhookClient {
    /** The SigV4 service name of API Gateway (and of payhook's local gateway). */
    public static final String SERVICE = "execute-api";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Credentials credentials;
    private final String region;
    private final Clock clock;
    private final Duration timeout;
    private final boolean streamingBodies;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** An access key pair; {@code toString} never shows the secret. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        public Credentials(String accessKeyId, String secretAccessKey) { this(accessKeyId, secretAccessKey, null); }

        @Override
        public String toString() { return "Credentials[" + accessKeyId + "]"; }
    }

    /** An answer: status, headers (names lower case) and the body as text. */
    public record Response(int status, Map<String, String> headers, String body) {
        /** The body as JSON, or null when it is empty. */
        public JsonNode json() {
            if (body == null || body.isEmpty()) return null;
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("the answer is not JSON (HTTP " + status + ")", e);
            }
        }

        public boolean ok() { return status >= 200 && status < 300; }

        /** The error code of a JSON error answer ({@code {"error", "message"}}), or null. */
        public String errorCode() {
            JsonNode n = ok() ? null : json();
            return n == null || !n.hasNonNull("error") ? null : n.get("error").asText();
        }
    }

    /** A request signed now, to be sent later (a load generator signs outside its latency measurement). */
    public record Prepared(String method, URI uri, Map<String, String> headers, byte[] body) {}

    /** The server refused the connection: nothing listens at the address. */
    public static final class NotReachableException extends UncheckedIOException {
        NotReachableException(URI uri, ConnectException cause) {
            super("cannot connect to " + uri.getScheme() + "://" + uri.getAuthority(), cause);
        }
    }

    /**
     * @param base        the API's base URL (a local server, or a stage URL such as {@code https://…/dev})
     * @param credentials null for unsigned requests
     * @param region      the SigV4 region
     */
    public PayhookClient(URI base, Credentials credentials, String region, Clock clock, Duration timeout) {
        this(base, credentials, region, clock, timeout, false);
    }

    private PayhookClient(URI base, Credentials credentials, String region, Clock clock, Duration timeout, boolean streamingBodies) {
        this.streamingBodies = streamingBodies;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.credentials = credentials;
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A client of {@code baseUrl} signing with the key pair, the system clock and a 30 s timeout. */
    public static PayhookClient of(String baseUrl, String accessKeyId, String secretAccessKey, String region) {
        return new PayhookClient(URI.create(baseUrl), new Credentials(accessKeyId, secretAccessKey), region, Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    public URI base() { return base; }

    public PayhookClient withCredentials(Credentials c) { return new PayhookClient(base, c, region, clock, timeout, streamingBodies); }

    public PayhookClient withRegion(String r) { return new PayhookClient(base, credentials, r, clock, timeout, streamingBodies); }

    /** Signs with the time of {@code c} (an old clock makes expired signatures). */
    public PayhookClient withClock(Clock c) { return new PayhookClient(base, credentials, region, c, timeout, streamingBodies); }

    public PayhookClient withTimeout(Duration t) { return new PayhookClient(base, credentials, region, clock, t, streamingBodies); }

    /** Sends requests without SigV4. */
    public PayhookClient unsigned() { return new PayhookClient(base, null, region, clock, timeout, streamingBodies); }

    /**
     * Streams request bodies (fixed-length mode) instead of buffering them: the JDK never re-sends a
     * POST on its own, but a 401 answer comes without its body (see the class comment).
     */
    public PayhookClient streamingBodies() { return new PayhookClient(base, credentials, region, clock, timeout, true); }

    public Response get(String pathAndQuery) { return send("GET", pathAndQuery, Map.of(), new byte[0]); }

    /** POSTs a JSON body ({@code Content-Type: application/json}). */
    public Response postJson(String path, String json) {
        return send("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a provider-signed delivery to {@code /webhooks/payment}. */
    public Response webhook(SampleDeliveries.Delivery delivery) {
        return send("POST", "/webhooks/payment", delivery.headers(), delivery.body());
    }

    public Response send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        return execute(prepare(method, pathAndQuery, headers, body));
    }

    /**
     * Builds and signs a request (unless unsigned): the given headers plus the SigV4 ones.
     *
     * @throws IllegalArgumentException for a GET with a body ({@link HttpURLConnection} would send it as a POST)
     */
    public Prepared prepare(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        if (method.equals("GET") && body.length > 0) throw new IllegalArgumentException("a GET request carries no body");
        URI uri = URI.create(base + (pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (credentials != null) all.putAll(sigV4(method, uri, headers, body));
        return new Prepared(method, uri, all, body);
    }

    public Response execute(Prepared p) {
        HttpURLConnection c = open(p);
        try {
            int status = c.getResponseCode();
            String text;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Response(status, headers(c), text);
        } catch (ConnectException e) {
            throw new NotReachableException(p.uri(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + p.uri().getPath() + " failed", e);
        }
    }

    private HttpURLConnection open(Prepared p) {
        try {
            HttpURLConnection c = (HttpURLConnection) p.uri().toURL().openConnection();
            c.setRequestMethod(p.method());
            c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.min(timeout.toMillis(), 5_000)));
            c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setInstanceFollowRedirects(false);
            p.headers().forEach(c::setRequestProperty);
            boolean hasBody = p.body().length > 0 || p.method().equals("POST") || p.method().equals("PUT");
            if (hasBody) {
                // Buffered, not setFixedLengthStreamingMode: in streaming mode HttpURLConnection drops
                // the connection on any 401 and the answer's body with it (a JSON error such as
                // signature_expired). The body is a byte array already; the buffer costs a copy.
                c.setDoOutput(true);
                if (streamingBodies) c.setFixedLengthStreamingMode(p.body().length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(p.body());
                }
            }
            return c;
        } catch (ConnectException e) {
            throw new NotReachableException(p.uri(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + p.uri().getPath() + " failed", e);
        }
    }

    private static Map<String, String> headers(HttpURLConnection c) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.getHeaderFields().forEach((k, v) -> { if (k != null && v != null && !v.isEmpty()) out.put(k, String.join(",", v)); });
        return out;
    }

    /**
     * The SigV4 headers for the request (Authorization, X-Amz-Date, x-amz-content-sha256, and the session
     * token if any), signed over the Host header the connection sends and the given headers.
     */
    private Map<String, String> sigV4(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(b::putHeader);
        b.putHeader("Host", uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        AwsCredentialsIdentity identity = credentials.sessionToken() == null
                ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
                : software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
        SignedRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(b.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                added.put(name, String.join(",", values));
            }
        });
        return added;
    }
}

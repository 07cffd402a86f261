package io.payhook.local;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SigV4 (service {@code execute-api}) for the local gateway, done by the AWS SDK's own signer:
 * verification re-signs the request as received — same method, path, query, the headers it
 * says it signed, the same date — and compares the result in constant time. The same class
 * signs the CLI's requests.
 */
public final class SigV4 {
    public static final String SERVICE = "execute-api";
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*SignedHeaders=([a-z0-9;_.-]+),\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Why a request was refused. */
    public enum Failure { MISSING, MALFORMED, UNKNOWN_KEY, WRONG_SCOPE, EXPIRED, MISMATCH }

    /** A refused request; the message is safe to show. */
    public static final class Refused extends Exception {
        private final Failure failure;

        Refused(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }

        public Failure failure() { return failure; }
    }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final Duration maxSkew;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SigV4(String accessKeyId, String secretAccessKey, String region, Duration maxSkew, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** The access key id a verified request was signed with: the caller's principal locally (the audit trail's). */
    public String accessKeyId() { return accessKeyId; }

    /**
     * Verifies a received request.
     *
     * @param rawPath  the path exactly as received (still percent-encoded)
     * @param rawQuery the query string as received, or null
     * @param headers  header name (any case) → values
     */
    public void verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body)
            throws Refused {
        String auth = first(headers, "authorization");
        if (auth == null) throw new Refused(Failure.MISSING, "Missing AWS SigV4 Authorization header.");
        Matcher m = AUTH.matcher(auth);
        if (!m.matches()) throw new Refused(Failure.MALFORMED, "Malformed AWS SigV4 Authorization header.");
        if (!m.group(1).equals(accessKeyId)) throw new Refused(Failure.UNKNOWN_KEY, "The access key is not known.");
        if (!m.group(3).equals(region) || !m.group(4).equals(SERVICE)) {
            throw new Refused(Failure.WRONG_SCOPE, "The credential scope must be " + region + "/" + SERVICE + ".");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) throw new Refused(Failure.MALFORMED, "Missing X-Amz-Date header.");
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new Refused(Failure.MALFORMED, "Malformed X-Amz-Date header.");
        }
        if (!amzDate.startsWith(m.group(2))) throw new Refused(Failure.MALFORMED, "The credential date does not match X-Amz-Date.");
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(maxSkew) > 0) {
            throw new Refused(Failure.EXPIRED, "The signature date is more than " + maxSkew.toMinutes() + " minutes from now.");
        }
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        if (!signedHeaders.contains("host")) throw new Refused(Failure.MALFORMED, "The Host header must be signed.");
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)))
                .uri(URI.create("http://" + first(headers, "host") + rawPath + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery)));
        for (String h : signedHeaders) {
            List<String> values = values(headers, h);
            if (values == null) throw new Refused(Failure.MALFORMED, "A signed header is missing: " + h);
            b.putHeader(h, values);
        }
        String expected = signature(b.build(), body, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(Failure.MISMATCH, "The AWS SigV4 signature does not match.");
        }
    }

    /**
     * The signature of {@code request} (exactly the headers it holds) at {@code at}, computed by the
     * SDK's own SigV4 request signer. The SDK's high-level signer also adds and signs an
     * {@code x-amz-content-sha256} header, which clients such as curl do not send; the request
     * signer underneath it signs only what the request carries, as API Gateway checks it.
     */
    String signature(SdkHttpRequest request, byte[] body, Instant at) {
        var properties = software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties.builder()
                .credentials(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                .credentialScope(new software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope(region, SERVICE, at))
                .signingClock(Clock.fixed(at, ZoneOffset.UTC))
                .doubleUrlEncode(true)
                .normalizePath(true)
                .build();
        String contentHash = java.util.HexFormat.of().formatHex(sha256(body));
        return new software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner(properties, contentHash)
                .sign(request.toBuilder()).getSignature();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs an outgoing request now: returns the headers to add (Authorization, X-Amz-Date, x-amz-content-sha256). */
    public Map<String, String> signHeaders(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(b::putHeader);
        SignedRequest signed = signer.sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                .request(b.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new java.util.LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                added.put(name, String.join(",", values));
            }
        });
        return added;
    }

    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> out = null;
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                if (out == null) out = new ArrayList<>();
                out.addAll(e.getValue());
            }
        }
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = values(headers, name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String amzDate(Instant t) { return AMZ_DATE.format(t); }
}

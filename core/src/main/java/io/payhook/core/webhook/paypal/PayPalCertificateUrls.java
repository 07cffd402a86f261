package io.payhook.core.webhook.paypal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code PAYPAL-CERT-URL} values payhook will fetch: the allowlist, checked before any request
 * is made, so that a delivery cannot make payhook call an address of its choosing (SSRF).
 *
 * <p>A URL is allowed only when, parsed strictly ({@link URI}), it is exactly
 * {@code https://<allowed host>[:<allowed port>]/v1/notifications/certs/<certificate id>}:
 * <ul>
 *   <li>scheme {@code https} (never {@code http});</li>
 *   <li>an allowed host, compared exactly (case-insensitive): {@code api.paypal.com.evil.example},
 *       {@code evil.example}, an IP address, a trailing dot are all other hosts;</li>
 *   <li>the allowed port — for PayPal's hosts the default 443 (written or not), no other;</li>
 *   <li>no user info ({@code https://api.paypal.com@evil.example/…} names the host {@code evil.example}
 *       and is refused for the user info alone), no query, no fragment, no percent-encoding, no
 *       backslash or whitespace anywhere;</li>
 *   <li>the path {@code /v1/notifications/certs/} followed by one segment of letters, digits and
 *       {@code -} ({@code CERT-360caa42-fca2a594-a5cafa77}); no {@code ..}, no further segment.</li>
 * </ul>
 * {@link #allowed} returns the URL rebuilt from those checked parts, and that rebuilt URL is the
 * only one handed to the {@link io.payhook.core.port.CertificateSource}.
 *
 * <p>{@link #PAYPAL} — the production default — is PayPal's live and sandbox API hosts. Tests point
 * the allowlist at a local HTTPS host ({@code 127.0.0.1:<port>}) through the composition root
 * ({@link PayPalProvider.Settings}), and nowhere else.
 */
public final class PayPalCertificateUrls {
    /** The path under which PayPal publishes its message-signing certificates. */
    public static final String CERT_PATH = "/v1/notifications/certs/";

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern CERT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,127}");
    private static final int MAX_URL = 500; // PayPal's own limit for cert_url in verify-webhook-signature

    /** PayPal's API hosts, live and sandbox (the hosts PayPal's own SDKs and deliveries name), port 443. */
    public static final PayPalCertificateUrls PAYPAL = of(
            "api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com");

    /** An allowed host and port (443 unless given). */
    public record Origin(String host, int port) {
        public Origin {
            host = host.toLowerCase(Locale.ROOT);
            if (!HOST.matcher(host).matches()) throw new IllegalArgumentException("not a host name or IPv4 address: " + host);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        }
    }

    private final Set<Origin> origins;

    private PayPalCertificateUrls(Set<Origin> origins) {
        if (origins.isEmpty()) throw new IllegalArgumentException("at least one certificate host");
        this.origins = Set.copyOf(origins);
    }

    /** An allowlist of {@code host} or {@code host:port} entries (port 443 when not given). */
    public static PayPalCertificateUrls of(String... hostsOrHostPorts) { return of(List.of(hostsOrHostPorts)); }

    public static PayPalCertificateUrls of(List<String> hostsOrHostPorts) {
        Set<Origin> set = new LinkedHashSet<>();
        for (String h : hostsOrHostPorts) {
            int colon = h.lastIndexOf(':');
            if (colon < 0) set.add(new Origin(h, 443));
            else set.add(new Origin(h.substring(0, colon), Integer.parseInt(h.substring(colon + 1))));
        }
        return new PayPalCertificateUrls(set);
    }

    public Set<Origin> origins() { return origins; }

    /**
     * The URL to fetch, rebuilt from its checked parts, or empty when {@code raw} is not an allowed
     * certificate URL (see the class comment). Pure: no lookup, no request.
     */
    public Optional<URI> allowed(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_URL) return Optional.empty();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '\\' || c == '%' || c == '@' || c == '?' || c == '#') return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!uri.isAbsolute() || uri.isOpaque() || !"https".equalsIgnoreCase(uri.getScheme())) return Optional.empty();
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) return Optional.empty();
        String host = uri.getHost();
        if (host == null || uri.getRawAuthority() == null) return Optional.empty();
        if (!uri.getRawAuthority().equals(host) && !uri.getRawAuthority().equals(host + ":" + uri.getPort())) {
            return Optional.empty(); // "host:" with an empty port, or anything else the parser tolerated
        }
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        Origin origin;
        try {
            origin = new Origin(host, port);
        } catch (IllegalArgumentException notAHost) {
            return Optional.empty();
        }
        if (!origins.contains(origin)) return Optional.empty();
        String path = uri.getRawPath();
        if (path == null || !path.startsWith(CERT_PATH)) return Optional.empty();
        String id = path.substring(CERT_PATH.length());
        if (!CERT_ID.matcher(id).matches()) return Optional.empty();
        String authority = origin.host() + (origin.port() == 443 ? "" : ":" + origin.port());
        return Optional.of(URI.create("https://" + authority + CERT_PATH + id));
    }

    @Override
    public String toString() { return "PayPalCertificateUrls" + origins; }
}

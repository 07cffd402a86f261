package io.payhook.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.payhook.functions.Http;
import io.payhook.functions.JsonLog;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The operator console's server side, the same for both ways of opening it (docs/CONSOLE.md):
 * <ul>
 *   <li>{@code GET /console/} and its assets, from the class path ({@code console/*}), with a Content-Security-Policy
 *       that allows no inline script or style, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer};
 *       the page gets a session cookie (HttpOnly, SameSite=Strict);</li>
 *   <li>{@code GET /console/api/session}: the session's CSRF token for the page;</li>
 *   <li>{@code /console/api/<route>}: the payhook routes of {@link ConsoleRoutes} only, signed with SigV4 by
 *       {@link SigningForwarder} and sent to the one API this server was made for — {@code ./payhook serve}'s own
 *       port with the local key pair ({@link #local}), or a deployed stage with the operator's AWS credentials
 *       ({@link #proxy}). A call that changes something must carry the session's token in
 *       {@value ConsoleSessions#TOKEN_HEADER} and come from the console's own origin;</li>
 *   <li>{@code GET /console/api/overview}: the last hour of the local server's counters ({@link MetricsHistory}), or in
 *       proxy mode of the stack's CloudWatch metrics ({@link CloudWatchOverview}).</li>
 * </ul>
 * Every answer is refused unless the request's {@code Host} is the loopback address (a page of another site that
 * re-points its name at 127.0.0.1 gets nothing). No credential, key or signature ever goes to the browser.
 */
public final class ConsoleServer implements AutoCloseable {
    /** The console's path prefix. */
    public static final String PREFIX = "/console/";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    /** The largest body the console forwards (a reason or a filter is far smaller). */
    static final int MAX_BODY = 16 * 1024;

    private final String mode;
    private final SigningForwarder forwarder;
    private final MetricsHistory history;
    /** The overview's figures, or null: not available. */
    private final Supplier<Map<String, Object>> overview;
    /** Closed with the server (the CloudWatch client), or null. */
    private final AutoCloseable resource;
    private final ConsoleSessions sessions;
    private final ScheduledExecutorService timer;
    private volatile HttpServer standalone;
    private volatile ExecutorService standaloneExecutor;

    private ConsoleServer(String mode, SigningForwarder forwarder, MetricsHistory history, Supplier<Map<String, Object>> overview,
                          AutoCloseable resource, Clock clock) {
        this.mode = mode;
        this.forwarder = forwarder;
        this.history = history;
        this.overview = history != null ? history::answer : overview;
        this.resource = resource;
        this.sessions = new ConsoleSessions(clock);
        if (history != null) {
            history.sample(); // the baseline: the counters as the console starts
            timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("payhook-console-metrics").unstarted(r));
            long every = MetricsHistory.INTERVAL.toMillis();
            timer.scheduleAtFixedRate(history::sample, every, every, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * The console of {@code ./payhook serve}: its calls go to the local API at {@code api}, signed with the local key
     * pair (audited under that access key id like any SigV4 client's); the overview samples {@code metrics} (the
     * Prometheus text of {@code GET /metrics}).
     */
    public static ConsoleServer local(URI api, String accessKeyId, String secretAccessKey, String region,
                                      Supplier<String> metrics, Clock clock) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        return new ConsoleServer("local", new SigningForwarder(api, region, credentials), new MetricsHistory(metrics, clock), null, null, clock);
    }

    /**
     * The console of {@code ./payhook console --api URL}: its calls go to that deployed API only (its stage path kept),
     * signed with {@code credentials} (the operator's: the SDK's default chain or a named profile).
     *
     * @throws IllegalArgumentException the URL is not an http(s) URL of a host
     */
    public static ConsoleServer proxy(URI api, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials, Clock clock) {
        return new ConsoleServer("proxy", new SigningForwarder(api, region, credentials), null, null, null, clock);
    }

    /**
     * {@link #proxy}, with the overview's charts read from CloudWatch (namespace {@code Payhook}) in {@code region}
     * with the same credentials.
     */
    public static ConsoleServer proxyWithCloudWatch(URI api, String region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                                    Clock clock) {
        software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch = software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(region)).credentialsProvider(credentials)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        CloudWatchOverview figures = new CloudWatchOverview(CloudWatchOverview.of(cloudWatch), region, clock);
        return new ConsoleServer("proxy", new SigningForwarder(api, region, credentials), null, figures, cloudWatch, clock);
    }

    /** What to tell a person when {@code e}, from a credentials provider, says none could be found. */
    public static String credentialsProblem(Throwable e) { return SigningForwarder.credentialsProblem(e); }

    /** The API the console's calls go to. */
    public URI api() { return forwarder.base(); }

    /** Whether {@code rawPath} is the console's ({@code /console} or under {@code /console/}). */
    public static boolean handles(String rawPath) {
        return rawPath.equals("/console") || rawPath.startsWith(PREFIX);
    }

    /**
     * Serves its own HTTP server on 127.0.0.1:{@code port} (0: any free one), for {@code ./payhook console};
     * {@code /} leads to {@code /console/}. Returns the port.
     */
    public int listen(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", x -> {
            try (x) {
                String rawPath = x.getRequestURI().getRawPath();
                byte[] body = x.getRequestBody().readNBytes(MAX_BODY + 1);
                if (rawPath == null || !handles(rawPath)) {
                    if ("/".equals(rawPath) && hostAllowed(x)) {
                        x.getResponseHeaders().set("Location", PREFIX);
                        securityHeaders(x);
                        x.sendResponseHeaders(302, -1);
                    } else {
                        send(x, error(404, "route_not_found", "No such page: the console is at " + PREFIX + "."));
                    }
                    return;
                }
                handle(x, x.getRequestMethod(), rawPath, x.getRequestURI().getRawQuery(), body);
            }
        });
        server.start();
        standalone = server;
        standaloneExecutor = executor;
        return server.getAddress().getPort();
    }

    /** A response: status, content type, body, and extra headers. */
    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        Answer with(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, contentType, body, h);
        }
    }

    /**
     * Answers one request under {@code /console} (see {@link #handles}); {@code body} is the request's, already read
     * (a body over {@link #MAX_BODY} is refused). The caller closes the exchange.
     */
    public void handle(HttpExchange x, String method, String rawPath, String rawQuery, byte[] body) throws IOException {
        Answer a;
        try {
            a = answer(x, method, rawPath, rawQuery, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = error(503, "console_unavailable", "The console is stopping.");
        } catch (RuntimeException e) {
            JsonLog.error("console error", "error", e.getClass().getSimpleName());
            a = error(500, "internal_error", "The request could not be processed.");
        }
        send(x, a);
    }

    private Answer answer(HttpExchange x, String method, String rawPath, String rawQuery, byte[] body) throws InterruptedException {
        if (!hostAllowed(x)) {
            return error(403, "host_not_allowed", "The console answers only at 127.0.0.1 or localhost.");
        }
        if (rawPath.equals("/console")) {
            return new Answer(301, null, new byte[0], Map.of("Location", PREFIX));
        }
        String rest = rawPath.substring(PREFIX.length());
        if (rest.equals("api") || rest.startsWith("api/")) {
            return api(x, method, rest.equals("api") ? "" : rest.substring(3), rawQuery, body)
                    .with("Cache-Control", "no-store");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(405, "method_not_allowed", "Use GET.").with("Allow", "GET, HEAD");
        }
        if (rest.isEmpty()) {
            Answer page = asset("index.html");
            if (sessions.csrfOf(x.getRequestHeaders().getFirst("Cookie")).isEmpty()) {
                page = page.with("Set-Cookie", ConsoleSessions.setCookie(sessions.open()));
            }
            return page.with("Cache-Control", "no-store");
        }
        if (!ASSET.matcher(rest).matches()) return error(404, "route_not_found", "No such page.");
        return asset(rest).with("Cache-Control", "no-cache");
    }

    private Answer api(HttpExchange x, String method, String route, String rawQuery, byte[] body) throws InterruptedException {
        Optional<String> csrf = sessions.csrfOf(x.getRequestHeaders().getFirst("Cookie"));
        if (csrf.isEmpty()) {
            return error(401, "console_session_required", "The console session has expired or the server restarted: reload the page.");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            if (!sameOrigin(x)) {
                return error(403, "cross_origin_refused", "Changes are accepted only from the console's own page.");
            }
            if (!ConsoleSessions.tokenMatches(csrf.get(), x.getRequestHeaders().getFirst(ConsoleSessions.TOKEN_HEADER))) {
                return error(403, "csrf_token_invalid", "The request did not carry the console session's token: reload the page.");
            }
        }
        if (route.equals("/session")) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.").with("Allow", "GET");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("csrf_token", csrf.get());
            m.put("mode", mode);
            m.put("api", forwarder.base().getHost() + (forwarder.base().getPort() < 0 ? "" : ":" + forwarder.base().getPort())
                    + forwarder.base().getRawPath());
            return json(200, m);
        }
        if (route.equals("/overview")) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.").with("Allow", "GET");
            if (overview == null) {
                return error(501, "not_available_in_proxy_mode", "The charts read the local server's metrics; against a "
                        + "deployed stack look at its CloudWatch dashboard and alarms (namespace Payhook).");
            }
            try {
                return json(200, overview.get());
            } catch (RuntimeException e) {
                JsonLog.warn("console overview not read", "error", e.getClass().getSimpleName());
                return error(502, "metrics_unavailable", "The metrics could not be read: " + firstLine(e.getMessage()));
            }
        }
        switch (ConsoleRoutes.check(method, route)) {
            case NOT_ALLOWED -> {
                return error(404, "route_not_allowed", "The console does not forward this route.");
            }
            case WRONG_METHOD -> {
                return error(405, "method_not_allowed", "Use " + ConsoleRoutes.allow(route).orElse("GET") + ".")
                        .with("Allow", ConsoleRoutes.allow(route).orElse("GET"));
            }
            default -> { }
        }
        if (body.length > MAX_BODY) return error(413, "payload_too_large", "The body is larger than the console forwards.");
        if (body.length > 0 && !isJson(x.getRequestHeaders().getFirst("Content-Type"))) {
            return error(415, "unsupported_media_type", "Send the body as application/json.");
        }
        try {
            SigningForwarder.Answer r = forwarder.send(method, route, rawQuery, body);
            return new Answer(r.status(), r.contentType(), r.body(), Map.of());
        } catch (SigningForwarder.Failed f) {
            JsonLog.warn("console call not forwarded", "error", f.code);
            return error(502, f.code, f.getMessage());
        }
    }

    /**
     * The request comes from a page of the console's own origin: its {@code Origin} is {@code http://<Host>}, or, when
     * a browser sent none, {@code Sec-Fetch-Site} is {@code same-origin}.
     */
    static boolean sameOrigin(HttpExchange x) {
        String origin = x.getRequestHeaders().getFirst("Origin");
        String host = x.getRequestHeaders().getFirst("Host");
        if (origin != null) return host != null && origin.equalsIgnoreCase("http://" + host);
        return "same-origin".equals(x.getRequestHeaders().getFirst("Sec-Fetch-Site"));
    }

    /** Whether the {@code Host} header names the loopback address (DNS rebinding gets nothing). */
    static boolean hostAllowed(HttpExchange x) {
        String host = x.getRequestHeaders().getFirst("Host");
        if (host == null) return false;
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) return "no reason given.";
        int nl = s.indexOf('\n');
        String first = nl < 0 ? s : s.substring(0, nl);
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private Answer asset(String name) {
        try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) return error(404, "route_not_found", "No such page.");
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new Answer(200, TYPES.get(ext), in.readAllBytes(), Map.of());
        } catch (IOException e) {
            return error(500, "internal_error", "The page could not be read.");
        }
    }

    private static Answer json(int status, Object body) {
        return new Answer(status, "application/json", Http.json(status, body).getBody().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, "application/json", Http.error(status, code, message).getBody().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void securityHeaders(HttpExchange x) {
        var h = x.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static void send(HttpExchange x, Answer a) throws IOException {
        securityHeaders(x);
        if (a.contentType() != null) x.getResponseHeaders().set("Content-Type", a.contentType());
        a.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
        boolean head = x.getRequestMethod().equals("HEAD");
        byte[] out = a.body();
        x.sendResponseHeaders(a.status(), head || out.length == 0 ? -1 : out.length);
        if (!head && out.length > 0) {
            try (OutputStream os = x.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /** The response headers every console answer carries (for the docs and the tests). */
    static List<String> securityHeaderNames() {
        return List.of("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options");
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        HttpServer s = standalone;
        if (s != null) s.stop(0);
        ExecutorService e = standaloneExecutor;
        if (e != null) e.shutdownNow();
    }
}

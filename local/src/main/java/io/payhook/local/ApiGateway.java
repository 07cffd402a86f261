package io.payhook.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.payhook.core.protection.CardData;
import io.payhook.functions.Http;
import io.payhook.functions.IngestHandler;
import io.payhook.functions.JsonLog;
import io.payhook.functions.NotifyRequestHandler;
import io.payhook.functions.QueryHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local stand-in for API Gateway: checks SigV4 like {@code AWS_IAM} authorisation does
 * (every route but {@code /health} and {@code /metrics}, open on the loopback server, and the operator console under
 * {@code /console/}, which signs its own calls back to this gateway), turns each
 * request into the same proxy event API Gateway sends, and calls the same handler classes Lambda runs.
 *
 * <p>Each request gets an X-Ray trace id ({@code Root=1-<8 hex epoch seconds>-<24 hex>}; a well-formed
 * {@code X-Amzn-Trace-Id} sent by the caller is continued, as API Gateway does): it is passed to the handler
 * in the proxy event's {@code X-Amzn-Trace-Id} header, and returned in the answer's, so a person can find
 * the request's log lines.
 */
final class ApiGateway implements AutoCloseable {
    /** Larger bodies are refused before they reach a handler (API Gateway has its own cap too). */
    static final int MAX_READ = 1024 * 1024;
    /** Request header limits (431 {@code request_headers_too_large}): one value, and all names and values together. */
    static final int MAX_HEADER_VALUE = 8 * 1024;
    static final int MAX_HEADERS_TOTAL = 32 * 1024;
    /** Longest raw path plus query (414 {@code uri_too_long}). */
    static final int MAX_URI = 8 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final SigV4 sigv4;
    private final IngestHandler ingest;
    private final QueryHandler query;
    private final NotifyRequestHandler notify;
    private final io.payhook.functions.NotificationOpsHandler ops;
    private final Supplier<Map<String, Object>> health;
    private final Supplier<String> metrics;
    private final java.time.Clock clock;
    /** The operator console at {@code /console/}, answered before SigV4 (the browser does not sign; the console signs its own calls). */
    private volatile io.payhook.local.console.ConsoleServer console;

    /** The header API Gateway passes the X-Ray trace id in, to the function and back to the caller. */
    static final String TRACE_HEADER = "X-Amzn-Trace-Id";
    private static final java.util.regex.Pattern TRACE_ROOT = java.util.regex.Pattern.compile("(?:^|;)\\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})\\s*(?:;|$)");

    /**
     * @param metrics the Prometheus text of {@code GET /metrics}
     * @param ops     {@code GET /notifications}, {@code POST|GET /notifications/redrive}
     */
    ApiGateway(int port, SigV4 sigv4, IngestHandler ingest, QueryHandler query, NotifyRequestHandler notify,
               io.payhook.functions.NotificationOpsHandler ops, Supplier<Map<String, Object>> health, Supplier<String> metrics,
               java.time.Clock clock) throws IOException {
        this.ops = ops;
        this.metrics = metrics;
        this.clock = clock;
        this.sigv4 = sigv4;
        this.ingest = ingest;
        this.query = query;
        this.notify = notify;
        this.health = health;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
    }

    void start() { server.start(); }

    /** Serves the operator console at {@code /console/} (before {@link #start()}). */
    void mount(io.payhook.local.console.ConsoleServer console) { this.console = console; }

    int port() { return server.getAddress().getPort(); }

    private void exchange(HttpExchange x) throws IOException {
        try (x) {
            String traceId = traceId(x.getRequestHeaders().getFirst(TRACE_HEADER), clock);
            x.getResponseHeaders().set(TRACE_HEADER, traceId);
            String method = x.getRequestMethod();
            String rawPath = x.getRequestURI().getRawPath();
            String rawQuery = x.getRequestURI().getRawQuery();
            if (rawPath == null || !rawPath.startsWith("/")) rawPath = "/" + (rawPath == null ? "" : rawPath);
            String oversized = oversizedHeaders(x.getRequestHeaders());
            if (oversized != null) {
                respond(x, error(431, "request_headers_too_large", oversized));
                return;
            }
            if (rawPath.length() + (rawQuery == null ? 0 : rawQuery.length()) > MAX_URI) {
                respond(x, error(414, "uri_too_long", "The path and query are longer than " + MAX_URI / 1024 + " KiB."));
                return;
            }
            byte[] body = read(x.getRequestBody());
            if (body == null) {
                respond(x, error(413, "payload_too_large", "The body is larger than the limit."));
                return;
            }
            io.payhook.local.console.ConsoleServer c = console;
            if (c != null && io.payhook.local.console.ConsoleServer.handles(rawPath)) {
                c.handle(x, method, rawPath, rawQuery, body);
                return;
            }
            if (rawPath.equals("/health")) {
                respond(x, method.equals("GET") ? json(200, health.get()) : error(405, "method_not_allowed", "Use GET."));
                return;
            }
            if (rawPath.equals("/metrics")) {
                respond(x, method.equals("GET") ? text(200, metrics.get(), PrometheusMetrics.CONTENT_TYPE)
                        : error(405, "method_not_allowed", "Use GET."));
                return;
            }
            try {
                sigv4.verify(method, rawPath, rawQuery, x.getRequestHeaders(), body);
            } catch (SigV4.Refused r) {
                JsonLog.warn("request refused: SigV4", "error", "iam_" + r.failure().name().toLowerCase(java.util.Locale.ROOT), "path", rawPath);
                // the message may name a signed header from the request: never echo a card number
                respond(x, error(403, r.failure() == SigV4.Failure.MISSING ? "missing_authentication" : "invalid_signature",
                        CardData.maskPans(r.getMessage())));
                return;
            }
            respond(x, route(method, rawPath, rawQuery, x, body, traceId));
        } catch (RuntimeException e) {
            JsonLog.error("gateway error", "error", e.getClass().getSimpleName());
            try {
                respond(x, error(500, "internal_error", "The request could not be processed."));
            } catch (IOException ignored) {
                // client gone
            }
        }
    }

    private APIGatewayProxyResponseEvent route(String method, String rawPath, String rawQuery, HttpExchange x, byte[] body, String traceId) {
        String[] seg = rawPath.split("/", -1);
        if (rawPath.equals("/webhooks/payment")) {
            if (!method.equals("POST")) return error(405, "method_not_allowed", "Use POST.");
            return ingest.handleRequest(event(method, x.getRequestHeaders(), "/webhooks/payment", rawPath, rawQuery, body, Map.of(), traceId), null);
        }
        if (rawPath.equals("/audit")) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.");
            return query.handleRequest(event(method, x.getRequestHeaders(), "/audit", rawPath, rawQuery, body, Map.of(), traceId), null);
        }
        if (rawPath.equals("/transactions")) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.");
            return query.handleRequest(event(method, x.getRequestHeaders(), QueryHandler.SEARCH_RESOURCE, rawPath, rawQuery, body, Map.of(), traceId), null);
        }
        if (seg.length == 3 && seg[1].equals("transactions") && !seg[2].isEmpty()) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.");
            return query.handleRequest(event(method, x.getRequestHeaders(), "/transactions/{id}", rawPath, rawQuery, body, Map.of("id", decode(seg[2])), traceId), null);
        }
        if (rawPath.equals("/notifications/replay")) {
            if (!method.equals("POST")) return error(405, "method_not_allowed", "Use POST.");
            return notify.handleRequest(event(method, x.getRequestHeaders(), "/notifications/replay", rawPath, rawQuery, body, Map.of(), traceId), null);
        }
        if (seg.length == 4 && seg[1].equals("notifications") && seg[2].equals("replay") && !seg[3].isEmpty()) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.");
            return notify.handleRequest(event(method, x.getRequestHeaders(), "/notifications/replay/{job_id}", rawPath, rawQuery, body,
                    Map.of("job_id", decode(seg[3])), traceId), null);
        }
        if (rawPath.equals("/notifications")) {
            if (!method.equals("GET")) return error(405, "method_not_allowed", "Use GET.");
            return ops.handleRequest(event(method, x.getRequestHeaders(), "/notifications", rawPath, rawQuery, body, Map.of(), traceId), null);
        }
        if (rawPath.equals("/notifications/redrive")) {
            if (!method.equals("GET") && !method.equals("POST")) return error(405, "method_not_allowed", "Use GET or POST.");
            return ops.handleRequest(event(method, x.getRequestHeaders(), "/notifications/redrive", rawPath, rawQuery, body, Map.of(), traceId), null);
        }
        if (seg.length == 4 && seg[1].equals("transactions") && seg[3].equals("notify") && !seg[2].isEmpty()) {
            if (!method.equals("POST")) return error(405, "method_not_allowed", "Use POST.");
            return notify.handleRequest(event(method, x.getRequestHeaders(), "/transactions/{id}/notify", rawPath, rawQuery, body, Map.of("id", decode(seg[2])), traceId), null);
        }
        return error(404, "route_not_found", "No such route.");
    }

    /**
     * The API Gateway REST (v1) proxy event for this request: the caller's headers, and the trace id in
     * {@code X-Amzn-Trace-Id} (in place of any the caller sent, in whatever letter case).
     */
    APIGatewayProxyRequestEvent event(String method, Map<String, List<String>> requestHeaders, String resource, String rawPath,
                                      String rawQuery, byte[] body, Map<String, String> pathParams, String traceId) {
        return event(method, requestHeaders, resource, rawPath, rawQuery, body, pathParams, traceId, sigv4.accessKeyId());
    }

    /**
     * The API Gateway REST (v1) proxy event for this request, as {@link #event(String, Map, String, String, String, byte[], Map, String)};
     * {@code accessKeyId}, the SigV4 key the request was signed with, goes where API Gateway puts the caller's:
     * {@code requestContext.identity.accessKey} (the audit trail's principal locally).
     */
    static APIGatewayProxyRequestEvent event(String method, Map<String, List<String>> requestHeaders, String resource, String rawPath,
                                             String rawQuery, byte[] body, Map<String, String> pathParams, String traceId,
                                             String accessKeyId) {
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
        e.setHttpMethod(method);
        e.setResource(resource);
        e.setPath(decode(rawPath));
        Map<String, String> single = new HashMap<>();
        Map<String, List<String>> multi = new HashMap<>();
        requestHeaders.forEach((k, v) -> {
            if (k == null || k.equalsIgnoreCase(TRACE_HEADER)) return;
            single.put(k, v.isEmpty() ? "" : v.get(v.size() - 1));
            multi.put(k, List.copyOf(v));
        });
        single.put(TRACE_HEADER, traceId);
        multi.put(TRACE_HEADER, List.of(traceId));
        e.setHeaders(single);
        e.setMultiValueHeaders(multi);
        e.setQueryStringParameters(query(rawQuery));
        e.setMultiValueQueryStringParameters(multiQuery(rawQuery));
        e.setPathParameters(pathParams.isEmpty() ? null : pathParams);
        if (body.length > 0) {
            if (isUtf8(body)) {
                e.setBody(new String(body, StandardCharsets.UTF_8));
                e.setIsBase64Encoded(false);
            } else {
                e.setBody(Base64.getEncoder().encodeToString(body));
                e.setIsBase64Encoded(true);
            }
        }
        var ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId(UUID.randomUUID().toString());
        ctx.setHttpMethod(method);
        ctx.setResourcePath(resource);
        ctx.setStage("local");
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setAccessKey(accessKeyId);
        ctx.setIdentity(identity);
        e.setRequestContext(ctx);
        return e;
    }

    /**
     * The trace id of a request: {@code Root=<root>} of a well-formed {@code X-Amzn-Trace-Id} the caller sent
     * (API Gateway continues the caller's trace), else a new root, {@code Root=1-<8 hex epoch seconds>-<24 hex>}.
     */
    static String traceId(String sent, java.time.Clock clock) {
        if (sent != null && sent.length() <= 256) {
            java.util.regex.Matcher m = TRACE_ROOT.matcher(sent);
            if (m.find()) return "Root=" + m.group(1);
        }
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return String.format(java.util.Locale.ROOT, "Root=1-%08x-%08x%016x", clock.instant().getEpochSecond() & 0xffffffffL,
                r.nextInt(), r.nextLong());
    }

    static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            m.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return m;
    }

    /** Every value of each query parameter, in order, as API Gateway's {@code multiValueQueryStringParameters}. */
    static Map<String, List<String>> multiQuery(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            m.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new java.util.ArrayList<>())
                    .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return m;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Why the request headers are refused (a safe sentence), or null when they are within the limits. */
    static String oversizedHeaders(Map<String, List<String>> headers) {
        long total = 0;
        for (var e : headers.entrySet()) {
            for (String v : e.getValue()) {
                int len = v == null ? 0 : v.length();
                if (len > MAX_HEADER_VALUE) return "A request header value is longer than " + MAX_HEADER_VALUE / 1024 + " KiB.";
                total += e.getKey().length() + len + 4;
            }
        }
        return total > MAX_HEADERS_TOTAL ? "The request headers are larger than " + MAX_HEADERS_TOTAL / 1024 + " KiB in total." : null;
    }

    /** The body, or null when it is larger than {@link #MAX_READ}. */
    private static byte[] read(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_READ + 1);
        if (b.length > MAX_READ) {
            in.skip(Long.MAX_VALUE);
            return null;
        }
        return b;
    }

    /** The gateway's own answers are written like the handlers' (one JSON writer, one error shape). */
    private static APIGatewayProxyResponseEvent json(int status, Object body) {
        return Http.json(status, body);
    }

    static APIGatewayProxyResponseEvent error(int status, String code, String message) {
        return Http.error(status, code, message);
    }

    private static APIGatewayProxyResponseEvent text(int status, String body, String contentType) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(Map.of("Content-Type", contentType)).withBody(body);
    }

    private static void respond(HttpExchange x, APIGatewayProxyResponseEvent r) throws IOException {
        byte[] out = r.getBody() == null ? new byte[0] : r.getBody().getBytes(StandardCharsets.UTF_8);
        if (r.getHeaders() != null) r.getHeaders().forEach((k, v) -> x.getResponseHeaders().set(k, v));
        x.sendResponseHeaders(r.getStatusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = x.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The request-scoped context of one handler invocation: its request id and X-Ray trace id, which every
 * {@link JsonLog} line written on the handler's thread carries, and what is collected for it (the metrics
 * of the invocation, flushed when it ends). Each handler opens one at the start and closes it at the end
 * ({@code try (Invocation i = Invocation.begin(...))}); ApiHandler for every API route, the SQS, stream and
 * SNS handlers for theirs. Thread-bound, so the local server's concurrent requests keep theirs apart.
 *
 * <p><b>The trace id, per invocation.</b> In the Java runtime {@code _X_AMZN_TRACE_ID} is read once per
 * process (the JVM's environment cannot change), so it names the first invocation's trace at best. The
 * runtime sets the current invocation's header in the system property {@value #TRACE_HEADER_PROPERTY} before
 * each call (aws-lambda-java-libs, runtime interface client, {@code AWSLambda.startRuntimeLoop}), and since
 * aws-lambda-java-core 1.4.0 {@link Context#getXrayTraceId()} returns it too. An API request also carries
 * the {@code X-Amzn-Trace-Id} header (API Gateway passes it; the local gateway makes one per request). The
 * first of: the context, the system property, the request header — its {@code Root=} value is the trace id.
 *
 * <p><b>Public API for the local runner:</b> {@link #begin(String, String)} with the id and trace header the
 * local gateway made, when it calls a handler that does not open its own; handlers called with a null
 * context take the request header only.
 */
public final class Invocation implements AutoCloseable {
    /** Set by the Java Lambda runtime before each invocation: the X-Ray trace header. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** The HTTP header API Gateway (and the local gateway) pass the trace in. */
    public static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();
    private static final List<Consumer<Invocation>> END_HOOKS = new CopyOnWriteArrayList<>();

    private final String requestId;
    private final String traceId;
    private final Invocation outer;
    private final Map<Object, Object> attached = new HashMap<>();
    private boolean closed;

    private Invocation(String requestId, String traceId, Invocation outer) {
        this.requestId = requestId;
        this.traceId = traceId;
        this.outer = outer;
    }

    /**
     * Opens the invocation on this thread with its request id and trace header (either may be null). An
     * invocation opened while another is open on the thread (a handler called by another) keeps the outer
     * one's ids where it has none, and gives the outer one back when it closes.
     */
    public static Invocation begin(String requestId, String traceHeader) {
        Invocation outer = CURRENT.get();
        String trace = rootOf(traceHeader);
        Invocation i = new Invocation(requestId != null ? requestId : outer == null ? null : outer.requestId,
                trace != null ? trace : outer == null ? null : outer.traceId, outer);
        CURRENT.set(i);
        return i;
    }

    /** Opens the invocation of a Lambda call: the request id and trace of {@code ctx} (may be null), else {@code requestHeader}'s trace. */
    public static Invocation begin(Context ctx, String requestId, String requestTraceHeader) {
        return begin(requestId != null ? requestId : ctx == null ? null : ctx.getAwsRequestId(), traceHeader(ctx, requestTraceHeader));
    }

    /** The invocation open on this thread, or null. */
    public static Invocation current() { return CURRENT.get(); }

    public String requestId() { return requestId; }

    /** The X-Ray trace id ({@code 1-5759e988-bd862e3fe1be46a994272793}), or null. */
    public String traceId() { return traceId; }

    /** What {@code key} holds for this invocation, made by {@code make} on first use (e.g. its metrics). */
    @SuppressWarnings("unchecked")
    public synchronized <T> T attachment(Object key, Supplier<T> make) {
        return (T) attached.computeIfAbsent(key, k -> make.get());
    }

    /** What {@code key} holds, or null. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T attachment(Object key) {
        return (T) attached.get(key);
    }

    /**
     * Runs {@code hook} with each invocation as it ends, on its thread (the composition root's metrics flush).
     * Hooks never fail the invocation: one that throws is logged by class name.
     */
    public static void onEnd(Consumer<Invocation> hook) { END_HOOKS.add(Objects.requireNonNull(hook, "hook")); }

    /** Removes a hook (tests). */
    static void removeOnEnd(Consumer<Invocation> hook) { END_HOOKS.remove(hook); }

    /** Ends the invocation: runs the end hooks, then clears it from the thread (the outer one, if any, is current again). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            for (Consumer<Invocation> h : END_HOOKS) {
                try {
                    h.accept(this);
                } catch (RuntimeException e) {
                    JsonLog.warn("invocation end hook failed", "error", e.getClass().getSimpleName());
                }
            }
        } finally {
            if (outer != null) CURRENT.set(outer);
            else CURRENT.remove();
        }
    }

    /** The trace header of this Lambda invocation: the context's, the runtime's system property, else the request's. */
    static String traceHeader(Context ctx, String requestHeader) {
        String h = null;
        if (ctx != null) {
            try {
                h = ctx.getXrayTraceId();
            } catch (RuntimeException | AbstractMethodError e) {
                h = null; // a Context built against an older aws-lambda-java-core
            }
        }
        if (blank(h)) h = System.getProperty(TRACE_HEADER_PROPERTY);
        if (blank(h)) h = requestHeader;
        return blank(h) ? null : h;
    }

    /**
     * The trace id in an X-Ray header ({@code Root=1-…;Parent=…;Sampled=1} → {@code 1-…}); a bare trace id
     * as it is; anything else (too long, odd characters: a header a client made up) → null.
     */
    static String rootOf(String header) {
        if (blank(header)) return null;
        String root = null;
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "Root=", 0, 5)) root = p.substring(5).trim();
        }
        if (root == null && !header.contains("=")) root = header.trim();
        return root != null && root.length() <= 64 && root.matches("[0-9A-Za-z-]+") ? root : null;
    }

    /** A request header, whatever its case, from API Gateway's single- and multi-value maps (either may be null). */
    static String header(Map<String, String> headers, Map<String, List<String>> multi, String name) {
        if (headers != null) for (Map.Entry<String, String> e : headers.entrySet()) if (name.equalsIgnoreCase(e.getKey())) return e.getValue();
        if (multi != null) {
            for (Map.Entry<String, List<String>> e : multi.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) return e.getValue().get(0);
            }
        }
        return null;
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * GET /health in AWS (IAM-authorised like every route): whether the function reaches the payment table
 * (a GetItem on the priming probe's partition, which never holds data) and the notification queue
 * (GetQueueAttributes, {@code ApproximateNumberOfMessages}). Answers
 * {@code {"status": "ok"|"degraded", "components": {"table": {"status": "ok", "latency_ms": 12}, "queue":
 * {"status": "ok", "approximate_messages": 3, "latency_ms": 9}}}} — 200 when every component is ok, 503 when
 * one is not (its {@code status} is {@code unreachable} and {@code error} names the exception class only).
 * Nothing secret: no names, ARNs, URLs or messages of errors. The local server's {@code /health} is its own
 * (the embedded table, queue and mail sink, with {@code up}/{@code down}); docs/API.md says how they differ.
 */
public final class HealthHandler extends ApiHandler {
    /** One component: its name and a probe that returns details (counts, never secrets) or throws when unreachable. */
    public record Component(String name, Supplier<Map<String, Object>> probe) {
        public Component {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(probe, "probe");
        }
    }

    private final List<Component> components;

    /** Lambda entry point: the table and the queue of this deployment. */
    public HealthHandler() {
        this(LambdaServices.instance().health());
        Priming.register(() -> check(LambdaServices.instance().health()));
    }

    public HealthHandler(List<Component> components) {
        super("health check failed");
        this.components = List.copyOf(components);
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        Map<String, Object> body = check(components);
        boolean ok = "ok".equals(body.get("status"));
        if (!ok) JsonLog.warn("health degraded", "components", String.valueOf(((Map<?, ?>) body.get("components")).entrySet().stream()
                .filter(e -> !"ok".equals(((Map<?, ?>) e.getValue()).get("status"))).map(Map.Entry::getKey).toList()));
        return Http.json(ok ? 200 : 503, body);
    }

    /** Probes every component in turn; the answer's body (pure apart from the probes; unit-tested). */
    static Map<String, Object> check(List<Component> components) {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ok = true;
        for (Component c : components) {
            long t0 = System.nanoTime();
            Map<String, Object> r = new LinkedHashMap<>();
            try {
                Map<String, Object> details = c.probe().get();
                r.put("status", "ok");
                if (details != null) r.putAll(details);
            } catch (RuntimeException e) {
                ok = false;
                r.put("status", "unreachable");
                r.put("error", e.getClass().getSimpleName());
            }
            r.put("latency_ms", (System.nanoTime() - t0) / 1_000_000);
            results.put(c.name(), r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "degraded");
        body.put("components", results);
        return body;
    }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditTarget;
import io.payhook.core.error.AuditUnavailableException;
import io.payhook.core.usecase.RecordAudit;

import java.util.Optional;

/**
 * Which routes are audited (PCI DSS 10.2: every call that reads or changes payment data) and what each one's record
 * says, written once. {@link ApiHandler} asks this table for every request and, for an audited route, writes the
 * record before the answer leaves ({@link #answer}). A route not listed here is not audited: {@code POST /webhooks/payment} (providers' deliveries, each
 * stored as an event), {@code GET /health} and {@code GET /metrics} (no payment data).
 */
public final class AuditedRoutes {
    private AuditedRoutes() {}

    /** An audited route: its method and API Gateway resource, and its action. */
    public enum Route {
        GET_TRANSACTION("GET", "/transactions/{id}", AuditAction.GET),
        SEARCH("GET", "/transactions", AuditAction.SEARCH),
        NOTIFY("POST", "/transactions/{id}/notify", AuditAction.NOTIFY),
        REPLAY_CREATE("POST", "/notifications/replay", AuditAction.REPLAY_CREATE),
        REPLAY_GET("GET", "/notifications/replay/{job_id}", AuditAction.REPLAY_GET),
        AUDIT_READ("GET", "/audit", AuditAction.AUDIT_READ),
        LIST_NOTIFICATIONS("GET", "/notifications", AuditAction.LIST_NOTIFICATIONS),
        REDRIVE("POST", "/notifications/redrive", AuditAction.REDRIVE),
        REDRIVE_GET("GET", "/notifications/redrive", AuditAction.REDRIVE_GET);

        public final String method;
        public final String resource;
        public final AuditAction action;

        Route(String method, String resource, AuditAction action) {
            this.method = method;
            this.resource = resource;
            this.action = action;
        }
    }

    /** The audited route a request is for, if any. */
    public static Optional<Route> of(String method, String resource) {
        for (Route r : Route.values()) if (r.method.equals(method) && r.resource.equals(resource)) return Optional.of(r);
        return Optional.empty();
    }

    /**
     * What the record of this call says: its action, target and canonical query — nothing personal
     * ({@link AuditTarget}). {@code answer} is the answer about to be sent (a new replay job's id is in it), or null
     * when the record is written before the work (the local operations, whose answer streams).
     */
    public static RecordAudit.Entry entry(Route route, APIGatewayProxyRequestEvent in, APIGatewayProxyResponseEvent answer) {
        return switch (route) {
            case GET_TRANSACTION, NOTIFY -> new RecordAudit.Entry(route.action, AuditTarget.transaction(path(in, "id")), "");
            case SEARCH -> new RecordAudit.Entry(route.action, AuditTarget.SEARCH, AuditTarget.query(Http.queryParameters(in)));
            case AUDIT_READ -> new RecordAudit.Entry(route.action, AuditTarget.AUDIT, AuditTarget.query(Http.queryParameters(in)));
            case REPLAY_GET -> new RecordAudit.Entry(route.action, AuditTarget.replay(path(in, "job_id")), "");
            case REPLAY_CREATE -> new RecordAudit.Entry(route.action, AuditTarget.replay(jobId(answer)), replayFilter(in));
            case LIST_NOTIFICATIONS -> new RecordAudit.Entry(route.action, AuditTarget.notifications(single(in, "status")),
                    AuditTarget.query(Http.queryParameters(in)));
            // the operator's reason, if any, is the record's query (masked like every recorded value)
            case REDRIVE -> new RecordAudit.Entry(route.action, AuditTarget.REDRIVE, reason(in));
            case REDRIVE_GET -> new RecordAudit.Entry(route.action, AuditTarget.REDRIVE, "");
        };
    }

    /**
     * The answer of an audited call once its record is written, or 503 {@code audit_unavailable} — the code's fixed
     * message, nothing of the answer — when it cannot be (logged with the request id and what failed, no data). An
     * answer that is already a server error ({@code store_unavailable} while DynamoDB cannot be reached: the audit
     * table usually cannot be either) carries no data and names the first cause: it is kept, the failed record
     * logged all the same.
     *
     * @param error the answer's error code, or null for a success
     */
    public static APIGatewayProxyResponseEvent answer(RecordAudit audit, Route route, APIGatewayProxyRequestEvent in, String requestId,
                                                      APIGatewayProxyResponseEvent answer, String error) {
        try {
            if (audit == null) throw new AuditUnavailableException("no audit log is wired to this route", null);
            audit.record(entry(route, in, answer), Http.principal(in), requestId, answer.getStatusCode(), error);
            return answer;
        } catch (AuditUnavailableException e) {
            return unavailable(route, requestId, e.diagnosis(), e, answer);
        } catch (RuntimeException e) {
            return unavailable(route, requestId, e.getClass().getSimpleName(),
                    new AuditUnavailableException(e.getClass().getSimpleName(), e), answer);
        }
    }

    /** The log line the stack's {@code AuditWriteFailures} metric counts (infra's metric filter matches its message). */
    public static final String WRITE_FAILED = "audit write failed";

    private static APIGatewayProxyResponseEvent unavailable(Route route, String requestId, String diagnosis, AuditUnavailableException e,
                                                            APIGatewayProxyResponseEvent answer) {
        JsonLog.error(WRITE_FAILED, "request_id", requestId, "action", route.action.wire, "error", diagnosis);
        return answer.getStatusCode() >= 500 ? answer : Http.error(e);
    }

    private static String path(APIGatewayProxyRequestEvent in, String name) {
        return in.getPathParameters() == null ? null : in.getPathParameters().get(name);
    }

    /** The filter of a bulk re-notify request, as a search's would be recorded; {@link AuditTarget#MALFORMED} when it does not parse. */
    private static String replayFilter(APIGatewayProxyRequestEvent in) {
        try {
            return AuditTarget.query(NotifyRequestHandler.ReplayRequest.parse(Http.body(in)).filter());
        } catch (RuntimeException e) {
            return AuditTarget.MALFORMED;
        }
    }

    /** The one value of a query parameter, or null when it is absent or repeated. */
    private static String single(APIGatewayProxyRequestEvent in, String name) {
        java.util.List<String> v = Http.queryParameters(in).get(name);
        return v == null || v.size() != 1 ? null : v.get(0);
    }

    /** {@code reason=<the body's reason>} of a redrive, or empty without one (or with a body that is refused). */
    private static String reason(APIGatewayProxyRequestEvent in) {
        try {
            String r = NotifyRequestHandler.reason(Http.body(in));
            return r == null ? "" : AuditTarget.query(java.util.Map.of("reason", java.util.List.of(r)));
        } catch (io.payhook.core.error.PayhookException refused) {
            return "";
        }
    }

    /** The {@code job_id} of a successful replay answer, else null. */
    private static String jobId(APIGatewayProxyResponseEvent answer) {
        if (answer == null || answer.getStatusCode() / 100 != 2 || answer.getBody() == null) return null;
        try {
            JsonNode n = io.payhook.core.json.Json.tree(answer.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode id = n == null ? null : n.get("job_id");
            return id == null || !id.isTextual() ? null : id.textValue();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}

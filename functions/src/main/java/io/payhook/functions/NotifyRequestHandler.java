package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.search.SearchQuery;
import io.payhook.core.usecase.RequestNotification;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The routes that request notifications: {@code POST /transactions/{id}/notify} with optional {@code {"reason": "..."}}
 * → 202 {@code {"notification_id"}}; bulk re-notify, {@code POST /notifications/replay} with
 * {@code {"filter": {...}, "reason": "..."}} → 202 with the new job, and {@code GET /notifications/replay/{job_id}}, the
 * job's progress. All are audited ({@link ApiHandler}, {@link AuditedRoutes}).
 */
public final class NotifyRequestHandler extends ApiHandler {
    private static final int MAX_BODY = 4096;
    private final RequestNotification notifications;
    private final io.payhook.core.usecase.ReplayNotifications replay;

    public NotifyRequestHandler() {
        this(LambdaServices.instance().notifications(), LambdaServices.instance().replay(), LambdaServices.instance().recordAudit());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public NotifyRequestHandler(RequestNotification notifications, io.payhook.core.usecase.ReplayNotifications replay,
                                io.payhook.core.usecase.RecordAudit audit) {
        super("notify request failed", audit);
        this.notifications = notifications;
        this.replay = replay;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        if (AuditedRoutes.Route.REPLAY_CREATE.resource.equals(in.getResource())) {
            ReplayRequest r = ReplayRequest.parse(Http.body(in));
            ReplayJob job = replay.prepare(SearchQuery.parse(r.filter()), r.reason());
            // stored (and so started) only once the call's audit record is written: no job runs unrecorded
            return new Committing(Http.json(202, job(job)), () -> {
                replay.create(job);
                JsonLog.info("replay job created", "request_id", requestId, "job_id", job.jobId(), "matched", Integer.toString(job.matched()));
            });
        }
        if (AuditedRoutes.Route.REPLAY_GET.resource.equals(in.getResource())) {
            return Http.json(200, job(replay.get(in.getPathParameters() == null ? null : in.getPathParameters().get("job_id"))));
        }
        RequestNotification.Requested r = notifications.handle(Http.pathId(in), reason(Http.body(in)));
        JsonLog.info("notification requested", "request_id", requestId, "transaction_id", Http.pathId(in),
                "notification_id", r.notificationId(), "status", r.status().name());
        if (r.status() == io.payhook.core.model.NotificationStatus.NO_RECIPIENT) {
            // recorded, but nothing can be sent: say so rather than accept work that will not happen
            return Http.json(200, Http.object("notification_id", r.notificationId(), "status", r.status().name(),
                    "message", "The transaction has no customer email address: nothing was sent."));
        }
        return Http.json(202, Http.object("notification_id", r.notificationId(), "status", r.status().name()));
    }

    /** A job as the replay routes answer it: matched, queued (requested so far) and done. */
    static Map<String, Object> job(ReplayJob j) {
        return Http.object("job_id", j.jobId(), "state", j.done() ? "done" : "running", "filter", j.filter(),
                "matched", j.matched(), "queued", j.next(), "done", j.done(),
                "requested_at", j.requestedAt().toString(), "updated_at", j.updatedAt().toString());
    }

    /** The optional reason; an empty body means none. */
    static String reason(byte[] body) {
        JsonNode n = object(body);
        if (n == null) return null;
        JsonNode r = n.get("reason");
        if (r == null || r.isNull()) return null;
        if (!r.isTextual()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'reason' must be a string.");
        return r.textValue();
    }

    /** The body as a JSON object, or null when it is empty. */
    static JsonNode object(byte[] body) {
        if (body.length == 0) return null;
        if (body.length > MAX_BODY) throw new PayhookException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than 4 KiB.");
        JsonNode n;
        try {
            n = io.payhook.core.json.Json.tree(body);
        } catch (IOException e) {
            throw new PayhookException(ErrorCode.MALFORMED_JSON);
        }
        if (n == null || n.isMissingNode()) return null;
        if (!n.isObject()) throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body must be a JSON object.");
        return n;
    }

    /**
     * The body of {@code POST /notifications/replay}: {@code filter}, the search filters as an object (each a string;
     * {@code status} a string or an array of them), and {@code reason}.
     *
     * @param filter the filters as query parameters (name → values), for {@link SearchQuery#parse}
     */
    record ReplayRequest(Map<String, List<String>> filter, String reason) {
        static final List<String> FIELDS = List.of("filter", "reason");

        static ReplayRequest parse(byte[] body) {
            JsonNode n = object(body);
            if (n == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "The body must be {\"filter\": {...}, \"reason\": \"...\"}.");
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!FIELDS.contains(name)) throw new PayhookException(ErrorCode.INVALID_FIELD, "Unknown field; the body has 'filter' and 'reason'.");
            }
            JsonNode f = n.get("filter");
            if (f == null || f.isNull()) throw new PayhookException(ErrorCode.MISSING_FIELD, "Field 'filter' is required.");
            if (!f.isObject()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'filter' must be an object of search filters.");
            return new ReplayRequest(filters(f), NotifyRequestHandler.reason(body));
        }

        /** The filter object as query parameters; {@code limit} and {@code cursor} are the search's paging, not filters. */
        static Map<String, List<String>> filters(JsonNode f) {
            Map<String, List<String>> p = new java.util.LinkedHashMap<>();
            for (var it = f.fields(); it.hasNext(); ) {
                var e = it.next();
                String name = e.getKey();
                if (name.equals("limit") || name.equals("cursor") || !SearchQuery.PARAMETERS.contains(name)) {
                    throw new PayhookException(ErrorCode.UNKNOWN_FILTER, "Unknown filter"
                            + (name.length() <= 32 && name.matches("[A-Za-z0-9_.-]+") ? " '" + name + "'" : "")
                            + "; the filters are merchant, status, provider, customer_id, risk, updated_from, updated_to.");
                }
                JsonNode v = e.getValue();
                List<String> values = new java.util.ArrayList<>();
                if (v.isTextual()) {
                    values.add(v.textValue());
                } else if (v.isArray() && name.equals("status") && !v.isEmpty()) {
                    for (JsonNode one : v) {
                        if (!one.isTextual()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Filter 'status' must be a string or an array of strings.");
                        values.add(one.textValue());
                    }
                } else {
                    throw new PayhookException(ErrorCode.INVALID_FIELD, "Filter '" + name + "' must be a string"
                            + (name.equals("status") ? " or an array of strings." : "."));
                }
                p.put(name, values);
            }
            return p;
        }
    }
}

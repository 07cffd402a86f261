package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.model.Notification;
import io.payhook.core.port.DeadLetterQueue;
import io.payhook.core.usecase.ListNotifications;
import io.payhook.core.usecase.RecordAudit;
import io.payhook.core.usecase.RedriveDeadLetters;

import java.util.Map;

/**
 * The operator's notification routes (the console's "Failures" page), all audited ({@link AuditedRoutes}):
 * <ul>
 *   <li>{@code GET /notifications?status=S[&limit=N]} — the newest notifications in one status, from the index by
 *       status (no personal data: no address);</li>
 *   <li>{@code POST /notifications/redrive} (optional {@code {"reason"}}) — 202, the dead-letter queue's messages
 *       start moving back to the notification queue; 409 {@code redrive_running} while a redrive runs;</li>
 *   <li>{@code GET /notifications/redrive} — the latest redrive's progress; 404 {@code not_found} before the first.</li>
 * </ul>
 */
public final class NotificationOpsHandler extends ApiHandler {
    /** The API Gateway resources of its routes. */
    public static final String LIST_RESOURCE = "/notifications";
    public static final String REDRIVE_RESOURCE = "/notifications/redrive";

    private final ListNotifications list;
    private final RedriveDeadLetters redrive;

    public NotificationOpsHandler() {
        this(LambdaServices.instance().listNotifications(), LambdaServices.instance().redrive(), LambdaServices.instance().recordAudit());
    }

    public NotificationOpsHandler(ListNotifications list, RedriveDeadLetters redrive, RecordAudit audit) {
        super("notification operation failed", audit);
        this.list = list;
        this.redrive = redrive;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        if (REDRIVE_RESOURCE.equals(in.getResource())) {
            if ("POST".equals(in.getHttpMethod())) {
                String reason = NotifyRequestHandler.reason(Http.body(in)); // validated; kept in the audit record
                DeadLetterQueue.Redrive r = redrive.start();
                JsonLog.info("redrive started", "request_id", requestId, "redrive_id", r.redriveId(),
                        "to_move", r.toMove() == null ? null : Long.toString(r.toMove()), "reason_given", Boolean.toString(reason != null));
                return Http.json(202, Http.object("redrive_id", r.redriveId(), "status", r.state().wire(), "moved", r.moved(),
                        "to_move", r.toMove()));
            }
            return Http.json(200, redrive(redrive.latest()));
        }
        ListNotifications.Page page = list.handle(Http.queryParameters(in));
        return Http.json(200, Http.object("notifications", page.notifications().stream().map(NotificationOpsHandler::notification).toList(),
                "count", page.notifications().size(), "truncated", page.truncated()));
    }

    /** A redrive as {@code GET /notifications/redrive} answers it. */
    static Map<String, Object> redrive(DeadLetterQueue.Redrive r) {
        Map<String, Object> m = Http.object("redrive_id", r.redriveId(), "status", r.state().wire(), "moved", r.moved(),
                "to_move", r.toMove(), "started_at", r.startedAt() == null ? null : r.startedAt().toString());
        if (r.failureReason() != null) m.put("failure_reason", r.failureReason());
        return m;
    }

    /** One notification of the list: its transaction and what became of it, nothing personal. */
    static Map<String, Object> notification(Notification n) {
        Map<String, Object> m = Http.object("transaction_id", n.transactionId());
        m.putAll(QueryHandler.notification(n));
        return m;
    }
}

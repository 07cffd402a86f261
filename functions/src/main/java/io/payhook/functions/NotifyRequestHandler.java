package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.usecase.RequestNotification;

import java.io.IOException;

/** POST /transactions/{id}/notify with optional {@code {"reason": "..."}} → 202 {@code {"notification_id"}}. */
public final class NotifyRequestHandler extends ApiHandler {
    private static final int MAX_BODY = 4096;
    private final RequestNotification notifications;

    public NotifyRequestHandler() {
        this(LambdaServices.instance().notifications(), LambdaServices.instance().recordAudit());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public NotifyRequestHandler(RequestNotification notifications, io.payhook.core.usecase.RecordAudit audit) {
        super("notify request failed", audit);
        this.notifications = notifications;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
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

    /** The optional reason; an empty body means none. */
    static String reason(byte[] body) {
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
        JsonNode r = n.get("reason");
        if (r == null || r.isNull()) return null;
        if (!r.isTextual()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'reason' must be a string.");
        return r.textValue();
    }
}

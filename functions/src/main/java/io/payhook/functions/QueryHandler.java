package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.model.Notification;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.usecase.GetTransaction;
import io.payhook.core.usecase.ReadAudit;
import io.payhook.core.usecase.RecordAudit;

import java.time.Instant;
import java.util.Map;

/**
 * The query function's routes: GET /transactions/{id}, the current state and history (personal data is never
 * returned), and GET /audit, the audit trail of a transaction or a principal. Both are audited ({@link ApiHandler}).
 */
public final class QueryHandler extends ApiHandler {
    private final GetTransaction transactions;
    private final ReadAudit audit;

    public QueryHandler() {
        this(LambdaServices.instance().transactions(), LambdaServices.instance().readAudit(), LambdaServices.instance().recordAudit());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public QueryHandler(GetTransaction transactions, ReadAudit audit, RecordAudit record) {
        super("query failed", record);
        this.transactions = transactions;
        this.audit = audit;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        if (AuditedRoutes.Route.AUDIT_READ.resource.equals(in.getResource())) {
            ReadAudit.Page page = audit.handle(in.getQueryStringParameters());
            return Http.json(200, Http.object("records", page.records().stream().map(QueryHandler::record).toList(),
                    "next_cursor", page.nextCursor()));
        }
        return Http.json(200, view(transactions.handle(Http.pathId(in))));
    }

    /** One audit record as GET /audit returns it. */
    static Map<String, Object> record(AuditRecord r) {
        return Http.object("at", AuditRecord.time(r.at()), "principal", r.principal(), "action", r.action().wire, "target", r.target(),
                "query", r.query().isEmpty() ? null : r.query(), "request_id", r.requestId(), "outcome", r.outcome(), "error", r.error());
    }

    /** The JSON shape of SPEC §2. */
    static Map<String, Object> view(Transaction t) {
        return Http.object(
                "transaction_id", t.transactionId(),
                "provider", t.provider(),
                "merchant", t.merchant(),
                "status", t.status() == null ? null : t.status().name(),
                "amount", t.amount() == null ? null : Http.object("value", t.amount().minorUnits(), "currency", t.amount().currency()),
                "customer_id", t.customerId(),
                "payment_method", t.paymentMethod(),
                "created_at", str(t.createdAt()),
                "updated_at", str(t.updatedAt()),
                "events", t.events().stream().map(QueryHandler::event).toList(),
                "notifications", t.notifications().stream().map(QueryHandler::notification).toList());
    }

    private static Map<String, Object> event(StoredEvent e) {
        return Http.object("event_id", e.eventId(), "provider", e.provider(), "type", e.type(),
                "status", e.outcome(),
                "reverses", e.reverses().stream().map(Enum::name).sorted().toList(),
                "ignored_reason", e.ignoredReason(),
                "amount", e.amount() == null ? null : Http.object("value", e.amount().minorUnits(), "currency", e.amount().currency()),
                "occurred_at", str(e.occurredAt()), "received_at", str(e.receivedAt()));
    }

    private static Map<String, Object> notification(Notification n) {
        return Http.object("notification_id", n.notificationId(), "channel", n.channel(), "status", n.status().name(),
                "detail", n.detail(), "reason", n.reason(), "for_status", n.forStatus() == null ? null : n.forStatus().name(),
                "requested_at", str(n.requestedAt()), "sent_at", str(n.sentAt()), "attempts", n.attempts());
    }

    private static String str(Instant i) { return i == null ? null : i.toString(); }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.model.Notification;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.search.SearchQuery;
import io.payhook.core.usecase.SearchTransactions;
import io.payhook.core.usecase.GetTransaction;
import io.payhook.core.usecase.ReadAudit;
import io.payhook.core.usecase.RecordAudit;

import java.time.Instant;
import java.util.Map;

/**
 * The reading routes: {@code GET /transactions/{id}}, the current state and history (strongly consistent),
 * {@code GET /transactions}, the search over the summary projection (may lag: docs/API.md), and {@code GET /audit},
 * the audit trail of a transaction or a principal; personal data is never returned. All three are audited
 * ({@link ApiHandler}, {@link AuditedRoutes}).
 */
public final class QueryHandler extends ApiHandler {
    /** The search route's API Gateway resource. */
    public static final String SEARCH_RESOURCE = "/transactions";

    private final GetTransaction transactions;
    private final SearchTransactions search;
    private final ReadAudit audit;

    public QueryHandler() {
        this(LambdaServices.instance().transactions(), LambdaServices.instance().search(), LambdaServices.instance().readAudit(),
                LambdaServices.instance().recordAudit());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public QueryHandler(GetTransaction transactions, SearchTransactions search, ReadAudit audit, RecordAudit record) {
        super("query failed", record);
        this.transactions = transactions;
        this.search = search;
        this.audit = audit;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        if (SEARCH_RESOURCE.equals(in.getResource())) {
            SearchTransactions.Page page = search.handle(SearchQuery.parse(Http.queryParameters(in)));
            return Http.json(200, Http.object("transactions", page.transactions().stream().map(QueryHandler::summary).toList(),
                    "next_cursor", page.nextCursor()));
        }
        if (AuditedRoutes.Route.AUDIT_READ.resource.equals(in.getResource())) {
            ReadAudit.Page page = audit.handle(in.getQueryStringParameters());
            return Http.json(200, Http.object("records", page.records().stream().map(QueryHandler::record).toList(),
                    "next_cursor", page.nextCursor()));
        }
        GetTransaction.Found found = transactions.find(Http.pathId(in));
        Map<String, Object> view = view(found.transaction());
        if (found.archived()) view.put("archived", true); // past its retention: answered from the archive
        return Http.json(200, view);
    }

    /** A search result: the summary of one transaction. */
    static Map<String, Object> summary(TransactionSummary s) {
        return Http.object(
                "transaction_id", s.transactionId(),
                "provider", s.provider(),
                "merchant", s.merchant(),
                "status", s.status(),
                "amount", s.amount() == null ? null : Http.object("value", s.amount().minorUnits(), "currency", s.amount().currency()),
                "customer_id", s.customerId(),
                "risk", s.risk(),
                "created_at", str(s.createdAt()),
                "updated_at", str(s.updatedAt()));
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
                "risk", risk(t.risk()),
                "created_at", str(t.createdAt()),
                "updated_at", str(t.updatedAt()),
                "events", t.events().stream().map(QueryHandler::event).toList(),
                "notifications", t.notifications().stream().map(QueryHandler::notification).toList());
    }

    /** A risk finding: level, score, reasons and when it was screened; null before the first screen. */
    static Map<String, Object> risk(io.payhook.core.model.Risk r) {
        if (r == null) return null;
        return Http.object("level", r.level().wire(), "score", r.score(), "reasons", r.reasons(), "screened_at", str(r.screenedAt()));
    }

    private static Map<String, Object> event(StoredEvent e) {
        return Http.object("event_id", e.eventId(), "provider", e.provider(), "type", e.type(),
                "status", e.outcome(),
                "reverses", e.reverses().stream().map(Enum::name).sorted().toList(),
                "ignored_reason", e.ignoredReason(),
                "amount", e.amount() == null ? null : Http.object("value", e.amount().minorUnits(), "currency", e.amount().currency()),
                "occurred_at", str(e.occurredAt()), "received_at", str(e.receivedAt()));
    }

    static Map<String, Object> notification(Notification n) {
        return Http.object("notification_id", n.notificationId(), "channel", n.channel(), "status", n.status().name(),
                "detail", n.detail(), "reason", n.reason(), "for_status", n.forStatus() == null ? null : n.forStatus().name(),
                "requested_at", str(n.requestedAt()), "sent_at", str(n.sentAt()), "attempts", n.attempts());
    }

    private static String str(Instant i) { return i == null ? null : i.toString(); }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.model.Notification;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.search.SearchQuery;
import io.payhook.core.usecase.SearchTransactions;
import io.payhook.core.usecase.GetTransaction;

import java.time.Instant;
import java.util.Map;

/**
 * The reading routes: {@code GET /transactions/{id}}, the current state and history (strongly consistent), and
 * {@code GET /transactions}, the search over the summary projection (may lag: docs/API.md); personal data is
 * never returned.
 */
public final class QueryHandler extends ApiHandler {
    /** The search route's API Gateway resource. */
    public static final String SEARCH_RESOURCE = "/transactions";

    private final GetTransaction transactions;
    private final SearchTransactions search;

    public QueryHandler() {
        this(LambdaServices.instance().transactions(), LambdaServices.instance().search());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public QueryHandler(GetTransaction transactions, SearchTransactions search) {
        super("query failed");
        this.transactions = transactions;
        this.search = search;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        if (SEARCH_RESOURCE.equals(in.getResource())) {
            SearchTransactions.Page page = search.handle(SearchQuery.parse(Http.queryParameters(in)));
            return Http.json(200, Http.object("transactions", page.transactions().stream().map(QueryHandler::summary).toList(),
                    "next_cursor", page.nextCursor()));
        }
        return Http.json(200, view(transactions.handle(Http.pathId(in))));
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
                "created_at", str(s.createdAt()),
                "updated_at", str(s.updatedAt()));
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

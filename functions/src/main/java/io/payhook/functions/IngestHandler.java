package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.error.PayhookException;
import io.payhook.core.usecase.IngestWebhook;

import java.util.List;
import java.util.Map;

/** POST /webhooks/payment: request → {@link IngestWebhook} → 200 or a JSON error. */
public final class IngestHandler extends ApiHandler {
    private final IngestWebhook ingest;

    /** Lambda entry point: wired from the environment. */
    public IngestHandler() {
        this(LambdaServices.instance().ingest());
        Priming.register(() -> Priming.primeIngest(LambdaServices.instance()));
    }

    public IngestHandler(IngestWebhook ingest) {
        super("webhook failed");
        this.ingest = ingest;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
        IngestWebhook.Outcome o = ingest.handle(Http.toWebhookRequest(in));
        for (IngestWebhook.Result r : o.results()) {
            JsonLog.info(r.duplicate() ? "duplicate event acknowledged" : "event stored",
                    "request_id", requestId, "provider", o.provider(), "transaction_id", r.transactionId(),
                    "event_id", r.eventId(), "status", r.status());
        }
        return Http.json(200, body(o.results()));
    }

    @Override
    protected void refused(PayhookException e, String requestId) {
        JsonLog.warn("webhook refused", "request_id", requestId,
                "provider", e instanceof IngestWebhook.RefusedDelivery r ? r.provider() : null, "error", e.code().wireCode());
    }

    /** One event: its fields at the top level; a batch: the first at the top and all under {@code events}. */
    static Map<String, Object> body(List<IngestWebhook.Result> results) {
        IngestWebhook.Result first = results.get(0);
        Map<String, Object> m = Http.object("transaction_id", first.transactionId(), "event_id", first.eventId(),
                "status", first.status(), "duplicate", first.duplicate());
        if (results.size() > 1) {
            m.put("events", results.stream().map(r -> Http.object("transaction_id", r.transactionId(),
                    "event_id", r.eventId(), "status", r.status(), "duplicate", r.duplicate())).toList());
        }
        return m;
    }
}

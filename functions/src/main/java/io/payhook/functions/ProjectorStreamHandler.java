package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.usecase.ProjectTransactionSummary;

import java.util.Map;
import java.util.Optional;

/**
 * The table's stream → the summary projection (the {@code projector} function, an event source mapping of its own
 * beside the outbox's). Each stored event, and each change of a risk finding, brings its transaction's summary up to date; a transaction with several
 * events in one batch is projected once (the fold read then already holds every event of the batch). At the first
 * failure the rest of the batch is reported back (partial batch response), so nothing is skipped.
 */
public final class ProjectorStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final ProjectTransactionSummary projector;

    public ProjectorStreamHandler() {
        this(LambdaServices.instance().projector());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public ProjectorStreamHandler(ProjectTransactionSummary projector) { this.projector = projector; }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context ctx) {
        try (Invocation ignored = Invocation.begin(ctx, null, null)) {
            return StreamBatch.eachTransaction(event, r -> eventStored(r).or(() -> riskChanged(r)), projector::eventStored,
                    "projection record");
        }
    }

    /**
     * The transaction whose risk finding a record shows written (the risk item's INSERT or MODIFY), if it is one (pure):
     * its summary takes the new level.
     */
    static Optional<String> riskChanged(DynamodbEvent.DynamodbStreamRecord r) {
        if (!("INSERT".equals(r.getEventName()) || "MODIFY".equals(r.getEventName())) || r.getDynamodb() == null
                || r.getDynamodb().getNewImage() == null) return Optional.empty();
        Map<String, AttributeValue> image = r.getDynamodb().getNewImage();
        AttributeValue kind = image.get(PaymentTable.KIND);
        AttributeValue txn = image.get(PaymentTable.PK);
        if (kind == null || txn == null || !PaymentTable.KIND_RISK.equals(kind.getS()) || txn.getS() == null) return Optional.empty();
        return Optional.of(txn.getS());
    }

    /** The transaction of a stored event's record (an event item's INSERT), if it is one (pure; unit-tested). */
    static Optional<String> eventStored(DynamodbEvent.DynamodbStreamRecord r) {
        if (!"INSERT".equals(r.getEventName()) || r.getDynamodb() == null || r.getDynamodb().getNewImage() == null) return Optional.empty();
        Map<String, AttributeValue> image = r.getDynamodb().getNewImage();
        AttributeValue kind = image.get(PaymentTable.KIND);
        AttributeValue txn = image.get(PaymentTable.PK);
        if (kind == null || txn == null || !PaymentTable.KIND_EVENT.equals(kind.getS()) || txn.getS() == null) return Optional.empty();
        return Optional.of(txn.getS());
    }
}

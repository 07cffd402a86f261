package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.usecase.ProjectTransactionSummary;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
            return handleBatch(event);
        }
    }

    private StreamsEventResponse handleBatch(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> projected = new HashSet<>();
        for (DynamodbEvent.DynamodbStreamRecord r : records) {
            Optional<String> txn = eventStored(r).or(() -> riskChanged(r));
            if (txn.isEmpty() || projected.contains(txn.get())) continue;
            try {
                projector.eventStored(txn.get());
                projected.add(txn.get());
            } catch (RuntimeException e) {
                JsonLog.warn("projection record failed; will retry", "error", e.getClass().getSimpleName(),
                        "sequence_number", r.getDynamodb().getSequenceNumber());
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(r.getDynamodb().getSequenceNumber()).build())).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
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

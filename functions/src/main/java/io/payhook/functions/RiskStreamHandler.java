package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.payhook.core.usecase.ScreenRisk;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The table's stream → the risk screen (the {@code risk} function, an event source mapping of its own beside the
 * outbox's and the projector's: screening never holds the notifications or the search up, and never the
 * acknowledgement). Each stored event has its transaction screened; a transaction with several events in one batch is
 * screened once (its fold then holds every event of the batch). Its own writes (findings, velocity facts) come back on
 * the stream and are skipped. At the first failure the rest of the batch is reported back (partial batch response).
 */
public final class RiskStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final ScreenRisk screen;

    public RiskStreamHandler() {
        this(LambdaServices.instance().risk());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public RiskStreamHandler(ScreenRisk screen) { this.screen = screen; }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context ctx) {
        try (Invocation ignored = Invocation.begin(ctx, null, null)) {
            return handleBatch(event);
        }
    }

    private StreamsEventResponse handleBatch(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> screened = new HashSet<>();
        for (DynamodbEvent.DynamodbStreamRecord r : records) {
            Optional<String> txn = ProjectorStreamHandler.eventStored(r);
            if (txn.isEmpty() || screened.contains(txn.get())) continue;
            try {
                screen.eventStored(txn.get());
                screened.add(txn.get());
            } catch (RuntimeException e) {
                JsonLog.warn("risk record failed; will retry", "error", e.getClass().getSimpleName(),
                        "transaction_id", txn.get(), "sequence_number", r.getDynamodb().getSequenceNumber());
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(r.getDynamodb().getSequenceNumber()).build())).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}

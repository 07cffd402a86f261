package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.payhook.core.usecase.ScreenRisk;

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
            return StreamBatch.eachTransaction(event, ProjectorStreamHandler::eventStored, screen::eventStored, "risk record");
        }
    }
}

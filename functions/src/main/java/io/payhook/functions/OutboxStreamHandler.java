package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.usecase.AdvanceReplayJob;
import io.payhook.core.usecase.ProcessOutbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table's stream (the outbox) → notification work, and the steps of bulk re-notify jobs (a job's item, created or
 * moved on, while it is not done: {@link AdvanceReplayJob}). Records are handled in order; at the first failure the rest
 * of the batch is reported back (partial batch response) so nothing is skipped and the event source retries from there.
 */
public final class OutboxStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final ProcessOutbox outbox;
    private final AdvanceReplayJob replay;

    public OutboxStreamHandler() {
        this(LambdaServices.instance().outbox(), LambdaServices.instance().replaySteps());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public OutboxStreamHandler(ProcessOutbox outbox, AdvanceReplayJob replay) {
        this.outbox = outbox;
        this.replay = replay;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context ctx) {
        try (Invocation ignored = Invocation.begin(ctx, null, null)) {
            return handleBatch(event);
        }
    }

    private StreamsEventResponse handleBatch(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = StreamBatch.records(event);
        if (records.isEmpty()) return StreamBatch.complete();
        List<Optional<ProcessOutbox.Change>> changes = records.stream().map(OutboxStreamHandler::change).toList();
        ProcessOutbox.ReadAhead ahead;
        try {
            ahead = outbox.readAhead(changes.stream().flatMap(Optional::stream).toList());
        } catch (RuntimeException e) {
            return StreamBatch.failedFrom("outbox record", records.get(0), e); // nothing handled yet: the whole batch again
        }
        for (int i = 0; i < records.size(); i++) {
            try {
                changes.get(i).ifPresent(c -> outbox.handle(c, ahead));
                openReplayJob(records.get(i)).ifPresent(replay::handle);
            } catch (RuntimeException e) {
                return StreamBatch.failedFrom("outbox record", records.get(i), e);
            }
        }
        return StreamBatch.complete();
    }

    /** The domain change a stream record stands for, if any (pure; unit-tested). */
    static Optional<ProcessOutbox.Change> change(DynamodbEvent.DynamodbStreamRecord r) {
        if (r.getDynamodb() == null || r.getDynamodb().getNewImage() == null) return Optional.empty();
        Map<String, AttributeValue> image = r.getDynamodb().getNewImage();
        String kind = s(image, PaymentTable.KIND);
        String txn = s(image, PaymentTable.PK);
        if (txn == null || kind == null) return Optional.empty();
        boolean insert = "INSERT".equals(r.getEventName());
        if (PaymentTable.KIND_EVENT.equals(kind) && insert) {
            String status = s(image, PaymentTable.STATUS);
            // a status this build does not know (written by a newer one): read the transaction rather than skip it
            if (status != null && !known(Status.values(), status)) return Optional.of(new ProcessOutbox.EventStored(txn, true));
            return Optional.of(ProcessOutbox.EventStored.of(txn, s(image, PaymentTable.PROVIDER), s(image, PaymentTable.EVENT_ID),
                    status == null ? null : Status.valueOf(status), image.containsKey(PaymentTable.REVERSES),
                    image.containsKey(PaymentTable.CUSTOMER_EMAIL_SEALED)));
        }
        if (PaymentTable.KIND_NOTIFICATION.equals(kind)) {
            String id = s(image, PaymentTable.NOTIFICATION_ID);
            String status = s(image, PaymentTable.STATUS);
            // only a created QUEUED notification asks the outbox for anything; a status this build does
            // not know (written by a newer one) is not that, and must not fail the whole stream batch
            if (id == null || status == null || !known(NotificationStatus.values(), status)) return Optional.empty();
            return Optional.of(new ProcessOutbox.NotificationChanged(txn, id, NotificationStatus.valueOf(status), insert));
        }
        return Optional.empty();
    }

    /** The id of the bulk re-notify job a stream record shows created or moved on and not yet done, if any (pure). */
    static Optional<String> openReplayJob(DynamodbEvent.DynamodbStreamRecord r) {
        if (r.getDynamodb() == null || r.getDynamodb().getNewImage() == null) return Optional.empty();
        Map<String, AttributeValue> image = r.getDynamodb().getNewImage();
        if (!PaymentTable.KIND_REPLAY_JOB.equals(s(image, PaymentTable.KIND))) return Optional.empty();
        AttributeValue next = image.get(PaymentTable.NEXT);
        AttributeValue matched = image.get(PaymentTable.MATCHED);
        String id = s(image, PaymentTable.JOB_ID);
        if (id == null || next == null || matched == null || next.getN() == null || matched.getN() == null) return Optional.empty();
        return Long.parseLong(next.getN()) < Long.parseLong(matched.getN()) ? Optional.of(id) : Optional.empty();
    }

    private static boolean known(Enum<?>[] values, String name) {
        for (Enum<?> v : values) if (v.name().equals(name)) return true;
        return false;
    }

    private static String s(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.getS();
    }
}

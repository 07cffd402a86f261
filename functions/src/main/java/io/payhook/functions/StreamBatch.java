package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The partial batch responses of the table's stream consumers (outbox, projector, risk, archiver), written once: a
 * batch handled to its end, or handed back from a record on (that record and all after it come back, so nothing is
 * skipped), logged as {@code "<what> failed; will retry"}.
 */
final class StreamBatch {
    private StreamBatch() {}

    /** A batch's records, none when it has none. */
    static List<DynamodbEvent.DynamodbStreamRecord> records(DynamodbEvent event) {
        return event.getRecords() == null ? List.of() : event.getRecords();
    }

    /** Every record handled. */
    static StreamsEventResponse complete() {
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    /**
     * Record {@code r} and all after it come back; logged with the failure's class and {@code fields} (name, value …)
     * before the record's sequence number.
     */
    static StreamsEventResponse failedFrom(String what, DynamodbEvent.DynamodbStreamRecord r, RuntimeException e, String... fields) {
        String[] kv = new String[fields.length + 4];
        kv[0] = "error";
        kv[1] = e.getClass().getSimpleName();
        System.arraycopy(fields, 0, kv, 2, fields.length);
        kv[kv.length - 2] = "sequence_number";
        kv[kv.length - 1] = r.getDynamodb().getSequenceNumber();
        JsonLog.warn(what + " failed; will retry", kv);
        return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                .withItemIdentifier(r.getDynamodb().getSequenceNumber()).build())).build();
    }

    /**
     * {@code work} once for each transaction a record of the batch names ({@code transactionOf}), in order: its fold then
     * already holds every change of the batch. At the first failure the batch is handed back from that record.
     */
    static StreamsEventResponse eachTransaction(DynamodbEvent event, Function<DynamodbEvent.DynamodbStreamRecord, Optional<String>> transactionOf,
                                                Consumer<String> work, String what) {
        Set<String> done = new HashSet<>();
        for (DynamodbEvent.DynamodbStreamRecord r : records(event)) {
            Optional<String> txn = transactionOf.apply(r);
            if (txn.isEmpty() || done.contains(txn.get())) continue;
            try {
                work.accept(txn.get());
                done.add(txn.get());
            } catch (RuntimeException e) {
                return failedFrom(what, r, e, "transaction_id", txn.get());
            }
        }
        return complete();
    }
}

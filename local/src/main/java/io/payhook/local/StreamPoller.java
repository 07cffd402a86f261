package io.payhook.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.payhook.functions.JsonLog;
import io.payhook.functions.OutboxStreamHandler;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the table's stream the way Lambda's DynamoDB event source mapping does and hands each
 * batch to the very handler that runs in Lambda ({@link OutboxStreamHandler}, or the projector's: one poller
 * each, as each function has its own event source mapping). Per shard, the position
 * after the last fully handled record is kept in a checkpoint file under the data dir (written
 * atomically after each batch), so a restart — also after kill -9 — resumes where it stopped.
 * Handling is at-least-once; the outbox steps are idempotent.
 *
 * <p>The stream keeps a record {@value #RETENTION_HOURS} hours (DynamoDB Local as DynamoDB; docs/DECISIONS.md 38).
 * The file also keeps {@code caught_up_at}: a time before which every record written was handled. A system
 * started after a downtime so long that a record written after it may have been trimmed first hands the
 * transactions changed since then to {@code catchUp} (idempotent, like the stream), then reads the stream.
 */
final class StreamPoller implements Runnable {
    private static final int BATCH = 100;
    /** How long the stream keeps a record. */
    static final int RETENTION_HOURS = 24;
    /** Caught up longer ago than this, a record not yet handled may be trimmed before it is read: catch up. */
    static final Duration CATCH_UP_AFTER = Duration.ofHours(RETENTION_HOURS).minusHours(1);
    /** Received times run a little ahead of the record's write: the catch-up starts this much earlier. */
    static final Duration CATCH_UP_SLACK = Duration.ofMinutes(5);
    /** The checkpoint property of the caught-up time (epoch ms); shard ids start with {@code shardId-}. */
    static final String CAUGHT_UP_AT = "caught_up_at";
    /** An idle poller refreshes {@code caught_up_at} at most this often (one small file write). */
    private static final long CAUGHT_UP_REFRESH_MS = 60_000;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Path checkpointFile;
    private final com.amazonaws.services.lambda.runtime.RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final Duration idle;
    private final Properties checkpoint = new Properties();
    private final java.util.function.Consumer<java.time.Instant> catchUp;
    private final java.time.Clock clock;
    /** Where a catch-up still has to start, or null. */
    private volatile java.time.Instant catchUpFrom;
    private long caughtUpAt;
    private final Map<String, String> iterators = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile long handledBatches;

    /**
     * @param handler the outbox's or the projector's stream handler (each poller has its own checkpoint file)
     * @param catchUp gives every transaction changed since the time it is handed to the handler's use case
     *     ({@code ProcessOutbox.catchUp}, {@code ProjectTransactionSummary.catchUp}); called only after a downtime
     *     longer than the stream keeps records
     */
    StreamPoller(DynamoDbStreamsClient streams, String streamArn, Path checkpointFile,
                 com.amazonaws.services.lambda.runtime.RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                 Duration idle, java.util.function.Consumer<java.time.Instant> catchUp, java.time.Clock clock) throws IOException {
        this.streams = streams;
        this.streamArn = streamArn;
        this.checkpointFile = checkpointFile;
        this.handler = handler;
        this.idle = idle;
        this.catchUp = catchUp;
        this.clock = clock;
        if (Files.exists(checkpointFile)) {
            try (InputStream in = Files.newInputStream(checkpointFile)) {
                checkpoint.load(in);
            }
            String at = checkpoint.getProperty(CAUGHT_UP_AT);
            // a checkpoint written before caught_up_at was kept: its last write is the best bound known
            caughtUpAt = at != null ? Long.parseLong(at) : Files.getLastModifiedTime(checkpointFile).toMillis();
            caughtUpWritten = caughtUpAt;
            java.time.Instant caughtUp = java.time.Instant.ofEpochMilli(caughtUpAt);
            if (Duration.between(caughtUp, clock.instant()).compareTo(CATCH_UP_AFTER) > 0) {
                catchUpFrom = caughtUp.minus(CATCH_UP_SLACK);
            }
        }
        // no checkpoint: a new data dir, whose stream holds every record from its start
    }

    void stop() { running = false; }

    /** Paused, the poller holds its position and reads nothing; resumed, it catches up (bench diagnostics). */
    void pause(boolean pause) {
        paused = pause;
        if (pause) {
            // a poll already under way may still hand out what it read: wait for it, so that once pause
            // returns nothing more is handled until the poller is resumed
            polling.lock();
            polling.unlock();
        }
    }

    /** Held for the length of one poll; {@link #pause} waits for it. */
    private final java.util.concurrent.locks.ReentrantLock polling = new java.util.concurrent.locks.ReentrantLock();

    long handledBatches() { return handledBatches; }

    @Override
    public void run() {
        long backoffMs = 50;
        while (running) {
            if (paused) {
                sleep(idle.toMillis());
                continue;
            }
            long pauseMs;
            polling.lock();
            try {
                if (paused) continue; // paused while this thread waited for the lock
                if (catchUpFrom != null) {
                    JsonLog.warn("outbox catching up after a downtime longer than the stream keeps records",
                            "since", catchUpFrom.toString());
                    catchUp.accept(catchUpFrom);
                    catchUpFrom = null;
                }
                boolean moreWaiting = pollOnce();
                backoffMs = 50;
                // a batching window, as Lambda's event source mapping has: unless a full batch came
                // back (more is waiting), let records gather for one idle period — one GetRecords and
                // one checkpoint write per batch instead of per record under load
                pauseMs = moreWaiting ? 0 : idle.toMillis();
            } catch (SdkException | RetryLater e) {
                // store or queue unavailable: do not advance, try again later
                pauseMs = backoffMs;
                backoffMs = Math.min(backoffMs * 2, 2_000);
            } catch (RuntimeException e) {
                if (!running) return;
                JsonLog.error("stream poller error", "error", e.getClass().getSimpleName());
                pauseMs = backoffMs;
                backoffMs = Math.min(backoffMs * 2, 2_000);
            } finally {
                polling.unlock();
            }
            if (pauseMs > 0) sleep(pauseMs);
        }
    }

    /** @return true if a shard returned a full batch (more records are probably waiting) */
    boolean pollOnce() {
        long started = clock.millis();
        boolean moreWaiting = false;
        boolean skipped = false;
        List<Shard> shards = shards();
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (finished.contains(id)) continue;
            String parent = shard.parentShardId();
            if (parent != null && !finished.contains(parent) && shards.stream().anyMatch(s -> s.shardId().equals(parent))) {
                skipped = true;
                continue; // parents first, as Lambda does
            }
            moreWaiting |= pollShard(id);
        }
        if (!moreWaiting && !skipped) {
            // every shard known when the shards were listed was read to its end: what was written before is handled
            caughtUp(Math.min(started, shardsListedAt));
        }
        return moreWaiting;
    }

    /** Records that every record written before {@code at} is handled; written to the file at most once a minute. */
    private void caughtUp(long at) {
        if (at <= caughtUpAt) return;
        caughtUpAt = at;
        checkpoint.setProperty(CAUGHT_UP_AT, Long.toString(at));
        if (at - caughtUpWritten >= CAUGHT_UP_REFRESH_MS) write();
    }

    /** The {@code caught_up_at} the file holds. */
    private long caughtUpWritten;

    private List<Shard> cachedShards = List.of();
    private long shardsReadAt;
    /** Wall-clock time (epoch ms) the cached shards were listed. */
    private long shardsListedAt;

    /** The stream's shards, described at most once a second (shards roll over rarely; reads share the store). */
    private List<Shard> shards() {
        long now = System.nanoTime();
        if (!cachedShards.isEmpty() && now - shardsReadAt < 1_000_000_000L) return cachedShards;
        long listedAt = clock.millis();
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            var d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from)).streamDescription();
            shards.addAll(d.shards());
            start = d.lastEvaluatedShardId();
        } while (start != null && !start.isEmpty() && shards.size() < 10_000);
        cachedShards = List.copyOf(shards);
        shardsReadAt = now;
        shardsListedAt = listedAt;
        return cachedShards;
    }

    private boolean pollShard(String shardId) {
        String it = iterators.get(shardId);
        if (it == null) it = newIterator(shardId);
        GetRecordsResponse r;
        try {
            r = streams.getRecords(b -> b.shardIterator(iterators.get(shardId)).limit(BATCH));
        } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
            iterators.remove(shardId);
            return false;
        }
        List<Record> records = r.records();
        if (!records.isEmpty()) {
            StreamsEventResponse resp = handler.handleRequest(toEvent(records), null);
            handledBatches++;
            String failedAt = resp.getBatchItemFailures() == null || resp.getBatchItemFailures().isEmpty()
                    ? null : resp.getBatchItemFailures().get(0).getItemIdentifier();
            String last = null;
            for (Record rec : records) {
                if (rec.dynamodb().sequenceNumber().equals(failedAt)) break;
                last = rec.dynamodb().sequenceNumber();
            }
            if (last != null) save(shardId, last);
            if (failedAt != null) {
                iterators.remove(shardId); // resume after the last good record
                throw new RetryLater();
            }
        }
        if (r.nextShardIterator() == null) {
            finished.add(shardId);
            iterators.remove(shardId);
        } else {
            iterators.put(shardId, r.nextShardIterator());
        }
        return records.size() >= BATCH;
    }

    private String newIterator(String shardId) {
        String seq = checkpoint.getProperty(shardId);
        String it;
        try {
            it = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shardId);
                if (seq == null) b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                else b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(seq);
            }).shardIterator();
        } catch (TrimmedDataAccessException e) {
            JsonLog.warn("outbox position no longer on the stream; reading the shard from its oldest record", "shard", shardId);
            it = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        }
        iterators.put(shardId, it);
        return it;
    }

    private void save(String shardId, String sequence) {
        checkpoint.setProperty(shardId, sequence);
        write();
    }

    private void write() {
        try {
            Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                checkpoint.store(out, "payhook outbox stream position: shard id = last handled sequence number; "
                        + CAUGHT_UP_AT + " = epoch ms before which every record was handled");
            }
            Files.move(tmp, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            caughtUpWritten = caughtUpAt;
        } catch (IOException e) {
            throw new IllegalStateException("could not write the outbox checkpoint", e);
        }
    }

    /** SDK v2 stream records → the Lambda event class, as the event source mapping delivers them. */
    static DynamodbEvent toEvent(List<Record> records) {
        List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>(records.size());
        for (Record rec : records) {
            DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
            r.setEventID(rec.eventID());
            r.setEventName(rec.eventNameAsString());
            r.setEventSource("aws:dynamodb");
            r.setAwsRegion(rec.awsRegion());
            StreamRecord sr = new StreamRecord();
            sr.setSequenceNumber(rec.dynamodb().sequenceNumber());
            sr.setKeys(convert(rec.dynamodb().keys()));
            if (rec.dynamodb().hasNewImage()) sr.setNewImage(convert(rec.dynamodb().newImage()));
            if (rec.dynamodb().hasOldImage()) sr.setOldImage(convert(rec.dynamodb().oldImage()));
            r.setDynamodb(sr);
            out.add(r);
        }
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(out);
        return e;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> convert(
            Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> m = new HashMap<>();
        image.forEach((k, v) -> m.put(k, convert(v)));
        return m;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue convert(AttributeValue v) {
        var a = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) a.setS(v.s());
        else if (v.n() != null) a.setN(v.n());
        else if (v.b() != null) a.setB(ByteBuffer.wrap(v.b().asByteArray()));
        else if (v.bool() != null) a.setBOOL(v.bool());
        else if (Boolean.TRUE.equals(v.nul())) a.setNULL(true);
        else if (v.hasM()) a.setM(convert(v.m()));
        else if (v.hasL()) a.setL(v.l().stream().map(StreamPoller::convert).toList());
        else if (v.hasSs()) a.setSS(v.ss());
        else if (v.hasNs()) a.setNS(v.ns());
        return a;
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The handler reported a failure: back off, then resume from the last good record. */
    private static final class RetryLater extends RuntimeException {
        RetryLater() { super(null, null, false, false); }
    }
}

package io.payhook.local;

import io.payhook.aws.sqs.DeadLetterRedrive;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.DeadLetterQueue;
import io.payhook.functions.JsonLog;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local dead-letter queue: ElasticMQ has no message move task, so a redrive is {@link DeadLetterRedrive}'s
 * move loop on a background thread, its progress kept here (the latest redrive only, in memory: a restart forgets
 * it, as the in-memory queues forget their messages). One at a time, like SQS's move tasks.
 */
final class LocalDeadLetterQueue implements DeadLetterQueue {
    private final LocalQueues queues;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private Task latest;

    /** One redrive's state, written by its thread, read by callers. */
    private static final class Task {
        final String id;
        final Instant startedAt;
        final Long toMove;
        volatile State state = State.RUNNING;
        volatile long moved;
        volatile String failureReason;

        Task(String id, Instant startedAt, Long toMove) {
            this.id = id;
            this.startedAt = startedAt;
            this.toMove = toMove;
        }

        Redrive view() { return new Redrive(id, state, moved, toMove, startedAt, failureReason); }
    }

    LocalDeadLetterQueue(LocalQueues queues, Clock clock) {
        this.queues = queues;
        this.clock = clock;
    }

    @Override
    public synchronized Redrive startRedrive() {
        if (latest != null && latest.state == State.RUNNING) throw new PayhookException(ErrorCode.REDRIVE_RUNNING);
        Instant now = clock.instant();
        Task task = new Task("rd_" + now.toEpochMilli() + "_" + sequence.incrementAndGet(), now, depth());
        latest = task;
        Thread.ofPlatform().daemon().name("payhook-redrive").start(() -> run(task));
        return task.view();
    }

    /** Like SQS's {@code ListMessageMoveTasks}, it needs the queue: while ElasticMQ is down, {@code queue_unavailable}. */
    @Override
    public synchronized Optional<Redrive> latestRedrive() {
        if (!queues.running()) throw new PayhookException(ErrorCode.QUEUE_UNAVAILABLE);
        return Optional.ofNullable(latest).map(Task::view);
    }

    private void run(Task task) {
        try {
            long moved = new DeadLetterRedrive(queues.client()).moveAll(queues.dlqUrl(), queues.queueUrl(), n -> task.moved = n);
            task.moved = moved;
            task.state = State.COMPLETED;
            JsonLog.info("redrive completed", "redrive_id", task.id, "moved", Long.toString(moved));
        } catch (RuntimeException e) {
            task.failureReason = e.getClass().getSimpleName();
            task.state = State.FAILED;
            JsonLog.warn("redrive failed", "redrive_id", task.id, "moved", Long.toString(task.moved), "error", e.getClass().getSimpleName());
        }
    }

    /** The DLQ's approximate depth now: what the redrive sets out to move. */
    private Long depth() {
        try {
            String n = queues.client().getQueueAttributes(b -> b.queueUrl(queues.dlqUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return n == null ? null : Long.parseLong(n);
        } catch (SdkException e) {
            throw new PayhookException(ErrorCode.QUEUE_UNAVAILABLE);
        }
    }
}

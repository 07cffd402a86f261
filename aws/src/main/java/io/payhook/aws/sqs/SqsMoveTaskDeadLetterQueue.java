package io.payhook.aws.sqs;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.DeadLetterQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Instant;
import java.util.Optional;

/**
 * The dead-letter queue in AWS: a redrive is SQS's own message move task ({@code StartMessageMoveTask}, back to the
 * DLQ's source queue; progress from {@code ListMessageMoveTasks}). SQS runs one task per queue at a time and keeps
 * the latest ones, so the state is SQS's, shared by every function instance and by {@code ./payhook redrive --aws}.
 * A task's id is {@code rd_<start, epoch milliseconds>}: {@code ListMessageMoveTasks} gives a task handle for a
 * running task only, its start time for every task.
 *
 * <p>What the caller needs (AWS API reference, "Amazon SQS API permissions"): {@code sqs:StartMessageMoveTask},
 * {@code sqs:ListMessageMoveTasks}, {@code sqs:ReceiveMessage}, {@code sqs:DeleteMessage} and
 * {@code sqs:GetQueueAttributes} on the DLQ, {@code sqs:SendMessage} on the destination, and with SSE-KMS queues
 * {@code kms:Decrypt} and {@code kms:GenerateDataKey} on their key.
 */
public final class SqsMoveTaskDeadLetterQueue implements DeadLetterQueue {
    private final SqsClient client;
    private final String dlqArn;

    public SqsMoveTaskDeadLetterQueue(SqsClient client, String dlqArn) {
        this.client = client;
        this.dlqArn = dlqArn;
    }

    @Override
    public Redrive startRedrive() {
        // refused here when one runs: SQS would refuse the start too, with an error that names no code to rely on
        if (latest().map(t -> "RUNNING".equals(t.status())).orElse(false)) throw running();
        try {
            client.startMessageMoveTask(b -> b.sourceArn(dlqArn));
        } catch (SqsException e) {
            // another caller's task started in between: that is the conflict, not an outage
            if (latest().map(t -> "RUNNING".equals(t.status())).orElse(false)) throw running();
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
        return latest().map(SqsMoveTaskDeadLetterQueue::redrive)
                .orElseThrow(() -> new PayhookException(ErrorCode.QUEUE_UNAVAILABLE, "The redrive started but SQS does not list it yet; read GET /notifications/redrive."));
    }

    @Override
    public Optional<Redrive> latestRedrive() { return latest().map(SqsMoveTaskDeadLetterQueue::redrive); }

    private Optional<ListMessageMoveTasksResultEntry> latest() {
        try {
            return client.listMessageMoveTasks(b -> b.sourceArn(dlqArn).maxResults(1)).results().stream().findFirst();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    /** A move task as a redrive; an unknown status reads as running (it has not ended as far as we know). */
    static Redrive redrive(ListMessageMoveTasksResultEntry t) {
        State state;
        try {
            state = State.valueOf(t.status());
        } catch (IllegalArgumentException | NullPointerException e) {
            state = State.RUNNING;
        }
        long started = t.startedTimestamp() == null ? 0 : t.startedTimestamp();
        return new Redrive("rd_" + started, state, t.approximateNumberOfMessagesMoved() == null ? 0 : t.approximateNumberOfMessagesMoved(),
                t.approximateNumberOfMessagesToMove(), Instant.ofEpochMilli(started), t.failureReason());
    }

    private static PayhookException running() { return new PayhookException(ErrorCode.REDRIVE_RUNNING); }

    private static PayhookException unavailable(SdkException e) {
        return new QueueUnavailable(e);
    }

    /** The queue could not be reached; the SDK's exception is kept as the cause, for the logs' class name only. */
    static final class QueueUnavailable extends PayhookException {
        QueueUnavailable(Throwable cause) { super(ErrorCode.QUEUE_UNAVAILABLE, ErrorCode.QUEUE_UNAVAILABLE.defaultMessage(), cause); }
    }
}

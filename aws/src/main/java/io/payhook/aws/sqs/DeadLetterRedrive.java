package io.payhook.aws.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Moves dead-lettered notification messages back to the notification queue.
 * In AWS: SQS's own {@code StartMessageMoveTask}. Where the server lacks it (ElasticMQ): a move
 * loop — receive from the DLQ, send to the queue, then delete from the DLQ (a crash in between
 * duplicates a message, which the idempotent sender absorbs; it never loses one).
 */
public final class DeadLetterRedrive {
    private final SqsClient client;

    public DeadLetterRedrive(SqsClient client) { this.client = client; }

    /**
     * The move loop.
     *
     * @param progress called with the running count of moved messages
     * @return how many messages were moved
     */
    public long moveAll(String dlqUrl, String queueUrl, LongConsumer progress) {
        long moved = 0;
        int emptyReceives = 0;
        while (emptyReceives < 2) {
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            if (batch.isEmpty()) {
                emptyReceives++;
                continue;
            }
            emptyReceives = 0;
            client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch.stream().map(m ->
                    SendMessageBatchRequestEntry.builder().id(m.messageId()).messageBody(m.body()).build()).toList()));
            client.deleteMessageBatch(b -> b.queueUrl(dlqUrl).entries(batch.stream().map(m ->
                    DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
            moved += batch.size();
            progress.accept(moved);
        }
        return moved;
    }

    /** Starts SQS's own move task from the DLQ back to its source queue; returns the task handle. */
    public String startMoveTask(String dlqArn) {
        return client.startMessageMoveTask(b -> b.sourceArn(dlqArn)).taskHandle();
    }

    /** The most recent move task of that DLQ (status, moved and to-move counts), for progress. */
    public ListMessageMoveTasksResultEntry latestTask(String dlqArn) {
        return client.listMessageMoveTasks(b -> b.sourceArn(dlqArn).maxResults(1)).results().get(0);
    }
}

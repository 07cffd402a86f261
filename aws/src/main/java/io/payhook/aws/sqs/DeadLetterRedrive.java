package io.payhook.aws.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Moves dead-lettered notification messages back to the notification queue where the server lacks SQS's own
 * move task (ElasticMQ; in AWS that is {@link SqsMoveTaskDeadLetterQueue}): a move
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

}

package io.payhook.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.payhook.functions.NotificationSenderHandler;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Long-polls the notification queue the way Lambda's SQS event source mapping does, hands each
 * batch to the very {@link NotificationSenderHandler} that runs in Lambda, deletes what it
 * reports done and leaves the reported failures for a later receive, with a visibility timeout
 * that grows with each receive (backoff) until the queue's redrive policy dead-letters them.
 */
final class QueuePoller implements Runnable {
    private final LocalQueues queues;
    private final NotificationSenderHandler handler;
    private final Duration retryBase;
    private final Duration retryCap;
    private volatile boolean running = true;

    QueuePoller(LocalQueues queues, NotificationSenderHandler handler, Duration retryBase, Duration retryCap) {
        this.queues = queues;
        this.handler = handler;
        this.retryBase = retryBase;
        this.retryCap = retryCap;
    }

    void stop() { running = false; }

    @Override
    public void run() {
        long backoffMs = 100;
        while (running) {
            if (!queues.running()) {
                sleep(200);
                continue;
            }
            try {
                pollOnce();
                backoffMs = 100;
            } catch (SdkException e) {
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 2_000);
            }
        }
    }

    void pollOnce() {
        List<Message> messages = queues.client().receiveMessage(b -> b.queueUrl(queues.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        if (messages.isEmpty()) return;
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setEventSource("aws:sqs");
            Map<String, String> attrs = new HashMap<>();
            m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
            r.setAttributes(attrs);
            records.add(r);
        }
        event.setRecords(records);
        SQSBatchResponse resp = handler.handleRequest(event, null);
        Set<String> failed = resp.getBatchItemFailures() == null ? Set.of() : resp.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                int receives = Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
                int seconds = NotificationSenderHandler.RetryBackoff.seconds(receives,
                        (int) retryBase.toSeconds(), (int) retryCap.toSeconds());
                queues.client().changeMessageVisibility(b -> b.queueUrl(queues.queueUrl())
                        .receiptHandle(m.receiptHandle()).visibilityTimeout(seconds));
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) queues.client().deleteMessageBatch(b -> b.queueUrl(queues.queueUrl()).entries(done));
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

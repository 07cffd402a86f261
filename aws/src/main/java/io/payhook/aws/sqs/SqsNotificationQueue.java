package io.payhook.aws.sqs;

import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.port.NotificationQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** {@link NotificationQueue} on an SQS standard queue (ElasticMQ locally). */
public final class SqsNotificationQueue implements NotificationQueue {
    private final SqsClient client;
    private final String queueUrl;

    public SqsNotificationQueue(SqsClient client, String queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(Message message) {
        try {
            client.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl)
                    .messageBody(NotificationMessages.encode(message)).build());
        } catch (SdkException e) {
            throw new StoreUnavailableException("the notification queue could not be reached", e);
        }
    }
}

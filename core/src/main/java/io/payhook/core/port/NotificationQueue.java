package io.payhook.core.port;

/**
 * The queue of notification work (SQS in AWS, ElasticMQ locally). At-least-once: consumers
 * must be idempotent. Throws {@link io.payhook.core.error.StoreUnavailableException} when the
 * queue cannot be reached.
 */
public interface NotificationQueue {

    /** Work item: deliver notification {@code notificationId} of {@code transactionId}. */
    record Message(String transactionId, String notificationId) {}

    void enqueue(Message message);
}

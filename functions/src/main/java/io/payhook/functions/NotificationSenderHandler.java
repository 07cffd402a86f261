package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.payhook.aws.sqs.NotificationMessages;
import io.payhook.core.port.NotificationQueue;
import io.payhook.core.usecase.DeliverNotification;

import java.util.ArrayList;
import java.util.List;

/**
 * Notification queue batch → {@link DeliverNotification} per message. Each failed message is
 * reported on its own ({@code ReportBatchItemFailures}), so one bad message never holds back
 * the rest; the queue retries it and dead-letters it after the configured number of receives.
 */
public final class NotificationSenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Delays the next delivery of a failed message (SQS visibility timeout); growing per receive. */
    @FunctionalInterface
    public interface RetryBackoff {
        void delay(SQSEvent.SQSMessage message, int receiveCount);

        RetryBackoff NONE = (m, n) -> { };

        /** base × 2^(receives−1), capped — in seconds. */
        static int seconds(int receiveCount, int baseSeconds, int capSeconds) {
            long s = (long) baseSeconds << Math.min(20, Math.max(0, receiveCount - 1));
            return (int) Math.max(1, Math.min(s, capSeconds));
        }
    }

    private final DeliverNotification delivery;
    private final int maxReceives;
    private final RetryBackoff backoff;

    public NotificationSenderHandler() {
        this(LambdaServices.instance().delivery(), LambdaServices.instance().maxReceives(), LambdaServices.instance().retryBackoff());
        Priming.register(() -> Priming.primeQuery(LambdaServices.instance()));
    }

    public NotificationSenderHandler(DeliverNotification delivery, int maxReceives, RetryBackoff backoff) {
        this.delivery = delivery;
        this.maxReceives = maxReceives;
        this.backoff = backoff;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context ctx) {
        try (Invocation ignored = Invocation.begin(ctx, null, null)) {
            return handleBatch(event);
        }
    }

    private SQSBatchResponse handleBatch(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (event.getRecords() != null) {
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                if (!handle(m)) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(m.getMessageId()).build());
                    try {
                        backoff.delay(m, receiveCount(m));
                    } catch (RuntimeException e) {
                        // the queue's own visibility timeout applies instead
                        JsonLog.warn("could not delay the retry", "message_id", m.getMessageId(), "error", e.getClass().getSimpleName());
                    }
                }
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** @return true when the message is done with (sent, already sent, or nothing to send) */
    private boolean handle(SQSEvent.SQSMessage m) {
        var decoded = NotificationMessages.decode(m.getBody());
        if (decoded.isEmpty()) {
            JsonLog.error("poison notification message", "message_id", m.getMessageId());
            return false;
        }
        NotificationQueue.Message msg = decoded.get();
        int receives = receiveCount(m);
        try {
            var outcome = delivery.handle(msg.transactionId(), msg.notificationId(), receives, maxReceives);
            JsonLog.info("notification " + outcome.name().toLowerCase(java.util.Locale.ROOT), "transaction_id", msg.transactionId(),
                    "notification_id", msg.notificationId(), "receive_count", Integer.toString(receives));
            return true;
        } catch (DeliverNotification.ClaimedElsewhereException e) {
            // a copy of this message is being delivered right now: look again after the backoff (then it is SENT)
            JsonLog.info("notification held by another attempt; will look again", "transaction_id", msg.transactionId(),
                    "notification_id", msg.notificationId(), "receive_count", Integer.toString(receives));
            return false;
        } catch (DeliverNotification.PoisonMessageException e) {
            JsonLog.error("notification refers to nothing known", "transaction_id", msg.transactionId(),
                    "notification_id", msg.notificationId(), "error", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            JsonLog.warn("notification attempt failed; will retry", "transaction_id", msg.transactionId(),
                    "notification_id", msg.notificationId(), "receive_count", Integer.toString(receives),
                    "error", e.getClass().getSimpleName());
            return false;
        }
    }

    static int receiveCount(SQSEvent.SQSMessage m) {
        try {
            return m.getAttributes() == null ? 1 : Integer.parseInt(m.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

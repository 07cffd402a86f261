package io.payhook.aws.sns;

import io.payhook.core.port.Notifier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Notifier} publishing each confirmation to an SNS topic whose email subscriptions are
 * configured per environment (SPEC §6). The message carries filterable attributes (status,
 * provider, currency, notification id); the customer's address is NOT put on the topic — SNS
 * email subscriptions cannot address an arbitrary customer (use the SES adapter for that).
 */
public final class SnsNotifier implements Notifier {
    private static final int MAX_SUBJECT = 100;

    private final SnsClient client;
    private final String topicArn;

    public SnsNotifier(SnsClient client, String topicArn) {
        this.client = client;
        this.topicArn = topicArn;
    }

    @Override
    public String send(Confirmation c) {
        try {
            return client.publish(toRequest(topicArn, c)).messageId();
        } catch (SdkException e) {
            throw new NotifierException("SNS publish failed", e);
        }
    }

    @Override
    public String channel() { return "sns"; }

    /** The publish request for a confirmation (pure; unit-tested). */
    public static PublishRequest toRequest(String topicArn, Confirmation c) {
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        c.attributes().forEach((k, v) -> attrs.put(k,
                MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        String subject = c.subject().replaceAll("[\\r\\n]", " ");
        if (subject.length() > MAX_SUBJECT) subject = subject.substring(0, MAX_SUBJECT);
        // email subscriptions of a topic receive plain text: the text part of the confirmation
        return PublishRequest.builder().topicArn(topicArn).subject(subject).message(c.text())
                .messageAttributes(attrs).build();
    }
}

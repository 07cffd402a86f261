package io.payhook.aws.ses;

import io.payhook.core.port.Notifier;

import java.util.Objects;

/**
 * The SES deployment's channel: each confirmation is first published to the confirmation topic (the
 * requirement's SNS channel, with its filterable attributes, for subscribers such as a support mailbox),
 * then sent to the customer by email. A failure of the topic fails the attempt before any customer email
 * is sent (the queue retries the whole attempt); the email's message id is the one returned and recorded,
 * and {@link #channel()} is the email's ({@code ses}), since that is what bounces and complaints are about.
 * A retry after the topic took the message and the email failed publishes to the topic again: topic
 * subscribers may see a confirmation twice, the customer never does (the notification's claim and its
 * SENT record, in DeliverNotification).
 */
public final class TopicThenEmailNotifier implements Notifier {
    private final Notifier topic;
    private final Notifier email;

    public TopicThenEmailNotifier(Notifier topic, Notifier email) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.email = Objects.requireNonNull(email, "email");
    }

    @Override
    public String send(Confirmation confirmation) {
        topic.send(confirmation);
        return email.send(confirmation);
    }

    @Override
    public String channel() { return email.channel(); }
}

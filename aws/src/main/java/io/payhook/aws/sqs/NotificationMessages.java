package io.payhook.aws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payhook.core.model.Ids;
import io.payhook.core.port.NotificationQueue;

import java.io.IOException;
import java.util.Optional;

/** The JSON body of a notification queue message: {@code {"transaction_id": "...", "notification_id": "..."}}. */
public final class NotificationMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationMessages() {}

    public static String encode(NotificationQueue.Message m) {
        var node = MAPPER.createObjectNode();
        node.put("transaction_id", m.transactionId());
        node.put("notification_id", m.notificationId());
        return node.toString();
    }

    /** The message, or empty when the body is not one of ours (a poison message). */
    public static Optional<NotificationQueue.Message> decode(String body) {
        if (body == null || body.length() > 4096) return Optional.empty();
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) return Optional.empty();
            String t = n.path("transaction_id").asText(null);
            String id = n.path("notification_id").asText(null);
            if (!Ids.isValid(t) || !Ids.isValid(id)) return Optional.empty();
            return Optional.of(new NotificationQueue.Message(t, id));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

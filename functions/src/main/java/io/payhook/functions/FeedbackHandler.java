package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.usecase.RecordDeliveryFeedback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * SES bounce and complaint events (the configuration set's event destination publishes them to a topic;
 * locally the SMTP sink's imitation of SES's mailbox simulator publishes the same JSON) →
 * {@link RecordDeliveryFeedback}. The notification is named by the message tags payhook sets when it
 * sends ({@code payhook_notification}; {@code payhook_txn} is the transaction id in hex, since SES tag values
 * allow only letters, digits, {@code _} and {@code -}). A record that is not a bounce or complaint, or not
 * about a payhook message, is skipped and logged by type only; the recipients' addresses are hashed and
 * never logged.
 */
public final class FeedbackHandler implements RequestHandler<SNSEvent, Void> {
    /** The SES message tags payhook sets on every confirmation. */
    public static final String TAG_NOTIFICATION = io.payhook.aws.ses.SesNotifier.TAG_NOTIFICATION;
    public static final String TAG_TRANSACTION_HEX = io.payhook.aws.ses.SesNotifier.TAG_TRANSACTION_HEX;

    private final RecordDeliveryFeedback feedback;

    public FeedbackHandler() {
        this(LambdaServices.instance().feedback());
        Priming.register(() -> Priming.primeFeedback(LambdaServices.instance()));
    }

    public FeedbackHandler(RecordDeliveryFeedback feedback) { this.feedback = feedback; }

    @Override
    public Void handleRequest(SNSEvent event, Context ctx) {
        try (Invocation ignored = Invocation.begin(ctx, null, null)) {
            handleRecords(event);
        }
        return null; // a failure throws: SNS retries the delivery to the function, then its DLQ
    }

    private void handleRecords(SNSEvent event) {
        if (event == null || event.getRecords() == null) return;
        for (SNSEvent.SNSRecord r : event.getRecords()) {
            String body = r.getSNS() == null ? null : r.getSNS().getMessage();
            Optional<RecordDeliveryFeedback.Feedback> f = parse(body);
            if (f.isEmpty()) {
                JsonLog.info("feedback record skipped: not a bounce or complaint about a payhook message");
                continue;
            }
            RecordDeliveryFeedback.Outcome outcome = feedback.handle(f.get());
            JsonLog.info("delivery feedback " + outcome.name().toLowerCase(java.util.Locale.ROOT), "kind", f.get().kind().name(),
                    "transaction_id", f.get().transactionId(), "notification_id", f.get().notificationId());
        }
    }

    /**
     * The feedback an SES event carries (event publishing: {@code eventType}; SES notifications:
     * {@code notificationType}), or empty for anything else (deliveries, sends, opens, a message not tagged by payhook).
     */
    static Optional<RecordDeliveryFeedback.Feedback> parse(String json) {
        if (json == null || json.length() > 256 * 1024) return Optional.empty();
        JsonNode root;
        try {
            root = io.payhook.core.json.Json.tree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) return Optional.empty();
        String type = root.path("eventType").asText(root.path("notificationType").asText(""));
        JsonNode tags = root.path("mail").path("tags");
        String notification = firstTag(tags, TAG_NOTIFICATION);
        String txnHex = firstTag(tags, TAG_TRANSACTION_HEX);
        if (notification == null || txnHex == null) return Optional.empty();
        String transaction;
        try {
            transaction = new String(HexFormat.of().parseHex(txnHex), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        switch (type) {
            case "Bounce" -> {
                JsonNode b = root.path("bounce");
                return Optional.of(new RecordDeliveryFeedback.Feedback(RecordDeliveryFeedback.Kind.BOUNCE, transaction, notification,
                        addresses(b.path("bouncedRecipients")), text(b, "bounceType"), text(b, "bounceSubType")));
            }
            case "Complaint" -> {
                JsonNode c = root.path("complaint");
                return Optional.of(new RecordDeliveryFeedback.Feedback(RecordDeliveryFeedback.Kind.COMPLAINT, transaction, notification,
                        addresses(c.path("complainedRecipients")), text(c, "complaintFeedbackType"), text(c, "complaintSubType")));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String firstTag(JsonNode tags, String name) {
        JsonNode v = tags.path(name);
        if (v.isArray() && !v.isEmpty() && v.get(0).isTextual()) return v.get(0).textValue();
        return null;
    }

    private static List<String> addresses(JsonNode recipients) {
        List<String> out = new ArrayList<>();
        if (recipients.isArray()) for (JsonNode r : recipients) if (r.path("emailAddress").isTextual()) out.add(r.get("emailAddress").textValue());
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}

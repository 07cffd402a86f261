package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.usecase.DeliverNotification;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationSenderHandlerTest {
    static SQSEvent.SQSMessage message(String id, String body, int receives) {
        var m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setReceiptHandle("rh-" + id);
        m.setBody(body);
        m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receives)));
        return m;
    }

    @Test
    void eachBadMessageFailsAloneAndIsDelayedByItsReceiveCount() {
        List<String> delayed = new ArrayList<>();
        // an empty store: every well-formed message is about something unknown
        var parts = new DeliverNotification.Parts(new io.payhook.core.port.InMemoryTransactionStore(), new io.payhook.core.port.TestCipher(),
                new io.payhook.core.port.Notifier() {
                    @Override public String send(Confirmation c) { throw new AssertionError("nothing to send"); }
                    @Override public String channel() { return "test"; }
                },
                new io.payhook.core.notification.ConfirmationRenderer(io.payhook.core.notification.ConfirmationRenderer.Settings.DEFAULT),
                new io.payhook.core.port.InMemorySuppressionList(), new io.payhook.core.port.TestAddressKeys(),
                io.payhook.core.port.Metrics.NONE, io.payhook.core.port.Alerts.NONE, Clock.systemUTC());
        var handler = new NotificationSenderHandler(new DeliverNotification(parts), 5,
                (m, receives) -> delayed.add(m.getMessageId() + "@" + receives));
        var event = new SQSEvent();
        event.setRecords(List.of(message("garbage", "not json", 1),
                message("unknown", "{\"transaction_id\":\"pi_1\",\"notification_id\":\"ntf_1\"}", 3)));
        var resp = handler.handleRequest(event, null);
        assertThat(resp.getBatchItemFailures()).extracting(f -> f.getItemIdentifier()).containsExactly("garbage", "unknown");
        assertThat(delayed).containsExactly("garbage@1", "unknown@3");
    }

    @Test
    void backoffGrowsThenCaps() {
        assertThat(NotificationSenderHandler.RetryBackoff.seconds(1, 30, 900)).isEqualTo(30);
        assertThat(NotificationSenderHandler.RetryBackoff.seconds(2, 30, 900)).isEqualTo(60);
        assertThat(NotificationSenderHandler.RetryBackoff.seconds(4, 30, 900)).isEqualTo(240);
        assertThat(NotificationSenderHandler.RetryBackoff.seconds(9, 30, 900)).isEqualTo(900);
        assertThat(NotificationSenderHandler.RetryBackoff.seconds(0, 30, 900)).isEqualTo(30);
    }
}

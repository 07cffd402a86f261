package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.usecase.ProcessOutbox;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxStreamHandlerTest {
    static DynamodbEvent.DynamodbStreamRecord record(String eventName, Map<String, AttributeValue> image) {
        var r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName(eventName);
        var sr = new StreamRecord();
        sr.setSequenceNumber("100");
        sr.setNewImage(image);
        r.setDynamodb(sr);
        return r;
    }

    @Test
    void anInsertedEventIsAnEventStored() {
        var c = OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"))));
        assertThat(c).contains(new ProcessOutbox.EventStored("pi_1", false));
    }

    @Test
    void anEventWithANotifyingStatusOrAnEmailMayMakeAConfirmationDue() {
        assertThat(OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"), "status", new AttributeValue("SUCCEEDED")))))
                .contains(new ProcessOutbox.EventStored("pi_1", true));
        assertThat(OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"), "status", new AttributeValue("PENDING")))))
                .contains(new ProcessOutbox.EventStored("pi_1", false));
        var sealed = new AttributeValue();
        sealed.setB(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"), "status", new AttributeValue("PENDING"), "customer_email_sealed", sealed))))
                .contains(new ProcessOutbox.EventStored("pi_1", true));
        assertThat(OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"), "status", new AttributeValue("SOME_FUTURE_STATUS")))))
                .contains(new ProcessOutbox.EventStored("pi_1", true));
    }

    @Test
    void aDisputeNamesItsProviderAndEventAndAReversalMayMakeAConfirmationDue() {
        assertThat(OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"), "status", new AttributeValue("DISPUTED"),
                "provider", new AttributeValue("stripe"), "event_id", new AttributeValue("evt_1")))))
                .contains(new ProcessOutbox.EventStored("pi_1", false, new ProcessOutbox.Dispute("stripe", "evt_1")));
        var reverses = new AttributeValue();
        reverses.setSS(java.util.List.of("REFUNDED"));
        assertThat(OutboxStreamHandler.change(record("INSERT", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"), "reverses", reverses))))
                .contains(new ProcessOutbox.EventStored("pi_1", true));
    }

    @Test
    void aNotificationItemCarriesItsStatusAndWhetherItIsNew() {
        var image = Map.of("transaction_id", new AttributeValue("pi_1"), "kind", new AttributeValue("NOTIFICATION"),
                "notification_id", new AttributeValue("ntf_1"), "status", new AttributeValue("QUEUED"));
        assertThat(OutboxStreamHandler.change(record("INSERT", image)))
                .contains(new ProcessOutbox.NotificationChanged("pi_1", "ntf_1", NotificationStatus.QUEUED, true));
        assertThat(OutboxStreamHandler.change(record("MODIFY", image)))
                .contains(new ProcessOutbox.NotificationChanged("pi_1", "ntf_1", NotificationStatus.QUEUED, false));
        var future = new java.util.HashMap<>(image);
        future.put("status", new AttributeValue("SOME_FUTURE_STATE"));
        assertThat(OutboxStreamHandler.change(record("INSERT", future))).isEmpty(); // not a poison record
    }

    @Test
    void otherRecordsAreNotChanges() {
        assertThat(OutboxStreamHandler.change(record("MODIFY", Map.of("transaction_id", new AttributeValue("pi_1"),
                "kind", new AttributeValue("EVENT"))))).isEmpty();
        assertThat(OutboxStreamHandler.change(record("REMOVE", null))).isEmpty();
    }
}

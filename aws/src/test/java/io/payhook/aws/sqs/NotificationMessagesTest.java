package io.payhook.aws.sqs;

import io.payhook.core.port.NotificationQueue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationMessagesTest {
    @Test
    void roundTripsAndRejectsPoison() {
        var m = new NotificationQueue.Message("pi_123", "ntf_abc");
        assertThat(NotificationMessages.decode(NotificationMessages.encode(m))).contains(m);
        assertThat(NotificationMessages.decode("not json")).isEmpty();
        assertThat(NotificationMessages.decode("{\"transaction_id\":\"pi 1\",\"notification_id\":\"n\"}")).isEmpty();
        assertThat(NotificationMessages.decode("[]")).isEmpty();
        assertThat(NotificationMessages.decode(null)).isEmpty();
    }
}

package io.payhook.aws.sns;

import io.payhook.core.port.Notifier;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnsNotifierTest {
    @Test
    void publishesBodyAndFilterableAttributesButNotTheCustomerAddress() {
        var c = new Notifier.Confirmation("ntf_1", "pi_1", "customer@example.com", "Your payment 12.34 EUR was received\r\nBcc: x",
                "Your payment of 12.34 EUR was received.", "<p>Your payment of 12.34 EUR was received.</p>", Map.of("status", "SUCCEEDED", "provider", "stripe",
                "currency", "EUR", "notification_id", "ntf_1"));
        var r = SnsNotifier.toRequest("arn:aws:sns:us-east-1:000000000000:payhook-confirmations-dev", c);
        assertThat(r.topicArn()).endsWith(":payhook-confirmations-dev");
        assertThat(r.subject()).doesNotContain("\n").doesNotContain("\r").hasSizeLessThanOrEqualTo(100);
        assertThat(r.message()).isEqualTo("Your payment of 12.34 EUR was received.");
        assertThat(r.messageAttributes()).containsOnlyKeys("status", "provider", "currency", "notification_id");
        assertThat(r.messageAttributes().get("status").dataType()).isEqualTo("String");
        assertThat(r.messageAttributes().get("status").stringValue()).isEqualTo("SUCCEEDED");
        assertThat(r.toString()).doesNotContain("customer@example.com");
    }
}

package io.payhook.aws.sns;

import io.payhook.core.port.Alerts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsTopicAlertsTest {
    static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:payhook-ops-dev";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void aDeadLetteredNotificationNamesThePaymentAndWhatToDo() {
        var a = new Alerts.Alert(Alerts.Kind.NOTIFICATION_DEAD_LETTERED, "stripe", "pi_3Abc", "ntf_0123",
                "delivery failed 5 times (NotifierException); the message is in the dead-letter queue");
        PublishRequest r = OpsTopicAlerts.toRequest(TOPIC, "prod", a, CLOCK);
        assertThat(r.topicArn()).isEqualTo(TOPIC);
        assertThat(r.subject()).isEqualTo("payhook prod: notification dead-lettered — stripe pi_3Abc");
        assertThat(r.message()).isEqualTo("""
                payhook operations alert (prod)

                kind: notification_dead_lettered
                provider: stripe
                transaction id: pi_3Abc
                notification id: ntf_0123
                reason: delivery failed 5 times (NotifierException); the message is in the dead-letter queue
                time: 2026-12-03T10:15:30Z

                What to do: the customer has no confirmation yet. Find why the last attempt failed, fix it, and redrive the \
                dead-letter queue (docs/OPERATIONS.md, "Operations alerts" and "DLQ: inspect, fix, redrive").

                At most one alert of this kind per payment (or provider) is sent in 5 minutes; more of the same may follow in the logs.
                """);
        assertThat(r.messageAttributes()).isEmpty();
    }

    @Test
    void aDisputeNamesItsEventAndARefusedProviderNamesNoPayment() {
        var dispute = OpsTopicAlerts.toRequest(TOPIC, "dev", new Alerts.Alert(Alerts.Kind.DISPUTE, "adyen", "8815", "8815:CHARGEBACK:true",
                "chargeback"), CLOCK);
        assertThat(dispute.subject()).isEqualTo("payhook dev: dispute — adyen 8815");
        assertThat(dispute.message()).contains("event id: 8815:CHARGEBACK:true\n").contains("\"Operations alerts\"");
        var refused = OpsTopicAlerts.toRequest(TOPIC, "dev", new Alerts.Alert(Alerts.Kind.PROVIDER_NOT_CONFIGURED, "paddle", null, null,
                "provider_not_configured"), CLOCK);
        assertThat(refused.subject()).isEqualTo("payhook dev: provider not configured — paddle");
        assertThat(refused.message()).doesNotContain("transaction id").doesNotContain("event id").contains("Rotating a provider secret");
    }

    @Test
    void aHighRiskAlertNamesThePaymentAndTheRulesThatFired() {
        var high = OpsTopicAlerts.toRequest(TOPIC, "prod", new Alerts.Alert(Alerts.Kind.HIGH_RISK, "stripe", "pi_big", null,
                "risk level high (score 95): amount_large, bank_transfer"), CLOCK);
        assertThat(high.subject()).isEqualTo("payhook prod: high risk — stripe pi_big");
        assertThat(high.message()).contains("kind: high_risk\n").contains("transaction id: pi_big\n")
                .contains("reason: risk level high (score 95): amount_large, bank_transfer\n").contains("docs/RISK.md")
                .doesNotContain("event id");
    }

    @Test
    void theSubjectIsOneLineUnderAHundredCharacters() {
        String longId = "x".repeat(128);
        var r = OpsTopicAlerts.toRequest(TOPIC, "prod", new Alerts.Alert(Alerts.Kind.DISPUTE, "custom\nprovider", longId, null, "r"), CLOCK);
        assertThat(r.subject()).hasSizeLessThan(100).doesNotContain("\n").doesNotContain("\r").startsWith("payhook prod: dispute — custom provider xxx");
    }

    @Test
    void noPersonalDataOrCardNumberEvenIfACallerPassedOne() {
        var a = new Alerts.Alert(Alerts.Kind.DISPUTE, "generic", "4111111111111111", "evt_1",
                "customer jane.doe@example.com paid with 5555555555554444\r\nBcc: someone");
        var r = OpsTopicAlerts.toRequest(TOPIC, "dev", a, CLOCK);
        String all = r.subject() + "\n" + r.message();
        assertThat(all).doesNotContain("jane.doe").doesNotContain("@example.com").doesNotContain("4111111111111111")
                .doesNotContain("5555555555554444");
        assertThat(r.message()).contains("reason: customer [email] paid with 555555******4444 Bcc: someone\n");
    }

    @Test
    void aFailedPublishThrowsNamingTheErrorCodeOnly() {
        List<PublishRequest> published = new ArrayList<>();
        SnsClient failing = new SnsClient() {
            @Override public PublishResponse publish(PublishRequest r) {
                published.add(r);
                throw AuthorizationErrorException.builder().statusCode(403).message("User arn:aws:sts::1:assumed-role/x is not authorized")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AuthorizationError").build()).build();
            }
            @Override public String serviceName() { return "sns"; }
            @Override public void close() { }
        };
        var alerts = new OpsTopicAlerts(failing, TOPIC, "dev", CLOCK);
        assertThatThrownBy(() -> alerts.raise(new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1", "evt_1", "dispute")))
                .isInstanceOf(OpsTopicAlerts.AlertNotPublishedException.class).hasMessage("SNS Publish failed: AuthorizationError (HTTP 403)");
        assertThat(published).hasSize(1);
    }

    @Test
    void aPublishedAlertIsDelivered() {
        SnsClient ok = new SnsClient() {
            @Override public PublishResponse publish(PublishRequest r) { return PublishResponse.builder().messageId("m-1").build(); }
            @Override public String serviceName() { return "sns"; }
            @Override public void close() { }
        };
        assertThat(new OpsTopicAlerts(ok, TOPIC, null, CLOCK).raise(new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1", "evt_1", "d"))).isTrue();
        assertThat(OpsTopicAlerts.toRequest(TOPIC, null, new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1", "evt_1", "d"), CLOCK).subject())
                .isEqualTo("payhook: dispute — stripe pi_1");
    }
}

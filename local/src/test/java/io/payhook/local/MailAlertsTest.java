package io.payhook.local;

import io.payhook.core.port.Alerts;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations alert email: kind, provider, transaction and event or notification named; plain text; none of a confirmation's headers. */
class MailAlertsTest {
    static final Instant AT = Instant.parse("2026-12-02T09:05:07Z");

    @Test
    void aDisputeNamesProviderTransactionAndEvent() throws Exception {
        MimeMessage m = MailAlerts.message(Session.getInstance(new Properties()),
                new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_123", "evt_456", "a dispute or chargeback was reported for the payment"),
                "payhook <no-reply@payhook.local>", "ops@localhost", AT);
        assertThat(m.getSubject()).isEqualTo("[payhook alert] Dispute — stripe — transaction pi_123");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("ops@localhost");
        assertThat(m.isMimeType("text/plain")).isTrue();
        assertThat(m.getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(m.getHeader(MailAlerts.ALERT_HEADER, null)).isEqualTo("DISPUTE");
        assertThat(m.getHeader(SmtpNotifier.NOTIFICATION_HEADER)).isNull();
        assertThat(m.getHeader(SmtpNotifier.TRANSACTION_HEADER)).isNull();
        String body = (String) m.getContent();
        assertThat(body).contains("Kind:         DISPUTE\n").contains("Provider:     stripe\n").contains("Transaction:  pi_123\n")
                .contains("Event:        evt_456\n").contains("Reason:       a dispute or chargeback").contains("Raised at:    2026-12-02T09:05:07Z\n");
    }

    @Test
    void aDeadLetteredNotificationNamesTheNotificationAndTheRedrive() throws Exception {
        String body = MailAlerts.body(new Alerts.Alert(Alerts.Kind.NOTIFICATION_DEAD_LETTERED, "generic", "txn_1", "ntf_2",
                "delivery failed 5 times (NotifierException); the message is in the dead-letter queue"), AT);
        assertThat(body).contains("Notification: ntf_2\n").contains("Transaction:  txn_1\n").contains("./payhook redrive");
        assertThat(MailAlerts.subject(new Alerts.Alert(Alerts.Kind.NOTIFICATION_DEAD_LETTERED, "generic", "txn_1", "ntf_2", "x")))
                .isEqualTo("[payhook alert] Notification dead-lettered — generic — transaction txn_1");
    }

    @Test
    void refusedDeliveriesNameTheProviderAndSayNoPaymentIsNamed() {
        Alerts.Alert a = new Alerts.Alert(Alerts.Kind.PROVIDER_NOT_CONFIGURED, "standard_webhooks", null, null,
                "deliveries of standard_webhooks are refused: no secret is configured for it");
        assertThat(MailAlerts.subject(a)).isEqualTo("[payhook alert] Provider not configured — standard_webhooks — deliveries refused");
        assertThat(MailAlerts.body(a, AT)).contains("Provider:     standard_webhooks\n").contains("Transaction:  none named")
                .doesNotContain("Event:").contains("PAYHOOK_*_SECRETS");
    }

    @Test
    void controlCharactersInAValueCannotAddHeadersOrLines() {
        Alerts.Alert a = new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1\r\nBcc: x@example.com", "evt\n1", "r");
        assertThat(MailAlerts.subject(a)).doesNotContain("\n").doesNotContain("\r");
        assertThat(MailAlerts.body(a, AT)).contains("Transaction:  pi_1 Bcc: x@example.com\n").contains("Event:        evt 1\n");
    }

    @Test
    void aHighRiskAlertNamesThePaymentAndSaysWhatToDo() {
        var a = new Alerts.Alert(Alerts.Kind.HIGH_RISK, "generic", "txn_big", null, "risk level high (score 70): amount_large");
        assertThat(MailAlerts.subject(a)).isEqualTo("[payhook alert] High risk — generic — transaction txn_big");
        assertThat(MailAlerts.body(a, java.time.Instant.parse("2026-12-02T10:00:00Z"))).contains("Kind:         HIGH_RISK")
                .contains("Transaction:  txn_big").contains("Reason:       risk level high (score 70): amount_large")
                .contains("GET /transactions/txn_big").doesNotContain("Event:");
    }
}

package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The SES event publishing records the local mailbox simulator publishes, field by field (SES's documented examples). */
class SesMailboxSimulatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-02T09:05:08.500Z");

    static MimeMessage sentTo(String recipient) throws Exception {
        var c = SmtpNotifierTest.confirmation("Paid\n", "<p>Paid</p>\n");
        c = new io.payhook.core.port.Notifier.Confirmation(c.notificationId(), c.transactionId(), recipient, c.subject(), c.text(), c.html(), c.attributes());
        return SmtpNotifierTest.reparse(SmtpNotifier.message(SmtpNotifierTest.SESSION, c, "Shop <no-reply@shop.example>",
                "0100019abc-id-000000", "us-east-1", SmtpNotifierTest.AT));
    }

    @Test
    void aBounceIsPermanentGeneralForTheRecipientWithPayhooksTags() throws Exception {
        JsonNode e = JSON.readTree(SesMailboxSimulator.eventJson(sentTo(SesMailboxSimulator.BOUNCE), SesMailboxSimulator.BOUNCE, NOW, "us-east-1"));
        assertThat(e.path("eventType").asText()).isEqualTo("Bounce");
        JsonNode b = e.path("bounce");
        assertThat(b.path("bounceType").asText()).isEqualTo("Permanent");
        assertThat(b.path("bounceSubType").asText()).isEqualTo("General");
        assertThat(b.path("bouncedRecipients")).hasSize(1);
        assertThat(b.path("bouncedRecipients").get(0).path("emailAddress").asText()).isEqualTo("bounce@simulator.amazonses.com");
        assertThat(b.path("bouncedRecipients").get(0).path("status").asText()).isEqualTo("5.1.1");
        assertThat(b.path("timestamp").asText()).isEqualTo("2026-12-02T09:05:08.500Z");
        assertThat(b.path("feedbackId").asText()).endsWith("-000000");
        JsonNode mail = e.path("mail");
        assertThat(mail.path("messageId").asText()).isEqualTo("0100019abc-id-000000");
        assertThat(mail.path("timestamp").asText()).isEqualTo("2026-12-02T09:05:07Z");
        assertThat(mail.path("source").asText()).isEqualTo("Shop <no-reply@shop.example>");
        assertThat(mail.path("sourceArn").asText()).isEqualTo("arn:aws:ses:us-east-1:000000000000:identity/shop.example");
        assertThat(mail.path("destination").get(0).asText()).isEqualTo("bounce@simulator.amazonses.com");
        assertThat(mail.path("commonHeaders").path("subject").asText()).isEqualTo("Payment received: €19.99 — Shop");
        assertThat(mail.path("commonHeaders").path("messageId").asText()).isEqualTo("0100019abc-id-000000");
        assertThat(mail.path("headers").findValuesAsText("name")).contains("From", "To", "Subject", "MIME-Version", "Content-Type")
                .doesNotContain("Message-ID", "Date");
        JsonNode tags = mail.path("tags");
        assertThat(tags.path("payhook_notification").get(0).asText()).isEqualTo("ntf_1");
        assertThat(tags.path("payhook_txn").get(0).asText()).isEqualTo(HexFormat.of().formatHex("pi_123".getBytes(StandardCharsets.UTF_8)));
        assertThat(tags.path("ses:configuration-set").get(0).asText()).isEqualTo("payhook-local");
        assertThat(e.has("complaint")).isFalse();
    }

    @Test
    void aComplaintIsAbuseFromTheRecipient() throws Exception {
        JsonNode e = JSON.readTree(SesMailboxSimulator.eventJson(sentTo(SesMailboxSimulator.COMPLAINT), SesMailboxSimulator.COMPLAINT, NOW, "eu-west-1"));
        assertThat(e.path("eventType").asText()).isEqualTo("Complaint");
        JsonNode c = e.path("complaint");
        assertThat(c.path("complaintFeedbackType").asText()).isEqualTo("abuse");
        assertThat(c.path("complainedRecipients").get(0).path("emailAddress").asText()).isEqualTo("complaint@simulator.amazonses.com");
        assertThat(e.path("mail").path("sourceArn").asText()).startsWith("arn:aws:ses:eu-west-1:");
        assertThat(e.has("bounce")).isFalse();
    }

    @Test
    void onlyTheSimulatorsAddressesAreAnswered() {
        assertThat(SesMailboxSimulator.simulates("Bounce@Simulator.AmazonSES.com")).isTrue();
        assertThat(SesMailboxSimulator.simulates("complaint@simulator.amazonses.com")).isTrue();
        assertThat(SesMailboxSimulator.simulates("success@simulator.amazonses.com")).isFalse();
        assertThat(SesMailboxSimulator.simulates("customer@example.com")).isFalse();
        assertThat(SesMailboxSimulator.simulates(null)).isFalse();
    }

    @Test
    void theSnsEnvelopeCarriesTheRecordAsSnsDeliversItToAFunction() {
        var e = SesMailboxSimulator.sns("{\"eventType\":\"Bounce\"}", "us-east-1", NOW);
        assertThat(e.getRecords()).hasSize(1);
        var r = e.getRecords().get(0);
        assertThat(r.getEventSource()).isEqualTo("aws:sns");
        assertThat(r.getSNS().getType()).isEqualTo("Notification");
        assertThat(r.getSNS().getTopicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:payhook-ses-feedback");
        assertThat(r.getSNS().getMessage()).isEqualTo("{\"eventType\":\"Bounce\"}");
    }
}

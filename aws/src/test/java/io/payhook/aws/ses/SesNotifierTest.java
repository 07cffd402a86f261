package io.payhook.aws.ses;

import io.payhook.core.port.Notifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SesNotifierTest {
    static final String FROM = "Example Shop <payments@shop.example>";
    static final String CONFIG_SET = "payhook-dev";
    static final String CUSTOMER = "jane.doe@example.com";

    static Notifier.Confirmation confirmation() {
        return new Notifier.Confirmation("ntf_0123abcd", "pi_3Abc:1", CUSTOMER, "Payment received: €12.34\r\nBcc: x",
                "Your payment of €12.34 was received.", "<p>Your payment of <b>€12.34</b> was received.</p>",
                Map.of("status", "SUCCEEDED", "provider", "stripe", "currency", "EUR", "notification_id", "ntf_0123abcd"));
    }

    @Test
    void sendsAMultipartUtf8MessageToTheCustomerWithTheConfigurationSetAndTags() {
        SendEmailRequest r = SesNotifier.toRequest(FROM, CONFIG_SET, confirmation());
        assertThat(r.fromEmailAddress()).isEqualTo(FROM);
        assertThat(r.destination().toAddresses()).containsExactly(CUSTOMER);
        assertThat(r.destination().ccAddresses()).isEmpty();
        assertThat(r.destination().bccAddresses()).isEmpty();
        assertThat(r.configurationSetName()).isEqualTo(CONFIG_SET);
        var simple = r.content().simple();
        assertThat(r.content().raw()).isNull();
        assertThat(r.content().template()).isNull();
        assertThat(simple.subject().data()).isEqualTo("Payment received: €12.34 Bcc: x"); // one line: no header injection
        assertThat(simple.subject().charset()).isEqualTo("UTF-8");
        assertThat(simple.body().text().data()).isEqualTo("Your payment of €12.34 was received.");
        assertThat(simple.body().text().charset()).isEqualTo("UTF-8");
        assertThat(simple.body().html().data()).isEqualTo("<p>Your payment of <b>€12.34</b> was received.</p>");
        assertThat(simple.body().html().charset()).isEqualTo("UTF-8");
        assertThat(r.emailTags()).extracting(MessageTag::name, MessageTag::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("payhook_notification", "ntf_0123abcd"),
                org.assertj.core.groups.Tuple.tuple("payhook_txn", HexFormat.of().formatHex("pi_3Abc:1".getBytes(StandardCharsets.UTF_8))));
        // what FeedbackHandler reads back: the hex decodes to the transaction id
        assertThat(new String(HexFormat.of().parseHex(r.emailTags().get(1).value()), StandardCharsets.UTF_8)).isEqualTo("pi_3Abc:1");
    }

    @Test
    void returnsSesMessageId() {
        List<SendEmailRequest> sent = new ArrayList<>();
        var n = new SesNotifier(client(req -> { sent.add(req); return SendEmailResponse.builder().messageId("0100018c-ses-id").build(); }),
                FROM, CONFIG_SET);
        assertThat(n.send(confirmation())).isEqualTo("0100018c-ses-id");
        assertThat(n.channel()).isEqualTo("ses");
        assertThat(sent).hasSize(1);
    }

    @Test
    void aServiceErrorIsRetryableAndNeverQuotesTheRecipient() {
        // the SES sandbox's refusal names the unverified recipient in its message
        var n = new SesNotifier(client(req -> {
            throw MessageRejectedException.builder().statusCode(400).message("Email address is not verified. The following identities "
                    + "failed the check in region US-EAST-1: " + CUSTOMER).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("MessageRejected").errorMessage("identities failed the check: " + CUSTOMER).build()).build();
        }), FROM, CONFIG_SET);
        assertThatThrownBy(() -> n.send(confirmation())).isInstanceOf(Notifier.NotifierException.class)
                .hasMessage("SES SendEmail failed: MessageRejected (HTTP 400)").hasNoCause()
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(CUSTOMER).doesNotContain("jane.doe"));
    }

    @Test
    void aClientErrorIsRetryableToo() {
        var n = new SesNotifier(client(req -> { throw SdkClientException.create("connect timed out to " + CUSTOMER); }), FROM, CONFIG_SET);
        assertThatThrownBy(() -> n.send(confirmation())).isInstanceOf(Notifier.NotifierException.class)
                .hasMessage("SES SendEmail failed: SdkClientException").hasNoCause();
    }

    @Test
    void theConfirmationsPrintedFormNamesNoAddress() {
        // what a log line or an exception could show of the confirmation itself
        assertThat(confirmation().toString()).doesNotContain(CUSTOMER);
    }

    @Test
    void aTagValueSesWouldRefuseIsRefusedBeforeSending() {
        var bad = new Notifier.Confirmation("ntf 1", "pi_1", CUSTOMER, "s", "t", "h", Map.of());
        assertThatThrownBy(() -> SesNotifier.toRequest(FROM, CONFIG_SET, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payhook_notification").hasMessageNotContaining(CUSTOMER);
    }

    @Test
    void topicFirstThenTheCustomerEmailWhoseIdIsRecorded() {
        List<String> order = new ArrayList<>();
        Notifier topic = notifier("sns", c -> { order.add("sns"); return "sns-id"; });
        Notifier email = notifier("ses", c -> { order.add("ses"); return "ses-id"; });
        var both = new TopicThenEmailNotifier(topic, email);
        assertThat(both.send(confirmation())).isEqualTo("ses-id");
        assertThat(both.channel()).isEqualTo("ses");
        assertThat(order).containsExactly("sns", "ses");
    }

    @Test
    void aTopicFailureFailsTheAttemptBeforeAnyEmail() {
        List<String> order = new ArrayList<>();
        Notifier topic = notifier("sns", c -> { throw new Notifier.NotifierException("SNS publish failed", null); });
        Notifier email = notifier("ses", c -> { order.add("ses"); return "ses-id"; });
        assertThatThrownBy(() -> new TopicThenEmailNotifier(topic, email).send(confirmation())).isInstanceOf(Notifier.NotifierException.class);
        assertThat(order).isEmpty();
    }

    private static Notifier notifier(String channel, Function<Notifier.Confirmation, String> send) {
        return new Notifier() {
            @Override public String send(Confirmation c) { return send.apply(c); }
            @Override public String channel() { return channel; }
        };
    }

    private static String stackText(Throwable e) {
        var w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    private static SesV2Client client(Function<SendEmailRequest, SendEmailResponse> send) {
        return new SesV2Client() {
            @Override public SendEmailResponse sendEmail(SendEmailRequest r) { return send.apply(r); }
            @Override public String serviceName() { return "ses"; }
            @Override public void close() { }
        };
    }
}

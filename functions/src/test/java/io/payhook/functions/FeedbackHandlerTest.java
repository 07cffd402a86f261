package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.payhook.core.port.InMemorySuppressionList;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.RecordingMetrics;
import io.payhook.core.port.TestAddressKeys;
import io.payhook.core.usecase.RecordDeliveryFeedback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SES's own documented records, with payhook's two message tags in {@code mail.tags} where SES puts a
 * configuration set's message tags:
 * <ul>
 *   <li>event publishing ({@code eventType}): "Examples of event data that Amazon SES publishes to Amazon SNS",
 *       https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-examples.html (Bounce, Complaint
 *       and Delivery records; the Delivery example shows custom tags {@code myCustomTag1} there);</li>
 *   <li>identity notifications ({@code notificationType}): "Amazon SNS notification examples for Amazon SES",
 *       https://docs.aws.amazon.com/ses/latest/dg/notification-examples.html — SES publishes no tags with them
 *       (the first page's note), so they name no payhook notification and are skipped.</li>
 * </ul>
 * Each is also delivered the way Lambda gets it: inside an SNS event record ({@code Records[].Sns.Message}).
 */
class FeedbackHandlerTest {
    static final String TXN = "pi_3MtwBwLkdIwHu7ix28a3tqPa";
    static final String NTF = "ntf_0a1b2c3d4e5f";

    static String tags() {
        return "\"ses:configuration-set\":[\"ConfigSet\"],\"ses:source-ip\":[\"192.0.2.0\"],\"ses:from-domain\":[\"example.com\"],"
                + "\"ses:caller-identity\":[\"ses_user\"],\"payhook_notification\":[\"" + NTF + "\"],"
                + "\"payhook_txn\":[\"" + HexFormat.of().formatHex(TXN.getBytes(StandardCharsets.UTF_8)) + "\"]";
    }

    static String mail(String timestamp) {
        return "\"mail\":{\"timestamp\":\"" + timestamp + "\",\"source\":\"Sender Name <sender@example.com>\","
                + "\"sourceArn\":\"arn:aws:ses:us-east-1:123456789012:identity/sender@example.com\",\"sendingAccountId\":\"123456789012\","
                + "\"messageId\":\"EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000\",\"destination\":[\"recipient@example.com\"],"
                + "\"headersTruncated\":false,\"headers\":[{\"name\":\"From\",\"value\":\"Sender Name <sender@example.com>\"},"
                + "{\"name\":\"To\",\"value\":\"recipient@example.com\"},{\"name\":\"Subject\",\"value\":\"Message sent from Amazon SES\"},"
                + "{\"name\":\"MIME-Version\",\"value\":\"1.0\"},{\"name\":\"Content-Type\",\"value\":\"multipart/alternative; "
                + "boundary=\\\"----=_Part_7298998_679725522.1516840859643\\\"\"}],\"commonHeaders\":{\"from\":[\"Sender Name <sender@example.com>\"],"
                + "\"to\":[\"recipient@example.com\"],\"messageId\":\"EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000\","
                + "\"subject\":\"Message sent from Amazon SES\"},\"tags\":{" + tags() + "}}";
    }

    /** The documented Bounce record. */
    static final String BOUNCE = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\","
            + "\"bouncedRecipients\":[{\"emailAddress\":\"recipient@example.com\",\"action\":\"failed\",\"status\":\"5.1.1\","
            + "\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}],\"timestamp\":\"2017-08-05T00:41:02.669Z\","
            + "\"feedbackId\":\"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000\",\"reportingMTA\":\"dsn; mta.example.com\"},"
            + mail("2017-08-05T00:40:02.012Z") + "}";

    /** The documented Complaint record. */
    static final String COMPLAINT = "{\"eventType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":\"recipient@example.com\"}],"
            + "\"timestamp\":\"2017-08-05T00:41:02.669Z\",\"feedbackId\":\"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000\","
            + "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36\","
            + "\"complaintFeedbackType\":\"abuse\",\"arrivalDate\":\"2017-08-05T00:41:02.669Z\"}," + mail("2017-08-05T00:40:01.123Z") + "}";

    /** The documented Delivery record. */
    static final String DELIVERY = "{\"eventType\":\"Delivery\"," + mail("2016-10-19T23:20:52.240Z") + ",\"delivery\":{"
            + "\"timestamp\":\"2016-10-19T23:21:04.133Z\",\"processingTimeMillis\":11893,\"recipients\":[\"recipient@example.com\"],"
            + "\"smtpResponse\":\"250 2.6.0 Message received\",\"reportingMTA\":\"mta.example.com\"}}";

    /** The documented identity notification "Bounce notification with a DSN" (no tags: SES publishes none with these). */
    static final String IDENTITY_BOUNCE = "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\","
            + "\"reportingMTA\":\"dns; email.example.com\",\"bouncedRecipients\":[{\"emailAddress\":\"jane@example.com\",\"status\":\"5.1.1\","
            + "\"action\":\"failed\",\"diagnosticCode\":\"smtp; 550 5.1.1 <jane@example.com>... User\"}],\"bounceSubType\":\"General\","
            + "\"timestamp\":\"2016-01-27T14:59:38.237Z\",\"feedbackId\":\"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000\","
            + "\"remoteMtaIp\":\"127.0.2.0\"},\"mail\":{\"timestamp\":\"2016-01-27T14:59:38.237Z\",\"source\":\"john@example.com\","
            + "\"sourceArn\":\"arn:aws:ses:us-east-1:888888888888:identity/example.com\",\"sourceIp\":\"127.0.3.0\","
            + "\"sendingAccountId\":\"123456789012\",\"callerIdentity\":\"IAM_user_or_role_name\","
            + "\"messageId\":\"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000\",\"destination\":[\"jane@example.com\","
            + "\"mary@example.com\",\"richard@example.com\"]}}";

    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final InMemorySuppressionList suppressions = new InMemorySuppressionList();
    final RecordingMetrics metrics = new RecordingMetrics();
    final FeedbackHandler handler = new FeedbackHandler(new RecordDeliveryFeedback(new InMemoryTransactionStore(), suppressions,
            new TestAddressKeys(), metrics, "ses", Clock.systemUTC()));

    @BeforeEach
    void capture() { JsonLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8)); }

    @AfterEach
    void restore() { JsonLog.setOutput(System.out); }

    @Test
    void theDocumentedBounceIsAPermanentBounceOfThePayhookNotification() {
        var f = FeedbackHandler.parse(BOUNCE).orElseThrow();
        assertThat(f.kind()).isEqualTo(RecordDeliveryFeedback.Kind.BOUNCE);
        assertThat(f.transactionId()).isEqualTo(TXN);
        assertThat(f.notificationId()).isEqualTo(NTF);
        assertThat(f.recipients()).containsExactly("recipient@example.com");
        assertThat(f.type()).isEqualTo("Permanent");
        assertThat(f.subType()).isEqualTo("General");
    }

    @Test
    void theDocumentedComplaintIsAComplaintOfThePayhookNotification() {
        var f = FeedbackHandler.parse(COMPLAINT).orElseThrow();
        assertThat(f.kind()).isEqualTo(RecordDeliveryFeedback.Kind.COMPLAINT);
        assertThat(f.transactionId()).isEqualTo(TXN);
        assertThat(f.notificationId()).isEqualTo(NTF);
        assertThat(f.recipients()).containsExactly("recipient@example.com");
        assertThat(f.type()).isEqualTo("abuse");
    }

    @Test
    void aDeliveryAndAnUntaggedIdentityNotificationAreNotFeedback() {
        assertThat(FeedbackHandler.parse(DELIVERY)).isEmpty();
        assertThat(FeedbackHandler.parse(IDENTITY_BOUNCE)).isEmpty();
    }

    @Test
    void throughSnsABounceAndAComplaintSuppressTheAddressAndCountButAreNeverLoggedWithIt() {
        handler.handleRequest(sns(BOUNCE, COMPLAINT, DELIVERY), null);
        assertThat(suppressions.reasons).containsOnlyKeys(new TestAddressKeys().keyOf("recipient@example.com"));
        assertThat(suppressions.reasons.values()).containsExactly("bounce_permanent_general"); // the first reason stays
        assertThat(metrics.lines).containsExactly("notification ses BOUNCED", "notification ses COMPLAINED");
        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(3);
        assertThat(out).contains("\"kind\":\"BOUNCE\"", "\"kind\":\"COMPLAINT\"", "\"transaction_id\":\"" + TXN + "\"",
                "\"notification_id\":\"" + NTF + "\"", "feedback record skipped").doesNotContain("recipient@example.com").doesNotContain("@example.com");
    }

    @Test
    void aTransientBounceSuppressesNothing() {
        handler.handleRequest(sns(BOUNCE.replace("\"bounceType\":\"Permanent\"", "\"bounceType\":\"Transient\"")
                .replace("\"bounceSubType\":\"General\"", "\"bounceSubType\":\"MailboxFull\"")), null);
        assertThat(suppressions.reasons).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("delivery feedback transient");
    }

    @Test
    void aTagThatIsNotHexOrAMessageThatIsNotJsonIsSkipped() {
        assertThat(FeedbackHandler.parse(BOUNCE.replace(HexFormat.of().formatHex(TXN.getBytes(StandardCharsets.UTF_8)), "zz"))).isEmpty();
        assertThat(FeedbackHandler.parse("{not json")).isEmpty();
        assertThat(FeedbackHandler.parse(null)).isEmpty();
        handler.handleRequest(new SNSEvent(), null);
        assertThat(suppressions.reasons).isEmpty();
    }

    static SNSEvent sns(String... messages) {
        var e = new SNSEvent();
        e.setRecords(java.util.Arrays.stream(messages).map(m -> {
            var r = new SNSEvent.SNSRecord();
            r.setEventSource("aws:sns");
            r.setEventVersion("1.0");
            r.setEventSubscriptionArn("arn:aws:sns:us-east-1:123456789012:payhook-ses-feedback-dev:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55");
            r.setSns(new SNSEvent.SNS().withType("Notification").withMessageId("95df01b4-ee98-5cb9-9903-4c221d41eb5e")
                    .withTopicArn("arn:aws:sns:us-east-1:123456789012:payhook-ses-feedback-dev").withSubject(null).withMessage(m)
                    .withSignatureVersion("1"));
            return r;
        }).toList());
        return e;
    }
}

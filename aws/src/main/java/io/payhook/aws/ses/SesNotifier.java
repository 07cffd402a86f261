package io.payhook.aws.ses;

import io.payhook.core.port.Notifier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link Notifier} sending each confirmation to the customer through SES (API v2 {@code SendEmail}, the
 * function's role credentials): from the configured sender identity, a simple multipart message (subject,
 * text and HTML, all UTF-8), with the configuration set whose event destination publishes bounces and
 * complaints, and two message tags the feedback function reads back — {@value #TAG_NOTIFICATION} (the
 * notification id) and {@value #TAG_TRANSACTION_HEX} (the transaction id in hex, since SES tag values allow
 * only letters, digits, {@code _} and {@code -}). Returns SES's message id.
 *
 * <p>A failure is a {@link NotifierException} (the queue retries it) whose message names the SES error code
 * and HTTP status only: SES error messages can quote the recipient (the sandbox's "identities failed the
 * check: …"), so the SDK exception is not kept as the cause and nothing here logs the address.
 */
public final class SesNotifier implements Notifier {
    /** SES message tag: the notification id. */
    public static final String TAG_NOTIFICATION = "payhook_notification";
    /** SES message tag: the transaction id, hex of its UTF-8 bytes. */
    public static final String TAG_TRANSACTION_HEX = "payhook_txn";

    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final String UTF_8 = "UTF-8";

    private final SesV2Client client;
    private final String from;
    private final String configurationSet;

    /**
     * @param from             the verified sender ({@code payments@example.com} or {@code "Shop <payments@example.com>"})
     * @param configurationSet the configuration set that publishes bounce and complaint events
     */
    public SesNotifier(SesV2Client client, String from, String configurationSet) {
        this.client = Objects.requireNonNull(client, "client");
        this.from = Objects.requireNonNull(from, "from");
        this.configurationSet = Objects.requireNonNull(configurationSet, "configurationSet");
    }

    @Override
    public String send(Confirmation c) {
        SendEmailRequest request = toRequest(from, configurationSet, c);
        try {
            return client.sendEmail(request).messageId();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new NotifierException("SES SendEmail failed: " + (code == null ? "error" : code) + " (HTTP " + e.statusCode() + ")", null);
        } catch (SdkException e) {
            throw new NotifierException("SES SendEmail failed: " + e.getClass().getSimpleName(), null);
        }
    }

    @Override
    public String channel() { return "ses"; }

    /** The SendEmail request for a confirmation (pure; unit-tested). */
    public static SendEmailRequest toRequest(String from, String configurationSet, Confirmation c) {
        String notification = tagValue(c.notificationId(), TAG_NOTIFICATION);
        String txnHex = tagValue(HexFormat.of().formatHex(c.transactionId().getBytes(StandardCharsets.UTF_8)), TAG_TRANSACTION_HEX);
        return SendEmailRequest.builder()
                .fromEmailAddress(from)
                .destination(Destination.builder().toAddresses(c.recipient()).build())
                .content(EmailContent.builder().simple(Message.builder()
                        .subject(utf8(oneLine(c.subject())))
                        .body(Body.builder().text(utf8(c.text())).html(utf8(c.html())).build())
                        .build()).build())
                .configurationSetName(configurationSet)
                .emailTags(MessageTag.builder().name(TAG_NOTIFICATION).value(notification).build(),
                        MessageTag.builder().name(TAG_TRANSACTION_HEX).value(txnHex).build())
                .build();
    }

    private static Content utf8(String data) { return Content.builder().data(data).charset(UTF_8).build(); }

    private static String oneLine(String s) { return s.replaceAll("[\\r\\n\\t]+", " ").strip(); }

    /** SES refuses a tag value outside {@code [A-Za-z0-9_-]{1,256}}: say which one rather than send a request that cannot succeed. */
    private static String tagValue(String v, String tag) {
        if (v == null || !TAG_VALUE.matcher(v).matches()) {
            throw new IllegalArgumentException("message tag " + tag + " must be 1-256 letters, digits, '_' or '-'");
        }
        return v;
    }
}

package io.payhook.local;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.functions.FeedbackHandler;
import io.payhook.functions.JsonLog;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * SES's mailbox simulator, locally: when the mail sink accepts a message for
 * {@code bounce@simulator.amazonses.com} or {@code complaint@simulator.amazonses.com}, this publishes the
 * event SES event publishing would publish to the configuration set's SNS topic — {@code eventType}
 * {@code Bounce} (Permanent / General, {@code bouncedRecipients}) or {@code Complaint}
 * ({@code complainedRecipients}, feedback type {@code abuse}), the {@code mail} object with the message id,
 * headers and tags ({@code payhook_notification}, {@code payhook_txn} = hex of the transaction id, read from
 * the {@code X-Payhook-*} headers as SES would carry payhook's message tags) — wrapped in an
 * {@link SNSEvent} as SNS hands it to the feedback function ({@link FeedbackHandler} in AWS and here).
 *
 * <p>Like SES, asynchronously and after the SMTP transaction: an event is published once the sender has
 * recorded the outcome of the notification it names ({@code ready}; at most {@link #READY_WAIT} later,
 * then as it is). A publication that fails (the table is down) is tried again, as SNS retries the
 * function, {@link #ATTEMPTS} times.
 */
final class SesMailboxSimulator implements AutoCloseable {
    static final String BOUNCE = "bounce@simulator.amazonses.com";
    static final String COMPLAINT = "complaint@simulator.amazonses.com";
    /** The account id local ARNs carry. */
    static final String ACCOUNT = "000000000000";
    /** The configuration set the local system sends "through". */
    static final String CONFIGURATION_SET = "payhook-local";
    static final Duration READY_WAIT = Duration.ofSeconds(60);
    static final int ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final Clock clock;
    private final BiPredicate<String, String> ready;
    private final Consumer<SNSEvent> publish;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "payhook-ses-simulator");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param ready   whether the notification (transaction id, notification id) has its outcome recorded
     * @param publish the feedback function's entry (SNS → {@link FeedbackHandler#handleRequest})
     */
    SesMailboxSimulator(String region, Clock clock, BiPredicate<String, String> ready, Consumer<SNSEvent> publish) {
        this.region = region;
        this.clock = clock;
        this.ready = ready;
        this.publish = publish;
    }

    /** Whether mail to this address is answered by the simulator with feedback. */
    static boolean simulates(String recipient) {
        String r = recipient == null ? "" : recipient.strip().toLowerCase(Locale.ROOT);
        return r.equals(BOUNCE) || r.equals(COMPLAINT);
    }

    /** The sink accepted {@code message} for {@code recipient}: schedules its feedback if the recipient is the simulator's. */
    void accepted(MimeMessage message, String recipient) {
        if (!simulates(recipient)) return;
        String event;
        String transactionId;
        String notificationId;
        try {
            notificationId = message.getHeader(SmtpNotifier.NOTIFICATION_HEADER, null);
            transactionId = message.getHeader(SmtpNotifier.TRANSACTION_HEADER, null);
            event = eventJson(message, recipient.strip().toLowerCase(Locale.ROOT), clock.instant(), region);
        } catch (MessagingException | RuntimeException e) {
            JsonLog.warn("mailbox simulator: message not understood, no feedback", "error", e.getClass().getSimpleName());
            return;
        }
        Instant deadline = clock.instant().plus(READY_WAIT);
        executor.schedule(() -> publishWhenReady(sns(event, region, clock.instant()), transactionId, notificationId, deadline, 1),
                POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publishWhenReady(SNSEvent event, String transactionId, String notificationId, Instant deadline, int attempt) {
        boolean waited = clock.instant().isAfter(deadline);
        try {
            if (!waited && transactionId != null && notificationId != null && !ready.test(transactionId, notificationId)) {
                executor.schedule(() -> publishWhenReady(event, transactionId, notificationId, deadline, attempt), POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            publish.accept(event);
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                JsonLog.error("mailbox simulator: feedback not delivered", "notification_id", notificationId, "error", e.getClass().getSimpleName());
                return;
            }
            long delay = 1000L << (attempt - 1); // SNS retries a failed function with backoff
            executor.schedule(() -> publishWhenReady(event, transactionId, notificationId, deadline, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The SES event publishing record for a message sent to the simulator's {@code recipient} (bounce or complaint).
     */
    static String eventJson(MimeMessage m, String recipient, Instant now, String region) throws MessagingException {
        boolean bounce = recipient.equals(BOUNCE);
        String messageId = SmtpNotifier.sesMessageIdOf(m.getHeader("Message-ID", null));
        String from = m.getHeader("From", null);
        String fromDomain = from == null ? "" : domain(new InternetAddress(from).getAddress());
        ObjectNode root = JSON.createObjectNode();
        root.put("eventType", bounce ? "Bounce" : "Complaint");
        String feedbackId = SmtpNotifier.sesMessageId(now, region);
        if (bounce) {
            ObjectNode b = root.putObject("bounce");
            b.put("feedbackId", feedbackId);
            b.put("bounceType", "Permanent");
            b.put("bounceSubType", "General");
            ObjectNode r = b.putArray("bouncedRecipients").addObject();
            r.put("emailAddress", recipient);
            r.put("action", "failed");
            r.put("status", "5.1.1");
            r.put("diagnosticCode", "smtp; 550 5.1.1 user unknown");
            b.put("timestamp", now.toString());
            b.put("reportingMTA", "dns; amazonses.com");
        } else {
            ObjectNode c = root.putObject("complaint");
            c.put("feedbackId", feedbackId);
            c.putArray("complainedRecipients").addObject().put("emailAddress", recipient);
            c.put("timestamp", now.toString());
            c.put("userAgent", "Amazon SES Mailbox Simulator");
            c.put("complaintFeedbackType", "abuse");
            c.put("arrivalDate", now.toString());
        }
        ObjectNode mail = root.putObject("mail");
        mail.put("timestamp", sentAt(m, now).toString());
        mail.put("source", from);
        mail.put("sourceArn", "arn:aws:ses:" + region + ":" + ACCOUNT + ":identity/" + fromDomain);
        mail.put("sendingAccountId", ACCOUNT);
        mail.put("messageId", messageId);
        mail.putArray("destination").add(recipient);
        mail.put("headersTruncated", false);
        ArrayNode headers = mail.putArray("headers");
        for (Enumeration<Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            // SES lists the headers of the message it assembled; Message-ID and Date are its own, added after
            if (h.getName().equalsIgnoreCase("Message-ID") || h.getName().equalsIgnoreCase("Date")) continue;
            headers.addObject().put("name", h.getName()).put("value", MimeUtility.unfold(h.getValue()));
        }
        ObjectNode common = mail.putObject("commonHeaders");
        common.putArray("from").add(from == null ? "" : decoded(from));
        ArrayNode to = common.putArray("to");
        for (var a : m.getRecipients(jakarta.mail.Message.RecipientType.TO)) to.add(a.toString());
        common.put("messageId", messageId);
        common.put("subject", m.getSubject());
        ObjectNode tags = mail.putObject("tags");
        tags.putArray("ses:configuration-set").add(CONFIGURATION_SET);
        tags.putArray("ses:source-ip").add("127.0.0.1");
        tags.putArray("ses:from-domain").add(fromDomain);
        tags.putArray("ses:caller-identity").add("payhook-local");
        String notification = m.getHeader(SmtpNotifier.NOTIFICATION_HEADER, null);
        String transaction = m.getHeader(SmtpNotifier.TRANSACTION_HEADER, null);
        if (notification != null) tags.putArray(FeedbackHandler.TAG_NOTIFICATION).add(notification);
        if (transaction != null) {
            tags.putArray(FeedbackHandler.TAG_TRANSACTION_HEX).add(HexFormat.of().formatHex(transaction.getBytes(StandardCharsets.UTF_8)));
        }
        return root.toString();
    }

    /** The SNS notification SNS delivers to a subscribed function, carrying {@code message}. */
    static SNSEvent sns(String message, String region, Instant now) {
        String topic = "arn:aws:sns:" + region + ":" + ACCOUNT + ":payhook-ses-feedback";
        SNSEvent.SNS n = new SNSEvent.SNS()
                .withType("Notification")
                .withMessageId(UUID.randomUUID().toString())
                .withTopicArn(topic)
                .withMessage(message)
                .withSignatureVersion("1");
        SNSEvent.SNSRecord r = new SNSEvent.SNSRecord();
        r.setEventSource("aws:sns");
        r.setEventVersion("1.0");
        r.setEventSubscriptionArn(topic + ":" + UUID.nameUUIDFromBytes(topic.getBytes(StandardCharsets.UTF_8)));
        r.setSns(n);
        SNSEvent e = new SNSEvent();
        e.setRecords(List.of(r));
        return e;
    }

    private static Instant sentAt(MimeMessage m, Instant fallback) throws MessagingException {
        java.util.Date d = m.getSentDate();
        return d == null ? fallback : d.toInstant();
    }

    private static String decoded(String header) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(header));
        } catch (java.io.UnsupportedEncodingException e) {
            return MimeUtility.unfold(header);
        }
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() { executor.shutdownNow(); }
}

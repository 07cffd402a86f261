package io.payhook.local;

import io.payhook.core.port.Notifier;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * {@link Notifier} over SMTP to the local mail sink, which stands in for SES: each confirmation is the
 * message SES assembles for {@code SendEmail} with Simple content (a Text and an Html body, both
 * charset UTF-8), so the sink's {@code .eml} files show what a customer would receive:
 * <pre>
 * From, To, Subject (RFC 2047 UTF-8 when not ASCII), MIME-Version: 1.0,
 * Content-Type: multipart/alternative; boundary="----=_Part_…"   (the boundary form SES writes)
 * X-Payhook-* (payhook's own headers, see below),
 * Message-ID: &lt;&lt;SES message id&gt;@email.amazonses.com&gt;, Date: … +0000 (UTC, as SES sets it)
 *   part 1: text/plain; charset=UTF-8    part 2: text/html; charset=UTF-8
 *   each Content-Transfer-Encoding 7bit when ASCII, else quoted-printable (base64 when mostly not ASCII)
 * </pre>
 * {@link #send} returns the SES-shaped message id ({@code 01000<epoch ms hex>-<uuid>-000000}), the id the SES
 * events about the message name ({@code mail.messageId}). Not imitated: what SES's outbound MTAs add after
 * assembly (DKIM-Signature, Feedback-ID, X-SES-Outgoing) — they carry account and DNS specifics.
 *
 * <p>The {@code X-Payhook-Notification-Id} and {@code X-Payhook-Transaction-Id} headers (with status,
 * provider and currency) name the notification: the local SES mailbox simulator ({@link SesMailboxSimulator})
 * reads them as SES would read the message tags {@code payhook_notification} and {@code payhook_txn}; no
 * personal data is in them.
 */
public final class SmtpNotifier implements Notifier {
    /** payhook's headers on every confirmation (the values of {@link Notifier.Confirmation#attributes()}). */
    public static final String NOTIFICATION_HEADER = "X-Payhook-Notification-Id";
    public static final String TRANSACTION_HEADER = "X-Payhook-Transaction-Id";

    /** The Date header as SES writes it: RFC 5322, UTC, numeric zone. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final Session session;
    private final String from;
    private final String region;
    private final Clock clock;

    /**
     * @param from   the sender as SES's {@code FromEmailAddress} would carry it
     * @param region the AWS region SES would send from (names the Message-ID's domain)
     */
    public SmtpNotifier(String host, int port, String from, String region, Clock clock) {
        this.session = session(host, port);
        this.from = from;
        this.region = region;
        this.clock = clock;
    }

    /** A mail session to the local sink, with bounded connect, read and write times (the confirmations' and the alerts'). */
    static Session session(String host, int port) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "2000");
        p.put("mail.smtp.timeout", "5000");
        p.put("mail.smtp.writetimeout", "5000");
        return Session.getInstance(p);
    }

    /** Sends the confirmation as SES would deliver it; returns the SES-shaped message id. */
    @Override
    public String send(Confirmation c) {
        Instant now = clock.instant();
        String id = sesMessageId(now, region);
        try {
            Transport.send(message(session, c, from, id, region, now));
            return id;
        } catch (MessagingException | IllegalStateException e) {
            throw new NotifierException("SMTP delivery failed", e);
        }
    }

    @Override
    public String channel() { return "smtp"; }

    /**
     * The message SES would assemble for {@code c} (package-private: tested without a server).
     *
     * @param id the SES message id; the Message-ID header is {@code <id@domain>} ({@link #messageIdDomain})
     */
    static MimeMessage message(Session session, Confirmation c, String from, String id, String region, Instant at)
            throws MessagingException {
        SesShapedMessage m = new SesShapedMessage(session, "<" + id + "@" + messageIdDomain(region) + ">");
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(c.recipient(), true));
        m.setSubject(c.subject(), StandardCharsets.UTF_8.name());
        m.setHeader("MIME-Version", "1.0");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(c.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(c.html(), StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(text); // SES: the text part first, the HTML part last (preferred)
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.setHeader("Content-Type", alternative.getContentType());
        for (Map.Entry<String, String> a : c.attributes().entrySet()) m.setHeader(headerName(a.getKey()), a.getValue());
        m.setHeader(NOTIFICATION_HEADER, c.notificationId());
        m.setHeader(TRANSACTION_HEADER, c.transactionId());
        m.setHeader("Message-ID", m.messageId);
        m.setHeader("Date", DATE.format(at));
        m.saveChanges();
        return m;
    }

    /** {@code notification_id} → {@code X-Payhook-Notification-Id}. */
    static String headerName(String attribute) {
        StringBuilder b = new StringBuilder("X-Payhook");
        for (String word : attribute.split("[_-]")) {
            if (word.isEmpty()) continue;
            b.append('-').append(Character.toUpperCase(word.charAt(0))).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /**
     * A message id of the form SES returns from {@code SendEmail} and puts in its events: 16 hex digits
     * ({@code 0100} or {@code 0101} and the epoch milliseconds), a random UUID, {@code 000000}.
     */
    static String sesMessageId(Instant at, String region) {
        String millis = HexFormat.of().toHexDigits(at.toEpochMilli()).substring(5); // 11 hex digits until the year 2527
        return ("us-east-1".equals(region) ? "01000" : "01010") + millis + "-" + UUID.randomUUID() + "-000000";
    }

    /** {@code email.amazonses.com} in us-east-1, {@code <region>.amazonses.com} elsewhere, as SES writes it. */
    static String messageIdDomain(String region) {
        return region == null || region.equals("us-east-1") ? "email.amazonses.com" : region + ".amazonses.com";
    }

    /** The SES message id in a Message-ID header value ({@code <id@domain>}), or null. */
    static String sesMessageIdOf(String messageIdHeader) {
        if (messageIdHeader == null) return null;
        String s = messageIdHeader.strip();
        if (s.startsWith("<")) s = s.substring(1);
        if (s.endsWith(">")) s = s.substring(0, s.length() - 1);
        int at = s.indexOf('@');
        return at <= 0 ? null : s.substring(0, at);
    }

    /**
     * A message whose headers are written in the order they are set (JavaMail's default order puts Date and
     * Message-ID first; SES writes them after the content headers), with a fixed Message-ID.
     */
    private static final class SesShapedMessage extends MimeMessage {
        private final String messageId;

        SesShapedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
            this.headers = new InsertionOrderHeaders();
        }

        @Override
        protected void updateMessageID() throws MessagingException { setHeader("Message-ID", messageId); }
    }

    /** Headers without JavaMail's placeholders for a preferred order: each new one goes last. */
    private static final class InsertionOrderHeaders extends InternetHeaders {
        InsertionOrderHeaders() { headers.clear(); }
    }
}

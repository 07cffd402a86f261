package io.payhook.local;

import io.payhook.core.port.Notifier;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** {@link Notifier} over SMTP (the local mail sink stands in for SNS/SES). */
public final class SmtpNotifier implements Notifier {
    private final Session session;
    private final String from;

    public SmtpNotifier(String host, int port, String from) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "2000");
        p.put("mail.smtp.timeout", "5000");
        p.put("mail.smtp.writetimeout", "5000");
        this.session = Session.getInstance(p);
        this.from = from;
    }

    /**
     * Sends the confirmation as SES sends a simple message with a text and an HTML body: multipart/alternative,
     * the text part first, both UTF-8. Returns the message's Message-ID.
     */
    @Override
    public String send(Confirmation c) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(from));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(c.recipient(), true));
            m.setSubject(c.subject(), StandardCharsets.UTF_8.name());
            jakarta.mail.internet.MimeMultipart alternative = new jakarta.mail.internet.MimeMultipart("alternative");
            jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
            text.setText(c.text(), StandardCharsets.UTF_8.name(), "plain");
            jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
            html.setText(c.html(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
            m.setHeader("X-Payhook-Notification-Id", c.notificationId());
            c.attributes().forEach((k, v) -> {
                try {
                    m.setHeader("X-Payhook-" + k.replace('_', '-'), v);
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            m.saveChanges();
            String messageId = m.getMessageID();
            Transport.send(m);
            return messageId;
        } catch (MessagingException | IllegalStateException e) {
            throw new NotifierException("SMTP delivery failed", e);
        }
    }

    @Override
    public String channel() { return "smtp"; }
}

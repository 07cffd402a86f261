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

    @Override
    public void send(Confirmation c) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(from));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(c.recipient(), true));
            m.setSubject(c.subject(), StandardCharsets.UTF_8.name());
            m.setText(c.body(), StandardCharsets.UTF_8.name());
            m.setHeader("X-Payhook-Notification-Id", c.notificationId());
            c.attributes().forEach((k, v) -> {
                try {
                    m.setHeader("X-Payhook-" + k.replace('_', '-'), v);
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            Transport.send(m);
        } catch (MessagingException | IllegalStateException e) {
            throw new NotifierException("SMTP delivery failed", e);
        }
    }
}

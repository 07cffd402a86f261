package io.payhook.local;

import io.payhook.core.port.Notifier;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The confirmation as SES assembles a Simple (Text + Html, UTF-8) message, byte by byte where SES fixes the bytes. */
class SmtpNotifierTest {
    static final Session SESSION = Session.getInstance(new Properties());
    static final Instant AT = Instant.parse("2026-12-02T09:05:07.123Z");

    static Notifier.Confirmation confirmation(String text, String html) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("status", "SUCCEEDED");
        attributes.put("provider", "stripe");
        attributes.put("currency", "EUR");
        attributes.put("notification_id", "ntf_1");
        attributes.put("transaction_id", "pi_123");
        return new Notifier.Confirmation("ntf_1", "pi_123", "customer@example.com", "Payment received: €19.99 — Shop", text, html, attributes);
    }

    static String raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    static List<String> headerNames(String raw) {
        List<String> names = new ArrayList<>();
        for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
            if (!line.startsWith(" ") && !line.startsWith("\t")) names.add(line.substring(0, line.indexOf(':')));
        }
        return names;
    }

    @Test
    void headersInSesOrderWithSesMessageIdAndUtcDate() throws Exception {
        String id = SmtpNotifier.sesMessageId(AT, "us-east-1");
        MimeMessage m = SmtpNotifier.message(SESSION, confirmation("Paid €19.99\n", "<p>Paid &euro;19.99</p>\n"),
                "Shop <no-reply@shop.example>", id, "us-east-1", AT);
        String raw = raw(m);
        assertThat(headerNames(raw)).containsExactly("From", "To", "Subject", "MIME-Version", "Content-Type",
                "X-Payhook-Status", "X-Payhook-Provider", "X-Payhook-Currency", "X-Payhook-Notification-Id", "X-Payhook-Transaction-Id",
                "Message-ID", "Date");
        assertThat(raw).startsWith("From: Shop <no-reply@shop.example>\r\nTo: customer@example.com\r\nSubject: =?UTF-8?");
        assertThat(raw).contains("\r\nMIME-Version: 1.0\r\n")
                .containsPattern("\r\nContent-Type: multipart/alternative; \r\n\tboundary=\"----=_Part_\\d+_\\d+\\.\\d+\"\r\n")
                .contains("\r\nMessage-ID: <" + id + "@email.amazonses.com>\r\n")
                .contains("\r\nDate: Wed, 2 Dec 2026 09:05:07 +0000\r\n");
        assertThat(id).matches("01000[0-9a-f]{11}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000");
        assertThat(id).startsWith("01000" + Long.toHexString(AT.toEpochMilli()));
        assertThat(m.getSubject()).isEqualTo("Payment received: €19.99 — Shop");
    }

    @Test
    void textPartFirstThenHtmlBothUtf8EncodedByContent() throws Exception {
        MimeMessage ascii = reparse(SmtpNotifier.message(SESSION, confirmation("Paid 19.99 EUR\n", "<p>Paid 19.99 EUR</p>\n"),
                "no-reply@shop.example", "x", "eu-west-1", AT));
        MimeMultipart mp = (MimeMultipart) ascii.getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        assertThat(mp.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(mp.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
        assertThat(mp.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        assertThat(mp.getBodyPart(1).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        assertThat(ascii.getHeader("Message-ID", null)).isEqualTo("<x@eu-west-1.amazonses.com>");

        MimeMessage euro = reparse(SmtpNotifier.message(SESSION, confirmation("Paid €19.99\n", "<p>Paid €19.99</p>\n"),
                "no-reply@shop.example", "x", "us-east-1", AT));
        MimeMultipart e = (MimeMultipart) euro.getContent();
        assertThat(e.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        // lines travel as CRLF (SMTP's canonical form), as from SES
        assertThat(e.getBodyPart(0).getContent()).isEqualTo("Paid €19.99\r\n");
        assertThat(e.getBodyPart(1).getContent()).isEqualTo("<p>Paid €19.99</p>\r\n");
    }

    @Test
    void sesMessageIdOfAHeader() {
        assertThat(SmtpNotifier.sesMessageIdOf("<0100018c-a-000000@email.amazonses.com>")).isEqualTo("0100018c-a-000000");
        assertThat(SmtpNotifier.sesMessageIdOf("no-at-sign")).isNull();
        assertThat(SmtpNotifier.headerName("notification_id")).isEqualTo("X-Payhook-Notification-Id");
    }

    static MimeMessage reparse(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }
}

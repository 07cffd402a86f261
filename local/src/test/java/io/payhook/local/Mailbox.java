package io.payhook.local;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** Reads the .eml files the mail sink keeps under the data dir. */
final class Mailbox {
    private Mailbox() {}

    static List<MimeMessage> all(Path dataDir) { return files(dataDir).stream().map(Mailbox::read).toList(); }

    /** The customer confirmations of {@code txn} (by payhook's {@code X-Payhook-Transaction-Id} header). */
    static List<MimeMessage> forTransaction(Path dataDir, String txn) {
        return all(dataDir).stream().filter(m -> txn.equals(header(m, SmtpNotifier.TRANSACTION_HEADER))).toList();
    }

    static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part of a confirmation (or the whole body of a single-part message, such as an operations alert). */
    static String text(MimeMessage m) { return part(m, "text/plain"); }

    /** The HTML part of a confirmation. */
    static String html(MimeMessage m) { return part(m, "text/html"); }

    private static String part(MimeMessage m, String type) {
        try {
            Object content = m.getContent();
            if (content instanceof jakarta.mail.Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    if (mp.getBodyPart(i).isMimeType(type)) return lines(mp.getBodyPart(i).getContent().toString());
                }
                throw new AssertionError("no " + type + " part");
            }
            if (!m.isMimeType(type)) throw new AssertionError("a " + m.getContentType() + " message has no " + type + " part");
            return lines(content.toString());
        } catch (jakarta.mail.MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines travel as CRLF (SMTP's canonical form); read as the template wrote them. */
    private static String lines(String s) { return s.replace("\r\n", "\n"); }

    /** The message file as it is on disk (what a mail client opens). */
    static String raw(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The .eml files of the sink, oldest first. */
    static List<Path> files(Path dataDir) {
        Path dir = dataDir.resolve("mail");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operations alerts mailed to {@code to} (the ops mailbox): messages with an {@code X-Payhook-Alert} header. */
    static List<MimeMessage> alertsTo(Path dataDir, String to) {
        return all(dataDir).stream().filter(m -> header(m, "X-Payhook-Alert") != null).filter(m -> {
            try {
                return m.getAllRecipients() != null && java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MimeMessage read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}

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

    static List<MimeMessage> all(Path dataDir) {
        Path dir = dataDir.resolve("mail");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().map(Mailbox::read).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<MimeMessage> forTransaction(Path dataDir, String txn) {
        return all(dataDir).stream().filter(m -> txn.equals(header(m, "X-Payhook-transaction-id"))).toList();
    }

    static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part of a message (the whole content when it is not multipart). */
    static String text(MimeMessage m) {
        try {
            return plain(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(jakarta.mail.Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plain(multipart.getBodyPart(i));
                if (text != null) return text;
            }
            return null;
        }
        return part.isMimeType("text/plain") ? content.toString() : null;
    }

    private static MimeMessage read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.payhook.local;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The email sink: a real SMTP server (GreenMail) on 127.0.0.1. Every message it accepts is also
 * written, before the SMTP transaction is acknowledged, as an {@code .eml} file under
 * {@code <data-dir>/mail}, so a person can open it and it survives restarts: a confirmation as
 * {@code <epoch millis>-<sequence>-<notification id>.eml}, an operations alert as
 * {@code <epoch millis>-<sequence>-alert-<kind>.eml}. A listener ({@link #onAccepted}) hears of each accepted
 * message: the SES mailbox simulator.
 */
public final class MailSink implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private volatile BiConsumer<MimeMessage, String> onAccepted = (m, r) -> { };
    private GreenMail server;

    /** @param clock names the {@code .eml} files ({@code <epoch millis>-<sequence>-<notification id>.eml}) */
    public MailSink(int port, Path dir, Clock clock) throws IOException {
        this.port = port;
        this.dir = Files.createDirectories(dir);
        this.clock = clock;
    }

    public synchronized void start() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        MessageDeliveryHandler next = g.getUserManager().getMessageDeliveryHandler();
        g.getUserManager().setMessageDeliveryHandler((msg, address) -> {
            write(msg.getMessage());
            var user = next.handle(msg, address);
            onAccepted.accept(msg.getMessage(), address.getEmail()); // must not block: the SMTP transaction is still open
            return user;
        });
        g.start();
        server = g;
    }

    /**
     * Called for each recipient of each accepted message, after it was kept and before the SMTP transaction is
     * acknowledged: must return at once (the SES mailbox simulator schedules its feedback from here).
     */
    public void onAccepted(BiConsumer<MimeMessage, String> listener) { this.onAccepted = listener; }

    private void write(MimeMessage message) throws MessagingException {
        String id = message.getHeader(SmtpNotifier.NOTIFICATION_HEADER, null);
        String alert = message.getHeader(MailAlerts.ALERT_HEADER, null);
        String label = id != null ? id : alert != null ? "alert-" + alert : "message";
        String name = clock.millis() + "-" + sequence.incrementAndGet() + "-" + label.replaceAll("[^A-Za-z0-9_-]", "") + ".eml";
        try {
            Path tmp = Files.createTempFile(dir, ".incoming", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.writeTo(out);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MessagingException("could not keep the message", e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized boolean running() { return server != null; }

    public int port() { return port; }

    public Path directory() { return dir; }

    @Override
    public void close() { stop(); }
}

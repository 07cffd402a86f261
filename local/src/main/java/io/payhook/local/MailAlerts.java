package io.payhook.local;

import io.payhook.core.port.Alerts;
import io.payhook.functions.JsonLog;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Operations alerts, locally: each one is a plain-text email to the operations mailbox
 * ({@code PAYHOOK_OPS_EMAIL}, default {@code ops@localhost}) through the SMTP sink — where the AWS stack
 * publishes to the operations topic. The subject names the kind, the provider and the transaction; the
 * body the event or notification id, the reason and what to do. An alert carries ids and codes only,
 * never personal data ({@link Alerts.Alert}); aggregation (one per kind and payment in 5 minutes) is the
 * wrapping {@link io.payhook.core.usecase.ThrottledAlerts}' job.
 *
 * <p>{@link #raise} never blocks the work that raised it (a webhook being answered, a notification being
 * sent): the email is sent by a thread of its own and, while the sink cannot take it — the very outage a
 * dead-lettered notification may come from — tried again with a growing pause (1 s doubling to 30 s) for
 * as long as the system runs. At most {@link #MAX_PENDING} wait; more are dropped and logged.
 */
final class MailAlerts implements Alerts, AutoCloseable {
    /** Marks an alert email (its value: the kind); confirmations never carry it, alerts never carry a confirmation's headers. */
    static final String ALERT_HEADER = "X-Payhook-Alert";
    static final int MAX_PENDING = 1_000;
    private static final long MAX_PAUSE_MS = 30_000;

    private final Session session;
    private final String from;
    private final String to;
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "payhook-ops-alerts");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param from the sender (the confirmations' sender)
     * @param to   the operations mailbox
     */
    MailAlerts(String host, int port, String from, String to, Clock clock) {
        this.session = SmtpNotifier.session(host, port);
        this.from = from;
        this.to = to;
        this.clock = clock;
    }

    /** Queues the email; true when it will be sent (false only when too many are waiting or the system is closing). */
    @Override
    public boolean raise(Alert alert) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            JsonLog.error("operations alert dropped: too many waiting for the mail sink", "kind", alert.kind().name(),
                    "provider", alert.provider(), "transaction_id", alert.transactionId());
            return false;
        }
        Instant raisedAt = clock.instant();
        try {
            sender.execute(() -> attempt(alert, raisedAt, 1));
            return true;
        } catch (RejectedExecutionException closing) {
            pending.decrementAndGet();
            return false;
        }
    }

    private void attempt(Alert alert, Instant raisedAt, int attempt) {
        try {
            Transport.send(message(session, alert, from, to, raisedAt));
            pending.decrementAndGet();
            JsonLog.info("operations alert mailed", "kind", alert.kind().name(), "provider", alert.provider(),
                    "transaction_id", alert.transactionId(), "attempt", Integer.toString(attempt));
        } catch (MessagingException | RuntimeException e) {
            long pause = Math.min(MAX_PAUSE_MS, 1000L << Math.min(attempt - 1, 15));
            JsonLog.warn("operations alert not mailed yet; will retry", "kind", alert.kind().name(), "provider", alert.provider(),
                    "transaction_id", alert.transactionId(), "attempt", Integer.toString(attempt), "error", e.getClass().getSimpleName());
            try {
                sender.schedule(() -> attempt(alert, raisedAt, attempt + 1), pause, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                pending.decrementAndGet();
            }
        }
    }

    /** Alerts raised and not mailed yet. */
    int pending() { return pending.get(); }

    /** The alert email (package-private: tested without a server). */
    static MimeMessage message(Session session, Alert a, String from, String to, Instant raisedAt) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, false));
        m.setSubject(subject(a), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(raisedAt));
        m.setText(body(a, raisedAt), StandardCharsets.UTF_8.name(), "plain");
        m.setHeader(ALERT_HEADER, a.kind().name());
        m.saveChanges();
        return m;
    }

    /** {@code [payhook alert] Dispute — stripe — transaction pi_123}. */
    static String subject(Alert a) {
        String subject = "[payhook alert] " + title(a.kind()) + " — " + or(a.provider(), "unknown provider") + " — "
                + (a.transactionId() != null ? "transaction " + a.transactionId() : "deliveries refused");
        return oneLine(subject);
    }

    static String body(Alert a, Instant raisedAt) {
        StringBuilder b = new StringBuilder();
        b.append("payhook operations alert: ").append(title(a.kind()).toLowerCase(Locale.ROOT)).append(".\n\n");
        line(b, "Kind", a.kind().name());
        line(b, "Provider", or(a.provider(), "unknown"));
        line(b, "Transaction", or(a.transactionId(), "none named (the deliveries were refused before they were read)"));
        switch (a.kind()) {
            case NOTIFICATION_DEAD_LETTERED -> line(b, "Notification", or(a.subjectId(), "unknown"));
            case DISPUTE -> line(b, "Event", or(a.subjectId(), "unknown"));
            case PROVIDER_NOT_CONFIGURED, HIGH_RISK -> { if (a.subjectId() != null) line(b, "Event", a.subjectId()); }
        }
        line(b, "Reason", or(a.reason(), "-"));
        line(b, "Raised at", raisedAt.toString());
        line(b, "Environment", "local");
        b.append('\n').append(advice(a)).append("\n\n");
        b.append("At most one alert of a kind is sent per payment (or per provider, when no payment is named) in 5 minutes;\n"
                + "more of the same in that window are counted into this one. Runbook: docs/OPERATIONS.md.\n");
        return b.toString();
    }

    private static String advice(Alert a) {
        return switch (a.kind()) {
            case NOTIFICATION_DEAD_LETTERED -> "What to do: look at the transaction (GET /transactions/" + or(a.transactionId(), "{id}")
                    + "), fix why the confirmation could not be sent, then move it back with ./payhook redrive.";
            case DISPUTE -> "What to do: answer the dispute in the provider's dashboard before its deadline; the transaction is DISPUTED.";
            case PROVIDER_NOT_CONFIGURED -> "What to do: configure the provider's secret (PAYHOOK_*_SECRETS, see docs/PROVIDERS.md) and restart;"
                    + " the provider retries the refused deliveries.";
            case HIGH_RISK -> "What to do: review the payment (GET /transactions/" + or(a.transactionId(), "{id}")
                    + " shows its risk and reasons) before it is fulfilled; docs/RISK.md lists the rules.";
        };
    }

    private static String title(Kind k) {
        return switch (k) {
            case NOTIFICATION_DEAD_LETTERED -> "Notification dead-lettered";
            case DISPUTE -> "Dispute";
            case PROVIDER_NOT_CONFIGURED -> "Provider not configured";
            case HIGH_RISK -> "High risk";
        };
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-13s %s%n", label + ":", oneLine(value)).replace(System.lineSeparator(), "\n"));
    }

    private static String or(String v, String fallback) { return v == null || v.isBlank() ? fallback : v; }

    private static String oneLine(String s) { return s.replaceAll("\\p{Cntrl}+", " "); }

    /** Stops the sender; alerts still waiting are dropped (the system is closing). */
    @Override
    public void close() { sender.shutdownNow(); }
}

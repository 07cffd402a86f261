package io.payhook.local;

import io.payhook.functions.JsonLog;
import io.payhook.testkit.SampleDeliveries;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 (4): operations alerts that name the payment, locally mailed to the ops mailbox
 * ({@code PAYHOOK_OPS_EMAIL}) through the SMTP sink: a dead-lettered notification, a dispute, and deliveries
 * refused because a provider has no secret — each one email naming provider, transaction and event or
 * notification, no personal data; a burst of the same is one email per 5 minutes.
 */
class OpsAlertsIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String OPS = "payments-ops@example.com";

    /** Standard Webhooks has no secret here: its deliveries are refused (provider_not_configured). */
    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .env(Map.of("PAYHOOK_STANDARD_WEBHOOKS_SECRETS", "", "PAYHOOK_OPS_EMAIL", OPS))
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.ERROR);

    static List<MimeMessage> alerts(String subjectPart) {
        return Mailbox.alertsTo(local.dir(), OPS).stream().filter(m -> Mailbox.subject(m).contains(subjectPart)).toList();
    }

    /** Waits for the one alert whose subject contains {@code subjectPart}, then makes sure no second one follows. */
    static MimeMessage theOneAlert(String subjectPart) throws InterruptedException {
        Eventually.await("an ops alert '" + subjectPart + "'", WAIT, () -> !alerts(subjectPart).isEmpty());
        Thread.sleep(1_500);
        assertThat(alerts(subjectPart)).as("alerts '" + subjectPart + "'").hasSize(1);
        return alerts(subjectPart).get(0);
    }

    @Test
    void aDisputeIsOneAlertNamingProviderTransactionAndEvent() throws Exception {
        String secret = local.config().providerSecrets().get("PAYHOOK_STRIPE_SECRETS");
        var opts = new SampleDeliveries.SampleOptions(null, 4200, "EUR", "disputer@example.com", null);
        var r = local.client().webhook(SampleDeliveries.build("stripe", "charge.dispute.created", opts, secret, Instant.now()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String txn = r.json().path("transaction_id").asText();
        String event = r.json().path("event_id").asText();
        // a second dispute event of the same payment in the window: aggregated into the first alert
        var again = local.client().webhook(SampleDeliveries.build("stripe", "charge.dispute.closed",
                new SampleDeliveries.SampleOptions(txn, 4200, "EUR", "disputer@example.com", null), secret, Instant.now()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);

        MimeMessage m = theOneAlert("transaction " + txn);
        assertThat(Mailbox.subject(m)).isEqualTo("[payhook alert] Dispute — stripe — transaction " + txn);
        assertThat(Mailbox.text(m)).contains("Provider:     stripe").contains("Transaction:  " + txn).contains("Event:        " + event);
        assertNoPersonalData(m, "disputer@example.com");
    }

    @Test
    void refusedDeliveriesOfAnUnconfiguredProviderAreOneAlertForABurstOfTen() throws Exception {
        awayFromAWindowBoundary();
        String secret = LocalConfig.DEV_PROVIDER_SECRETS.get("PAYHOOK_STANDARD_WEBHOOKS_SECRETS");
        String firstEvent = null;
        for (int i = 0; i < 10; i++) {
            var d = SampleDeliveries.build("standard_webhooks", "succeeded",
                    new SampleDeliveries.SampleOptions(null, 1000, "EUR", "refused@example.com", null), secret, Instant.now());
            if (firstEvent == null) firstEvent = d.headers().get("webhook-id");
            var r = local.client().webhook(d);
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.json().path("error").asText()).isEqualTo("provider_not_configured");
        }
        MimeMessage m = theOneAlert("Provider not configured");
        assertThat(Mailbox.subject(m)).isEqualTo("[payhook alert] Provider not configured — standard_webhooks — deliveries refused");
        // a refused delivery is not read (its signature was not checked): it names no payment or event id
        assertThat(Mailbox.text(m)).contains("Provider:     standard_webhooks").contains("Transaction:  none named")
                .contains("no secret is configured");
        assertNoPersonalData(m, "refused@example.com");
        assertThat(Mailbox.raw(alertFile(m))).doesNotContain(firstEvent);
    }

    @Test
    void aDeadLetteredNotificationIsOneAlertNamingTheNotificationOnceTheSinkIsBack() throws Exception {
        String t = LocalSystemIT.txn();
        local.system().stopMail();
        try {
            var r = local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", "deadletter@example.com"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Eventually.await("the notification FAILED after its retries", WAIT, () -> {
                var n = local.client().get("/transactions/" + t).json().path("notifications");
                return n.size() == 1 && n.get(0).path("status").asText().equals("FAILED");
            });
            assertThat(alerts("transaction " + t)).as("the sink is down: nothing mailed yet").isEmpty();
        } finally {
            local.system().startMail();
        }
        String notification = local.client().get("/transactions/" + t).json().path("notifications").get(0).path("notification_id").asText();
        MimeMessage m = theOneAlert("transaction " + t);
        assertThat(Mailbox.subject(m)).isEqualTo("[payhook alert] Notification dead-lettered — generic — transaction " + t);
        assertThat(Mailbox.text(m)).contains("Provider:     generic").contains("Transaction:  " + t)
                .contains("Notification: " + notification).contains("dead-letter queue").contains("./payhook redrive");
        assertNoPersonalData(m, "deadletter@example.com");
        assertThat(Mailbox.forTransaction(local.dir(), t)).as("the confirmation itself stays dead-lettered").isEmpty();
    }

    static void assertNoPersonalData(MimeMessage m, String customerEmail) {
        String raw = Mailbox.raw(alertFile(m));
        assertThat(raw).doesNotContain(customerEmail).doesNotContain("cus_").doesNotContain("4242");
        assertThat(Mailbox.header(m, SmtpNotifier.NOTIFICATION_HEADER)).as("not a confirmation").isNull();
        assertThat(Mailbox.header(m, SmtpNotifier.TRANSACTION_HEADER)).as("not a confirmation").isNull();
    }

    static java.nio.file.Path alertFile(MimeMessage m) {
        String id = Mailbox.header(m, "Message-ID");
        return Mailbox.files(local.dir()).stream().filter(f -> id.equals(Mailbox.header(Mailbox.read(f), "Message-ID"))).findFirst().orElseThrow();
    }

    /** Alerts are aggregated per 5-minute window: a burst must not straddle two. */
    static void awayFromAWindowBoundary() throws InterruptedException {
        long window = LocalSystem.ALERT_WINDOW.toMillis();
        long left = window - Math.floorMod(System.currentTimeMillis(), window);
        if (left < 20_000) Thread.sleep(left + 500);
    }
}

package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Money;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.notification.ConfirmationRenderer;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.InMemorySuppressionList;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.RecordingAlerts;
import io.payhook.core.port.RecordingMetrics;
import io.payhook.core.port.TestAddressKeys;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.ProviderRegistry;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.core.webhook.generic.GenericProvider;
import io.payhook.testkit.Signatures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16 in core: no recipient, suppression, bounces and complaints, dead letters, alerts and metrics. */
class OperationsTest {
    static final Instant T = Instant.parse("2026-11-22T12:00:00Z");
    final Clock clock = Clock.fixed(T, ZoneOffset.UTC);
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final TestCipher cipher = new TestCipher();
    final Fakes.Mailer mailer = new Fakes.Mailer();
    final InMemorySuppressionList suppressions = new InMemorySuppressionList();
    final TestAddressKeys keys = new TestAddressKeys();
    final RecordingMetrics metrics = new RecordingMetrics();
    final RecordingAlerts alerts = new RecordingAlerts();
    final DeliverNotification deliver = new DeliverNotification(new DeliverNotification.Parts(store, cipher, mailer,
            new ConfirmationRenderer(ConfirmationRenderer.Settings.DEFAULT), suppressions, keys, metrics, alerts, clock));
    final RequestNotification request = new RequestNotification(store, clock, () -> "ntf_" + System.nanoTime());
    final RecordDeliveryFeedback feedback = new RecordDeliveryFeedback(store, suppressions, keys, metrics, "ses", clock);

    void stored(String txn, String email) {
        PaymentEvent e = new PaymentEvent("generic", "evt_" + txn, txn, "payment.succeeded", Status.SUCCEEDED, new Money(1999, "EUR"),
                "cus_1", email, "visa ****4242", T);
        store.append(new ProtectionGate(cipher).protect(List.of(e), ProtectionGate.Policy.REFUSE, T).get(0));
    }

    @Test
    void aTransactionWithoutEmailGetsANotificationRecordedNoRecipientAndNothingQueued() {
        stored("txn_noemail", null);
        RequestNotification.Requested r = request.handle("txn_noemail", "customer called");
        assertThat(r.status()).isEqualTo(NotificationStatus.NO_RECIPIENT);
        assertThat(store.notifications.get(r.notificationId())).satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.NO_RECIPIENT);
            assertThat(n.detail()).isEqualTo("no_customer_email");
        });
        stored("txn_email", "customer@example.com");
        assertThat(request.handle("txn_email", null).status()).isEqualTo(NotificationStatus.QUEUED);
    }

    @Test
    void aSentConfirmationRecordsTheChannelsMessageIdAndCountsIt() {
        stored("txn_1", "customer@example.com");
        String id = request.handle("txn_1", null).notificationId();
        assertThat(deliver.handle("txn_1", id, 1, 5)).isEqualTo(DeliverNotification.Outcome.SENT);
        assertThat(store.notifications.get(id).messageId()).isEqualTo("msg-1");
        assertThat(metrics.lines).containsExactly("notification test SENT");
    }

    @Test
    void theLastFailedAttemptIsDeadLetteredWithAnAlertNamingThePayment() {
        stored("txn_dl", "customer@example.com");
        String id = request.handle("txn_dl", null).notificationId();
        mailer.down = true;
        assertThatThrownBy(() -> deliver.handle("txn_dl", id, 4, 5)).isInstanceOf(RuntimeException.class);
        assertThat(store.notifications.get(id).status()).isEqualTo(NotificationStatus.QUEUED);
        assertThat(alerts.raised).isEmpty();
        assertThatThrownBy(() -> deliver.handle("txn_dl", id, 5, 5)).isInstanceOf(RuntimeException.class);
        assertThat(store.notifications.get(id).status()).isEqualTo(NotificationStatus.FAILED);
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alerts.Kind.NOTIFICATION_DEAD_LETTERED);
            assertThat(a.transactionId()).isEqualTo("txn_dl");
            assertThat(a.subjectId()).isEqualTo(id);
            assertThat(a.provider()).isEqualTo("generic");
            assertThat(a.reason()).doesNotContain("customer@example.com");
        });
        assertThat(metrics.lines).contains("notification test DEAD_LETTERED");
    }

    @Test
    void aPermanentBounceIsRecordedAndSuppressesTheAddressByItsKeyedHashOnly() {
        stored("txn_b", "customer@example.com");
        String first = request.handle("txn_b", null).notificationId();
        deliver.handle("txn_b", first, 1, 5);
        var outcome = feedback.handle(new RecordDeliveryFeedback.Feedback(RecordDeliveryFeedback.Kind.BOUNCE, "txn_b", first,
                List.of("Customer@Example.com"), "Permanent", "General"));
        assertThat(outcome).isEqualTo(RecordDeliveryFeedback.Outcome.RECORDED);
        assertThat(store.notifications.get(first)).satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.BOUNCED);
            assertThat(n.detail()).isEqualTo("bounce_permanent_general");
        });
        assertThat(suppressions.reasons).containsOnlyKeys(keys.keyOf("customer@example.com"));
        assertThat(suppressions.reasons.toString()).doesNotContain("example.com");

        // the next confirmation to that address is not sent
        String second = request.handle("txn_b", "customer asked again").notificationId();
        assertThat(deliver.handle("txn_b", second, 1, 5)).isEqualTo(DeliverNotification.Outcome.SUPPRESSED);
        assertThat(store.notifications.get(second).status()).isEqualTo(NotificationStatus.SUPPRESSED);
        assertThat(mailer.sent).hasSize(1);
        assertThat(metrics.lines).contains("notification ses BOUNCED", "notification test SUPPRESSED");
    }

    @Test
    void aComplaintSuppressesATransientBounceDoesNotAndUnknownNotificationsChangeNothing() {
        stored("txn_c", "customer@example.com");
        String id = request.handle("txn_c", null).notificationId();
        deliver.handle("txn_c", id, 1, 5);
        assertThat(feedback.handle(new RecordDeliveryFeedback.Feedback(RecordDeliveryFeedback.Kind.BOUNCE, "txn_c", id,
                List.of("customer@example.com"), "Transient", "MailboxFull"))).isEqualTo(RecordDeliveryFeedback.Outcome.TRANSIENT);
        assertThat(suppressions.reasons).isEmpty();
        assertThat(store.notifications.get(id).status()).isEqualTo(NotificationStatus.SENT);
        assertThat(feedback.handle(new RecordDeliveryFeedback.Feedback(RecordDeliveryFeedback.Kind.COMPLAINT, "txn_c", id,
                List.of("customer@example.com"), "abuse", null))).isEqualTo(RecordDeliveryFeedback.Outcome.RECORDED);
        assertThat(store.notifications.get(id)).satisfies(n -> {
            assertThat(n.status()).isEqualTo(NotificationStatus.COMPLAINED);
            assertThat(n.detail()).isEqualTo("complaint_abuse");
        });
        assertThat(suppressions.isSuppressed(keys.keyOf("customer@example.com"))).isTrue();
        assertThat(feedback.handle(new RecordDeliveryFeedback.Feedback(RecordDeliveryFeedback.Kind.COMPLAINT, "txn_c", "ntf_unknown",
                List.of("other@example.com"), "abuse", null))).isEqualTo(RecordDeliveryFeedback.Outcome.UNKNOWN_NOTIFICATION);
    }

    @Test
    void alertsAreAggregatedPerKindAndPaymentPerWindow() {
        var mutable = new java.util.concurrent.atomic.AtomicReference<>(T);
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return mutable.get(); }
        };
        RecordingAlerts delivered = new RecordingAlerts();
        Alerts throttled = new ThrottledAlerts(delivered, ThrottledAlerts.inMemory(), Duration.ofMinutes(5), moving);
        var a = new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1", "evt_1", "dispute");
        assertThat(throttled.raise(a)).isTrue();
        assertThat(throttled.raise(new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1", "evt_2", "dispute"))).isFalse();
        assertThat(throttled.raise(new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_2", "evt_3", "dispute"))).as("another payment").isTrue();
        assertThat(throttled.raise(new Alerts.Alert(Alerts.Kind.NOTIFICATION_DEAD_LETTERED, "stripe", "pi_1", "ntf_1", "x"))).as("another kind").isTrue();
        mutable.set(T.plus(Duration.ofMinutes(5)));
        assertThat(throttled.raise(a)).as("the next window").isTrue();
        assertThat(delivered.raised).hasSize(4);
        // a ledger or channel that fails never fails the work that raised the alert
        Alerts broken = new ThrottledAlerts(x -> { throw new IllegalStateException("down"); }, ThrottledAlerts.inMemory(), Duration.ofMinutes(5), moving);
        assertThat(broken.raise(a)).isFalse();
    }

    @Test
    void ingestCountsEveryOutcomeAndAMissingSecretRaisesAnAlert() {
        String secret = "s3cret";
        IngestWebhook ingest = new IngestWebhook(new ProviderRegistry(List.of(new GenericProvider(clock))),
                p -> p.equals("generic") ? List.of(secret) : List.of(), store, cipher, clock, IngestWebhook.Settings.DEFAULT, metrics, alerts);
        String body = "{\"event_id\":\"evt_m\",\"transaction_id\":\"txn_m\",\"status\":\"succeeded\",\"amount\":{\"value\":1,\"currency\":\"EUR\"}}";
        ingest.handle(signed(body, secret));
        ingest.handle(signed(body, secret));
        assertThatThrownBy(() -> ingest.handle(signed(body, "wrong"))).isInstanceOf(PayhookException.class);
        assertThat(metrics.lines).containsExactly("received generic STORED", "received generic DUPLICATE", "received generic REFUSED",
                "refused generic signature_invalid");
        assertThat(metrics.latencies).hasSize(3);

        IngestWebhook unconfigured = new IngestWebhook(new ProviderRegistry(List.of(new GenericProvider(clock))), p -> List.of(), store,
                cipher, clock, IngestWebhook.Settings.DEFAULT, metrics, alerts);
        assertThatThrownBy(() -> unconfigured.handle(signed(body, secret))).isInstanceOfSatisfying(PayhookException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
        assertThat(metrics.lines).contains("refused generic provider_not_configured");
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alerts.Kind.PROVIDER_NOT_CONFIGURED);
            assertThat(a.provider()).isEqualTo("generic");
            assertThat(a.transactionId()).isNull();
        });
    }

    @Test
    void aDisputeOnTheStreamRaisesAnAlertNamingThePayment() {
        var outbox = new ProcessOutbox(store, m -> { }, clock, alerts);
        outbox.handle(ProcessOutbox.EventStored.of("pi_d", "stripe", "evt_d", Status.DISPUTED, false, false));
        outbox.handle(ProcessOutbox.EventStored.of("pi_s", "stripe", "evt_s", Status.SUCCEEDED, false, false));
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alerts.Kind.DISPUTE);
            assertThat(a.transactionId()).isEqualTo("pi_d");
            assertThat(a.subjectId()).isEqualTo("evt_d");
        });
    }

    WebhookRequest signed(String body, String secret) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("Content-Type", "application/json",
                "Payhook-Signature", Signatures.timestampedV1(secret, T.getEpochSecond(), b)), Map.of(), b);
    }
}

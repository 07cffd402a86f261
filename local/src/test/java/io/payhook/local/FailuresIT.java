package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console's "Failures" page through the local API (issue 18): a dead-lettered notification is listed by
 * {@code GET /notifications?status=FAILED} with its transaction and reason, redriven with
 * {@code POST /notifications/redrive} (a second one while it runs is 409 {@code redrive_running}), followed with
 * {@code GET /notifications/redrive}, and then SENT; bounced and suppressed notifications are listed under their
 * status; every call has its audit record.
 */
class FailuresIT {
    static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.ERROR);

    static JsonNode only(String txn) {
        JsonNode n = local.client().get("/transactions/" + txn).json().path("notifications");
        return n.size() == 1 ? n.get(0) : null;
    }

    static void awaitStatus(String txn, String status) {
        Eventually.await(txn + "'s notification " + status, WAIT, () -> {
            JsonNode n = only(txn);
            return n != null && n.path("status").asText().equals(status);
        });
    }

    /** The entries of {@code GET /notifications?status=S&limit=500} about this transaction. */
    static List<JsonNode> listed(String status, String txn) {
        PayhookClient.Response r = local.client().get("/notifications?status=" + status + "&limit=500");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("count").asInt()).isEqualTo(r.json().get("notifications").size());
        List<JsonNode> out = new ArrayList<>();
        r.json().get("notifications").forEach(n -> { if (n.get("transaction_id").asText().equals(txn)) out.add(n); });
        return out;
    }

    static int depth(String queueUrl) { return depth(local.system(), queueUrl); }

    /** Messages in the queue, visible or not. */
    static int depth(LocalSystem system, String queueUrl) {
        return system.queues().client().getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** This caller's audit records since {@code from}, every page. */
    static List<JsonNode> records(Instant from) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        String filter = "/audit?limit=100&principal=" + URLEncoder.encode(local.config().accessKeyId(), StandardCharsets.UTF_8) + "&from=" + from;
        for (int pages = 0; pages < 200; pages++) {
            var r = local.client().get(filter + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().get("records").forEach(all::add);
            JsonNode next = r.json().get("next_cursor");
            if (next == null || next.isNull()) return all;
            cursor = next.asText();
        }
        throw new AssertionError("more than 200 pages");
    }

    @Test
    void aDeadLetteredNotificationIsListedRedrivenOnceAtATimeThenSent() {
        PayhookClient client = local.client();
        Instant began = Instant.now().minusMillis(1);
        String t = LocalSystemIT.txn();
        local.system().stopMail();
        try {
            var r = local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", "failures@example.com"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            awaitStatus(t, "FAILED");
            Eventually.await("the message dead-lettered", WAIT, () -> depth(local.system().queues().dlqUrl()) == 1);
        } finally {
            local.system().startMail();
        }
        JsonNode notification = only(t);
        Instant listedFrom = Instant.now().minusMillis(1);
        List<JsonNode> failed = listed("FAILED", t);
        assertThat(failed).singleElement().satisfies(n -> {
            assertThat(n.get("notification_id").asText()).isEqualTo(notification.get("notification_id").asText());
            assertThat(n.get("status").asText()).isEqualTo("FAILED");
            assertThat(n.get("reason").asText()).isEqualTo(notification.get("reason").asText());
            assertThat(n.get("for_status").asText()).isEqualTo("SUCCEEDED");
            assertThat(n.get("attempts").asInt()).isEqualTo(notification.get("attempts").asInt()).isPositive();
            assertThat(n.toString()).doesNotContain("failures@example.com");
        });
        assertThat(listed("QUEUED", t)).isEmpty();

        PayhookClient.Response started = client.postJson("/notifications/redrive", "{\"reason\":\"mail sink back\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().get("status").asText()).isEqualTo("running");
        assertThat(started.json().get("to_move").asLong()).isEqualTo(1);
        String id = started.json().get("redrive_id").asText();
        // the move loop ends only after two empty receives of 1 s each: this one finds it running
        PayhookClient.Response second = client.postJson("/notifications/redrive", "{}");
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("redrive_running");

        JsonNode[] progress = new JsonNode[1];
        Eventually.await("the redrive completed", WAIT, () -> {
            progress[0] = client.get("/notifications/redrive").json();
            return !progress[0].get("status").asText().equals("running");
        });
        assertThat(progress[0].get("redrive_id").asText()).isEqualTo(id);
        assertThat(progress[0].get("status").asText()).isEqualTo("completed");
        assertThat(progress[0].get("moved").asLong()).isEqualTo(1);
        assertThat(Instant.parse(progress[0].get("started_at").asText())).isAfter(began);

        awaitStatus(t, "SENT");
        assertThat(Mailbox.forTransaction(local.dir(), t)).as("the redriven notification is emailed once").hasSize(1);
        assertThat(listed("FAILED", t)).as("sent: no longer in the index").isEmpty();
        assertThat(depth(local.system().queues().dlqUrl())).isZero();

        // each call has its record: the lists, both redrives (the refused one too), the progress reads
        List<JsonNode> records = records(listedFrom);
        assertThat(records).filteredOn(n -> n.get("action").asText().equals("notifications.list"))
                .extracting(n -> n.get("target").asText()).contains("notifications#FAILED", "notifications#QUEUED");
        assertThat(records).filteredOn(n -> n.get("action").asText().equals("redrive"))
                .extracting(n -> n.get("outcome").asText() + " " + n.get("error").asText() + " " + n.get("query").asText())
                .containsExactlyInAnyOrder("2xx null reason=mail+sink+back", "4xx redrive_running null");
        assertThat(records).filteredOn(n -> n.get("action").asText().equals("redrive.get")).isNotEmpty()
                .allSatisfy(n -> assertThat(n.get("target").asText()).isEqualTo("redrive"));
    }

    @Test
    void bouncedAndSuppressedNotificationsAreListedUnderTheirStatus() {
        String t = LocalSystemIT.txn();
        var r = local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", SesMailboxSimulator.BOUNCE));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        awaitStatus(t, "BOUNCED");
        assertThat(listed("BOUNCED", t)).singleElement().satisfies(n -> {
            assertThat(n.get("detail").asText()).isEqualTo("bounce_permanent_general");
            assertThat(n.get("sent_at").isNull()).isFalse();
            assertThat(n.toString()).doesNotContain("simulator.amazonses.com");
        });
        var again = local.client().postJson("/transactions/" + t + "/notify", "{\"reason\":\"customer asked again\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        String second = again.json().get("notification_id").asText();
        Eventually.await("the second notification SUPPRESSED", WAIT, () -> listed("SUPPRESSED", t).size() == 1);
        assertThat(listed("SUPPRESSED", t).get(0).get("notification_id").asText()).isEqualTo(second);
        assertThat(listed("SUPPRESSED", t).get(0).get("detail").asText()).isEqualTo("suppressed_address");
        assertThat(listed("BOUNCED", t)).hasSize(1);
    }
}

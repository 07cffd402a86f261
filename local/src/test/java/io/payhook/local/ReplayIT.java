package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.model.Transaction;
import io.payhook.testkit.PayhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk re-notify through the local API: a job re-sends the confirmation of every transaction its filter matches, through
 * the notification path (queued, sent: one .eml each), is refused beyond the cap before anything is written, answers its
 * progress, and never sends twice — also when the system restarts while the job runs.
 */
class ReplayIT {
    static final int MAX = 60;

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().env(Map.of("PAYHOOK_REPLAY_MAX", Integer.toString(MAX)));

    static String merchant() { return "shop-" + UUID.randomUUID().toString().substring(0, 8); }

    /** {@code n} succeeded payments of {@code merchant}, each with a customer email; their ids. */
    List<String> payments(String merchant, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String txn = "txn_rpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String body = GenericBody.of("evt_" + txn, txn, "succeeded", 1000 + i, "EUR", "customer" + i + "@example.com")
                    .replace("\"customer_id\"", "\"merchant\":\"" + merchant + "\",\"customer_id\"");
            assertThat(local.webhook(body).status()).isEqualTo(200);
            ids.add(txn);
        }
        // the automatic confirmations first, so the job's are the only ones left to come
        Eventually.await("the confirmations of " + merchant, Duration.ofSeconds(60), () -> ids.stream().allMatch(id ->
                local.system().store().load(id).orElseThrow().notifications().stream().anyMatch(x -> x.status() == NotificationStatus.SENT)));
        // and the projection, which the job's search reads
        Eventually.await("the summaries of " + merchant, Duration.ofSeconds(30), () ->
                local.client().get("/transactions?limit=100&merchant=" + merchant).json().get("transactions").size() == n);
        return ids;
    }

    JsonNode awaitDone(PayhookClient client, String jobId) {
        JsonNode[] last = {null};
        Eventually.await("job " + jobId + " done", Duration.ofSeconds(60), () -> {
            var r = client.get("/notifications/replay/" + jobId);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            last[0] = r.json();
            return last[0].get("done").booleanValue();
        });
        return last[0];
    }

    /** The job's notification of each transaction, once it is SENT. */
    void awaitSent(String jobId, List<String> ids) {
        Eventually.await("the job's confirmations sent", Duration.ofSeconds(60), () -> ids.stream().allMatch(id ->
                local.system().store().load(id).orElseThrow().notifications().stream()
                        .anyMatch(x -> x.notificationId().equals(ReplayJob.notificationId(jobId, id)) && x.status() == NotificationStatus.SENT)));
    }

    @Test
    void aJobReSendsTheConfirmationOfEveryMatchedTransactionOnce() {
        String merchant = merchant();
        List<String> ids = payments(merchant, 12);
        List<String> other = payments(merchant(), 2);
        PayhookClient client = local.client();

        var created = client.postJson("/notifications/replay", "{\"filter\":{\"merchant\":\"" + merchant + "\",\"status\":[\"SUCCEEDED\"]},"
                + "\"reason\":\"SES outage on 2026-12-01\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        JsonNode job = created.json();
        String jobId = job.get("job_id").asText();
        assertThat(jobId).matches("rpl_[0-9a-f]{32}");
        assertThat(job.get("matched").asInt()).isEqualTo(12);
        assertThat(job.get("filter").asText()).isEqualTo("merchant=" + merchant + "&status=SUCCEEDED");

        JsonNode done = awaitDone(client, jobId);
        assertThat(done.get("state").asText()).isEqualTo("done");
        assertThat(done.get("queued").asInt()).isEqualTo(12);
        awaitSent(jobId, ids);
        for (String id : ids) {
            Transaction t = local.system().store().load(id).orElseThrow();
            assertThat(t.notifications()).filteredOn(n -> n.notificationId().startsWith("ntf_rpl_")).singleElement()
                    .satisfies(n -> assertThat(n.reason()).isEqualTo("SES outage on 2026-12-01"));
        }
        for (String id : other) {
            assertThat(local.system().store().load(id).orElseThrow().notifications())
                    .noneMatch(n -> n.notificationId().startsWith("ntf_rpl_"));
        }
        // in the mailbox: each matched payment's confirmation twice (the automatic one, the job's), the others' once
        for (String id : ids) assertThat(Mailbox.forTransaction(local.dir(), id)).as(id).hasSize(2);
        for (String id : other) assertThat(Mailbox.forTransaction(local.dir(), id)).as(id).hasSize(1);
    }

    @Test
    void moreMatchesThanTheCapAreRefusedWithNothingWritten() {
        String merchant = merchant();
        payments(merchant, MAX + 1);
        var refused = local.client().postJson("/notifications/replay", "{\"filter\":{\"merchant\":\"" + merchant + "\"},\"reason\":\"too many\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("replay_too_large");
        assertThat(refused.json().get("message").asText()).contains(Integer.toString(MAX)).contains("PAYHOOK_REPLAY_MAX");
    }

    @Test
    void everyBadRequestIsRefusedWithAStableCode() {
        PayhookClient client = local.client();
        assertThat(client.postJson("/notifications/replay", "{\"filter\":{\"merchant\":\"m\"}}").errorCode()).isEqualTo("missing_field");
        assertThat(client.postJson("/notifications/replay", "{\"reason\":\"r\"}").errorCode()).isEqualTo("missing_field");
        assertThat(client.postJson("/notifications/replay", "{\"filter\":{},\"reason\":\"r\"}").errorCode()).isEqualTo("invalid_field");
        assertThat(client.postJson("/notifications/replay", "{\"filter\":{\"colour\":\"red\"},\"reason\":\"r\"}").errorCode()).isEqualTo("unknown_filter");
        assertThat(client.postJson("/notifications/replay", "{\"filter\":{\"merchant\":\"m\",\"limit\":\"5\"},\"reason\":\"r\"}").errorCode())
                .isEqualTo("unknown_filter");
        assertThat(client.postJson("/notifications/replay", "{\"filter\":{\"status\":\"NOPE\"},\"reason\":\"r\"}").errorCode()).isEqualTo("invalid_field");
        assertThat(client.postJson("/notifications/replay", "{\"filter\":{\"merchant\":\"m\"},\"reason\":\"r\",\"x\":1}").errorCode()).isEqualTo("invalid_field");
        assertThat(client.postJson("/notifications/replay", "[1]").errorCode()).isEqualTo("malformed_json");
        assertThat(client.get("/notifications/replay/rpl_" + "0".repeat(32)).errorCode()).isEqualTo("not_found");
        assertThat(client.get("/notifications/replay/not-a-job").errorCode()).isEqualTo("invalid_id");
    }

    @Test
    void aJobInterruptedByARestartFinishesWithoutSendingTwice() throws Exception {
        String merchant = merchant();
        List<String> ids = payments(merchant, MAX); // more than one step of the job
        var created = local.client().postJson("/notifications/replay", "{\"filter\":{\"merchant\":\"" + merchant + "\"},\"reason\":\"restart\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String jobId = created.json().get("job_id").asText();
        local.restart(); // wherever the job was: its item and the stream position are in the data dir
        awaitDone(local.client(), jobId);
        awaitSent(jobId, ids);
        for (String id : ids) {
            assertThat(local.system().store().load(id).orElseThrow().notifications())
                    .filteredOn(n -> n.notificationId().startsWith("ntf_rpl_")).hasSize(1);
            assertThat(Mailbox.forTransaction(local.dir(), id)).as(id).hasSize(2);
        }
    }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.port.DeadLetterQueue;
import io.payhook.core.port.InMemoryAuditLog;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.usecase.ListNotifications;
import io.payhook.core.usecase.RecordAudit;
import io.payhook.core.usecase.RedriveDeadLetters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures page's routes at the handler: the list's shape (no personal data), its limits and refusals, the redrive's
 * start, conflict and progress, and each call's audit record.
 */
class NotificationOpsHandlerTest {
    static final Instant T = Instant.parse("2026-12-02T07:00:00Z");
    final InMemoryTransactionStore store = new InMemoryTransactionStore();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final FakeDlq dlq = new FakeDlq();
    final NotificationOpsHandler handler = new NotificationOpsHandler(new ListNotifications(store), new RedriveDeadLetters(dlq),
            new RecordAudit(audit, Clock.fixed(T, ZoneOffset.UTC)));

    /** One redrive at a time, as SQS runs one move task per queue. */
    static final class FakeDlq implements DeadLetterQueue {
        Redrive latest;

        @Override
        public Redrive startRedrive() {
            if (latest != null && latest.state() == State.RUNNING) throw new PayhookException(ErrorCode.REDRIVE_RUNNING);
            latest = new Redrive("rd_1", State.RUNNING, 0, 3L, T, null);
            return latest;
        }

        @Override
        public Optional<Redrive> latestRedrive() { return Optional.ofNullable(latest); }
    }

    static APIGatewayProxyRequestEvent request(String method, String resource, Map<String, List<String>> query, String body) {
        var ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId("req-" + java.util.UUID.randomUUID());
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setUserArn("arn:aws:sts::123456789012:assumed-role/ops/bob");
        ctx.setIdentity(identity);
        return new APIGatewayProxyRequestEvent().withHttpMethod(method).withResource(resource)
                .withMultiValueQueryStringParameters(query).withBody(body).withRequestContext(ctx);
    }

    APIGatewayProxyResponseEvent call(String method, String resource, Map<String, List<String>> query, String body) {
        return handler.handleRequest(request(method, resource, query, body), null);
    }

    static JsonNode json(APIGatewayProxyResponseEvent r) throws IOException {
        return Json.tree(r.getBody().getBytes(StandardCharsets.UTF_8));
    }

    void failed(String txn, String id, Instant requestedAt) {
        store.createNotification(new Notification(id, txn, "email", NotificationStatus.QUEUED, "status_changed", Status.SUCCEEDED,
                requestedAt, null, 0));
        store.recordNotificationOutcome(txn, id, new io.payhook.core.port.TransactionStore.Attempt(NotificationStatus.FAILED, null,
                "smtp_unavailable", null));
    }

    @Test
    void theDeadLetteredAreListedNewestFirstWithTheirTransactionAndNothingPersonal() throws IOException {
        for (int i = 0; i < 4; i++) failed("txn_" + i, "ntf_" + i, T.plusSeconds(i));
        store.createNotification(new Notification("ntf_q", "txn_q", "email", NotificationStatus.QUEUED, "status_changed", Status.SUCCEEDED,
                T, null, 0));

        var all = call("GET", "/notifications", Map.of("status", List.of("FAILED")), null);
        assertThat(all.getStatusCode()).isEqualTo(200);
        JsonNode body = json(all);
        assertThat(body.get("count").asInt()).isEqualTo(4);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        List<String> ids = new java.util.ArrayList<>();
        body.get("notifications").forEach(n -> ids.add(n.get("notification_id").asText()));
        assertThat(ids).containsExactly("ntf_3", "ntf_2", "ntf_1", "ntf_0");
        JsonNode first = body.get("notifications").get(0);
        assertThat(java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(first.fieldNames(), 0), false).toList())
                .containsExactly("transaction_id", "notification_id", "channel", "status", "detail", "reason", "for_status",
                        "requested_at", "sent_at", "attempts");
        assertThat(first.get("transaction_id").asText()).isEqualTo("txn_3");
        assertThat(first.get("status").asText()).isEqualTo("FAILED");
        assertThat(first.get("detail").asText()).isEqualTo("smtp_unavailable");
        assertThat(first.get("for_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.get("requested_at").asText()).isEqualTo(T.plusSeconds(3).toString());
        assertThat(all.getBody()).doesNotContain("@");

        var two = json(call("GET", "/notifications", Map.of("status", List.of("failed"), "limit", List.of("2")), null));
        assertThat(two.get("count").asInt()).isEqualTo(2);
        assertThat(two.get("truncated").asBoolean()).isTrue();
        assertThat(json(call("GET", "/notifications", Map.of("status", List.of("QUEUED")), null)).get("count").asInt()).isEqualTo(1);
        assertThat(json(call("GET", "/notifications", Map.of("status", List.of("BOUNCED")), null)).get("count").asInt()).isZero();

        assertThat(audit.all()).extracting(AuditRecord::action, AuditRecord::target, AuditRecord::query).contains(
                org.assertj.core.groups.Tuple.tuple(AuditAction.LIST_NOTIFICATIONS, "notifications#FAILED", "status=FAILED"),
                org.assertj.core.groups.Tuple.tuple(AuditAction.LIST_NOTIFICATIONS, "notifications#FAILED", "limit=2&status=failed"));
    }

    @Test
    void aBadStatusOrLimitOrAnUnknownParameterIsRefusedWithAStableCode() throws IOException {
        for (var q : List.<Map<String, List<String>>>of(Map.of("status", List.of("SENT")), Map.of("status", List.of("nonsense")),
                Map.of("status", List.of("FAILED"), "limit", List.of("0")), Map.of("status", List.of("FAILED"), "limit", List.of("501")),
                Map.of("status", List.of("FAILED"), "limit", List.of("ten")), Map.of("status", List.of("FAILED", "QUEUED")))) {
            var r = call("GET", "/notifications", q, null);
            assertThat(r.getStatusCode()).as(q.toString()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(q.toString()).isEqualTo("invalid_field");
        }
        var unknown = call("GET", "/notifications", Map.of("status", List.of("FAILED"), "email", List.of("x@example.com")), null);
        assertThat(unknown.getStatusCode()).isEqualTo(400);
        assertThat(json(unknown).get("error").asText()).isEqualTo("unknown_filter");
        assertThat(json(call("GET", "/notifications", null, null)).get("error").asText()).isEqualTo("missing_field");
        assertThat(json(call("GET", "/notifications", Map.of("status", List.of("FAILED"), "limit", List.of("500")), null))
                .get("truncated").asBoolean()).isFalse();
        assertThat(audit.all()).extracting(AuditRecord::target).contains("notifications#SENT", "notifications#-");
        assertThat(audit.all().toString()).doesNotContain("x@example.com");
    }

    @Test
    void aRedriveStartsOnceAtATimeAndItsProgressIsRead() throws IOException {
        var none = call("GET", "/notifications/redrive", null, null);
        assertThat(none.getStatusCode()).isEqualTo(404);
        assertThat(json(none).get("error").asText()).isEqualTo("not_found");

        var started = call("POST", "/notifications/redrive", null, "{\"reason\":\"smtp fixed\"}");
        assertThat(started.getStatusCode()).isEqualTo(202);
        assertThat(started.getBody()).isEqualTo("{\"redrive_id\":\"rd_1\",\"status\":\"running\",\"moved\":0,\"to_move\":3}");
        var again = call("POST", "/notifications/redrive", null, null);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).isEqualTo("redrive_running");

        dlq.latest = new DeadLetterQueue.Redrive("rd_1", DeadLetterQueue.State.COMPLETED, 3, 3L, T, null);
        var done = call("GET", "/notifications/redrive", null, null);
        assertThat(done.getStatusCode()).isEqualTo(200);
        assertThat(done.getBody()).isEqualTo("{\"redrive_id\":\"rd_1\",\"status\":\"completed\",\"moved\":3,\"to_move\":3,"
                + "\"started_at\":\"2026-12-02T07:00:00Z\"}");
        dlq.latest = new DeadLetterQueue.Redrive("rd_2", DeadLetterQueue.State.FAILED, 1, null, T, "AWS.SimpleQueueService.NonExistentQueue");
        assertThat(json(call("GET", "/notifications/redrive", null, null)).get("failure_reason").asText())
                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");

        var badBody = call("POST", "/notifications/redrive", null, "[1]");
        assertThat(badBody.getStatusCode()).isEqualTo(400);
        assertThat(json(badBody).get("error").asText()).isEqualTo("malformed_json");

        assertThat(audit.all()).extracting(AuditRecord::action, AuditRecord::target, AuditRecord::query, AuditRecord::outcome, AuditRecord::error)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AuditAction.REDRIVE_GET, "redrive", "", "4xx", "not_found"),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.REDRIVE, "redrive", "reason=smtp+fixed", "2xx", null),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.REDRIVE, "redrive", "", "4xx", "redrive_running"),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.REDRIVE_GET, "redrive", "", "2xx", null),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.REDRIVE_GET, "redrive", "", "2xx", null),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.REDRIVE, "redrive", "", "4xx", "malformed_json"));
    }
}

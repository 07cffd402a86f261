package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.InMemoryAuditLog;
import io.payhook.core.usecase.RecordAudit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit written by the API handler layer: before the answer, for audited routes only, 503 when it cannot be. */
class AuditedRoutesTest {
    static final String ARN = "arn:aws:sts::123456789012:assumed-role/support/alice";
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final RecordAudit record = new RecordAudit(audit, Clock.fixed(Instant.parse("2026-12-02T07:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void capture() { JsonLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8)); }

    @AfterEach
    void restore() { JsonLog.setOutput(System.out); }

    ApiHandler route(RecordAudit audit, Supplier<APIGatewayProxyResponseEvent> work) {
        int before = this.audit.all().size();
        return new ApiHandler("route failed", audit) {
            @Override
            protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
                // the record is written after the work and before the answer leaves: not yet
                assertThat(AuditedRoutesTest.this.audit.all()).hasSize(before);
                return work.get();
            }
        };
    }

    static APIGatewayProxyRequestEvent request(String method, String resource, Map<String, String> path, Map<String, String> query) {
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setUserArn(ARN);
        identity.setCaller("AROAEXAMPLE:alice");
        identity.setAccessKey("ASIAEXAMPLE");
        var ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId("req-1");
        ctx.setIdentity(identity);
        return new APIGatewayProxyRequestEvent().withHttpMethod(method).withResource(resource).withPathParameters(path)
                .withQueryStringParameters(query).withRequestContext(ctx);
    }

    @Test
    void anAuditedCallIsRecordedWithItsOutcomeBeforeItsAnswer() {
        var ok = route(record, () -> Http.json(200, Http.object("transaction_id", "txn_1")))
                .handleRequest(request("GET", "/transactions/{id}", Map.of("id", "txn_1"), null), null);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        var missing = route(record, () -> { throw new PayhookException(ErrorCode.NOT_FOUND); })
                .handleRequest(request("POST", "/transactions/{id}/notify", Map.of("id", "txn_2"), null), null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(audit.all()).extracting(AuditRecord::action, AuditRecord::target, AuditRecord::principal, AuditRecord::requestId,
                        AuditRecord::outcome, AuditRecord::error)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AuditAction.GET, "txn#txn_1", ARN, "req-1", "2xx", null),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.NOTIFY, "txn#txn_2", ARN, "req-1", "4xx", "not_found"));
    }

    @Test
    void aSearchAndAnAuditReadKeepTheirFilterWithoutPersonalData() {
        route(record, () -> Http.json(200, Map.of())).handleRequest(request("GET", "/transactions", null,
                Map.of("merchant", "shop-eu", "customer_id", "jane@example.com", "cursor", "c.d")), null);
        route(record, () -> Http.json(200, Map.of())).handleRequest(request("GET", "/audit", null, Map.of("transaction_id", "txn_9")), null);
        assertThat(audit.all()).extracting(AuditRecord::target, AuditRecord::query).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("search", "customer_id=%5Bemail%5D&merchant=shop-eu"),
                org.assertj.core.groups.Tuple.tuple("audit", "transaction_id=txn_9"));
    }

    @Test
    void theAnswerIsWithheldWhenItsRecordCannotBeWritten() {
        audit.down(true);
        var r = route(record, () -> Http.json(200, Http.object("transaction_id", "txn_1", "customer_id", "cus_secret", "amount", 4200)))
                .handleRequest(request("GET", "/transactions/{id}", Map.of("id", "txn_1"), null), null);
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getBody()).isEqualTo("{\"error\":\"audit_unavailable\",\"message\":\"" + ErrorCode.AUDIT_UNAVAILABLE.defaultMessage() + "\"}");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"message\":\"" + AuditedRoutes.WRITE_FAILED + "\"", "\"request_id\":\"req-1\"",
                "\"action\":\"get\"").doesNotContain("txn_1").doesNotContain("cus_secret");
        // an answer that is already a server error says nothing of the data and names the first cause: kept
        var storeDown = route(record, () -> { throw new io.payhook.core.error.StoreUnavailableException("down", null); })
                .handleRequest(request("GET", "/transactions/{id}", Map.of("id", "txn_1"), null), null);
        assertThat(storeDown.getStatusCode()).isEqualTo(503);
        assertThat(storeDown.getBody()).contains("\"store_unavailable\"");
        // a route with no audit log wired fails closed
        var unwired = route(null, () -> Http.json(200, Map.of("secret", "x")))
                .handleRequest(request("GET", "/transactions/{id}", Map.of("id", "txn_1"), null), null);
        assertThat(unwired.getStatusCode()).isEqualTo(503);
        assertThat(unwired.getBody()).doesNotContain("secret");
    }

    @Test
    void routesThatAreNotAuditedWriteNothing() {
        var r = route(record, () -> Http.json(200, Map.of())).handleRequest(request("POST", "/webhooks/payment", null, null), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(audit.all()).isEmpty();
        audit.down(true);
        assertThat(route(record, () -> Http.json(200, Map.of())).handleRequest(request("GET", "/health", null, null), null)
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void thePrincipalIsTheUserArnElseTheCallerElseTheAccessKey() {
        var in = request("GET", "/audit", null, null);
        assertThat(Http.principal(in)).isEqualTo(ARN);
        in.getRequestContext().getIdentity().setUserArn(null);
        assertThat(Http.principal(in)).isEqualTo("AROAEXAMPLE:alice");
        in.getRequestContext().getIdentity().setCaller(" ");
        assertThat(Http.principal(in)).isEqualTo("ASIAEXAMPLE");
        assertThat(Http.principal(new APIGatewayProxyRequestEvent())).isNull();
    }

    @Test
    void everyActionHasARoute() {
        for (AuditAction a : AuditAction.values()) {
            assertThat(java.util.Arrays.stream(AuditedRoutes.Route.values()).anyMatch(r -> r.action == a)).as(a.wire).isTrue();
        }
    }
}

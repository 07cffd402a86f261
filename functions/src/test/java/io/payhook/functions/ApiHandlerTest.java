package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The one place errors become HTTP: what every API route answers when its work throws. */
class ApiHandlerTest {
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void capture() { JsonLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8)); }

    @AfterEach
    void restore() { JsonLog.setOutput(System.out); }

    static ApiHandler route(Supplier<APIGatewayProxyResponseEvent> work) {
        return new ApiHandler("route failed") {
            @Override
            protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) { return work.get(); }
        };
    }

    static APIGatewayProxyRequestEvent request() {
        var ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId("req-1");
        return new APIGatewayProxyRequestEvent().withRequestContext(ctx);
    }

    @Test
    void aRefusalIsAnsweredWithItsCodeAndMessage() {
        var r = route(() -> { throw new PayhookException(ErrorCode.NOT_FOUND, "No such transaction."); })
                .handleRequest(request(), null);
        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(r.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(r.getBody()).isEqualTo("{\"error\":\"" + ErrorCode.NOT_FOUND.wireCode() + "\",\"message\":\"No such transaction.\"}");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anyOtherFailureIsABare500LoggedByClassNameOnly() {
        var r = route(() -> { throw new IllegalStateException("secret detail 4111111111111111"); }).handleRequest(request(), null);
        assertThat(r.getStatusCode()).isEqualTo(500);
        assertThat(r.getBody()).contains("\"error\":\"internal_error\"").doesNotContain("secret detail").doesNotContain("4111");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"message\":\"route failed\"", "\"request_id\":\"req-1\"",
                "\"error\":\"IllegalStateException\"").doesNotContain("secret detail");
    }

    @Test
    void successIsTheRoutesOwnAnswer() {
        var r = route(() -> Http.json(202, Http.object("ok", true))).handleRequest(request(), null);
        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat(r.getBody()).isEqualTo("{\"ok\":true}");
    }
}

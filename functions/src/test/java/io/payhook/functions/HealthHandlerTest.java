package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthHandlerTest {
    @Test
    void everyComponentReachableIs200Ok() {
        var h = new HealthHandler(List.of(new HealthHandler.Component("table", Map::of),
                new HealthHandler.Component("queue", () -> Map.of("approximate_messages", 3L))));
        var r = h.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/health"), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).matches("\\{\"status\":\"ok\",\"components\":\\{\"table\":\\{\"status\":\"ok\",\"latency_ms\":\\d+},"
                + "\"queue\":\\{\"status\":\"ok\",\"approximate_messages\":3,\"latency_ms\":\\d+}}}");
    }

    @Test
    void anUnreachableComponentIs503DegradedNamingTheErrorClassOnly() {
        var h = new HealthHandler(List.of(
                new HealthHandler.Component("table", () -> {
                    throw ResourceNotFoundException.builder().message("Requested resource not found: Table: payment_transactions-prod "
                            + "arn:aws:dynamodb:eu-west-1:123456789012:table/payment_transactions-prod").build();
                }),
                new HealthHandler.Component("queue", Map::of)));
        var r = h.handleRequest(new APIGatewayProxyRequestEvent(), null);
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getBody()).startsWith("{\"status\":\"degraded\",\"components\":{\"table\":{\"status\":\"unreachable\","
                + "\"error\":\"ResourceNotFoundException\",\"latency_ms\":").contains("\"queue\":{\"status\":\"ok\"")
                .doesNotContain("payment_transactions").doesNotContain("arn:").doesNotContain("123456789012");
    }
}

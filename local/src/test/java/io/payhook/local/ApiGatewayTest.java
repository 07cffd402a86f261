package io.payhook.local;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's trace ids and the proxy event that carries them. */
class ApiGatewayTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T09:05:07Z"), ZoneOffset.UTC);

    @Test
    void aNewTraceIdIsAnXRayRootOfTheRequestTime() {
        String id = ApiGateway.traceId(null, CLOCK);
        assertThat(id).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(id.substring(7, 15)).isEqualTo(Long.toHexString(CLOCK.instant().getEpochSecond()));
        assertThat(ApiGateway.traceId(null, CLOCK)).as("random part").isNotEqualTo(id);
    }

    @Test
    void aWellFormedTraceOfTheCallerIsContinuedAnythingElseReplaced() {
        assertThat(ApiGateway.traceId("Root=1-5e66d96f-7491f09a7979d18acf3d0500;Parent=53995c3f42cd8ad8;Sampled=1", CLOCK))
                .isEqualTo("Root=1-5e66d96f-7491f09a7979d18acf3d0500");
        assertThat(ApiGateway.traceId("Sampled=1; Root=1-5e66d96f-7491f09a7979d18acf3d0500", CLOCK))
                .isEqualTo("Root=1-5e66d96f-7491f09a7979d18acf3d0500");
        for (String bad : new String[] {"Root=1-xyz", "Root=1-5e66d96f-7491f09a7979d18acf3d0500\nInjected: yes", "garbage", ""}) {
            assertThat(ApiGateway.traceId(bad, CLOCK)).as(bad).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}")
                    .isNotEqualTo("Root=1-5e66d96f-7491f09a7979d18acf3d0500");
        }
    }

    @Test
    void theProxyEventCarriesTheTraceIdAsApiGatewayDoes() {
        var e = ApiGateway.event("POST", Map.of("Content-type", List.of("application/json"), "X-amzn-trace-id", List.of("Root=forged")),
                "/webhooks/payment", "/webhooks/payment", null, new byte[0], Map.of(), "Root=1-5e66d96f-7491f09a7979d18acf3d0500", "AKIDLOCAL");
        assertThat(e.getRequestContext().getIdentity().getAccessKey()).as("the signer, where API Gateway puts it").isEqualTo("AKIDLOCAL");
        assertThat(e.getHeaders()).containsEntry("X-Amzn-Trace-Id", "Root=1-5e66d96f-7491f09a7979d18acf3d0500")
                .containsEntry("Content-type", "application/json").doesNotContainKey("X-amzn-trace-id");
        assertThat(e.getMultiValueHeaders()).containsEntry("X-Amzn-Trace-Id", List.of("Root=1-5e66d96f-7491f09a7979d18acf3d0500"));
        assertThat(e.getHttpMethod()).isEqualTo("POST");
        assertThat(e.getRequestContext().getHttpMethod()).isEqualTo("POST");
    }
}

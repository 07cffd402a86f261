package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpTest {
    @Test
    void rawBodyBytesSurviveBothEncodings() {
        byte[] raw = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        var plain = new APIGatewayProxyRequestEvent().withBody(new String(raw, StandardCharsets.UTF_8)).withIsBase64Encoded(false);
        var b64 = new APIGatewayProxyRequestEvent().withBody(Base64.getEncoder().encodeToString(raw)).withIsBase64Encoded(true);
        assertThat(Http.body(plain)).isEqualTo(raw);
        assertThat(Http.body(b64)).isEqualTo(raw);
    }

    @Test
    void headersAreCaseInsensitiveAndMultiValuesJoined() {
        var e = new APIGatewayProxyRequestEvent().withHeaders(Map.of("stripe-signature", "t=1,v1=a"))
                .withMultiValueHeaders(Map.of("X-Many", List.of("a", "b")));
        var r = Http.toWebhookRequest(e);
        assertThat(r.header("Stripe-Signature")).contains("t=1,v1=a");
        assertThat(r.header("x-many")).contains("a,b");
    }

    @Test
    void errorsMapToTheSpecStatusesWithStableBodies() {
        assertThat(Http.status(ErrorCode.MALFORMED_JSON)).isEqualTo(400);
        assertThat(Http.status(ErrorCode.SIGNATURE_INVALID)).isEqualTo(401);
        assertThat(Http.status(ErrorCode.PAYLOAD_TOO_LARGE)).isEqualTo(413);
        assertThat(Http.status(ErrorCode.UNSUPPORTED_MEDIA_TYPE)).isEqualTo(415);
        assertThat(Http.status(ErrorCode.UNKNOWN_CURRENCY)).isEqualTo(422);
        assertThat(Http.status(ErrorCode.NOT_FOUND)).isEqualTo(404);
        assertThat(Http.status(ErrorCode.STORE_UNAVAILABLE)).isEqualTo(503);
        var r = Http.error(new PayhookException(ErrorCode.UNKNOWN_STATUS));
        assertThat(r.getStatusCode()).isEqualTo(422);
        assertThat(r.getBody()).isEqualTo("{\"error\":\"unknown_status\",\"message\":\"The status is not known.\"}");
        assertThat(Http.internalError().getBody()).doesNotContain("Exception");
    }

    @Test
    void responsesAreWrittenAsJsonWithoutAMapper() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("s", "quote \" and \u00e9");
        body.put("n", 12345678901L);
        body.put("b", true);
        body.put("none", null);
        body.put("list", List.of(1, "two", Map.of("k", false)));
        assertThat(Http.write(body)).isEqualTo(
                "{\"s\":\"quote \\\" and \u00e9\",\"n\":12345678901,\"b\":true,\"none\":null,\"list\":[1,\"two\",{\"k\":false}]}");
    }
}

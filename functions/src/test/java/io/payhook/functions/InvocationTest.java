package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Every log line of a request carries its request id and the trace id of that invocation. */
class InvocationTest {
    static final String TRACE_A = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1";
    static final String TRACE_B = "Root=1-67891234-000000000000000000000001;Parent=0000000000000001;Sampled=0";

    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void capture() { JsonLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8)); }

    @AfterEach
    void restore() {
        JsonLog.setOutput(System.out);
        System.clearProperty(Invocation.TRACE_HEADER_PROPERTY);
    }

    List<JsonNode> lines() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : log.toString(StandardCharsets.UTF_8).lines().toList()) out.add(m.readTree(l));
        return out;
    }

    @Test
    void theTraceIdIsTheRootOfTheHeader() {
        assertThat(Invocation.rootOf(TRACE_A)).isEqualTo("1-67891233-abcdef012345678912345678");
        assertThat(Invocation.rootOf("1-67891233-abcdef012345678912345678")).isEqualTo("1-67891233-abcdef012345678912345678");
        assertThat(Invocation.rootOf("Parent=1;Sampled=1")).isNull();
        assertThat(Invocation.rootOf("Root=<script>")).isNull();
        assertThat(Invocation.rootOf(null)).isNull();
    }

    @Test
    void lambdasTraceComesFirstThenTheRuntimePropertyThenTheRequestHeader() {
        assertThat(Invocation.traceHeader(context("aws-req", TRACE_A), TRACE_B)).isEqualTo(TRACE_A);
        System.setProperty(Invocation.TRACE_HEADER_PROPERTY, TRACE_B);
        assertThat(Invocation.traceHeader(context("aws-req", null), "Root=1-1-1")).isEqualTo(TRACE_B);
        System.clearProperty(Invocation.TRACE_HEADER_PROPERTY);
        assertThat(Invocation.traceHeader(null, TRACE_B)).isEqualTo(TRACE_B);
        assertThat(Invocation.traceHeader(null, null)).isNull();
    }

    @Test
    void anApiRequestsLinesCarryItsRequestIdAndTheHeadersTrace() throws Exception {
        var route = new ApiHandler("route failed") {
            @Override
            protected com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId) {
                JsonLog.info("working", "transaction_id", "pi_1");
                return Http.json(200, Map.of());
            }
        };
        var ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId("api-req-1");
        route.handleRequest(new APIGatewayProxyRequestEvent().withRequestContext(ctx).withHeaders(Map.of("x-amzn-trace-id", TRACE_A)), null);
        route.handleRequest(new APIGatewayProxyRequestEvent().withMultiValueHeaders(Map.of("X-Amzn-Trace-Id", List.of(TRACE_B))),
                context("lambda-req-2", null));
        JsonLog.info("after the requests");
        List<JsonNode> l = lines();
        assertThat(l).hasSize(3);
        assertThat(l.get(0).path("request_id").asText()).isEqualTo("api-req-1");
        assertThat(l.get(0).path("trace_id").asText()).isEqualTo("1-67891233-abcdef012345678912345678");
        assertThat(l.get(1).path("request_id").asText()).isEqualTo("lambda-req-2");
        assertThat(l.get(1).path("trace_id").asText()).isEqualTo("1-67891234-000000000000000000000001");
        assertThat(l.get(2).has("request_id")).as("cleared at the end of the request").isFalse();
        assertThat(l.get(2).has("trace_id")).isFalse();
        assertThat(Invocation.current()).isNull();
    }

    @Test
    void eachSqsStreamAndSnsInvocationCarriesItsOwnTrace() throws Exception {
        var sender = new NotificationSenderHandler(null, 5, NotificationSenderHandler.RetryBackoff.NONE);
        var poison = new SQSEvent.SQSMessage();
        poison.setMessageId("m-1");
        poison.setBody("not json");
        var sqs = new SQSEvent();
        sqs.setRecords(List.of(poison));
        // the runtime sets the property before each invocation; the context says the same
        System.setProperty(Invocation.TRACE_HEADER_PROPERTY, TRACE_A);
        sender.handleRequest(sqs, context("sqs-req-1", null));
        System.setProperty(Invocation.TRACE_HEADER_PROPERTY, TRACE_B);
        sender.handleRequest(sqs, context("sqs-req-2", TRACE_B));

        var outbox = new OutboxStreamHandler(null, null);
        var record = new DynamodbEvent.DynamodbStreamRecord();
        var sr = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        sr.setSequenceNumber("7");
        sr.setNewImage(Map.of("transaction_id", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue("pi_1"),
                "kind", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue("EVENT")));
        record.setDynamodb(sr);
        record.setEventName("INSERT");
        var stream = new DynamodbEvent();
        stream.setRecords(List.of(record));
        outbox.handleRequest(stream, context("stream-req-3", TRACE_A)); // a null outbox fails: the record is logged and retried

        var feedback = new FeedbackHandler(null);
        var sns = new SNSEvent();
        var r = new SNSEvent.SNSRecord();
        r.setSns(new SNSEvent.SNS().withMessage("{\"eventType\":\"Delivery\",\"mail\":{\"tags\":{}}}"));
        sns.setRecords(List.of(r));
        feedback.handleRequest(sns, context("sns-req-4", TRACE_B));

        List<JsonNode> l = lines();
        assertThat(l).extracting(n -> n.path("request_id").asText())
                .containsExactly("sqs-req-1", "sqs-req-2", "stream-req-3", "sns-req-4");
        assertThat(l).extracting(n -> n.path("trace_id").asText()).containsExactly(
                "1-67891233-abcdef012345678912345678", "1-67891234-000000000000000000000001",
                "1-67891233-abcdef012345678912345678", "1-67891234-000000000000000000000001");
    }

    @Test
    void endHooksRunWithTheInvocationAndNeverFailIt() {
        List<String> seen = new ArrayList<>();
        Consumer<Invocation> failing = i -> { throw new IllegalStateException("boom"); };
        Consumer<Invocation> recording = i -> seen.add(i.requestId() + "/" + i.attachment("k"));
        Invocation.onEnd(failing);
        Invocation.onEnd(recording);
        try {
            try (Invocation i = Invocation.begin("r-1", null)) {
                i.attachment("k", () -> "v");
            }
            assertThat(seen).containsExactly("r-1/v");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("invocation end hook failed", "IllegalStateException");
        } finally {
            Invocation.removeOnEnd(failing);
            Invocation.removeOnEnd(recording);
        }
    }

    @Test
    void aNestedInvocationGivesTheOuterOneBack() {
        try (Invocation outer = Invocation.begin("outer", TRACE_A)) {
            try (Invocation inner = Invocation.begin(null, null)) {
                assertThat(inner.requestId()).isEqualTo("outer");
                assertThat(inner.traceId()).isEqualTo("1-67891233-abcdef012345678912345678");
            }
            assertThat(Invocation.current()).isSameAs(outer);
        }
        assertThat(Invocation.current()).isNull();
    }

    static Context context(String requestId, String trace) {
        return new Context() {
            @Override public String getAwsRequestId() { return requestId; }
            @Override public String getLogGroupName() { return null; }
            @Override public String getLogStreamName() { return null; }
            @Override public String getFunctionName() { return "payhook-test"; }
            @Override public String getFunctionVersion() { return "1"; }
            @Override public String getInvokedFunctionArn() { return null; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return 30_000; }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() { return null; }
            @Override public String getXrayTraceId() { return trace; }
        };
    }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.webhook.WebhookRequest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway proxy events ⇄ domain requests and JSON responses: the one JSON writer of the API's
 * answers (the local gateway's own errors too). Which error becomes which answer is decided in one
 * place, {@link ApiHandler}.
 */
public final class Http {
    /** Streaming writer only: no ObjectMapper on the request path (~150 ms of a cold start). */
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    private Http() {}

    /** The raw request as the domain sees it: headers, query, exact body bytes. */
    public static WebhookRequest toWebhookRequest(APIGatewayProxyRequestEvent in) {
        Map<String, String> headers = new HashMap<>();
        if (in.getMultiValueHeaders() != null) {
            in.getMultiValueHeaders().forEach((k, v) -> { if (v != null && !v.isEmpty()) headers.put(k, String.join(",", v)); });
        }
        if (in.getHeaders() != null) headers.putAll(in.getHeaders());
        return new WebhookRequest(headers, in.getQueryStringParameters(), body(in));
    }

    public static byte[] body(APIGatewayProxyRequestEvent in) {
        String b = in.getBody();
        if (b == null) return new byte[0];
        if (Boolean.TRUE.equals(in.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(b);
            } catch (IllegalArgumentException e) {
                throw new PayhookException(ErrorCode.MALFORMED_JSON, "The body is not valid base64.");
            }
        }
        return b.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The query parameters, each with every value given in order (API Gateway's multi-value map; the single-value
     * map when a caller built the event without it).
     */
    public static Map<String, java.util.List<String>> queryParameters(APIGatewayProxyRequestEvent in) {
        Map<String, java.util.List<String>> out = new LinkedHashMap<>();
        if (in.getMultiValueQueryStringParameters() != null) {
            in.getMultiValueQueryStringParameters().forEach((k, v) -> out.put(k, v == null ? java.util.List.of() : java.util.List.copyOf(v)));
        } else if (in.getQueryStringParameters() != null) {
            in.getQueryStringParameters().forEach((k, v) -> out.put(k, java.util.List.of(v == null ? "" : v)));
        }
        return out;
    }

    public static String pathId(APIGatewayProxyRequestEvent in) {
        return in.getPathParameters() == null ? null : in.getPathParameters().get("id");
    }

    public static String requestId(APIGatewayProxyRequestEvent in, Context ctx) {
        if (in.getRequestContext() != null && in.getRequestContext().getRequestId() != null) return in.getRequestContext().getRequestId();
        return ctx == null ? null : ctx.getAwsRequestId();
    }

    /**
     * Who called: the IAM user or role ARN API Gateway authorised ({@code requestContext.identity.userArn}), else its
     * {@code caller}, else its {@code accessKey} (the local gateway sets the SigV4 access key id there); null when the
     * request names none.
     */
    public static String principal(APIGatewayProxyRequestEvent in) {
        if (in.getRequestContext() == null || in.getRequestContext().getIdentity() == null) return null;
        var id = in.getRequestContext().getIdentity();
        for (String s : new String[] {id.getUserArn(), id.getCaller(), id.getAccessKey()}) if (s != null && !s.isBlank()) return s;
        return null;
    }

    public static APIGatewayProxyResponseEvent json(int status, Object body) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(JSON_HEADERS).withBody(write(body));
    }

    /** Maps, lists, strings, numbers, booleans and null as JSON. */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("response not serialisable", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case java.math.BigDecimal d -> g.writeNumber(d);
            case java.math.BigInteger i -> g.writeNumber(i);
            case Number n -> g.writeNumber(n.doubleValue());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> l -> {
                g.writeStartArray();
                for (Object o : l) write(g, o);
                g.writeEndArray();
            }
            default -> g.writeString(v.toString());
        }
    }

    public static int status(ErrorCode code) {
        return switch (code.category()) {
            case MALFORMED -> 400;
            case MEDIA_TYPE -> 415;
            case TOO_LARGE -> 413;
            case INVALID -> 422;
            case UNAUTHENTICATED -> 401;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    public static APIGatewayProxyResponseEvent error(PayhookException e) {
        return error(status(e.code()), e.code().wireCode(), e.getMessage());
    }

    public static APIGatewayProxyResponseEvent error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    /** The last resort for a bug: nothing about the failure leaks to the caller. */
    public static APIGatewayProxyResponseEvent internalError() {
        return error(500, "internal_error", "The request could not be processed; it was not stored. Retry later.");
    }

    static Map<String, Object> object(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static List<Object> list(List<?> l) { return List.copyOf(l); }
}

package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.error.PayhookException;

/**
 * An API Gateway route, and the one place where errors become HTTP answers: a
 * {@link PayhookException} is answered with its code ({@link Http#error(PayhookException)}), any
 * other failure with a bare 500 that says nothing about it ({@link Http#internalError()}) and is
 * logged by class name only. Subclasses {@link #handle} the request and answer the success. Each request
 * is an {@link Invocation}: its request id (API Gateway's, else Lambda's) and X-Ray trace id (Lambda's for
 * this invocation, else the request's {@code X-Amzn-Trace-Id} header) are on every log line it writes.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final String failureLog;

    /** @param failureLog the error line logged when the route fails unexpectedly (e.g. "query failed") */
    protected ApiHandler(String failureLog) { this.failureLog = failureLog; }

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context ctx) {
        String requestId = Http.requestId(in, ctx);
        // every log line of the request carries its id and trace (JsonLog); its metrics are flushed at the end
        try (Invocation ignored = Invocation.begin(ctx, requestId,
                Invocation.header(in.getHeaders(), in.getMultiValueHeaders(), Invocation.TRACE_HEADER))) {
            try {
                return handle(in, requestId);
            } catch (PayhookException e) {
                refused(e, requestId);
                return Http.error(e);
            } catch (RuntimeException e) {
                JsonLog.error(failureLog, "request_id", requestId, "error", e.getClass().getSimpleName());
                return Http.internalError();
            }
        }
    }

    /** The route's work and its success answer; throws {@link PayhookException} to refuse. */
    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId);

    /** Called before a refusal is answered; logs nothing unless a route says so. */
    protected void refused(PayhookException e, String requestId) { }
}

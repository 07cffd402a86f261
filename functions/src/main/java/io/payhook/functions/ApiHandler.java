package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.payhook.core.error.AuditUnavailableException;
import io.payhook.core.error.PayhookException;
import io.payhook.core.usecase.RecordAudit;

import java.util.Optional;

/**
 * An API Gateway route, and the one place where errors become HTTP answers: a
 * {@link PayhookException} is answered with its code ({@link Http#error(PayhookException)}), any
 * other failure with a bare 500 that says nothing about it ({@link Http#internalError()}) and is
 * logged by class name only. Subclasses {@link #handle} the request and answer the success. Each request
 * is an {@link Invocation}: its request id (API Gateway's, else Lambda's) and X-Ray trace id (Lambda's for
 * this invocation, else the request's {@code X-Amzn-Trace-Id} header) are on every log line it writes.
 *
 * <p>It is also the one place the audit trail is written: when the request's route is audited
 * ({@link AuditedRoutes}), its record — with the answer's status class and error code — is appended before the
 * answer is returned; when it cannot be, the answer is withheld and the caller gets 503 {@code audit_unavailable}.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final String failureLog;
    private final RecordAudit audit;

    /** A route that is not audited ({@link AuditedRoutes} lists none of its requests; if it did, they would be answered 503). */
    protected ApiHandler(String failureLog) { this(failureLog, null); }

    /**
     * @param failureLog the error line logged when the route fails unexpectedly (e.g. "query failed")
     * @param audit      where the records of this route's audited requests are written
     */
    protected ApiHandler(String failureLog, RecordAudit audit) {
        this.failureLog = failureLog;
        this.audit = audit;
    }

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent in, Context ctx) {
        String requestId = Http.requestId(in, ctx);
        // every log line of the request carries its id and trace (JsonLog); its metrics are flushed at the end
        try (Invocation ignored = Invocation.begin(ctx, requestId,
                Invocation.header(in.getHeaders(), in.getMultiValueHeaders(), Invocation.TRACE_HEADER))) {
            APIGatewayProxyResponseEvent answer;
            String error = null;
            try {
                answer = handle(in, requestId);
            } catch (PayhookException e) {
                if (e instanceof AuditUnavailableException a) {
                    JsonLog.error("audit read failed", "request_id", requestId, "error", a.diagnosis());
                }
                refused(e, requestId);
                answer = Http.error(e);
                error = e.code().wireCode();
            } catch (RuntimeException e) {
                JsonLog.error(failureLog, "request_id", requestId, "error", e.getClass().getSimpleName());
                answer = Http.internalError();
                error = "internal_error";
            }
            // the audit record, before the answer leaves (AuditedRoutes: which routes, what each record says)
            Optional<AuditedRoutes.Route> route = AuditedRoutes.of(in.getHttpMethod(), in.getResource());
            APIGatewayProxyResponseEvent out = route.isEmpty() ? answer : AuditedRoutes.answer(audit, route.get(), in, requestId, answer, error);
            return out == answer && answer instanceof Committing c ? commit(c, requestId) : out;
        }
    }

    /**
     * A success whose change is made only once its audit record is written ({@link #handle} returns it): when the
     * record cannot be written the caller gets 503 and nothing was changed. When the change then fails, the caller gets
     * that failure (the record says 2xx for a change that was not made — an over-report, never a change unrecorded).
     */
    protected static final class Committing extends APIGatewayProxyResponseEvent {
        private final transient Runnable change;

        public Committing(APIGatewayProxyResponseEvent answer, Runnable change) {
            this.change = change;
            setStatusCode(answer.getStatusCode());
            setHeaders(answer.getHeaders());
            setBody(answer.getBody());
        }
    }

    private APIGatewayProxyResponseEvent commit(Committing c, String requestId) {
        try {
            c.change.run();
            return c;
        } catch (PayhookException e) {
            refused(e, requestId);
            return Http.error(e);
        } catch (RuntimeException e) {
            JsonLog.error(failureLog, "request_id", requestId, "error", e.getClass().getSimpleName());
            return Http.internalError();
        }
    }

    /** The route's work and its success answer; throws {@link PayhookException} to refuse. */
    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent in, String requestId);

    /** Called before a refusal is answered; logs nothing unless a route says so. */
    protected void refused(PayhookException e, String requestId) { }
}

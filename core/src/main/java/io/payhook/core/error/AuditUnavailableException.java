package io.payhook.core.error;

/**
 * The audit trail could not be written or read (technical failure, retryable): the call is answered 503
 * {@code audit_unavailable} with the code's default message and nothing else. Carries no SDK type.
 */
public class AuditUnavailableException extends PayhookException {
    public AuditUnavailableException(String diagnosis, Throwable cause) {
        super(ErrorCode.AUDIT_UNAVAILABLE, ErrorCode.AUDIT_UNAVAILABLE.defaultMessage(), cause);
        this.diagnosis = diagnosis;
    }

    private final String diagnosis;

    /** What failed, for the operator's log line (never shown to the caller; names no data). */
    public String diagnosis() { return diagnosis; }
}

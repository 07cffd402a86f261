package io.payhook.core.error;

/**
 * A failure with a stable {@link ErrorCode}. Messages are written for humans and never carry
 * secrets, signatures, card numbers or personal data.
 */
public class PayhookException extends RuntimeException {
    private final ErrorCode code;

    public PayhookException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public PayhookException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** With the technical cause kept for diagnosis (never shown to callers). */
    protected PayhookException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() { return code; }
}

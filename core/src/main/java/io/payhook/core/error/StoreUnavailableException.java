package io.payhook.core.error;

/** A port could not reach its backend (technical failure, retryable). Carries no SDK type. */
public class StoreUnavailableException extends PayhookException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(ErrorCode.STORE_UNAVAILABLE, message, cause);
    }
}

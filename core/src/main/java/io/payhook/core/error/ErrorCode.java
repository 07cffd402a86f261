package io.payhook.core.error;

/**
 * Stable machine codes of every client-visible failure. The code string is part of the API
 * contract (SPEC §2); the category decides the HTTP status, which only handlers map.
 */
public enum ErrorCode {
    MALFORMED_JSON(Category.MALFORMED, "The body is not well-formed JSON."),
    MISSING_FIELD(Category.MALFORMED, "A required field is missing."),
    INVALID_FIELD(Category.MALFORMED, "A field has the wrong type or shape."),
    INVALID_ID(Category.MALFORMED, "The id is malformed."),
    INVALID_ENCODING(Category.MALFORMED, "The body is not valid UTF-8."),
    UNKNOWN_PROVIDER(Category.MALFORMED, "The provider is not known."),
    INVALID_CURSOR(Category.MALFORMED, "The cursor is not one this query gave out."),
    UNKNOWN_FILTER(Category.MALFORMED, "The query names a filter this route does not have."),
    UNSUPPORTED_MEDIA_TYPE(Category.MEDIA_TYPE, "The body must be JSON (Content-Type: application/json)."),
    PAYLOAD_TOO_LARGE(Category.TOO_LARGE, "The body is larger than the limit."),
    INVALID_AMOUNT(Category.INVALID, "The amount must be a non-negative integer in minor units."),
    UNKNOWN_CURRENCY(Category.INVALID, "The currency is not an ISO 4217 code."),
    UNKNOWN_STATUS(Category.INVALID, "The status is not known."),
    INVALID_TIMESTAMP(Category.INVALID, "The timestamp is not ISO-8601."),
    SIGNATURE_MISSING(Category.UNAUTHENTICATED, "The provider signature is missing."),
    SIGNATURE_MALFORMED(Category.UNAUTHENTICATED, "The provider signature header is malformed."),
    SIGNATURE_INVALID(Category.UNAUTHENTICATED, "The provider signature does not match."),
    SIGNATURE_EXPIRED(Category.UNAUTHENTICATED, "The provider signature timestamp is outside the tolerance window."),
    PROVIDER_NOT_CONFIGURED(Category.UNAUTHENTICATED, "No secret is configured for this provider; its deliveries are refused."),
    NOT_FOUND(Category.NOT_FOUND, "No such transaction."),
    /** A redrive of the dead-letter queue is running already: one at a time (SQS runs one move task per queue). */
    REDRIVE_RUNNING(Category.CONFLICT, "A redrive of the dead-letter queue is running; wait for it to end (GET /notifications/redrive)."),
    STORE_UNAVAILABLE(Category.UNAVAILABLE, "The event could not be stored; retry later."),
    /** The dead-letter queue (or its move task) could not be reached. */
    QUEUE_UNAVAILABLE(Category.UNAVAILABLE, "The dead-letter queue could not be reached; retry later."),
    /** The call's audit record (PCI DSS 10.2) could not be written, so its answer is withheld; says nothing of the data. */
    AUDIT_UNAVAILABLE(Category.UNAVAILABLE, "The call could not be recorded in the audit trail, so its answer is withheld; retry later.");

    /** Groups of codes that share an HTTP status. */
    public enum Category { MALFORMED, MEDIA_TYPE, TOO_LARGE, INVALID, UNAUTHENTICATED, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Category category;
    private final String defaultMessage;

    ErrorCode(Category category, String defaultMessage) {
        this.category = category;
        this.defaultMessage = defaultMessage;
    }

    public Category category() { return category; }

    public String defaultMessage() { return defaultMessage; }

    /** The code as it appears in JSON error bodies, e.g. {@code signature_invalid}. */
    public String wireCode() { return name().toLowerCase(java.util.Locale.ROOT); }
}

package io.payhook.core.webhook.custom;

/**
 * The custom providers file does not validate. The message names the entry (its position from 1, and its name once
 * known) and the field, e.g. {@code custom provider 2 ("acme"): field 'algorithm' must be one of sha256, sha512, sha1};
 * a composition root prints it and stops.
 */
public final class CustomProvidersException extends IllegalArgumentException {
    public CustomProvidersException(String message) { super(message); }
}

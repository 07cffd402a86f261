package io.payhook.core.providers;

import io.payhook.core.model.PaymentEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One payment provider's webhook scheme: recognise, verify, parse. {@link #verify} runs on the
 * raw bytes before anything is parsed; {@link #parse} is only called on a verified delivery.
 */
public interface WebhookProvider {

    /** Stable name, used in {@code ?provider=}, in secrets configuration and in stored events. */
    String name();

    /** Whether this delivery looks like this provider's (headers first, body shape last). */
    boolean recognizes(WebhookRequest request);

    /**
     * Verifies the delivery against every active secret, in constant time.
     *
     * @throws io.payhook.core.error.PayhookException with a {@code SIGNATURE_*} code when it does not verify
     */
    void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance);

    /**
     * Parses a verified delivery into canonical events (several for a batch).
     *
     * @throws io.payhook.core.error.PayhookException with a 400/422 category code when the body is not acceptable
     */
    List<PaymentEvent> parse(WebhookRequest request);
}

package io.payhook.core.webhook;

import io.payhook.core.model.PaymentEvent;
import io.payhook.core.protection.ProtectionGate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One payment provider's webhook scheme: recognise, verify, parse. {@link #verify} runs on the
 * raw bytes before anything is parsed; {@link #parse} is only called on a verified delivery, and its
 * events then pass the {@link ProtectionGate} before anything of them is kept.
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
     * What the protection gate does with this provider's personal-data fields that are not what they
     * claim: a provider's own format drops them (the default; a refused delivery would be retried for
     * days), payhook's own formats refuse them.
     */
    default ProtectionGate.Policy personalDataPolicy() { return ProtectionGate.Policy.DROP; }

    /**
     * Parses a verified delivery into canonical events (several for a batch).
     *
     * @throws io.payhook.core.error.PayhookException with a 400/422 category code when the body is not acceptable
     */
    List<PaymentEvent> parse(WebhookRequest request);
}

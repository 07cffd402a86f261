package io.payhook.core.webhook.generic;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.SignatureHeader;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The generic payhook format (SPEC §4; fields: {@link GenericPayload}), signed with
 * {@code Payhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}, the key being
 * the secret's UTF-8 bytes. It is payhook's own contract, so the protection gate refuses personal data
 * that is not what it claims ({@link ProtectionGate.Policy#REFUSE}).
 */
public final class GenericProvider implements WebhookProvider {
    public static final String NAME = "generic";
    public static final String SIGNATURE_HEADER = "Payhook-Signature";

    private final Clock clock;

    /** @param clock supplies {@code occurred_at} when the payload has none */
    public GenericProvider(Clock clock) { this.clock = clock; }

    @Override public String name() { return NAME; }

    /** The fallback: anything not recognised by a more specific provider. */
    @Override public boolean recognizes(WebhookRequest request) { return true; }

    @Override public ProtectionGate.Policy personalDataPolicy() { return ProtectionGate.Policy.REFUSE; }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        SignatureHeader header = SignatureHeader.parse(request.header(SIGNATURE_HEADER).orElse(null));
        header.checkWindow(now, tolerance);
        List<byte[]> keys = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        if (!header.matchesAny(keys, request.body())) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        return List.of(GenericPayload.read(Json.object(request.body()), NAME, clock));
    }
}

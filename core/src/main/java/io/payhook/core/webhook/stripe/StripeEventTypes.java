package io.payhook.core.webhook.stripe;

import io.payhook.core.model.Status;

import java.util.Map;

/**
 * The Stripe event types payhook maps, and the canonical status each reports — as data. A type not
 * listed is acknowledged and kept as ignored. {@code charge.refunded} is then refined by amounts
 * ({@link StripeProvider}: full or partial).
 */
public final class StripeEventTypes {
    private StripeEventTypes() {}

    public static final Map<String, Status> STATUS = Map.ofEntries(
            Map.entry("payment_intent.created", Status.PENDING),
            Map.entry("payment_intent.processing", Status.PENDING),
            Map.entry("payment_intent.requires_action", Status.PENDING),
            Map.entry("payment_intent.amount_capturable_updated", Status.AUTHORIZED),
            Map.entry("payment_intent.succeeded", Status.SUCCEEDED),
            Map.entry("payment_intent.payment_failed", Status.FAILED),
            Map.entry("payment_intent.canceled", Status.CANCELED),
            Map.entry("charge.succeeded", Status.SUCCEEDED),
            Map.entry("charge.failed", Status.FAILED),
            Map.entry("charge.refunded", Status.REFUNDED),
            Map.entry("charge.dispute.created", Status.DISPUTED),
            Map.entry("charge.dispute.closed", Status.DISPUTED));
}

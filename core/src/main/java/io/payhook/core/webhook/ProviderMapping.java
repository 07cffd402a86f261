package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rules shared by the providers' own formats. A genuine, verified delivery of a provider is never
 * answered 4xx — the provider would retry it for days and then disable the endpoint, payment events
 * included — so once its envelope (event id, payment reference, time) has been read, what payhook
 * cannot map is kept as an ignored event with a stable reason instead of refusing the delivery.
 */
public final class ProviderMapping {
    private ProviderMapping() {}

    /** What a refund that failed, or was reversed, takes back. */
    public static final Set<Status> REFUNDS = Set.copyOf(EnumSet.of(Status.REFUNDED, Status.PARTIALLY_REFUNDED));
    /** What a dispute won (or an inquiry closed) takes back. */
    public static final Set<Status> DISPUTES = Set.of(Status.DISPUTED);
    /** What a capture the scheme rejected takes back: the capture, and the authorisation it used up. */
    public static final Set<Status> CAPTURE = Set.copyOf(EnumSet.of(Status.SUCCEEDED, Status.AUTHORIZED));

    /** The value, or null when reading it fails with a client error (for fields whose absence is harmless). */
    public static <T> T lenient(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (PayhookException e) {
            ErrorCode.Category c = e.code().category();
            if (c != ErrorCode.Category.MALFORMED && c != ErrorCode.Category.INVALID) throw e;
            return null;
        }
    }

    /**
     * Maps an event whose envelope is known: {@code map} fills in status, amount and the rest; if it
     * throws a client error (400/422 category — a missing amount, an unknown currency...), the event is
     * kept as ignored with that error's code as the reason.
     */
    public static PaymentEvent mappedOrIgnored(PaymentEvent.Builder event, Consumer<PaymentEvent.Builder> map) {
        try {
            map.accept(event);
            return event.build();
        } catch (PayhookException e) {
            ErrorCode.Category c = e.code().category();
            if (c != ErrorCode.Category.MALFORMED && c != ErrorCode.Category.INVALID) throw e;
            return event.amount(null).ignored(e.code().wireCode()).build();
        }
    }
}

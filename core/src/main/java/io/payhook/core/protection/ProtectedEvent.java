package io.payhook.core.protection;

import io.payhook.core.model.StoredEvent;

/**
 * An event that has passed the {@link ProtectionGate}: identifiers checked, card data masked,
 * personal data sealed. The only type {@link io.payhook.core.port.TransactionStore#append}
 * accepts, and only the gate can make one (the constructor is package-private), so an event that
 * did not pass the gate cannot be stored by mistake.
 */
public final class ProtectedEvent {
    private final StoredEvent event;

    ProtectedEvent(StoredEvent event) { this.event = event; }

    /** The event as it is kept. */
    public StoredEvent event() { return event; }

    public String transactionId() { return event.transactionId(); }

    @Override
    public String toString() { return "ProtectedEvent[" + event.provider() + ", " + event.eventId() + "]"; }
}

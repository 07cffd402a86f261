package io.payhook.core.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The current state of one payment, derived from every event stored for it (a left fold with
 * {@link Status#advance}), so it is the same whatever order the events arrived in.
 *
 * @param status        highest status reached; null if every event so far was ignored
 * @param amount        the payment amount: from the earliest event (by occurrence) that carries one
 * @param customerEmail latest sealed email any event carried, or null
 * @param createdAt     first time payhook received an event for it
 * @param updatedAt     last time payhook received an event for it
 * @param events        history, ordered by occurrence then receipt
 * @param notifications ordered by request time
 */
public record Transaction(
        String transactionId,
        String provider,
        Status status,
        Money amount,
        String customerId,
        SealedValue customerEmail,
        String paymentMethod,
        Instant createdAt,
        Instant updatedAt,
        List<StoredEvent> events,
        List<Notification> notifications) {

    private static final Comparator<StoredEvent> HISTORY_ORDER =
            Comparator.comparing(StoredEvent::occurredAt).thenComparing(StoredEvent::receivedAt)
                    .thenComparing(StoredEvent::eventId);

    /** Builds the transaction from its events (at least one) and notifications. */
    public static Transaction fold(List<StoredEvent> unordered, List<Notification> notifications) {
        if (unordered.isEmpty()) throw new IllegalArgumentException("a transaction has at least one event");
        List<StoredEvent> events = unordered.stream().sorted(HISTORY_ORDER).toList();
        Status status = null;
        Money amount = null;
        String customerId = null;
        SealedValue email = null;
        String method = null;
        Instant created = null;
        Instant updated = null;
        for (StoredEvent e : events) {
            if (e.status() != null) status = status == null ? e.status() : status.advance(e.status());
            if (amount == null && e.amount() != null) amount = e.amount();
            if (e.customerId() != null) customerId = e.customerId();
            if (e.customerEmail() != null) email = e.customerEmail();
            if (e.paymentMethod() != null) method = e.paymentMethod();
            if (created == null || e.receivedAt().isBefore(created)) created = e.receivedAt();
            if (updated == null || e.receivedAt().isAfter(updated)) updated = e.receivedAt();
        }
        List<Notification> sorted = notifications.stream()
                .sorted(Comparator.comparing(Notification::requestedAt).thenComparing(Notification::notificationId))
                .toList();
        return new Transaction(events.get(0).transactionId(), events.get(0).provider(), status, amount, customerId,
                email, method, created, updated, events, sorted);
    }

    /** The id of the automatic confirmation for reaching {@code s}: one per transaction and status. */
    public static String autoNotificationId(String transactionId, Status s) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest((transactionId + "\u0000" + s.name()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "ntf_auto_" + java.util.HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

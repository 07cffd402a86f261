package io.payhook.core.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The current state of one payment, derived from every event stored for it ({@link #fold}), so it is
 * the same whatever order the events arrived in.
 *
 * @param status        the highest-ranked status still in force (see {@link #fold}); null if every event so far was ignored
 * @param amount        the payment amount: the amount of the latest authorisation or capture still in force (a
 *                      partial capture captures less than was authorised), else of the earliest event (by
 *                      occurrence) that carries one
 * @param customerEmail latest sealed email any event carried, or null
 * @param merchant      the merchant account it belongs to: the merchant of the earliest received event (see {@link #fold});
 *                      null only when every event was stored before payhook recorded merchants
 * @param createdAt     first time payhook received an event for it
 * @param updatedAt     last time payhook received an event for it
 * @param events        history, ordered by occurrence then receipt
 * @param notifications ordered by request time
 * @param risk          what the risk screen last found ({@link io.payhook.core.usecase.ScreenRisk}), or null before its
 *                      first screen
 */
public record Transaction(
        String transactionId,
        String provider,
        Status status,
        Money amount,
        String customerId,
        SealedValue customerEmail,
        String paymentMethod,
        String merchant,
        Instant createdAt,
        Instant updatedAt,
        List<StoredEvent> events,
        List<Notification> notifications,
        Risk risk) {

    /** A transaction not screened yet. */
    public Transaction(String transactionId, String provider, Status status, Money amount, String customerId,
                       SealedValue customerEmail, String paymentMethod, String merchant, Instant createdAt, Instant updatedAt,
                       List<StoredEvent> events, List<Notification> notifications) {
        this(transactionId, provider, status, amount, customerId, customerEmail, paymentMethod, merchant, createdAt, updatedAt,
                events, notifications, null);
    }

    /** The same transaction with the risk screen's last finding. */
    public Transaction withRisk(Risk r) {
        return new Transaction(transactionId, provider, status, amount, customerId, customerEmail, paymentMethod, merchant,
                createdAt, updatedAt, events, notifications, r);
    }

    /** {@link #fold(List, List)} with the risk screen's last finding (or null). */
    public static Transaction fold(List<StoredEvent> unordered, List<Notification> notifications, Risk risk) {
        return fold(unordered, notifications).withRisk(risk);
    }

    private static final Comparator<StoredEvent> HISTORY_ORDER =
            Comparator.comparing(StoredEvent::occurredAt).thenComparing(StoredEvent::receivedAt)
                    .thenComparing(StoredEvent::eventId);

    /** Ties between equal occurrence times broken by event id: a function of the events, not of their arrival. */
    private static final Comparator<StoredEvent> OCCURRENCE =
            Comparator.comparing(StoredEvent::occurredAt).thenComparing(StoredEvent::eventId);

    /** Order of receipt; events of one delivery (same time) by occurrence, then event id. */
    private static final Comparator<StoredEvent> RECEIPT =
            Comparator.comparing(StoredEvent::receivedAt).thenComparing(StoredEvent::occurredAt).thenComparing(StoredEvent::eventId);

    /**
     * Builds the transaction from its events (at least one) and notifications.
     *
     * <p>The status, as data: every event reports at most one status, and some take statuses back
     * ({@link StoredEvent#reverses}: a failed capture, a failed or reversed refund, a dispute won). A
     * report is <em>in force</em> unless an event taking its status back occurred at or after it; the
     * status is the highest-ranked ({@link Status#advance}) status among the reports in force. A late
     * {@code processing} after {@code succeeded} changes nothing (rank), an authorisation can be canceled
     * or expire (CANCELED outranks AUTHORIZED), a refund that failed no longer counts, a second
     * chargeback after a won dispute counts again (it occurred later). Both rules read only the events'
     * statuses and occurrence times, never their order of arrival, so any delivery order folds to the
     * same transaction ({@code StatusOrderTest}).
     *
     * <p>The merchant is the one of the earliest received event (the first stored, events of one delivery ordered by
     * occurrence then id), skipping events stored before payhook recorded merchants. Unlike the status it follows the
     * order of arrival, on purpose: a later event — whatever it occurred at, whatever merchant or label it carries — can
     * never move a payment to another merchant, so the merchant is fixed by the first write and never changes
     * (docs/DECISIONS.md 25).
     */
    public static Transaction fold(List<StoredEvent> unordered, List<Notification> notifications) {
        if (unordered.isEmpty()) throw new IllegalArgumentException("a transaction has at least one event");
        List<StoredEvent> events = unordered.stream().sorted(HISTORY_ORDER).toList();
        List<StoredEvent> inForce = inForce(events);
        Status status = null;
        for (StoredEvent e : inForce) status = status == null ? e.status() : status.advance(e.status());
        Money amount = inForce.stream()
                .filter(e -> e.amount() != null && e.reverses().isEmpty()
                        && (e.status() == Status.AUTHORIZED || e.status() == Status.SUCCEEDED))
                .max(OCCURRENCE).map(StoredEvent::amount)
                .orElseGet(() -> events.stream().filter(e -> e.amount() != null).min(OCCURRENCE).map(StoredEvent::amount).orElse(null));
        String customerId = null;
        SealedValue email = null;
        String method = null;
        Instant created = null;
        Instant updated = null;
        for (StoredEvent e : events) {
            if (e.customerId() != null) customerId = e.customerId();
            if (e.customerEmail() != null) email = e.customerEmail();
            if (e.paymentMethod() != null) method = e.paymentMethod();
            if (created == null || e.receivedAt().isBefore(created)) created = e.receivedAt();
            if (updated == null || e.receivedAt().isAfter(updated)) updated = e.receivedAt();
        }
        String merchant = events.stream().filter(e -> e.merchant() != null).min(RECEIPT).map(StoredEvent::merchant).orElse(null);
        List<Notification> sorted = notifications.stream()
                .sorted(Comparator.comparing(Notification::requestedAt).thenComparing(Notification::notificationId))
                .toList();
        return new Transaction(events.get(0).transactionId(), events.get(0).provider(), status, amount, customerId,
                email, method, merchant, created, updated, events, sorted);
    }

    /** The events whose reported status is in force: not taken back by an event that occurred at or after them. */
    static List<StoredEvent> inForce(List<StoredEvent> events) {
        List<StoredEvent> reversals = events.stream().filter(e -> !e.reverses().isEmpty()).toList();
        return events.stream().filter(e -> e.status() != null)
                .filter(e -> reversals.stream().noneMatch(v -> v.reverses().contains(e.status())
                        && !v.occurredAt().isBefore(e.occurredAt())))
                .toList();
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

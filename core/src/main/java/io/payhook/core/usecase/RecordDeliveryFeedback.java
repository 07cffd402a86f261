package io.payhook.core.usecase;

import io.payhook.core.model.Ids;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.port.AddressKeys;
import io.payhook.core.port.Metrics;
import io.payhook.core.port.SuppressionList;
import io.payhook.core.port.TransactionStore;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * What the receiving side said about a sent confirmation (SES bounce and complaint events; locally the
 * SMTP sink's imitation of SES's mailbox simulator): a permanent bounce or a complaint is recorded on
 * the notification (BOUNCED / COMPLAINED) and puts the address on the suppression list (as a keyed
 * hash), so no further confirmation is sent to it. A transient bounce changes nothing (SES retries it
 * itself).
 */
public final class RecordDeliveryFeedback {

    /** Kinds of feedback. */
    public enum Kind { BOUNCE, COMPLAINT }

    /**
     * One piece of feedback about one sent message.
     *
     * @param transactionId  from the message's tags
     * @param notificationId from the message's tags
     * @param recipients     the addresses it concerns (clear text: they are hashed here and never kept)
     * @param type           SES bounceType ({@code Permanent}, {@code Transient}, {@code Undetermined}) or the
     *                       complaint feedback type ({@code abuse}, ...), may be null
     * @param subType        SES bounceSubType ({@code General}, {@code NoEmail}, {@code Suppressed}...), may be null
     */
    public record Feedback(Kind kind, String transactionId, String notificationId, List<String> recipients, String type,
                           String subType) {
        @Override
        public String toString() { return "Feedback[" + kind + ", " + notificationId + "]"; }
    }

    /** What became of it. */
    public enum Outcome { RECORDED, TRANSIENT, UNKNOWN_NOTIFICATION }

    private final TransactionStore store;
    private final SuppressionList suppressions;
    private final AddressKeys addressKeys;
    private final Metrics metrics;
    private final String channel;
    private final Clock clock;

    /** @param channel the channel the feedback comes from ({@code ses}; {@code smtp} locally), for metrics */
    public RecordDeliveryFeedback(TransactionStore store, SuppressionList suppressions, AddressKeys addressKeys, Metrics metrics,
                                  String channel, Clock clock) {
        this.store = store;
        this.suppressions = suppressions;
        this.addressKeys = addressKeys;
        this.metrics = metrics;
        this.channel = channel;
        this.clock = clock;
    }

    public Outcome handle(Feedback f) {
        if (f.kind() == Kind.BOUNCE && !"Permanent".equalsIgnoreCase(f.type())) return Outcome.TRANSIENT;
        String detail = detail(f);
        for (String r : f.recipients()) {
            if (r != null && !r.isBlank()) suppressions.suppress(addressKeys.keyOf(r), detail, clock.instant());
        }
        NotificationStatus status = f.kind() == Kind.BOUNCE ? NotificationStatus.BOUNCED : NotificationStatus.COMPLAINED;
        metrics.notification(channel, f.kind() == Kind.BOUNCE ? Metrics.Delivery.BOUNCED : Metrics.Delivery.COMPLAINED);
        if (!Ids.isValid(f.transactionId()) || !Ids.isValid(f.notificationId())) return Outcome.UNKNOWN_NOTIFICATION;
        return store.recordNotificationFeedback(f.transactionId(), f.notificationId(), status, detail)
                ? Outcome.RECORDED : Outcome.UNKNOWN_NOTIFICATION;
    }

    /** A stable code: {@code bounce_permanent_general}, {@code complaint_abuse}, {@code complaint} ... */
    static String detail(Feedback f) {
        StringBuilder b = new StringBuilder(f.kind() == Kind.BOUNCE ? "bounce" : "complaint");
        for (String part : new String[] {f.type(), f.subType()}) {
            if (part == null || part.isBlank()) continue;
            String p = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
            if (!p.isEmpty()) b.append('_').append(p);
        }
        String s = b.toString();
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}

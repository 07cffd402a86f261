package io.payhook.aws.dynamodb;

import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.protection.ProtectedEvent;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.payhook.aws.dynamodb.PaymentTable.*;

/** Domain records ⇄ DynamoDB items. The item shape lives here only. */
public final class ItemMapper {
    private ItemMapper() {}

    /** The item of an event that passed the protection gate (the only kind the store writes). */
    public static Map<String, AttributeValue> toItem(ProtectedEvent protectedEvent) { return toItem(protectedEvent.event()); }

    /**
     * The item of an event as it was kept: only for events that were stored before (restored from the archive); new
     * events come through {@link #toItem(ProtectedEvent)}, the protection gate's output.
     */
    static Map<String, AttributeValue> toItem(StoredEvent e) {
        Map<String, AttributeValue> m = new HashMap<>(20);
        m.put(PK, s(e.transactionId()));
        m.put(SK, s(eventKey(e.provider(), e.eventId())));
        m.put(KIND, s(KIND_EVENT));
        m.put(PROVIDER, s(e.provider()));
        m.put(EVENT_ID, s(e.eventId()));
        m.put(TYPE, s(e.type()));
        if (e.status() != null) m.put(STATUS, s(e.status().name()));
        if (e.amount() != null) {
            m.put(AMOUNT_MINOR, AttributeValue.fromN(Long.toString(e.amount().minorUnits())));
            m.put(CURRENCY, s(e.amount().currency()));
        }
        putIf(m, CUSTOMER_ID, e.customerId());
        if (e.customerEmail() != null) m.put(CUSTOMER_EMAIL_SEALED, AttributeValue.fromB(SdkBytes.fromByteArray(e.customerEmail().ciphertext())));
        putIf(m, PAYMENT_METHOD, e.paymentMethod());
        m.put(OCCURRED_AT, s(time(e.occurredAt())));
        m.put(RECEIVED_AT, s(time(e.receivedAt())));
        if (!e.reverses().isEmpty()) m.put(REVERSES, AttributeValue.fromSs(e.reverses().stream().map(Enum::name).sorted().toList()));
        putIf(m, IGNORED_REASON, e.ignoredReason());
        putIf(m, MERCHANT, e.merchant());
        return m;
    }

    public static StoredEvent toEvent(Map<String, AttributeValue> m) {
        Money amount = m.containsKey(AMOUNT_MINOR)
                ? new Money(Long.parseLong(m.get(AMOUNT_MINOR).n()), str(m, CURRENCY)) : null;
        SealedValue email = m.containsKey(CUSTOMER_EMAIL_SEALED)
                ? new SealedValue(m.get(CUSTOMER_EMAIL_SEALED).b().asByteArray()) : null;
        String status = str(m, STATUS);
        java.util.Set<Status> reverses = m.containsKey(REVERSES)
                ? m.get(REVERSES).ss().stream().map(Status::valueOf).collect(java.util.stream.Collectors.toSet()) : java.util.Set.of();
        String ignoredReason = str(m, IGNORED_REASON);
        if (status == null && reverses.isEmpty() && ignoredReason == null) ignoredReason = io.payhook.core.model.PaymentEvent.UNMAPPED_EVENT_TYPE;
        return new StoredEvent(str(m, PROVIDER), str(m, EVENT_ID), str(m, PK), str(m, TYPE),
                status == null ? null : Status.valueOf(status), amount, str(m, CUSTOMER_ID), email,
                str(m, PAYMENT_METHOD), Instant.parse(str(m, OCCURRED_AT)), reverses, ignoredReason, Instant.parse(str(m, RECEIVED_AT)),
                str(m, MERCHANT));
    }

    public static Map<String, AttributeValue> toItem(Notification n) {
        Map<String, AttributeValue> m = new HashMap<>(14);
        m.put(PK, s(n.transactionId()));
        m.put(SK, s(notificationKey(n.notificationId())));
        m.put(KIND, s(KIND_NOTIFICATION));
        m.put(NOTIFICATION_ID, s(n.notificationId()));
        m.put(CHANNEL, s(n.channel()));
        m.put(STATUS, s(n.status().name()));
        putIf(m, NOTIFICATION_STATE, notificationState(n.status()));
        putIf(m, REASON, n.reason());
        if (n.forStatus() != null) m.put(FOR_STATUS, s(n.forStatus().name()));
        m.put(REQUESTED_AT, s(time(n.requestedAt())));
        if (n.sentAt() != null) m.put(SENT_AT, s(time(n.sentAt())));
        m.put(ATTEMPTS, AttributeValue.fromN(Integer.toString(n.attempts())));
        putIf(m, DETAIL, n.detail());
        putIf(m, MESSAGE_ID, n.messageId());
        return m;
    }

    public static Notification toNotification(Map<String, AttributeValue> m) {
        String forStatus = str(m, FOR_STATUS);
        String sent = str(m, SENT_AT);
        return new Notification(str(m, NOTIFICATION_ID), str(m, PK), str(m, CHANNEL),
                NotificationStatus.valueOf(str(m, STATUS)), str(m, REASON),
                forStatus == null ? null : Status.valueOf(forStatus), Instant.parse(str(m, REQUESTED_AT)),
                sent == null ? null : Instant.parse(sent),
                m.containsKey(ATTEMPTS) ? Integer.parseInt(m.get(ATTEMPTS).n()) : 0, str(m, DETAIL), str(m, MESSAGE_ID));
    }

    /** The item of a transaction's risk finding. */
    public static Map<String, AttributeValue> toItem(String transactionId, io.payhook.core.model.Risk r) {
        Map<String, AttributeValue> m = new HashMap<>(10);
        m.put(PK, s(transactionId));
        m.put(SK, s(RISK_SORT_KEY));
        m.put(KIND, s(KIND_RISK));
        m.put(RISK_LEVEL, s(r.level().wire()));
        m.put(RISK_SCORE, AttributeValue.fromN(Integer.toString(r.score())));
        m.put(RISK_REASONS, AttributeValue.fromL(r.reasons().stream().map(ItemMapper::s).toList()));
        m.put(RISK_VERSION, AttributeValue.fromN(Long.toString(r.version())));
        m.put(SCREENED_AT, s(time(r.screenedAt())));
        return m;
    }

    /** A risk finding's item back; a level this build does not know (written by a newer one) reads as null. */
    public static io.payhook.core.model.Risk toRisk(Map<String, AttributeValue> m) {
        var level = io.payhook.core.model.Risk.Level.parse(str(m, RISK_LEVEL));
        if (level.isEmpty()) return null;
        java.util.List<String> reasons = m.containsKey(RISK_REASONS) && m.get(RISK_REASONS).hasL()
                ? m.get(RISK_REASONS).l().stream().map(AttributeValue::s).toList() : java.util.List.of();
        return new io.payhook.core.model.Risk(level.get(), Integer.parseInt(m.get(RISK_SCORE).n()), reasons,
                Long.parseLong(m.get(RISK_VERSION).n()), Instant.parse(str(m, SCREENED_AT)));
    }

    public static boolean isRisk(Map<String, AttributeValue> m) { return KIND_RISK.equals(str(m, KIND)); }

    public static boolean isEvent(Map<String, AttributeValue> m) { return KIND_EVENT.equals(str(m, KIND)); }

    public static boolean isNotification(Map<String, AttributeValue> m) { return KIND_NOTIFICATION.equals(str(m, KIND)); }

    private static final java.time.format.DateTimeFormatter FIXED =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** Fixed-width UTC time (millisecond precision), so stored times compare as strings. */
    public static String time(Instant t) { return FIXED.format(t); }

    static AttributeValue s(String v) { return AttributeValue.fromS(v); }

    static void putIf(Map<String, AttributeValue> m, String k, String v) { if (v != null) m.put(k, s(v)); }

    static String str(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null ? null : v.s();
    }
}

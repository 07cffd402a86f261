package io.payhook.core.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.json.Json;
import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The archive's format, written once for every store (the local folder, S3): a record is one line of JSON
 * ({@link ArchiveRecord#FORMAT}); an object is a sequence of gzip members, one record each, so any gzip reader reads
 * it as JSON Lines and one record can be read alone from its offset and length (a ranged GET). Keys follow
 * {@code transactions/v1/<yyyy>/<MM>/<dd>/<HH>/<yyyyMMdd'T'HHmmssSSS'Z'>-<16 hex of the content's SHA-256>.jsonl.gz}.
 */
public final class ArchiveCodec {
    /** The prefix of every object key. */
    public static final String PREFIX = "transactions/v1/";
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH/").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private ArchiveCodec() {}

    /** An object's bytes and where each of its records is in it (same order as the records). */
    public record Encoded(String key, byte[] bytes, List<long[]> ranges) {}

    /** Encodes records into one object written at {@code at}. */
    public static Encoded encode(List<ArchiveRecord> records, Instant at) {
        if (records.isEmpty()) throw new IllegalArgumentException("an archive object holds at least one record");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<long[]> ranges = new ArrayList<>(records.size());
        for (ArchiveRecord r : records) {
            byte[] member = gzip(line(r));
            ranges.add(new long[] {out.size(), member.length});
            out.writeBytes(member);
        }
        byte[] bytes = out.toByteArray();
        return new Encoded(key(at, bytes), bytes, List.copyOf(ranges));
    }

    /** The key of an object written at {@code at} with these bytes. */
    public static String key(Instant at, byte[] bytes) {
        return PREFIX + FOLDER.format(at) + STAMP.format(at) + "-" + sha256(bytes).substring(0, 16) + ".jsonl.gz";
    }

    /** The hour folder ({@code transactions/v1/yyyy/MM/dd/HH/}) objects written at {@code at} are in. */
    public static String folder(Instant at) { return PREFIX + FOLDER.format(at); }

    /** Every record of an object, in order. */
    public static List<ArchiveRecord> decodeObject(byte[] object) {
        List<ArchiveRecord> out = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(object)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) if (!line.isBlank()) out.add(parse(line.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("an archive object does not decode", e);
        }
        return out;
    }

    /** One record from its gzip member (the bytes at its offset and length). */
    public static ArchiveRecord decodeMember(byte[] member) {
        List<ArchiveRecord> records = decodeObject(member);
        if (records.size() != 1) throw new IllegalArgumentException("an archive member holds one record, found " + records.size());
        return records.get(0);
    }

    /** The record as one line of JSON (newline-terminated). */
    public static byte[] line(ArchiveRecord r) {
        try {
            return (Json.mapper().writeValueAsString(toMap(r)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> toMap(ArchiveRecord r) {
        Transaction t = r.transaction();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", ArchiveRecord.FORMAT);
        m.put("transaction_id", t.transactionId());
        m.put("reason", r.reason().wire());
        m.put("archived_at", r.archivedAt().toString());
        m.put("last_change", r.lastChange().toString());
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("provider", t.provider());
        tx.put("status", t.status() == null ? null : t.status().name());
        tx.put("merchant", t.merchant());
        tx.put("amount", money(t.amount()));
        tx.put("customer_id", t.customerId());
        tx.put("payment_method", t.paymentMethod());
        tx.put("created_at", str(t.createdAt()));
        tx.put("updated_at", str(t.updatedAt()));
        tx.put("events", t.events().stream().map(ArchiveCodec::event).toList());
        tx.put("notifications", t.notifications().stream().map(ArchiveCodec::notification).toList());
        m.put("transaction", tx);
        return m;
    }

    private static Map<String, Object> event(StoredEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", e.provider());
        m.put("event_id", e.eventId());
        m.put("type", e.type());
        m.put("status", e.status() == null ? null : e.status().name());
        m.put("amount", money(e.amount()));
        m.put("customer_id", e.customerId());
        m.put("customer_email_sealed", e.customerEmail() == null ? null : Base64.getEncoder().encodeToString(e.customerEmail().ciphertext()));
        m.put("payment_method", e.paymentMethod());
        m.put("occurred_at", str(e.occurredAt()));
        m.put("received_at", str(e.receivedAt()));
        m.put("reverses", new TreeSet<>(e.reverses().stream().map(Enum::name).toList()));
        m.put("ignored_reason", e.ignoredReason());
        m.put("merchant", e.merchant());
        return m;
    }

    private static Map<String, Object> notification(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("notification_id", n.notificationId());
        m.put("channel", n.channel());
        m.put("status", n.status().name());
        m.put("reason", n.reason());
        m.put("for_status", n.forStatus() == null ? null : n.forStatus().name());
        m.put("requested_at", str(n.requestedAt()));
        m.put("sent_at", str(n.sentAt()));
        m.put("attempts", n.attempts());
        m.put("detail", n.detail());
        m.put("message_id", n.messageId());
        return m;
    }

    /** Parses one record (a JSON line). */
    public static ArchiveRecord parse(byte[] json) {
        JsonNode m;
        try {
            m = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("an archive record is not JSON", e);
        }
        if (!ArchiveRecord.FORMAT.equals(text(m, "format"))) throw new IllegalArgumentException("not a " + ArchiveRecord.FORMAT + " record");
        String id = text(m, "transaction_id");
        JsonNode tx = m.get("transaction");
        List<StoredEvent> events = new ArrayList<>();
        for (JsonNode e : tx.get("events")) {
            java.util.Set<Status> reverses = new java.util.HashSet<>();
            if (e.hasNonNull("reverses")) for (JsonNode s : e.get("reverses")) reverses.add(Status.valueOf(s.asText()));
            String email = text(e, "customer_email_sealed");
            events.add(new StoredEvent(text(e, "provider"), text(e, "event_id"), id, text(e, "type"), status(text(e, "status")),
                    money(e.get("amount")), text(e, "customer_id"), email == null ? null : new SealedValue(Base64.getDecoder().decode(email)),
                    text(e, "payment_method"), instant(text(e, "occurred_at")), reverses, text(e, "ignored_reason"),
                    instant(text(e, "received_at")), text(e, "merchant")));
        }
        List<Notification> notifications = new ArrayList<>();
        for (JsonNode n : tx.get("notifications")) {
            notifications.add(new Notification(text(n, "notification_id"), id, text(n, "channel"),
                    NotificationStatus.valueOf(text(n, "status")), text(n, "reason"), status(text(n, "for_status")),
                    instant(text(n, "requested_at")), instant(text(n, "sent_at")), n.path("attempts").asInt(0),
                    text(n, "detail"), text(n, "message_id")));
        }
        return new ArchiveRecord(Transaction.fold(events, notifications),
                ArchiveRecord.Reason.valueOf(text(m, "reason").toUpperCase(java.util.Locale.ROOT)), instant(text(m, "archived_at")));
    }

    private static Map<String, Object> money(Money a) {
        if (a == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", a.minorUnits());
        m.put("currency", a.currency());
        return m;
    }

    private static Money money(JsonNode n) {
        return n == null || n.isNull() ? null : new Money(n.get("value").asLong(), n.get("currency").asText());
    }

    private static Status status(String s) { return s == null ? null : Status.valueOf(s); }

    private static Instant instant(String s) { return s == null ? null : Instant.parse(s); }

    private static String str(Instant i) { return i == null ? null : i.toString(); }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(data.length / 2 + 32);
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

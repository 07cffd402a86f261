package io.payhook.local;

import io.payhook.aws.dynamodb.ItemMapper;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checks the promises of SPEC §8 against what the local system holds — "nothing lost, nothing
 * twice": the table (one scan), the queues (depths) and the mail sink's {@code .eml} files.
 *
 * <p>Violations (each is a line of {@link Report#violations()}):
 * <ul>
 *   <li>an acknowledged event (when the caller passes the ones it got a 2xx for) that is not stored;</li>
 *   <li>a notifiable transaction — customer-relevant status and an email — whose confirmation for
 *       that status is not SENT;</li>
 *   <li>a notification recorded SENT without any email in the sink;</li>
 *   <li>a notification emailed more often than it was attempted (see below);</li>
 *   <li>a notification still QUEUED (work not done: call it after the system has settled);</li>
 *   <li>a dead-letter queue that is not empty.</li>
 * </ul>
 *
 * <p>"Nothing twice" has one known exception, by design (docs/LOCAL.md): the sender sends the email,
 * then records SENT; if that record fails (store down, crash) the message comes back and the email
 * goes out again. Every such repeat costs one delivery attempt, counted when the attempt claims the
 * notification (before it sends), so a notification with {@code n} emails and {@code attempts ≥ n} is counted
 * as {@link Report#betweenSendAndRecord() between send and record}; more emails than attempts
 * (two deliveries of one message at the same time, say) is a violation.
 *
 * <p>Not safe to run against the SQLite file of a running {@code serve} from another process:
 * {@code ./payhook check} takes the data dir's lock (see {@link LocalSystem.DataDirLock}) and
 * refuses while {@code serve} holds it. Tests call {@link #of(LocalSystem)} inside the running JVM.
 */
public final class InvariantChecker {
    /** How many ids a violation line names at most. */
    private static final int SHOW = 10;
    /** Where emails without a notification id header are counted. */
    private static final String NO_ID = "(no notification id)";
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<java.util.logging.Logger> QUIET_LOGGERS = List.of(
            java.util.logging.Logger.getLogger("com.amazonaws"), java.util.logging.Logger.getLogger("com.almworks.sqlite4java"));

    private final DynamoDbClient dynamo;
    private final String table;
    private final Path mailDir;
    private final LocalQueues queues;

    private InvariantChecker(DynamoDbClient dynamo, String table, Path mailDir, LocalQueues queues) {
        this.dynamo = dynamo;
        this.table = table;
        this.mailDir = mailDir;
        this.queues = queues;
    }

    /** The checker of a running system: its table, its queues, its mail sink. */
    public static InvariantChecker of(LocalSystem system) {
        return new InvariantChecker(system.dynamo().client(), LocalSystem.TABLE, system.mail().directory(), system.queues());
    }

    /** A checker of a table and a mail directory without queues (a stopped system: its queues lived in memory). */
    static InvariantChecker offline(DynamoDbClient dynamo, String table, Path mailDir) {
        return new InvariantChecker(dynamo, table, mailDir, null);
    }

    /** An event the caller got a 2xx for. */
    public record Acknowledged(String transactionId, String eventId) {}

    /**
     * What the check found.
     *
     * @param eventsStored          event items in the table
     * @param transactions          distinct transactions (with at least one event)
     * @param notifiable            transactions whose status is customer-relevant and that have an email
     * @param notifications         notification items, and how many are SENT, QUEUED, FAILED
     * @param notifiableWithoutSent notifiable transactions whose confirmation for their status is not SENT
     * @param sentWithoutEmail      notifications recorded SENT with no email in the sink
     * @param emails                {@code .eml} files in the sink
     * @param emailedMoreThanOnce   notification id → emails, for those with more than one
     * @param betweenSendAndRecord  repeated emails explained by a retry after the email went out but before
     *                              SENT was recorded (the known, documented window)
     * @param queued                notifications still QUEUED (ids)
     * @param failed                notifications FAILED (ids): dead-lettered after the last attempt, or no recipient
     * @param acknowledgedMissing   acknowledged events (as passed in) that are not stored
     * @param queueDepth            messages in the notification queue (visible + in flight + delayed); null when not inspected
     * @param dlqDepth              messages in the dead-letter queue; null when not inspected
     * @param queueNote             why the queues were not inspected, or null
     * @param violations            one human sentence per broken promise; empty when all is well
     * @param storedEventKeys       every stored event as transaction id + NUL + event id (see {@link #stored})
     */
    public record Report(int eventsStored, int transactions, int notifiable, int notifications, int sent,
                         List<String> notifiableWithoutSent, List<String> sentWithoutEmail, int emails,
                         Map<String, Integer> emailedMoreThanOnce, int betweenSendAndRecord,
                         List<String> queued, List<String> failed, List<Acknowledged> acknowledgedMissing,
                         Long queueDepth, Long dlqDepth, String queueNote, List<String> violations,
                         Set<String> storedEventKeys) {

        public boolean ok() { return violations.isEmpty(); }

        /** Whether the event (acknowledged to a client) is in the table. */
        public boolean stored(String transactionId, String eventId) {
            return storedEventKeys.contains(transactionId + "\u0000" + eventId);
        }

        /** The report for people, one fact a line. */
        public String render() {
            StringBuilder b = new StringBuilder();
            b.append("events stored:                       ").append(eventsStored).append('\n');
            b.append("transactions:                        ").append(transactions).append('\n');
            b.append("notifiable transactions:             ").append(notifiable).append('\n');
            b.append("  without a SENT confirmation:       ").append(notifiableWithoutSent.size()).append('\n');
            b.append("notifications:                       ").append(notifications).append(" (SENT ").append(sent)
                    .append(", QUEUED ").append(queued.size()).append(", FAILED ").append(failed.size()).append(")\n");
            b.append("emails in the sink:                  ").append(emails).append('\n');
            b.append("notifications emailed more than once: ").append(emailedMoreThanOnce.size())
                    .append(" (repeats between send and record: ").append(betweenSendAndRecord).append(")\n");
            if (queueNote != null) {
                b.append("queues:                              ").append(queueNote).append('\n');
            } else {
                b.append("notification queue depth:            ").append(queueDepth).append('\n');
                b.append("dead-letter queue depth:             ").append(dlqDepth).append('\n');
            }
            if (violations.isEmpty()) {
                b.append("OK: no violation\n");
            } else {
                b.append("VIOLATIONS (").append(violations.size()).append("):\n");
                violations.forEach(v -> b.append("  - ").append(v).append('\n'));
            }
            return b.toString();
        }
    }

    /** Checks, without a list of acknowledged events. */
    public Report check() { return check(List.of()); }

    /**
     * Reads everything once and checks. Call it after the system has settled (the caller waits:
     * notifications go out asynchronously).
     *
     * @param acknowledged events a client got a 2xx for; each must be stored
     */
    public Report check(Collection<Acknowledged> acknowledged) {
        Map<String, List<StoredEvent>> events = new HashMap<>();
        Map<String, List<Notification>> notifs = new HashMap<>();
        Set<String> storedKeys = new HashSet<>();
        int eventCount = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                if (ItemMapper.isEvent(item)) {
                    StoredEvent e = ItemMapper.toEvent(item);
                    events.computeIfAbsent(e.transactionId(), k -> new ArrayList<>()).add(e);
                    storedKeys.add(e.transactionId() + "\u0000" + e.eventId());
                    eventCount++;
                } else if (ItemMapper.isNotification(item)) {
                    Notification n = ItemMapper.toNotification(item);
                    notifs.computeIfAbsent(n.transactionId(), k -> new ArrayList<>()).add(n);
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);

        // transactions past their retention are in the archive, not the table: their events are stored, and their
        // notifications' attempts explain their repeated emails as the table's would (the newest record of each)
        Map<String, Integer> archivedAttempts = new HashMap<>();
        Path archiveDir = mailDir.resolveSibling(LocalSystem.ARCHIVE_DIR);
        if (java.nio.file.Files.isDirectory(archiveDir)) {
            Map<String, io.payhook.core.archive.ArchiveRecord> newest = new HashMap<>();
            new FolderArchive(archiveDir, java.time.Clock.systemUTC()).forEachSince(java.time.Instant.EPOCH,
                    r -> newest.merge(r.transactionId(), r, (a, b) -> b.newer(a) ? b : a));
            for (var r : newest.values()) {
                if (events.containsKey(r.transactionId())) continue; // the table's items are the current ones
                r.transaction().events().forEach(e -> storedKeys.add(e.transactionId() + "\u0000" + e.eventId()));
                r.transaction().notifications().forEach(n -> archivedAttempts.put(n.notificationId(), n.attempts()));
            }
        }

        Map<String, Integer> emailsPer = emailsPerNotification();
        int emails = emailsPer.values().stream().mapToInt(Integer::intValue).sum();

        List<String> violations = new ArrayList<>();
        List<Acknowledged> missing = acknowledged.stream()
                .filter(a -> !storedKeys.contains(a.transactionId() + "\u0000" + a.eventId())).toList();
        if (!missing.isEmpty()) {
            violations.add(missing.size() + " acknowledged event(s) not stored: " + first(missing.stream()
                    .map(a -> a.transactionId() + "/" + a.eventId()).toList()));
        }

        int notifiable = 0;
        int notificationCount = 0;
        int sent = 0;
        List<String> withoutSent = new ArrayList<>();
        List<String> sentWithoutEmail = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, Integer> attempts = new HashMap<>(archivedAttempts);
        for (List<Notification> list : notifs.values()) {
            for (Notification n : list) {
                notificationCount++;
                attempts.put(n.notificationId(), n.attempts());
                switch (n.status()) {
                    case SENT -> {
                        sent++;
                        if (!emailsPer.containsKey(n.notificationId())) sentWithoutEmail.add(n.notificationId());
                    }
                    case QUEUED -> queued.add(n.notificationId());
                    case FAILED -> failed.add(n.notificationId());
                }
            }
        }
        for (var e : events.entrySet()) {
            Transaction t = Transaction.fold(e.getValue(), notifs.getOrDefault(e.getKey(), List.of()));
            if (t.status() == null || !t.status().notifiesCustomer() || t.customerEmail() == null) continue;
            notifiable++;
            String due = Transaction.autoNotificationId(t.transactionId(), t.status());
            boolean done = t.notifications().stream()
                    .anyMatch(n -> n.notificationId().equals(due) && n.status() == NotificationStatus.SENT);
            if (!done) withoutSent.add(t.transactionId());
        }
        if (!withoutSent.isEmpty()) {
            violations.add(withoutSent.size() + " notifiable transaction(s) without a SENT confirmation for their status: "
                    + first(withoutSent));
        }
        if (!sentWithoutEmail.isEmpty()) {
            violations.add(sentWithoutEmail.size() + " notification(s) recorded SENT with no email in the sink: " + first(sentWithoutEmail));
        }

        Map<String, Integer> twice = new TreeMap<>();
        int explained = 0;
        List<String> unexplained = new ArrayList<>();
        for (var e : emailsPer.entrySet()) {
            int n = e.getValue();
            if (n < 2 || e.getKey().equals(NO_ID)) continue;
            twice.put(e.getKey(), n);
            int a = attempts.getOrDefault(e.getKey(), 0);
            int repeatsExplained = Math.min(n - 1, Math.max(0, a - 1));
            explained += repeatsExplained;
            if (repeatsExplained < n - 1) unexplained.add(e.getKey() + " (" + n + " emails, " + a + " attempt(s))");
        }
        if (!unexplained.isEmpty()) {
            violations.add(unexplained.size() + " notification(s) emailed more often than attempted: " + first(unexplained));
        }
        if (!queued.isEmpty()) {
            violations.add(queued.size() + " notification(s) still QUEUED"
                    + (queues == null ? " (a stopped system queues them again at its next start)" : "") + ": " + first(queued));
        }

        Long queueDepth = null;
        Long dlqDepth = null;
        String queueNote = null;
        if (queues == null) {
            queueNote = "not inspected: the local queues live in the memory of `serve` and are rebuilt from the table at start";
        } else if (!queues.running()) {
            queueNote = "not inspected: the queue is stopped";
        } else {
            queueDepth = depth(queues.queueUrl());
            dlqDepth = depth(queues.dlqUrl());
            if (dlqDepth > 0) {
                violations.add("the dead-letter queue holds " + dlqDepth
                        + " message(s): inspect them, fix the cause, then ./payhook redrive (docs/OPERATIONS.md)");
            }
        }
        return new Report(eventCount, events.size(), notifiable, notificationCount, sent, List.copyOf(withoutSent),
                List.copyOf(sentWithoutEmail), emails, twice, explained, List.copyOf(queued), List.copyOf(failed),
                missing, queueDepth, dlqDepth, queueNote, List.copyOf(violations), Set.copyOf(storedKeys));
    }

    /** Visible + in flight + delayed. */
    private long depth(String url) {
        Map<QueueAttributeName, String> a = queues.client().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Notification id (the {@code X-Payhook-Notification-Id} header) → how many emails the sink kept for it. */
    private Map<String, Integer> emailsPerNotification() {
        Map<String, Integer> m = new HashMap<>();
        if (!Files.isDirectory(mailDir)) return m;
        List<Path> files;
        try (Stream<Path> s = Files.list(mailDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".eml")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not list " + mailDir, e);
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                String id = new InternetHeaders(in).getHeader("X-Payhook-Notification-Id", null);
                m.merge(id == null ? NO_ID : id, 1, Integer::sum);
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("could not read " + f, e);
            }
        }
        return m;
    }

    private static String first(List<String> ids) {
        return ids.size() <= SHOW ? String.join(", ", ids) : String.join(", ", ids.subList(0, SHOW)) + ", …";
    }

    /**
     * {@code ./payhook check [--data-dir DIR]}: prints the report of a data dir whose system is
     * stopped; exit 0 when there is no violation, 1 when there is one, 2 when it cannot check.
     */
    public static int run(Path dataDir) throws IOException {
        Path data = dataDir.toAbsolutePath();
        if (!Files.isRegularFile(data.resolve("dynamodb").resolve("payment_transactions.db"))) {
            System.err.println("payhook check: no table under " + data + " (nothing stored yet, or another --data-dir?)");
            return 2;
        }
        QUIET_LOGGERS.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
        try (LocalSystem.DataDirLock lock = LocalSystem.DataDirLock.acquire(data);
             LocalDynamo dynamo = new LocalDynamo(data.resolve("dynamodb"))) {
            Report r = offline(dynamo.client(), LocalSystem.TABLE, data.resolve("mail")).check();
            System.out.println("payhook check of " + data);
            System.out.print(r.render());
            return r.ok() ? 0 : 1;
        } catch (LocalSystem.DataDirInUseException e) {
            System.err.println("payhook check: " + e.getMessage());
            System.err.println("  `check` reads the table file itself, and DynamoDB Local's SQLite file is for one process at a time:"
                    + " stop `serve` (Ctrl-C) and run it again.");
            return 2;
        } catch (ResourceNotFoundException e) {
            System.err.println("payhook check: the table " + LocalSystem.TABLE + " does not exist under " + data);
            return 2;
        }
    }
}

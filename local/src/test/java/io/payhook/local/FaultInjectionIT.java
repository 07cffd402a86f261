package io.payhook.local;

import io.payhook.aws.sqs.NotificationMessages;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.payhook.local.LocalAdmin.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 6, "nothing lost, nothing twice": the store, the queue and the mail sink go down in turn
 * under concurrent load from clients that retry like a provider; afterwards the
 * {@link InvariantChecker} must find every acknowledged event stored, every notifiable transaction
 * confirmed by email, and no notification emailed twice beyond the documented window between
 * the SMTP send and the SENT record. Plus poison messages reaching the DLQ while the rest flows,
 * redrive and replay. (The duplicate storm is {@link DuplicateStormIT}.)
 */
class FaultInjectionIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Concurrent client threads. */
    static final int CLIENTS = 6;
    /** A new event every this many ms (≈ 10/s: the local notification pipeline sustains a few times that on 2 cores), until the fault sequence ends or {@link #MAX_EVENTS}. */
    static final long PERIOD_MS = 100;
    static final int MAX_EVENTS = 1_000;
    /** Attempts per event before the "provider" gives up, and the pause between them. */
    static final int MAX_ATTEMPTS = 60;
    static final long RETRY_MS = 200;
    /** How long each component stays down at least. */
    static final Duration DOWN = Duration.ofMillis(2_500);

    @RegisterExtension
    final LocalSystemExtension local = LocalSystemExtension.perTest()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.ERROR);

    /** A data dir for a {@code serve} process; a system is started on it only to be refused. */
    @RegisterExtension
    final LocalSystemExtension served = LocalSystemExtension.perTest()
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2)).logLevel(JsonLog.Level.ERROR).notStarted();

    @Test
    void storeQueueAndMailGoDownInTurnUnderLoadAndNothingIsLostOrSentTwice() {
        try (Load load = new Load(local)) {
            load.start();
            faultsUnderLoad(local.system(), local.client(), load);
        }
    }

    private static void faultsUnderLoad(LocalSystem system, PayhookClient client, Load load) {
        Eventually.await("first acknowledgements", WAIT, () -> load.acked.size() >= 30);

        Window store = outage(system, load, "store", system::stopStore, system::startStore, () -> {
            var h = client.unsigned().get("/health").json();
            assertThat(h.get("components").get("dynamodb").asText()).isEqualTo("down");
            assertThat(h.get("status").asText()).isEqualTo("degraded");
        });
        Window queue = outage(system, load, "queue", system::stopQueue, system::startQueue, () -> { });
        Window mail = outage(system, load, "mail", system::stopMail, system::startMail, () -> { });
        load.stop();
        Eventually.await("every event acknowledged or given up", WAIT, () -> load.outstanding.get() == 0);

        // while the store was down, every request answered 503 store_unavailable (not stored: retry)
        List<Attempt> inStore = load.within(store);
        assertThat(inStore).as("requests during the store outage").isNotEmpty();
        assertThat(inStore).allSatisfy(a -> assertThat(a.status() + " " + a.error()).isEqualTo("503 store_unavailable"));
        // while the queue or the mail sink was down, webhooks were still acknowledged (the table is the commit point)
        for (Window w : List.of(queue, mail)) {
            List<Attempt> in = load.within(w);
            assertThat(in).as("requests during the " + w.name() + " outage").isNotEmpty();
            assertThat(in).as(w.name()).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        }
        assertThat(load.givenUp.get()).as("events the provider gave up on").isZero();
        assertThat(load.storedDespiteRefusal.get()).as("5xx answered although the event was stored").isZero();

        InvariantChecker.Report report = Eventually.settled(system, List.copyOf(load.acked), WAIT);
        System.out.println("fault injection: " + load.summary() + "\n" + report.render());
        assertThat(report.violations()).isEmpty();
        assertThat(report.eventsStored()).isEqualTo(load.acked.size());
        assertThat(report.notifiable()).isEqualTo(load.acked.size());
        assertThat(report.queued()).isEmpty();
        assertThat(report.dlqDepth()).isZero();
        System.out.println("fault injection: notifications emailed twice between send and record: "
                + report.betweenSendAndRecord() + " (of " + report.notifications() + ")");
    }

    @Test
    void poisonMessagesAreDeadLetteredWhileTheRestFlowsThenRedriveAndReplay() throws Exception {
        LocalSystem system = local.system();
        PayhookClient client = local.client();
        Path dir = local.dir();
        var sqs = system.queues().client();
        // two messages the sender cannot handle: one undecodable, one about a transaction not (yet) known
        String late = "txn_late_fi";
        String lateNotification = Transaction.autoNotificationId(late, Status.SUCCEEDED);
        String lateBody = "{\"transaction_id\":\"" + late + "\",\"notification_id\":\"" + lateNotification + "\"}";
        sqs.sendMessage(b -> b.queueUrl(system.queues().queueUrl()).messageBody("}{ not a notification"));
        sqs.sendMessage(b -> b.queueUrl(system.queues().queueUrl()).messageBody(lateBody));

        List<String> flowing = List.of("txn_flow_fi_1", "txn_flow_fi_2", "txn_flow_fi_3", "txn_flow_fi_4");
        for (String t : flowing) {
            assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 500, "EUR", "customer@example.com")).status()).isEqualTo(200);
        }
        Eventually.await("the other notifications emailed", WAIT,
                () -> flowing.stream().allMatch(t -> Mailbox.forTransaction(dir, t).size() == 1));
        // they went out while the poison was still being retried (5 receives with 1-2 s backoff)
        assertThat(depth(system, system.queues().dlqUrl())).as("DLQ when the others were emailed").isZero();

        Eventually.await("both poison messages dead-lettered", WAIT, () -> depth(system, system.queues().dlqUrl()) == 2);
        Eventually.await("notification queue drained", WAIT, () -> depth(system, system.queues().queueUrl()) == 0);
        InvariantChecker.Report withDlq = InvariantChecker.of(system).check();
        assertThat(withDlq.dlqDepth()).isEqualTo(2);
        assertThat(withDlq.violations()).singleElement().asString().contains("dead-letter queue holds 2");

        // the runbook: inspect, discard what no fix can make deliverable, fix the cause, redrive the rest
        List<Message> inspected = new ArrayList<>();
        Eventually.await("both DLQ messages read", WAIT, () -> {
            inspected.addAll(sqs.receiveMessage(b -> b.queueUrl(system.queues().dlqUrl()).maxNumberOfMessages(10)
                    .visibilityTimeout(30).waitTimeSeconds(1)).messages());
            return inspected.size() == 2;
        });
        for (Message m : inspected) {
            if (NotificationMessages.decode(m.body()).isEmpty()) {
                sqs.deleteMessage(b -> b.queueUrl(system.queues().dlqUrl()).receiptHandle(m.receiptHandle()));
            } else {
                assertThat(m.body()).isEqualTo(lateBody);
                sqs.changeMessageVisibility(b -> b.queueUrl(system.queues().dlqUrl()).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            }
        }
        assertThat(local.webhook(GenericBody.of("evt_" + late, late, "succeeded", 700, "EUR", "customer@example.com")).status()).isEqualTo(200);
        Eventually.await("the late transaction confirmed", WAIT, () -> sentCount(client, late) == 1);

        // the runbook's redrive, through the API: the DLQ's one message moves back
        var redriven = LocalAdmin.redrive(client, "{\"reason\":\"late transaction now stored\"}");
        assertThat(redriven.get("status").asText()).isEqualTo("completed");
        assertThat(redriven.get("moved").asLong()).isEqualTo(1);
        Eventually.await("DLQ and queue empty after the redrive", WAIT, () -> depth(system, system.queues().dlqUrl()) == 0
                && depth(system, system.queues().queueUrl()) == 0);
        assertThat(Mailbox.forTransaction(dir, late)).as("the redriven message finds it SENT: no second email").hasSize(1);

        // replay after an outage: every transaction changed since then gets its notification again
        Instant since = Instant.now();
        List<String> replayed = List.of("txn_replay_fi_1", "txn_replay_fi_2");
        for (String t : replayed) {
            assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 900, "EUR", "customer@example.com")).status()).isEqualTo(200);
        }
        Eventually.await("first confirmations", WAIT, () -> replayed.stream().allMatch(t -> sentCount(client, t) == 1));
        // replay reads the summary projection (by_updated_day): wait until it shows both, as an operator would search first
        Eventually.await("both in the projection", WAIT, () -> {
            String page = client.get("/transactions?updated_from=" + java.net.URLEncoder.encode(since.toString(), java.nio.charset.StandardCharsets.UTF_8)).body();
            return replayed.stream().allMatch(page::contains);
        });
        assertThat(admin(client, "/_local/replay?since=" + since)).endsWith("done 2\n");
        Eventually.await("replayed confirmations", WAIT, () -> replayed.stream().allMatch(t -> sentCount(client, t) == 2));
        for (String t : replayed) {
            assertThat(Mailbox.forTransaction(dir, t)).hasSize(2);
            assertThat(Mailbox.forTransaction(dir, t).stream().map(m -> Mailbox.header(m, "X-Payhook-Notification-Id")).distinct()).hasSize(2);
        }
        for (String t : flowing) assertThat(Mailbox.forTransaction(dir, t)).as("not changed since: not replayed").hasSize(1);

        InvariantChecker.Report report = Eventually.settled(system, List.of(), WAIT);
        System.out.println("poison, redrive, replay:\n" + report.render());
        assertThat(report.violations()).isEmpty();
        assertThat(report.transactions()).isEqualTo(flowing.size() + 1 + replayed.size());
        assertThat(report.emails()).isEqualTo(flowing.size() + 1 + 2 * replayed.size());
        assertThat(report.emailedMoreThanOnce()).isEmpty();
    }

    @Test
    void checkRefusesWhileServeHoldsTheDataDirThenReportsOnTheStoppedSystem() throws Exception {
        Path dir = served.dir();
        int port = LocalSystem.freePort();
        Process serve = RestartIT.startServe(dir, port);
        try {
            PayhookClient client = served.clientAt(port);
            assertThat(client.webhook(served.generic(GenericBody.of("evt_check_fi", "txn_check_fi", "succeeded", 100, "EUR", "customer@example.com"))).status())
                    .isEqualTo(200);
            Eventually.await("the confirmation", WAIT, () -> sentCount(client, "txn_check_fi") == 1);
            // DynamoDB Local's SQLite file is for one process: serve holds the data dir's lock
            assertThat(InvariantChecker.run(dir)).as("check while serve runs").isEqualTo(2);
            assertThatThrownBy(served::start).isInstanceOf(LocalSystem.DataDirInUseException.class);
        } finally {
            serve.toHandle().destroy(); // SIGTERM: a clean stop (Process.destroy would also close its output under the reader)
            boolean stopped = serve.waitFor(30, TimeUnit.SECONDS);
            if (!stopped) serve.destroyForcibly();
            assertThat(stopped).as("serve stopped on SIGTERM").isTrue();
        }
        assertThat(InvariantChecker.run(dir)).as("check of the stopped system").isZero();
    }

    // ---- the fault sequence ----

    /** When a component was down: from just after its stop returned to just before its start began. */
    record Window(String name, long from, long to) {}

    /**
     * Stops a component, keeps it down for at least {@link #DOWN} while the load goes on, starts it
     * again, and waits until the emails caught up with what was acknowledged so far.
     */
    private static Window outage(LocalSystem system, Load load, String name, Runnable stop, Runnable start, Runnable whileDown) {
        int before = load.attempts.size();
        stop.run();
        long from = System.nanoTime();
        whileDown.run();
        Eventually.await(name + " down for " + DOWN.toMillis() + " ms under load", WAIT,
                () -> System.nanoTime() - from >= DOWN.toNanos() && load.attempts.size() > before + 20);
        long to = System.nanoTime();
        start.run();
        int acked = load.acked.size();
        long restarted = System.nanoTime();
        Eventually.await("emails caught up after the " + name + " came back", WAIT, () -> emails(system) >= acked);
        System.out.printf("fault injection: %s down %d ms under load; emails caught up with the %d events acknowledged so far %d ms after its restart%n",
                name, (to - from) / 1_000_000, acked, (System.nanoTime() - restarted) / 1_000_000);
        return new Window(name, from, to);
    }

    private static long emails(LocalSystem system) {
        try (Stream<Path> s = Files.list(system.mail().directory())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".eml")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long depth(LocalSystem system, String url) {
        return system.queues().client().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().values().stream().mapToLong(Long::parseLong).sum();
    }

    private static long sentCount(PayhookClient client, String txn) {
        var n = client.get("/transactions/" + txn).json().get("notifications");
        long sent = 0;
        for (var x : n) if (x.get("status").asText().equals("SENT")) sent++;
        return sent;
    }

    // ---- the load: providers delivering unique events, retrying what was not acknowledged ----

    /** One HTTP attempt: when it started and ended (nanoTime), its status, its error code (or the exception). */
    record Attempt(long start, long end, int status, String error) {}

    static final class Load implements AutoCloseable {
        final LocalSystemExtension local;
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger givenUp = new AtomicInteger();
        final AtomicInteger storedDespiteRefusal = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        final Queue<InvariantChecker.Acknowledged> acked = new ConcurrentLinkedQueue<>();
        final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        private ScheduledFuture<?> ticks;

        Load(LocalSystemExtension local) { this.local = local; }

        void start() {
            ticks = timer.scheduleAtFixedRate(() -> {
                int n = issued.incrementAndGet();
                if (n > MAX_EVENTS) return;
                outstanding.incrementAndGet();
                String t = "txn_fi_" + n;
                String status = switch (n % 5) { case 3 -> "failed"; case 4 -> "canceled"; default -> "succeeded"; };
                String body = GenericBody.of("evt_fi_" + n, t, status, 100 + n, "EUR", "customer@example.com");
                clients.execute(() -> attempt(t, "evt_fi_" + n, body, 1, false));
            }, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        }

        /** One delivery attempt; on anything but 2xx another one after {@link #RETRY_MS}, like a provider. */
        private void attempt(String txn, String eventId, String body, int n, boolean refusedBefore) {
            long start = System.nanoTime();
            int status;
            String error;
            boolean duplicate = false;
            try {
                var r = local.webhook(body);
                status = r.status();
                error = status == 200 ? "" : r.json() == null ? "(no body)" : r.json().path("error").asText();
                if (status == 200) duplicate = r.json().get("duplicate").asBoolean();
            } catch (RuntimeException e) {
                status = -1;
                error = e.getClass().getSimpleName();
            }
            attempts.add(new Attempt(start, System.nanoTime(), status, error));
            if (status / 100 == 2) {
                // a first acknowledgement that says "duplicate" means an earlier attempt was stored but refused
                if (duplicate && refusedBefore) storedDespiteRefusal.incrementAndGet();
                acked.add(new InvariantChecker.Acknowledged(txn, eventId));
                outstanding.decrementAndGet();
                return;
            }
            refusals.computeIfAbsent(status + " " + error, k -> new AtomicInteger()).incrementAndGet();
            if (n >= MAX_ATTEMPTS) {
                givenUp.incrementAndGet();
                outstanding.decrementAndGet();
                return;
            }
            retried.incrementAndGet();
            boolean refused = refusedBefore || status > 0;
            timer.schedule(() -> clients.execute(() -> attempt(txn, eventId, body, n + 1, refused)), RETRY_MS, TimeUnit.MILLISECONDS);
        }

        /** No new events; retries of the outstanding ones go on. */
        void stop() { ticks.cancel(false); }

        @Override
        public void close() {
            timer.shutdownNow();
            clients.shutdownNow();
        }

        List<Attempt> within(Window w) {
            return attempts.stream().filter(a -> a.start() >= w.from() && a.end() <= w.to()).toList();
        }

        String summary() {
            return "events " + Math.min(issued.get(), MAX_EVENTS) + ", acknowledged " + acked.size() + ", attempts " + attempts.size()
                    + ", retries " + retried.get() + ", given up " + givenUp.get() + ", refusals " + refusals;
        }
    }
}

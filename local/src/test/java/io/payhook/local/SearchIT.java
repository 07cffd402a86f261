package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.functions.JsonLog;
import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /transactions} through the local API against this test's own record of what it sent: randomised
 * deliveries across merchants, providers, statuses, customers and times, then every combination of filters paged
 * to the end; paging while deliveries arrive; cursors edited or reused with other filters; every 400.
 */
class SearchIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Status ranks as SPEC §3 orders them: without reversals a transaction's status is the highest-ranked one sent. */
    static final List<String> RANK = List.of("PENDING", "FAILED", "AUTHORIZED", "CANCELED", "SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED");

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.WARN)
            .env(Map.of("PAYHOOK_MERCHANTS", "stripe=shop-stripe"));

    /** What the test sent, per transaction. */
    static final class Sent {
        final String txn, provider, merchant, customer;
        final List<String> statuses = new ArrayList<>();
        Instant firstAck, lastAck;

        Sent(String txn, String provider, String merchant, String customer) {
            this.txn = txn;
            this.provider = provider;
            this.merchant = merchant;
            this.customer = customer;
        }

        String status() { return statuses.stream().max(Comparator.comparingInt(RANK::indexOf)).orElseThrow(); }
    }

    static final Map<String, Sent> model = new LinkedHashMap<>();
    /** Moments between deliveries: every event acknowledged before one was received before it, every later one after. */
    static final List<Instant> marks = new ArrayList<>();
    static final String RUN = Long.toString(System.nanoTime(), 36);

    static PayhookClient.Response generic(String txn, String eventId, String status, String merchant, String customer) {
        String json = "{\"event_id\":\"" + eventId + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + status.toLowerCase()
                + "\",\"status\":\"" + status.toLowerCase() + "\",\"amount\":{\"value\":1250,\"currency\":\"EUR\"},"
                + (customer == null ? "" : "\"customer_id\":\"" + customer + "\",")
                + "\"merchant\":\"" + merchant + "\",\"occurred_at\":\"" + Instant.now() + "\"}";
        return local.webhook(json);
    }

    static PayhookClient.Response stripe(String txn, String eventId) {
        String secret = EnvironmentSecretSource.split(local.config().providerSecrets().get(EnvironmentSecretSource.VARIABLES.get("stripe"))).get(0);
        return local.client().webhook(SampleDeliveries.build("stripe", "payment_intent.succeeded",
                new SampleDeliveries.SampleOptions(txn, 1250, "eur", null, eventId), secret, Instant.now()));
    }

    static void send(Sent s, String status, int n) {
        PayhookClient.Response r = s.provider.equals("stripe") ? stripe(s.txn, "evt_" + s.txn + "_" + n)
                : generic(s.txn, "evt_" + s.txn + "_" + n, status, s.merchant, s.customer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Instant ack = Instant.now();
        if (s.firstAck == null) s.firstAck = ack;
        s.lastAck = ack;
        s.statuses.add(status);
    }

    @BeforeAll
    static void deliver() throws InterruptedException {
        Random r = new Random(1717);
        String[] merchants = {"m-a-" + RUN, "m-b-" + RUN, "m-c-" + RUN};
        String[] customers = {"cus_1_" + RUN, "cus_2_" + RUN, null};
        String[] firsts = {"PENDING", "AUTHORIZED", "SUCCEEDED", "FAILED"};
        String[] seconds = {"SUCCEEDED", "REFUNDED", "CANCELED", "DISPUTED"};
        List<Sent> all = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            boolean isStripe = i % 6 == 5;
            Sent s = isStripe ? new Sent("pi_3" + RUN + "x" + i, "stripe", "shop-stripe", null)
                    : new Sent("txn_s" + RUN + "_" + i, "generic", merchants[r.nextInt(3)], customers[r.nextInt(3)]);
            model.put(s.txn, s);
            all.add(s);
            send(s, isStripe ? "SUCCEEDED" : firsts[r.nextInt(firsts.length)], 0);
            if (i % 12 == 11) mark();
        }
        // second events for some, in another order: their updated time moves, their created time does not
        for (int i = all.size() - 1; i >= 0; i -= 3) {
            Sent s = all.get(i);
            if (s.provider.equals("stripe")) continue;
            send(s, seconds[r.nextInt(seconds.length)], 1);
            if (i % 4 == 0) mark();
        }
        mark();
        awaitProjected(model.keySet());
    }

    static void mark() throws InterruptedException {
        Thread.sleep(5); // strictly after every acknowledged event, strictly before the next
        marks.add(Instant.now());
        Thread.sleep(5);
    }

    /** Waits (bounded) until search sees every given transaction in its latest state: the projection lags. */
    static void awaitProjected(Set<String> txns) {
        Eventually.await("the projection holds every sent event", WAIT, () -> {
            Map<String, JsonNode> seen = new java.util.HashMap<>();
            for (String m : model.values().stream().map(s -> s.merchant).collect(Collectors.toSet())) {
                page(Map.of("merchant", List.of(m)), 100, null).forEach(n -> seen.put(n.get("transaction_id").asText(), n));
            }
            return txns.stream().allMatch(t -> seen.containsKey(t) && seen.get(t).get("status").asText().equals(model.get(t).status()));
        });
    }

    static String query(Map<String, List<String>> p, Integer limit, String cursor) {
        List<String> parts = new ArrayList<>();
        p.forEach((k, vs) -> vs.forEach(v -> parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        if (limit != null) parts.add("limit=" + limit);
        if (cursor != null) parts.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return "/transactions" + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    static List<JsonNode> page(Map<String, List<String>> p, int limit, String cursor) {
        PayhookClient.Response r = local.client().get(query(p, limit, cursor));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("transactions").forEach(out::add);
        return out;
    }

    /** Every page of a query, to the end: the transaction ids in the order returned. */
    static List<String> all(Map<String, List<String>> p, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            PayhookClient.Response r = local.client().get(query(p, limit, cursor));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode txns = r.json().get("transactions");
            assertThat(txns.size()).isLessThanOrEqualTo(limit);
            txns.forEach(n -> ids.add(n.get("transaction_id").asText()));
            JsonNode next = r.json().get("next_cursor");
            if (next == null || next.isNull()) return ids;
            cursor = next.asText();
        }
        throw new AssertionError("no last page");
    }

    /** The model's answer, restricted to this run's transactions. */
    static List<String> expected(Map<String, List<String>> p) {
        String merchant = one(p, "merchant"), provider = one(p, "provider"), customer = one(p, "customer_id");
        Instant from = one(p, "updated_from") == null ? null : Instant.parse(one(p, "updated_from"));
        Instant to = one(p, "updated_to") == null ? null : Instant.parse(one(p, "updated_to"));
        List<String> statuses = p.getOrDefault("status", List.of());
        return model.values().stream()
                .filter(s -> merchant == null || merchant.equals(s.merchant))
                .filter(s -> provider == null || provider.equals(s.provider))
                .filter(s -> customer == null || customer.equals(s.customer))
                .filter(s -> statuses.isEmpty() || statuses.contains(s.status()))
                .filter(s -> from == null || s.lastAck.isAfter(from))
                .filter(s -> to == null || s.lastAck.isBefore(to))
                .map(s -> s.txn).sorted().toList();
    }

    static String one(Map<String, List<String>> p, String k) { return p.containsKey(k) ? p.get(k).get(0) : null; }

    @Test
    void everyFilterCombinationPagedToTheEndIsWhatWasSent() {
        Sent any = model.values().iterator().next();
        Instant from = marks.get(1), to = marks.get(marks.size() - 2);
        String[][] values = {{"merchant", any.merchant}, {"provider", "generic"}, {"customer_id", "cus_1_" + RUN},
                {"updated_from", from.toString()}, {"updated_to", to.toString()}};
        List<List<String>> statusSets = List.of(List.of(), List.of("SUCCEEDED"), List.of("REFUNDED", "DISPUTED", "PENDING"));
        int nonEmpty = 0;
        for (int mask = 0; mask < 1 << values.length; mask++) {
            for (List<String> st : statusSets) {
                Map<String, List<String>> p = new LinkedHashMap<>();
                for (int i = 0; i < values.length; i++) if ((mask & 1 << i) != 0) p.put(values[i][0], List.of(values[i][1]));
                if (!st.isEmpty()) p.put("status", st);
                List<String> want = expected(p);
                if (!want.isEmpty()) nonEmpty++;
                for (int limit : new int[]{3, 100}) {
                    List<String> got = all(p, limit);
                    assertThat(got).as("%s limit %d: each once", p, limit).doesNotHaveDuplicates();
                    // other tests' and earlier runs' transactions may match the wider queries: compare this run's
                    assertThat(got.stream().filter(model::containsKey).sorted().toList()).as("%s limit %d", p, limit)
                            .containsExactlyElementsOf(want);
                }
            }
        }
        assertThat(nonEmpty).as("the data makes most queries answer something").isGreaterThan(40);
    }

    @Test
    void answersAreNewestFirstAndCarryTheSummary() {
        Sent any = model.values().stream().filter(s -> s.provider.equals("generic") && s.customer != null).findFirst().orElseThrow();
        List<JsonNode> got = page(Map.of("merchant", List.of(any.merchant)), 100, null);
        List<String> created = got.stream().map(n -> n.get("created_at").asText()).toList();
        assertThat(created).isSortedAccordingTo(Comparator.comparing(Instant::parse, Comparator.reverseOrder()));
        JsonNode n = got.stream().filter(x -> x.get("transaction_id").asText().equals(any.txn)).findFirst().orElseThrow();
        assertThat(n.get("provider").asText()).isEqualTo("generic");
        assertThat(n.get("merchant").asText()).isEqualTo(any.merchant);
        assertThat(n.get("status").asText()).isEqualTo(any.status());
        assertThat(n.get("customer_id").asText()).isEqualTo(any.customer);
        assertThat(n.get("amount").get("value").asLong()).isEqualTo(1250);
        assertThat(n.get("amount").get("currency").asText()).isEqualTo("EUR");
        assertThat(n.fieldNames()).toIterable().containsExactlyInAnyOrder("transaction_id", "provider", "merchant", "status",
                "amount", "customer_id", "risk", "created_at", "updated_at");
    }

    @Test
    void pagingWhileDeliveriesArriveReturnsEveryMatchOnce() throws Exception {
        String merchant = "m-live-" + RUN;
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String txn = "txn_live" + RUN + "_" + i;
            assertThat(generic(txn, "evt_" + txn, "PENDING", merchant, null).status()).isEqualTo(200);
            before.add(txn);
        }
        Eventually.await("the first deliveries are projected", WAIT,
                () -> page(Map.of("merchant", List.of(merchant)), 100, null).size() == 30);
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> added = ConcurrentHashMap.newKeySet();
        Thread writer = Thread.ofPlatform().start(() -> {
            List<String> old = new ArrayList<>(before);
            for (int i = 0; !stop.get() && i < 200; i++) {
                String txn = "txn_new" + RUN + "_" + i;
                generic(txn, "evt_" + txn, "PENDING", merchant, null);
                added.add(txn);
                String o = old.get(i % old.size()); // and updates of the ones there: their status and updated time move
                generic(o, "evt_up_" + o + "_" + i, i % 2 == 0 ? "SUCCEEDED" : "REFUNDED", merchant, null);
            }
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        try {
            do {
                PayhookClient.Response r = local.client().get(query(Map.of("merchant", List.of(merchant)), 4, cursor));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                r.json().get("transactions").forEach(n -> seen.add(n.get("transaction_id").asText()));
                JsonNode next = r.json().get("next_cursor");
                cursor = next == null || next.isNull() ? null : next.asText();
                Thread.sleep(20); // let deliveries land between pages
            } while (cursor != null);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(seen).as("each once").doesNotHaveDuplicates();
        assertThat(seen).as("every transaction that existed when paging began").containsAll(before);
        assertThat(added).as("deliveries did arrive while paging").isNotEmpty();
        assertThat(seen).allMatch(t -> before.contains(t) || added.contains(t));
    }

    @Test
    void aCursorEditedOrUsedWithOtherFiltersIsRefused() {
        Sent any = model.values().iterator().next();
        PayhookClient.Response first = local.client().get(query(Map.of("merchant", List.of(any.merchant)), 1, null));
        String cursor = first.json().get("next_cursor").asText();
        assertThat(local.client().get(query(Map.of("merchant", List.of(any.merchant)), 1, cursor)).status()).isEqualTo(200);
        List<String> refused = new ArrayList<>();
        for (String bad : List.of(
                (cursor.charAt(0) == 'e' ? "f" : "e") + cursor.substring(1),                          // payload edited
                macEdited(cursor),                                                                  // MAC edited
                cursor.substring(0, cursor.indexOf('.')) + ".",                                      // MAC removed
                "not-a-cursor", "x".repeat(5000))) {
            PayhookClient.Response r = local.client().get(query(Map.of("merchant", List.of(any.merchant)), 1, bad));
            assertThat(r.status()).as(bad).isEqualTo(400);
            refused.add(r.errorCode());
        }
        for (Map<String, List<String>> other : List.of(Map.of("merchant", List.of("m-other")),
                Map.of("merchant", List.of(any.merchant), "status", List.of("SUCCEEDED")), Map.<String, List<String>>of())) {
            PayhookClient.Response r = local.client().get(query(other, 1, cursor));
            assertThat(r.status()).as(other.toString()).isEqualTo(400);
            refused.add(r.errorCode());
        }
        assertThat(refused).containsOnly("invalid_cursor");
    }

    /**
     * The cursor with one character of its MAC changed — not the last: base64url's last character of a 32-byte MAC
     * carries bits the decoder drops, so "…B" and "…A" can decode to the same MAC.
     */
    static String macEdited(String cursor) {
        int at = cursor.indexOf('.') + 5;
        return cursor.substring(0, at) + (cursor.charAt(at) == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
    }

    @Test
    void everyBadRequestIsA400WithAStableCode() {
        record Bad(String query, String code, String names) {}
        for (Bad b : List.of(
                new Bad("colour=red", "unknown_filter", "colour"),
                new Bad("merchant=a%20b", "invalid_field", "merchant"),
                new Bad("merchant=a&merchant=b", "invalid_field", "merchant"),
                new Bad("status=PAID", "invalid_field", "status"),
                new Bad("provider=Stripe!", "invalid_field", "provider"),
                new Bad("customer_id=%20", "invalid_field", "customer_id"),
                new Bad("updated_from=yesterday", "invalid_field", "updated_from"),
                new Bad("updated_to=2026-13-01T00:00:00Z", "invalid_field", "updated_to"),
                new Bad("updated_from=2026-12-02T00:00:00Z&updated_to=2026-12-01T00:00:00Z", "invalid_field", "updated_from"),
                new Bad("limit=0", "invalid_field", "limit"),
                new Bad("limit=101", "invalid_field", "limit"),
                new Bad("limit=ten", "invalid_field", "limit"),
                new Bad("cursor=", "invalid_cursor", "cursor"))) {
            PayhookClient.Response r = local.client().get("/transactions?" + b.query());
            assertThat(r.status()).as(b.query()).isEqualTo(400);
            assertThat(r.errorCode()).as(b.query()).isEqualTo(b.code());
            assertThat(r.json().get("message").asText()).as(b.query()).contains(b.names().equals("cursor") ? "cursor" : b.names());
        }
        assertThat(local.client().get("/transactions?status=SUCCEEDED&status=refunded").status()).as("repeatable, any case").isEqualTo(200);
    }
}

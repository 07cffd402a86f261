package io.payhook.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.Signatures;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The transactions {@code ./payhook scale} loads, spread so that search filters select subsets: three providers
 * (generic 50 %, Standard Webhooks 30 %, Stripe 20 %), 20 merchants of skewed sizes ({@code m-00} the largest; Stripe's
 * events name none and belong to {@code default}), a customer per ~5 transactions ({@code cust-000000} …), occurrence
 * times over the last 30 days, and final statuses: succeeded 60 %, pending 10 %, failed 8 %, authorized 6 %,
 * canceled 4 %, refunded 7 %, disputed 3 %, partially refunded 2 %. A refund, dispute or partial refund is a second
 * event after a success, and 8 % of the successes follow a pending event: ~1.13 webhooks per transaction (second events only for generic and Standard Webhooks).
 * Deterministic per transaction number.
 */
final class ScaleMix {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MERCHANTS = 20;

    private final String run;
    private final long transactions;
    private final Map<String, String> secrets;

    /** @param secrets provider → signing secret (generic, standard_webhooks, stripe) */
    ScaleMix(String run, long transactions, Map<String, String> secrets) {
        this.run = run;
        this.transactions = transactions;
        this.secrets = Map.copyOf(secrets);
    }

    static List<String> providers() { return List.of("generic", "standard_webhooks", "stripe"); }

    /** The merchant id of merchant {@code i}. */
    static String merchant(int i) { return String.format(Locale.ROOT, "m-%02d", i); }

    /** The customer id of customer {@code i}. */
    static String customer(long i) { return String.format(Locale.ROOT, "cust-%06d", i); }

    /** Customers in a run of {@code transactions}: one per ~5 transactions. */
    static long customers(long transactions) { return Math.max(1, transactions / 5); }

    /** The deliveries of transaction {@code i}, to send in order (each after the previous one's answer). */
    List<SampleDeliveries.Delivery> transaction(long i, Instant now) {
        Random rnd = new Random(i * 1_000_003L + run.hashCode());
        String txn = "sc-" + run + "-" + i;
        int p = (int) (i % 10);
        String provider = p < 5 ? "generic" : p < 8 ? "standard_webhooks" : "stripe";
        long amount = 100 + rnd.nextInt(99_900);
        if (provider.equals("stripe")) {
            double u = rnd.nextDouble();
            String type = u < 0.8 ? "payment_intent.succeeded" : u < 0.9 ? "payment_intent.payment_failed" : "payment_intent.processing";
            return List.of(SampleDeliveries.build("stripe", type,
                    new SampleDeliveries.SampleOptions(txn, amount, "EUR", null, "evt_" + txn + "_0"), secrets.get("stripe"), now));
        }
        double m = rnd.nextDouble();
        String merchant = merchant((int) (MERCHANTS * m * m));
        String customer = customer((long) (rnd.nextDouble() * customers(transactions)));
        Instant occurred = now.minus(Duration.ofHours(1)).minusSeconds(rnd.nextInt(30 * 24 * 3600));
        double s = rnd.nextDouble();
        List<String> statuses = s < 0.60 ? (rnd.nextDouble() < 0.08 ? List.of("pending", "succeeded") : List.of("succeeded"))
                : s < 0.70 ? List.of("pending")
                : s < 0.78 ? List.of("failed")
                : s < 0.84 ? List.of("authorized")
                : s < 0.88 ? List.of("canceled")
                : s < 0.95 ? List.of("succeeded", "refunded")
                : s < 0.98 ? List.of("succeeded", "disputed")
                : List.of("succeeded", "partially_refunded");
        List<SampleDeliveries.Delivery> out = new ArrayList<>();
        for (int k = 0; k < statuses.size(); k++) {
            out.add(delivery(provider, "evt_" + txn + "_" + k, txn, statuses.get(k), amount, customer, merchant,
                    occurred.plus(Duration.ofMinutes(30L * k)), now));
        }
        return out;
    }

    /** One delivery in the generic fields, as the generic format or Standard Webhooks carries them. */
    SampleDeliveries.Delivery delivery(String provider, String eventId, String txn, String status, long amount, String customer,
                                       String merchant, Instant occurred, Instant now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event_id", eventId);
        n.put("transaction_id", txn);
        n.put("type", "payment." + status);
        n.put("status", status);
        ObjectNode a = n.putObject("amount");
        a.put("value", amount);
        a.put("currency", "EUR");
        n.put("customer_id", customer);
        n.put("payment_method", "visa ****4242");
        n.put("occurred_at", occurred.toString());
        n.put("merchant", merchant);
        if (provider.equals("generic")) return SampleDeliveries.signGeneric(n.toString(), secrets.get("generic"), now);
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "payment." + status);
        root.put("timestamp", now.toString());
        root.set("data", n);
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        String msgId = "msg_" + eventId;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("webhook-id", msgId);
        h.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
        h.put("webhook-signature", Signatures.standardWebhooks(secrets.get("standard_webhooks"), msgId, now.getEpochSecond(), body));
        return new SampleDeliveries.Delivery(h, body);
    }
}

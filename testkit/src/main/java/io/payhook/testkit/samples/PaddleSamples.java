package io.payhook.testkit.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;
import io.payhook.testkit.Signatures;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.payhook.testkit.samples.Samples.*;

/**
 * Paddle Billing notifications as Paddle sends them, signed with {@code Paddle-Signature: ts=…;h1=…}: the
 * {@code transaction.*} events of a payment's life, and adjustments (refunds and chargebacks). Beyond the event types
 * themselves: {@code transaction.updated} finds the transaction completed, {@code transaction.revised} a completed
 * transaction whose customer details were revised; {@code adjustment.created} is a refund
 * awaiting Paddle's approval, {@code adjustment.updated} a full refund approved, {@code adjustment.updated.partial} a
 * partial one, {@code adjustment.updated.rejected} a refund Paddle rejected; {@code adjustment.created.chargeback},
 * {@code .chargeback_warning}, {@code .chargeback_reverse} and {@code .credit} adjustments of those actions; and
 * {@code subscription.created}, not a payment event.
 *
 * <p>Amounts are strings of minor units, as Paddle writes them ({@code details.totals.grand_total}); the options'
 * amount and currency are written as given (a refused one is kept by payhook as ignored). The transaction id is the
 * {@code txn_…} id; the event id {@code evt_…}. Paddle sends no customer email in these events. Test card data only
 * (4242 captured, 0002 declined).
 */
public final class PaddleSamples implements ProviderSamples {
    static final List<String> TYPES = List.of("transaction.created", "transaction.ready", "transaction.billed",
            "transaction.paid", "transaction.completed", "transaction.payment_failed", "transaction.past_due",
            "transaction.canceled", "transaction.updated", "transaction.revised", "adjustment.created", "adjustment.updated",
            "adjustment.updated.partial", "adjustment.updated.rejected", "adjustment.created.chargeback",
            "adjustment.created.chargeback_warning", "adjustment.created.chargeback_reverse", "adjustment.created.credit",
            "subscription.created");

    /** Paddle ids: a prefix and a lower-case ULID (Crockford base32). */
    private static final String ULID = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override public String provider() { return "paddle"; }

    @Override public List<String> eventTypes() { return TYPES; }

    static String id(String prefix) { return prefix + "_01" + random(ULID, 24); }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) {
        String txn = o.transactionId() != null ? o.transactionId() : id("txn");
        String currency = currency(o).toUpperCase(Locale.ROOT);
        String customer = id("ctm");
        String[] parts = type.split("\\.");
        String eventType = parts.length > 2 ? parts[0] + "." + parts[1] : type; // adjustment.created.chargeback → adjustment.created

        ObjectNode root = JSON.createObjectNode();
        ObjectNode data;
        if (type.startsWith("transaction.")) {
            data = transaction(type, txn, customer, currency, o.amountMinor(), now);
        } else if (type.startsWith("adjustment.")) {
            data = adjustment(type, txn, customer, currency, o.amountMinor(), now);
        } else {
            data = subscription(customer, currency, o.amountMinor(), now);
        }
        // Paddle writes data first in its payloads; the envelope follows
        root.set("data", data);
        root.put("event_id", o.eventId() != null ? o.eventId() : id("evt"));
        root.put("event_type", eventType);
        root.put("occurred_at", MICROS.format(now));
        root.put("notification_id", id("ntf"));
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("Paddle-Signature", Signatures.paddle(now.getEpochSecond(), b, secret));
        return new Delivery(h, b);
    }

    private static ObjectNode transaction(String type, String txn, String customer, String currency, long amount, Instant now) {
        String status = switch (type) {
            case "transaction.created" -> "draft";
            case "transaction.ready" -> "ready";
            case "transaction.billed", "transaction.payment_failed" -> "billed";
            case "transaction.paid" -> "paid";
            case "transaction.past_due" -> "past_due";
            case "transaction.canceled" -> "canceled";
            default -> "completed"; // transaction.completed, .updated, .revised
        };
        boolean billed = !status.equals("draft") && !status.equals("ready");
        String price = id("pri");
        ObjectNode d = JSON.createObjectNode();
        d.put("id", txn);
        d.put("status", status);
        d.put("customer_id", status.equals("draft") ? null : customer);
        d.put("address_id", status.equals("draft") ? null : id("add"));
        d.putNull("business_id");
        d.putObject("custom_data").put("order_id", "order-" + random(UPPER_ALNUM, 8));
        d.put("currency_code", currency);
        d.put("origin", type.equals("transaction.past_due") ? "subscription_recurring" : "web");
        d.putNull("subscription_id");
        d.put("invoice_id", billed ? id("inv") : null);
        d.put("invoice_number", billed ? "325-" + (10_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(89_999)) : null);
        d.put("collection_mode", "automatic");
        d.putNull("discount_id");
        d.putNull("billing_details");
        d.putNull("billing_period");
        ObjectNode item = d.putArray("items").addObject();
        ObjectNode p = item.putObject("price");
        p.put("id", price);
        p.put("description", "One-time charge");
        p.put("product_id", id("pro"));
        ObjectNode unit = p.putObject("unit_price");
        unit.put("amount", Long.toString(amount));
        unit.put("currency_code", currency);
        item.put("quantity", 1);
        ObjectNode details = d.putObject("details");
        ObjectNode rate = details.putArray("tax_rates_used").addObject();
        rate.put("tax_rate", "0.2");
        ObjectNode totals = details.putObject("totals");
        long tax = amount / 6; // 20 % VAT included
        boolean captured = status.equals("paid") || status.equals("completed");
        totals.put("subtotal", Long.toString(amount - tax));
        totals.put("discount", "0");
        totals.put("tax", Long.toString(tax));
        totals.put("total", Long.toString(amount));
        totals.put("credit", "0");
        totals.put("credit_to_balance", "0");
        totals.put("balance", captured ? "0" : Long.toString(amount));
        totals.put("grand_total", Long.toString(amount));
        totals.put("fee", captured ? Long.toString(amount / 20) : null);
        totals.put("earnings", captured ? Long.toString(amount - tax - amount / 20) : null);
        totals.put("currency_code", currency);
        ArrayNode payments = d.putArray("payments");
        boolean failed = type.equals("transaction.payment_failed") || type.equals("transaction.past_due");
        if (captured || failed) {
            ObjectNode pay = payments.addObject();
            pay.put("payment_attempt_id", uuid());
            pay.put("stored_payment_method_id", uuid());
            pay.put("payment_method_id", id("paymtd"));
            pay.put("amount", Long.toString(amount));
            pay.put("status", captured ? "captured" : "error");
            pay.put("error_code", captured ? null : "declined");
            ObjectNode method = pay.putObject("method_details");
            method.put("type", "card");
            ObjectNode card = method.putObject("card");
            card.put("type", "visa");
            card.put("last4", captured ? "4242" : "0002");
            card.put("expiry_month", 12);
            card.put("expiry_year", 2034);
            card.put("cardholder_name", "Test Customer");
            pay.put("created_at", MICROS.format(now.minusSeconds(20)));
            pay.put("captured_at", captured ? MICROS.format(now.minusSeconds(10)) : null);
        }
        d.putObject("checkout").put("url", "https://example.com/pay?_ptxn=" + txn);
        d.put("created_at", MICROS.format(now.minusSeconds(60)));
        d.put("updated_at", MICROS.format(now));
        d.put("billed_at", billed ? MICROS.format(now.minusSeconds(30)) : null);
        return d;
    }

    private static ObjectNode adjustment(String type, String txn, String customer, String currency, long amount, Instant now) {
        String action = switch (type) {
            case "adjustment.created.chargeback" -> "chargeback";
            case "adjustment.created.chargeback_warning" -> "chargeback_warning";
            case "adjustment.created.chargeback_reverse" -> "chargeback_reverse";
            case "adjustment.created.credit" -> "credit";
            default -> "refund";
        };
        String status = switch (type) {
            case "adjustment.created" -> "pending_approval";
            case "adjustment.updated.rejected" -> "rejected";
            default -> "approved";
        };
        boolean partial = type.equals("adjustment.updated.partial") || type.equals("adjustment.created")
                || type.equals("adjustment.updated.rejected");
        long total = partial ? amount / 2 : amount;
        long tax = total / 6;
        long fee = total / 20;
        ObjectNode d = JSON.createObjectNode();
        d.put("id", id("adj"));
        ObjectNode item = d.putArray("items").addObject();
        item.put("id", id("adjitm"));
        item.put("type", partial ? "partial" : "full");
        item.put("amount", Long.toString(total));
        ObjectNode itemTotals = item.putObject("totals");
        itemTotals.put("tax", Long.toString(tax));
        itemTotals.put("total", Long.toString(total));
        itemTotals.put("subtotal", Long.toString(total - tax));
        item.put("item_id", id("txnitm"));
        item.putNull("proration");
        d.put("action", action);
        d.put("type", partial ? "partial" : "full");
        d.put("reason", action.equals("refund") ? "requested_by_customer" : action.startsWith("chargeback") ? "fraudulent" : "service_issue");
        d.put("status", status);
        ObjectNode totals = d.putObject("totals");
        totals.put("fee", Long.toString(fee));
        totals.put("tax", Long.toString(tax));
        totals.put("total", Long.toString(total));
        totals.put("earnings", Long.toString(total - tax - fee));
        totals.put("subtotal", Long.toString(total - tax));
        totals.put("currency_code", currency);
        d.put("created_at", MICROS.format(now.minusSeconds(type.startsWith("adjustment.updated") ? 600 : 0)));
        d.put("updated_at", MICROS.format(now));
        d.put("customer_id", customer);
        d.put("currency_code", currency);
        d.set("payout_totals", totals.deepCopy());
        d.put("transaction_id", txn);
        d.putNull("subscription_id");
        d.putNull("credit_applied_to_balance");
        return d;
    }

    private static ObjectNode subscription(String customer, String currency, long amount, Instant now) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", id("sub"));
        d.put("status", "active");
        d.put("customer_id", customer);
        d.put("address_id", id("add"));
        d.put("currency_code", currency);
        d.put("collection_mode", "automatic");
        ObjectNode period = d.putObject("billing_cycle");
        period.put("interval", "month");
        period.put("frequency", 1);
        ObjectNode item = d.putArray("items").addObject();
        item.put("status", "active");
        item.put("quantity", 1);
        ObjectNode unit = item.putObject("price").putObject("unit_price");
        unit.put("amount", Long.toString(amount));
        unit.put("currency_code", currency);
        d.put("created_at", MICROS.format(now));
        d.put("updated_at", MICROS.format(now));
        d.put("next_billed_at", MICROS.format(now.plusSeconds(30L * 86_400)));
        return d;
    }
}

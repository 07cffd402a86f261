package io.payhook.testkit.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.testkit.SampleDeliveries.Delivery;
import io.payhook.testkit.SampleDeliveries.SampleOptions;
import io.payhook.testkit.Signatures;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.payhook.testkit.samples.Samples.*;

/**
 * Square webhook events as Square sends them ({@code {merchant_id, type, event_id, created_at, data: {type, id,
 * object: {payment | refund | dispute}}}}), signed with {@code x-square-hmacsha256-signature} over the
 * notification URL followed by the body. Square signs the URL configured in the subscription, so a sample is
 * signed for a URL: {@link #build(String, SampleOptions, String, String, Instant)} takes it;
 * the registry's {@link #build(String, SampleOptions, String, Instant)} signs for {@link #DEFAULT_NOTIFICATION_URL}.
 *
 * <p>Types beyond Square's own names: {@code payment.updated.canceled}, {@code .failed},
 * {@code .partially_refunded}, {@code .refunded} (a {@code payment.updated} whose payment is in that state;
 * {@code payment.updated} itself is COMPLETED, {@code payment.created} APPROVED — a delayed capture);
 * {@code refund.created} is PENDING, {@code refund.updated} COMPLETED, {@code refund.updated.failed} FAILED;
 * {@code dispute.created} is EVIDENCE_REQUIRED, {@code dispute.state.updated.won} / {@code .lost} the outcomes,
 * {@code dispute.state.changed} the older name (WON); {@code order.updated} is not a payment event.
 * Test card data only (Square's sandbox Visa ending 1111).
 */
public final class SquareSamples implements ProviderSamples {
    /** The URL the samples are signed for when none is given: the local server's webhook route. */
    public static final String DEFAULT_NOTIFICATION_URL = "http://127.0.0.1:8080/webhooks/payment";
    public static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";

    static final List<String> TYPES = List.of("payment.created", "payment.updated", "payment.updated.canceled", "payment.updated.failed",
            "payment.updated.partially_refunded", "payment.updated.refunded", "refund.created", "refund.updated", "refund.updated.failed",
            "dispute.created", "dispute.state.updated.won", "dispute.state.updated.lost", "dispute.state.changed", "order.updated");

    private static final String MERCHANT = "MLPAYHOOKTEST1";
    private static final String LOCATION = "LPAYHOOKTESTLOC";

    @Override public String provider() { return "square"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) {
        return build(type, o, secret, DEFAULT_NOTIFICATION_URL, now);
    }

    /** One signed delivery of {@code type} for a subscription whose notification URL is {@code notificationUrl}. */
    public static Delivery build(String type, SampleOptions o, String signatureKey, String notificationUrl, Instant now) {
        if (!TYPES.contains(type)) throw new IllegalArgumentException("unknown Square sample type " + type);
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        String payment = o.transactionId() != null ? o.transactionId() : squareId(29);
        String squareType = type.startsWith("payment.updated") ? "payment.updated" : type.startsWith("refund.updated") ? "refund.updated"
                : type.startsWith("dispute.state.updated") ? "dispute.state.updated" : type;

        ObjectNode root = JSON.createObjectNode();
        root.put("merchant_id", MERCHANT);
        root.put("type", squareType);
        root.put("event_id", o.eventId() != null ? o.eventId() : uuid());
        root.put("created_at", at.toString());
        ObjectNode data = root.putObject("data");

        if (squareType.startsWith("payment.")) {
            data.put("type", "payment");
            data.put("id", payment);
            payment(data.putObject("object").putObject("payment"), type, payment, o, at);
        } else if (squareType.startsWith("refund.")) {
            String refund = payment + "_" + squareId(40);
            data.put("type", "refund");
            data.put("id", refund);
            ObjectNode r = data.putObject("object").putObject("refund");
            money(r.putObject("amount_money"), o.amountMinor(), o);
            r.put("created_at", at.minusSeconds(30).toString());
            r.put("id", refund);
            r.put("location_id", LOCATION);
            r.put("order_id", squareId(28));
            r.put("payment_id", payment);
            r.put("reason", "Returned goods");
            r.put("status", type.equals("refund.created") ? "PENDING" : type.equals("refund.updated.failed") ? "FAILED" : "COMPLETED");
            r.put("updated_at", at.toString());
            r.put("version", type.equals("refund.created") ? 7 : 10);
        } else if (squareType.startsWith("dispute.")) {
            String dispute = squareId(20);
            data.put("type", "dispute");
            data.put("id", dispute);
            ObjectNode d = data.putObject("object").putObject("dispute");
            money(d.putObject("amount_money"), o.amountMinor(), o);
            d.put("brand_dispute_id", squareId(22));
            d.put("card_brand", "VISA");
            d.put("created_at", at.minus(7, ChronoUnit.DAYS).toString());
            d.putObject("disputed_payment").put("payment_id", payment);
            d.put("due_at", at.plus(14, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
            d.put("id", dispute);
            d.put("location_id", LOCATION);
            d.put("reason", "NOT_AS_DESCRIBED");
            d.put("reported_at", at.minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
            d.put("state", type.equals("dispute.created") ? "EVIDENCE_REQUIRED" : type.endsWith(".lost") ? "LOST" : "WON");
            d.put("updated_at", at.toString());
            d.put("version", type.equals("dispute.created") ? 1 : 6);
            root.put("location_id", LOCATION);
        } else {
            // order.updated: not a payment event; Square delivers every type the subscription asked for
            String order = squareId(29);
            data.put("type", "order_updated");
            data.put("id", order);
            ObjectNode u = data.putObject("object").putObject("order_updated");
            u.put("created_at", at.minusSeconds(1).toString());
            u.put("location_id", LOCATION);
            u.put("order_id", order);
            u.put("state", "OPEN");
            u.put("updated_at", at.toString());
            u.put("version", 2);
        }
        byte[] body = bytes(root);
        Map<String, String> headers = json();
        headers.put(SIGNATURE_HEADER, Signatures.square(signatureKey, notificationUrl, body));
        return new Delivery(headers, body);
    }

    private static void payment(ObjectNode p, String type, String id, SampleOptions o, Instant at) {
        String status = switch (type) {
            case "payment.created" -> "APPROVED";
            case "payment.updated.canceled" -> "CANCELED";
            case "payment.updated.failed" -> "FAILED";
            default -> "COMPLETED";
        };
        long refunded = type.equals("payment.updated.refunded") ? o.amountMinor()
                : type.equals("payment.updated.partially_refunded") ? o.amountMinor() / 2 : 0;
        money(p.putObject("amount_money"), o.amountMinor(), o);
        if (!status.equals("FAILED")) money(p.putObject("approved_money"), o.amountMinor(), o);
        ObjectNode details = p.putObject("card_details");
        details.put("avs_status", "AVS_ACCEPTED");
        ObjectNode card = details.putObject("card");
        card.put("bin", "411111");
        card.put("card_brand", "VISA");
        card.put("card_type", "CREDIT");
        card.put("exp_month", 11);
        card.put("exp_year", 2030);
        card.put("fingerprint", "sq-1-" + random(ALNUM, 40));
        card.put("last_4", "1111");
        card.put("prepaid_type", "NOT_PREPAID");
        ObjectNode timeline = details.putObject("card_payment_timeline");
        timeline.put("authorized_at", at.minusSeconds(120).toString());
        if (status.equals("COMPLETED")) timeline.put("captured_at", at.minusSeconds(1).toString());
        if (status.equals("CANCELED")) timeline.put("voided_at", at.minusSeconds(1).toString());
        details.put("cvv_status", "CVV_ACCEPTED");
        details.put("entry_method", "KEYED");
        details.put("statement_description", "SQ *PAYHOOK TEST");
        details.put("status", switch (status) {
            case "APPROVED" -> "AUTHORIZED";
            case "CANCELED" -> "VOIDED";
            case "FAILED" -> "FAILED";
            default -> "CAPTURED";
        });
        p.put("created_at", at.minusSeconds(120).toString());
        if (o.email() != null) p.put("buyer_email_address", o.email());
        p.put("customer_id", squareId(26));
        p.put("delay_action", "CANCEL");
        p.put("delay_duration", "PT168H");
        p.put("id", id);
        p.put("location_id", LOCATION);
        p.put("order_id", squareId(28));
        p.put("receipt_number", id.substring(0, 4));
        if (refunded > 0) money(p.putObject("refunded_money"), refunded, o);
        p.put("source_type", "CARD");
        p.put("status", status);
        money(p.putObject("total_money"), o.amountMinor(), o);
        p.put("updated_at", at.toString());
        p.put("version_token", random(ALNUM, 45));
    }

    private static void money(ObjectNode m, long amount, SampleOptions o) {
        m.put("amount", amount);
        m.put("currency", currency(o).toUpperCase(Locale.ROOT));
    }

    /** A Square-style object id: letters and digits, a letter first and every fifth (never a run that looks like a card number). */
    static String squareId(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(i % 5 == 0 ? random("ABCDEFGHJKLMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz", 1) : random(ALNUM, 1));
        return sb.toString();
    }
}

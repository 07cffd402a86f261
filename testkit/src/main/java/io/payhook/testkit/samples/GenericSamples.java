package io.payhook.testkit.samples;

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

import static io.payhook.testkit.samples.Samples.*;

/** The generic payhook format (SPEC §4), signed with {@code Payhook-Signature}: one delivery per canonical status. */
public final class GenericSamples implements ProviderSamples {
    static final List<String> STATUSES = List.of("pending", "authorized", "succeeded", "failed", "canceled",
            "partially_refunded", "refunded", "disputed");

    @Override public String provider() { return "generic"; }

    @Override public List<String> eventTypes() { return STATUSES; }

    @Override
    public Delivery build(String status, SampleOptions o, String secret, Instant now) { return generic(status, o, secret, now); }

    static ObjectNode genericFields(String status, SampleOptions o, Instant now, boolean withEventId) {
        ObjectNode n = JSON.createObjectNode();
        if (withEventId) n.put("event_id", o.eventId() != null ? o.eventId() : "evt_" + random(ALNUM, 24));
        n.put("transaction_id", o.transactionId() != null ? o.transactionId() : "order-" + random(UPPER_ALNUM, 12));
        n.put("type", "payment." + status);
        n.put("status", status);
        ObjectNode amount = n.putObject("amount");
        amount.put("value", o.amountMinor());
        amount.put("currency", currency(o).toUpperCase(Locale.ROOT));
        n.put("customer_id", "cust-" + random(UPPER_ALNUM, 10));
        if (o.email() != null) n.put("customer_email", o.email());
        n.put("payment_method", "visa ****4242");
        n.put("occurred_at", now.toString());
        return n;
    }

    static Delivery generic(String status, SampleOptions o, String secret, Instant now) {
        byte[] b = bytes(genericFields(status, o, now, true));
        Map<String, String> h = json();
        h.put("Payhook-Signature", Signatures.timestampedV1(secret, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

}

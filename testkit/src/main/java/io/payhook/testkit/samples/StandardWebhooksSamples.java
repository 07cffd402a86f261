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

/**
 * Standard Webhooks (Svix): the generic payhook fields in {@code data}, one delivery per canonical status, plus
 * {@code endpoint.updated} — an event that is not a payment event, as a sender delivers every event type of its
 * application.
 */
public final class StandardWebhooksSamples implements ProviderSamples {
    private static final List<String> TYPES;

    static {
        java.util.List<String> t = new java.util.ArrayList<>(GenericSamples.STATUSES);
        t.add("endpoint.updated");
        TYPES = List.copyOf(t);
    }

    @Override public String provider() { return "standard_webhooks"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) { return standardWebhooks(type, o, secret, now); }

    static Delivery standardWebhooks(String status, SampleOptions o, String secret, Instant now) {
        Signatures.standardWebhooksKey(secret); // refuses a secret that cannot sign
        // without an explicit event id the webhook-id is the event id (it is what a sender keeps across retries)
        boolean payment = !status.equals("endpoint.updated");
        ObjectNode data;
        if (payment) {
            data = GenericSamples.genericFields(status, o, now, o.eventId() != null);
        } else {
            // an operational event of the sender's own: no payment in it
            data = JSON.createObjectNode();
            data.put("appId", "app_" + random(ALNUM, 24));
            data.put("endpointId", "ep_" + random(ALNUM, 24));
        }
        String msgId = "msg_" + random(ALNUM, 27);
        ObjectNode root = JSON.createObjectNode();
        root.put("type", payment ? "payment." + status : status);
        root.put("timestamp", now.toString());
        root.set("data", data);
        byte[] b = bytes(root);
        Map<String, String> h = json();
        h.put("webhook-id", msgId);
        h.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
        h.put("webhook-signature", Signatures.standardWebhooks(secret, msgId, now.getEpochSecond(), b));
        return new Delivery(h, b);
    }

}

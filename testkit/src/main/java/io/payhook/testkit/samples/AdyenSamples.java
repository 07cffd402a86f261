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
 * Adyen standard notifications (one {@code NotificationRequestItem} per delivery, as Adyen sends JSON webhooks),
 * with the HMAC in {@code additionalData.hmacSignature}. {@code AUTHORISATION_FAILED} is an AUTHORISATION with
 * {@code success=false}.
 */
public final class AdyenSamples implements ProviderSamples {
    static final List<String> TYPES = List.of("AUTHORISATION", "AUTHORISATION_FAILED", "CAPTURE", "CAPTURE_FAILED", "CANCELLATION",
            "TECHNICAL_CANCEL", "EXPIRE", "REFUND", "REFUND_FAILED", "CHARGEBACK", "CHARGEBACK_REVERSED", "SECOND_CHARGEBACK",
            "REPORT_AVAILABLE");
    private static final DateTimeFormatter ADYEN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    @Override public String provider() { return "adyen"; }

    @Override public List<String> eventTypes() { return TYPES; }

    @Override
    public Delivery build(String type, SampleOptions o, String secret, Instant now) { return adyen(type, o, secret, now); }

    static Delivery adyen(String type, SampleOptions o, String hexKey, Instant now) {
        Signatures.adyen(hexKey, ""); // refuses a key that is not hexadecimal
        boolean failed = type.equals("AUTHORISATION_FAILED");
        String code = failed ? "AUTHORISATION" : type;
        // EXPIRE and REPORT_AVAILABLE name no original payment: EXPIRE's pspReference is the payment's, REPORT_AVAILABLE's a file
        boolean modification = !code.equals("AUTHORISATION") && !code.equals("EXPIRE") && !code.equals("REPORT_AVAILABLE");
        String payment = o.transactionId() != null ? o.transactionId() : pspReference();
        String psp = code.equals("REPORT_AVAILABLE") ? "settlement_detail_report_batch_" + random("0123456789", 3) + ".csv"
                : !modification ? payment : o.eventId() != null ? o.eventId() : pspReference();

        ObjectNode item = JSON.createObjectNode();
        ObjectNode extra = item.putObject("additionalData");
        switch (code) {
            case "AUTHORISATION" -> {
                if (!failed) extra.put("authCode", random("0123456789", 6));
                extra.put("expiryDate", "03/2030");
            }
            case "CHARGEBACK", "SECOND_CHARGEBACK" -> {
                extra.put("chargebackReasonCode", "10.4");
                extra.put("chargebackSchemeCode", "visa");
                extra.put("defenseDeadline", ADYEN_DATE.format(now.plusSeconds(14 * 86_400L).atOffset(ZoneOffset.UTC)));
            }
            case "CHARGEBACK_REVERSED" -> extra.put("disputeStatus", "Won");
            default -> { }
        }
        extra.put("cardSummary", "1111");
        // shopper data as an account configured to include it in every notification sends it
        if (o.email() != null) extra.put("shopperEmail", o.email());
        extra.put("shopperReference", "shopper-" + random(UPPER_ALNUM, 8));
        if (!code.equals("REPORT_AVAILABLE")) {
            ObjectNode amount = item.putObject("amount");
            amount.put("currency", currency(o).toUpperCase(Locale.ROOT));
            amount.put("value", o.amountMinor());
        }
        item.put("eventCode", code);
        item.put("eventDate", ADYEN_DATE.format(now.atOffset(ZoneOffset.UTC)));
        item.put("merchantAccountCode", "PayhookTestMerchantECOM");
        item.put("merchantReference", "order-" + random(UPPER_ALNUM, 8));
        if (modification) item.put("originalReference", payment);
        item.putArray("operations");
        if (code.equals("AUTHORISATION") && !failed) {
            item.withArray("operations").add("CANCEL").add("CAPTURE").add("REFUND");
        }
        item.put("paymentMethod", "visa");
        item.put("pspReference", psp);
        item.put("reason", failed ? "Refused" : switch (code) {
            case "AUTHORISATION" -> extra.path("authCode").asText() + ":1111:03/2030";
            case "CAPTURE_FAILED", "REFUND_FAILED" -> "Rejected by the card scheme";
            case "REPORT_AVAILABLE" -> "https://ca-test.adyen.com/reports/download/MerchantAccount/PayhookTestMerchantECOM/" + psp;
            default -> "";
        });
        item.put("success", failed ? "false" : "true");
        extra.put("hmacSignature", Signatures.adyen(hexKey, adyenSignedData(item)));
        ObjectNode root = JSON.createObjectNode();
        root.put("live", "false");
        root.putArray("notificationItems").addObject().set("NotificationRequestItem", item);
        return new Delivery(json(), bytes(root));
    }

    /**
     * What Adyen signs for one item (its documentation, "Verify HMAC signatures"):
     * {@code pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success},
     * a missing field as the empty string.
     */
    public static String adyenSignedData(ObjectNode item) {
        return String.join(":", text(item, "pspReference"), text(item, "originalReference"), text(item, "merchantAccountCode"),
                text(item, "merchantReference"), text(item.path("amount"), "value"), text(item.path("amount"), "currency"),
                text(item, "eventCode"), text(item, "success"));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        var v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    /** A fresh Adyen-style 16-character pspReference (letters and digits, as Adyen now issues them). */
    static String pspReference() {
        // a letter first and in the middle: never a run of 13+ digits that could be mistaken for a card number
        String letters = "BCDFGHJKLMNPQRSTVWXZ";
        String mixed = letters + "0123456789";
        return random(letters, 1) + random(mixed, 7) + random(letters, 1) + random(mixed, 7);
    }

}

package io.payhook.core.webhook.adyen;

import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.webhook.WebhookRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the corpus of real Adyen payloads showed payhook reading wrong (core/src/test/resources/corpus/adyen,
 * docs/providers/corpus.md), pinned on the smallest item that shows it.
 */
class AdyenCorpusFindingsTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static PaymentEvent parse(String code, String success, String original) {
        return parseItem("\"eventCode\":\"" + code + "\",\"success\":" + success + ","
                + (original == null ? "" : "\"originalReference\":\"" + original + "\","));
    }

    static PaymentEvent parseItem(String fields) {
        String body = "{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{" + fields
                + "\"amount\":{\"currency\":\"EUR\",\"value\":1000},\"eventDate\":\"2021-01-01T01:00:00+01:00\","
                + "\"merchantAccountCode\":\"YOUR_MERCHANT_ACCOUNT\",\"merchantReference\":\"YOUR_MERCHANT_REFERENCE\","
                + "\"pspReference\":\"QFQTPCQ8HXSKGK82\"}}]}";
        return new AdyenProvider(Clock.fixed(NOW, ZoneOffset.UTC))
                .parse(new WebhookRequest(Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8))).get(0);
    }

    /**
     * Adyen's examples of CHARGEBACK_REVERSED, SECOND_CHARGEBACK and PREARBITRATION_WON/LOST carry no originalReference.
     * A dispute's pspReference is the dispute's ("All events related to a dispute have the same PSP reference"), a
     * modification's its own: without originalReference no payment is named. payhook reported a status (SUCCEEDED for a
     * dispute won) for a "transaction" that was the dispute's reference; now the item is kept as ignored.
     */
    @ParameterizedTest(name = "{0} without originalReference names no payment")
    @CsvSource({"CHARGEBACK_REVERSED", "SECOND_CHARGEBACK", "PREARBITRATION_WON", "PREARBITRATION_LOST", "CHARGEBACK",
            "NOTIFICATION_OF_CHARGEBACK", "CAPTURE", "CAPTURE_FAILED", "REFUND", "REFUND_FAILED", "CANCELLATION"})
    void aModificationOrDisputeStageWithoutOriginalReferenceIsIgnored(String code) {
        PaymentEvent e = parse(code, "\"true\"", null);
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo("missing_field");
        assertThat(e.transactionId()).as("kept under its own reference, reporting nothing").isEqualTo("QFQTPCQ8HXSKGK82");
        assertThat(e.reverses()).isEmpty();

        PaymentEvent named = parse(code, "\"true\"", "9913140798220028");
        assertThat(named.status()).as("with originalReference it is mapped").isNotNull();
        assertThat(named.transactionId()).isEqualTo("9913140798220028");
    }

    @ParameterizedTest(name = "{0}: its own pspReference is the payment")
    @CsvSource({"AUTHORISATION, AUTHORIZED", "EXPIRE, CANCELED", "OFFER_CLOSED, CANCELED"})
    void codesWhosePspReferenceIsThePaymentNeedNoOriginalReference(String code, Status status) {
        PaymentEvent e = parse(code, "\"true\"", null);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.transactionId()).isEqualTo("QFQTPCQ8HXSKGK82");
    }

    /** sdk_java_capture-false, sdk_java_refund-false, openapi_refund (success "false"): not an unmapped type. */
    @ParameterizedTest(name = "{0} success false changed nothing")
    @CsvSource({"CAPTURE", "REFUND", "CANCELLATION", "TECHNICAL_CANCEL", "CANCEL_OR_REFUND", "AUTHORISATION_ADJUSTMENT", "OFFER_CLOSED"})
    void aMappedOperationThatFailedIsIgnoredAsNoStateChange(String code) {
        PaymentEvent e = parse(code, "\"false\"", "9913140798220028");
        assertThat(e.ignored()).isTrue();
        assertThat(e.ignoredReason()).isEqualTo(io.payhook.core.model.PaymentEvent.NO_STATE_CHANGE);
        assertThat(e.amount().minorUnits()).as("the amount is kept on an ignored item").isEqualTo(1000);
    }

    @Test
    void aCodePayhookDoesNotMapStaysUnmapped() {
        assertThat(parse("ORDER_CLOSED", "\"false\"", null).ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(parse("REPORT_AVAILABLE", "\"true\"", null).ignoredReason()).isEqualTo(PaymentEvent.UNMAPPED_EVENT_TYPE);
        assertThat(parse("RECURRING_CONTRACT", "\"true\"", "INITIAL_PAYMENT_PSP_REFERENCE").transactionId())
                .as("joins its first payment").isEqualTo("INITIAL_PAYMENT_PSP_REFERENCE");
    }

    /**
     * The shape of adyen-dotnet's merchant-webhook-payload.json (excluded from the corpus for its merchant account
     * name): a JSON boolean success and a lower-case, null "originalreference".
     */
    @Test
    void aJsonBooleanSuccessAndALowerCaseNullOriginalReference() {
        PaymentEvent e = parseItem("\"eventCode\":\"AUTHORISATION\",\"success\":true,\"originalreference\":null,\"paymentMethod\":\"mc\",");
        assertThat(e.status()).isEqualTo(Status.AUTHORIZED);
        assertThat(e.eventId()).isEqualTo("QFQTPCQ8HXSKGK82:AUTHORISATION:true");
        assertThat(parseItem("\"eventCode\":\"AUTHORISATION\",\"success\":false,").status()).isEqualTo(Status.FAILED);
    }
}

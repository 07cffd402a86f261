package io.payhook.core.webhook.stripe;

import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.webhook.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the corpus of real Stripe payloads showed payhook reading wrong (core/src/test/resources/corpus/stripe,
 * docs/providers/corpus.md), pinned on the smallest payload that shows it.
 */
class StripeCorpusFindingsTest {

    static PaymentEvent parse(String object) {
        String body = "{\"id\":\"evt_1Finding\",\"type\":\"charge.refunded\",\"created\":1326853478,\"data\":{\"object\":" + object + "}}";
        return new StripeProvider().parse(new WebhookRequest(Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8))).get(0);
    }

    /** stripe-java webhook-events.json (2012): a charge.refunded whose charge says refunded:true and has no amount_refunded. */
    @Test
    void aLegacyRefundedChargeWithoutAmountRefundedIsAFullRefund() {
        PaymentEvent e = parse("{\"object\":\"charge\",\"id\":\"ch_1Legacy\",\"amount\":1000,\"currency\":\"usd\",\"paid\":true,\"refunded\":true}");
        assertThat(e.status()).as("was ignored as missing_field").isEqualTo(Status.REFUNDED);
        assertThat(e.transactionId()).isEqualTo("ch_1Legacy");
        assertThat(e.amount().minorUnits()).isEqualTo(1000);
        assertThat(e.amount().currency()).isEqualTo("USD");
    }

    @Test
    void refundedTrueWinsOverAPartialLookingAmount() {
        // Stripe: refunded "Whether the charge has been fully refunded"
        assertThat(parse("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"amount\":1000,\"amount_captured\":1000,\"amount_refunded\":400,"
                + "\"currency\":\"eur\",\"refunded\":true}").status()).isEqualTo(Status.REFUNDED);
    }

    @Test
    void withoutRefundedTrueTheAmountsStillDecideAndAreStillNeeded() {
        assertThat(parse("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"amount\":1000,\"amount_captured\":1000,\"amount_refunded\":400,"
                + "\"currency\":\"eur\",\"refunded\":false}").status()).isEqualTo(Status.PARTIALLY_REFUNDED);
        assertThat(parse("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"amount\":1000,\"amount_refunded\":1000,\"currency\":\"eur\","
                + "\"refunded\":false}").status()).isEqualTo(Status.REFUNDED);
        PaymentEvent noAmounts = parse("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"amount\":1000,\"currency\":\"eur\",\"refunded\":false}");
        assertThat(noAmounts.ignored()).isTrue();
        assertThat(noAmounts.ignoredReason()).isEqualTo("missing_field");
        assertThat(parse("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"amount\":1000,\"currency\":\"eur\",\"refunded\":\"true\"}").ignoredReason())
                .as("only a JSON true is Stripe's refunded flag").isEqualTo("missing_field");
    }
}

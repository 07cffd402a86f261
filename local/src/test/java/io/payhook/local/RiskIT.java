package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.functions.JsonLog;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 (3): every stored payment event is screened from the table's stream (its own poller): the finding — level,
 * score, reasons — is on {@code GET /transactions/{id}} and in the search ({@code risk=high}); a high one is an
 * operations email naming the transaction; failed payments of one customer are counted once each, a redelivery never.
 */
class RiskIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String OPS = "risk-ops@example.com";

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().env(Map.of("PAYHOOK_OPS_EMAIL", OPS))
            .logLevel(JsonLog.Level.ERROR);

    static String body(String eventId, String txn, String status, long amount, String customer, String method, Instant at) {
        return "{\"event_id\":\"" + eventId + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + status
                + "\",\"status\":\"" + status + "\",\"amount\":{\"value\":" + amount + ",\"currency\":\"EUR\"},"
                + "\"customer_id\":\"" + customer + "\",\"payment_method\":\"" + method + "\",\"occurred_at\":\"" + at + "\"}";
    }

    static JsonNode risk(String txn) {
        var r = local.client().get("/transactions/" + txn);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("risk");
    }

    static JsonNode screened(String txn) {
        Eventually.await("the risk of " + txn, WAIT, () -> risk(txn).isObject());
        return risk(txn);
    }

    static List<String> reasons(JsonNode risk) {
        return java.util.stream.StreamSupport.stream(risk.path("reasons").spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void aLargePaymentIsHighWithItsReasonsAnOpsEmailNamesItAndTheSearchFindsIt() {
        String txn = LocalSystemIT.txn();
        String customer = "cus_" + txn.substring(4, 12);
        var r = local.webhook(body("evt_" + txn, txn, "succeeded", 1_250_000, customer, "sepa_debit", Instant.now()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        JsonNode risk = screened(txn);
        assertThat(risk.path("level").asText()).isEqualTo("high");
        assertThat(reasons(risk)).containsExactly("amount_large", "bank_transfer", "first_payment_large");
        assertThat(risk.path("score").asInt()).isEqualTo(70 + 25 + 30);
        assertThat(risk.path("screened_at").asText()).isNotEmpty();

        Eventually.await("the high-risk ops email", WAIT, () -> !alerts(txn).isEmpty());
        MimeMessage m = alerts(txn).get(0);
        assertThat(Mailbox.subject(m)).isEqualTo("[payhook alert] High risk — generic — transaction " + txn);
        assertThat(Mailbox.text(m)).contains("Transaction:  " + txn).contains("amount_large").contains("bank_transfer");
        assertThat(Mailbox.text(m)).doesNotContain(customer);

        Eventually.await("the search by risk", WAIT, () -> {
            var s = local.client().get("/transactions?risk=high&customer_id=" + customer);
            return s.status() == 200 && s.json().path("transactions").size() == 1
                    && s.json().path("transactions").get(0).path("transaction_id").asText().equals(txn);
        });
        var s = local.client().get("/transactions?risk=high&customer_id=" + customer);
        assertThat(s.json().path("transactions").get(0).path("risk").asText()).isEqualTo("high");
        assertThat(local.client().get("/transactions?risk=low&customer_id=" + customer).json().path("transactions")).isEmpty();
        var bad = local.client().get("/transactions?risk=severe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).isEqualTo("invalid_field");
        assertThat(bad.json().path("message").asText()).contains("risk");
    }

    @Test
    void theThirdFailedPaymentOfACustomerWithinTenMinutesIsFlaggedAndARedeliveryDoesNotCount() {
        String run = LocalSystemIT.txn().substring(4, 14);
        String customer = "cus_v" + run;
        Instant t0 = Instant.now().minusSeconds(300);
        String[] txns = {"pay_1" + run, "pay_2" + run, "pay_3" + run};
        var first = local.webhook(body("evt_1" + run, txns[0], "failed", 900, customer, "visa ****4242", t0));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(reasons(screened(txns[0]))).isEmpty();
        String second = body("evt_2" + run, txns[1], "failed", 900, customer, "visa ****4242", t0.plusSeconds(120));
        assertThat(local.webhook(second).json().path("duplicate").asBoolean()).isFalse();
        assertThat(reasons(screened(txns[1]))).as("two failed payments").isEmpty();
        // the provider delivers the second failure again: a duplicate, not stored, never counted
        var again = local.webhook(second);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        // a payment of another customer failing in the same minutes counts for nobody here
        String other = LocalSystemIT.txn();
        local.webhook(body("evt_" + other, other, "failed", 900, "cus_o" + run, "visa ****4242", t0.plusSeconds(130)));
        assertThat(reasons(screened(other))).isEmpty();
        assertThat(reasons(risk(txns[1]))).as("still two").isEmpty();

        local.webhook(body("evt_3" + run, txns[2], "failed", 900, customer, "visa ****4242", t0.plusSeconds(500)));
        JsonNode third = screened(txns[2]);
        assertThat(reasons(third)).containsExactly("failed_velocity");
        assertThat(third.path("level").asText()).isEqualTo("elevated");
        assertThat(third.path("score").asInt()).isEqualTo(50);
        assertThat(alerts(txns[2])).as("elevated is not alerted").isEmpty();
    }

    static List<MimeMessage> alerts(String txn) {
        return Mailbox.alertsTo(local.dir(), OPS).stream().filter(m -> Mailbox.subject(m).contains("transaction " + txn)).toList();
    }
}

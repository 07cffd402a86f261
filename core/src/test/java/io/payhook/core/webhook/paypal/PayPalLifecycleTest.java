package io.payhook.core.webhook.paypal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.json.Json;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.CertificateSource;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.testkit.PayPalSigningKey;
import io.payhook.testkit.SampleDeliveries;
import io.payhook.testkit.samples.PayPalSamples;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.payhook.core.webhook.DeliveryChecks.permutations;
import static io.payhook.core.webhook.paypal.PayPalSignatureTest.SAMPLE_CERT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PayPal lifecycles end to end, in every delivery order: the events of one payment — signed samples,
 * through the whole ingest into one store — land on one transaction, and its status does not depend on the
 * order PayPal delivered them in (PayPal promises no order; retries reorder). Also: a capture and its refund,
 * reversal and disputes all name the capture, so they land together; an order approval before the capture is
 * the order's own record.
 */
class PayPalLifecycleTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant NOW = T0.plusSeconds(3600);
    static final String CAPTURE = "3C679366HH908993F";

    /** One delivery of the lifecycle, {@code minute} minutes after T0. */
    record Step(String type, int minute, Consumer<ObjectNode> edit) {
        static Step of(String type, int minute) { return new Step(type, minute, r -> { }); }

        SampleDeliveries.Delivery delivery(String txn) {
            var d = SampleDeliveries.build("paypal", type, new SampleDeliveries.SampleOptions(txn, 2500, "EUR", "customer@example.com", null),
                    PayPalCorpusTest.WEBHOOK_ID, T0.plusSeconds(60L * minute));
            try {
                ObjectNode root = (ObjectNode) Json.mapper().readTree(d.body());
                edit.accept(root);
                return new PayPalSamples().signed(Json.mapper().writeValueAsBytes(root), PayPalCorpusTest.WEBHOOK_ID, T0.plusSeconds(60L * minute));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final Consumer<ObjectNode> BUYER_WON = root -> ((ObjectNode) root.get("resource").get("dispute_outcome"))
            .put("outcome_code", "RESOLVED_BUYER_FAVOUR");

    record Lifecycle(String name, List<Step> steps, Status expected) {}

    static final List<Lifecycle> LIFECYCLES = List.of(
            new Lifecycle("pending, captured, refunded",
                    List.of(Step.of("PAYMENT.CAPTURE.PENDING", 1), Step.of("PAYMENT.CAPTURE.COMPLETED", 2), Step.of("PAYMENT.CAPTURE.REFUNDED", 3)),
                    Status.REFUNDED),
            new Lifecycle("order completed with its capture, then refunded",
                    List.of(Step.of("CHECKOUT.ORDER.COMPLETED", 1), Step.of("PAYMENT.CAPTURE.COMPLETED", 1), Step.of("PAYMENT.CAPTURE.REFUNDED", 5)),
                    Status.REFUNDED),
            new Lifecycle("pending, then denied",
                    List.of(Step.of("PAYMENT.CAPTURE.PENDING", 1), Step.of("PAYMENT.CAPTURE.DENIED", 2)), Status.FAILED),
            new Lifecycle("completed, then denied: the capture is taken back",
                    List.of(Step.of("PAYMENT.CAPTURE.COMPLETED", 1), Step.of("PAYMENT.CAPTURE.DENIED", 2)), Status.FAILED),
            new Lifecycle("reversed, disputed, the dispute won: the money is back",
                    List.of(Step.of("PAYMENT.CAPTURE.COMPLETED", 1), Step.of("PAYMENT.CAPTURE.REVERSED", 2), Step.of("CUSTOMER.DISPUTE.CREATED", 3),
                            Step.of("CUSTOMER.DISPUTE.RESOLVED", 4)),
                    Status.SUCCEEDED),
            new Lifecycle("refunded, disputed, the dispute lost",
                    List.of(Step.of("PAYMENT.CAPTURE.COMPLETED", 1), Step.of("PAYMENT.CAPTURE.REFUNDED", 2), Step.of("CUSTOMER.DISPUTE.CREATED", 3),
                            new Step("CUSTOMER.DISPUTE.RESOLVED", 4, BUYER_WON)),
                    Status.DISPUTED),
            new Lifecycle("won, then disputed again later",
                    List.of(Step.of("PAYMENT.CAPTURE.COMPLETED", 1), Step.of("CUSTOMER.DISPUTE.CREATED", 2), Step.of("CUSTOMER.DISPUTE.RESOLVED", 3),
                            Step.of("CUSTOMER.DISPUTE.CREATED", 4)),
                    Status.DISPUTED),
            new Lifecycle("authorised, then voided",
                    List.of(Step.of("PAYMENT.AUTHORIZATION.CREATED", 1), Step.of("PAYMENT.AUTHORIZATION.VOIDED", 2)), Status.CANCELED));

    @Test
    void everyDeliveryOrderEndsInTheSameStatusOnOneTransaction() {
        int orders = 0;
        for (Lifecycle l : LIFECYCLES) {
            List<SampleDeliveries.Delivery> deliveries = l.steps().stream().map(s -> s.delivery(CAPTURE)).toList();
            for (List<SampleDeliveries.Delivery> order : permutations(deliveries)) {
                var store = new InMemoryTransactionStore();
                var ingest = PayPalCorpusTest.ingest(store, CertificateSource.fixed(Map.of(URI.create(PayPalSigningKey.SAMPLE_CERT_URL), SAMPLE_CERT)), NOW);
                for (var d : order) ingest.handle(new WebhookRequest(d.headers(), Map.of(), d.body()));
                // and a redelivery of each changes nothing
                for (var d : order) assertThat(ingest.handle(new WebhookRequest(d.headers(), Map.of(), d.body())).results().get(0).duplicate()).isTrue();
                Transaction t = store.load(CAPTURE).orElseThrow();
                assertThat(t.status()).as(l.name()).isEqualTo(l.expected());
                assertThat(t.events()).hasSize(l.steps().size());
                assertThat(store.events.values()).allSatisfy(e -> assertThat(e.transactionId()).isEqualTo(CAPTURE));
                orders++;
            }
        }
        assertThat(orders).isGreaterThan(80);
    }

    @Test
    void anApprovalBeforeTheCaptureIsTheOrdersOwnRecord() {
        var store = new InMemoryTransactionStore();
        var ingest = PayPalCorpusTest.ingest(store, CertificateSource.fixed(Map.of(URI.create(PayPalSigningKey.SAMPLE_CERT_URL), SAMPLE_CERT)), NOW);
        var approved = Step.of("CHECKOUT.ORDER.APPROVED", 1).delivery("5O190127TN364715T");
        ingest.handle(new WebhookRequest(approved.headers(), Map.of(), approved.body()));
        assertThat(store.load("5O190127TN364715T").orElseThrow().status()).as("approval is not a capture").isEqualTo(Status.PENDING);
    }
}

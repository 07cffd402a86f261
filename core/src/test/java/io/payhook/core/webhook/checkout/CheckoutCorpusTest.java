package io.payhook.core.webhook.checkout;

import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.webhook.CorpusFiles;
import io.payhook.core.webhook.WebhookRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one real Checkout.com payload (corpus/checkout, sources in SOURCES.md), delivered through the whole ingest
 * path with the signatures Checkout.com's SAP plugin publishes for it, in the upper-case hex it uses.
 */
class CheckoutCorpusTest {
    static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "SECRET_KEY, 561668318D6FF228571FC7667C70E80BC727B7D3F44AB3130A5E368ABA94C2C0",
            "SIGNATURE_KEY, 6E9AE0CC5858BB0A26859F028B11D59F7266640B4911D92BEBF880B60AE053CD"})
    void theSapPluginsPaymentApproved(String key, String signature) {
        byte[] body = CorpusFiles.read("checkout", "payment-approved.sap-validator.signed.json");
        var store = new InMemoryTransactionStore();
        var outcome = CorpusFiles.ingest(store, RECEIVED, Map.of("checkout", List.of("test-only-rotated-out", key)), null)
                .handle(new WebhookRequest(Map.of("Content-Type", "application/json", "cko-signature", signature), Map.of(), body));
        assertThat(outcome.provider()).isEqualTo("checkout");
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo("pay_6qugd47beltevjzfi37ngm2apy");
            assertThat(r.eventId()).isEqualTo("evt_dh2zojguo4mebehzbqqltcfuna");
            assertThat(r.status()).as("approved: authorised, never SUCCEEDED").isEqualTo("AUTHORIZED");
        });
        StoredEvent e = CorpusFiles.only(store);
        assertThat(e.type()).isEqualTo("payment_approved");
        assertThat(e.status()).isEqualTo(Status.AUTHORIZED);
        assertThat(e.amount()).isEqualTo(new Money(5695, "GBP"));
        assertThat(e.occurredAt()).isEqualTo(OffsetDateTime.parse("2019-12-13T16:33:03Z").toInstant());
        assertThat(e.customerId()).isEqualTo("cus_ghy7xcfznu6ujac7sfsbnpepqm");
        assertThat(e.paymentMethod()).isEqualTo("amex ****4564");
        CorpusFiles.assertMerchant(e, null); // the previous platform's payload names no processing channel: the label
        assertThat(e.customerEmail()).as("sealed").isNotNull();
        assertThat(new String(e.customerEmail().ciphertext(), StandardCharsets.UTF_8)).doesNotContain("checkout.com");
        // the payload's BIN, fingerprint and card-holder name are not kept
        CorpusFiles.assertNothingCardLike(e, "345678", "e150213220169d17", "Automation Bot");
        assertThat(store.load("pay_6qugd47beltevjzfi37ngm2apy").orElseThrow().status()).isEqualTo(Status.AUTHORIZED);
    }
}

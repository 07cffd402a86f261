package io.payhook.core.protection;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.TestCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The merchant at the protection gate: an account id is kept, anything else dropped (a provider's format) or refused
 * (the generic format: 400 {@code invalid_field} naming {@code merchant}); an event left without one gets its
 * provider's configured label, else {@code default} — every stored event has a merchant.
 */
class MerchantTest {
    static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    static PaymentEvent event(String provider, String merchant) {
        return PaymentEvent.builder(provider, "evt_1", "txn_1", "payment.succeeded", T).status(Status.SUCCEEDED)
                .amount(new Money(1250, "EUR")).merchant(merchant).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acct_1PayhookConnect", "MagentoMerchantTest2", "6SSW7HV8K2ST5", "acc_BFQ7uQEaa7j2z7", "pc_payhooktest01",
            "OR000PAYHOOK01", "shop-eu", "shop.eu:web", "default", "a",
            "1234567890123456789012345678901234567890123456789012345678901234"}) // 64 characters
    void anAccountIdIsKept(String merchant) {
        assertThat(ProtectionGate.isAcceptableMerchant(merchant)).isTrue();
        for (ProtectionGate.Policy policy : ProtectionGate.Policy.values()) {
            assertThat(ProtectionGate.check(event("generic", merchant), policy).merchant()).isEqualTo(merchant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Merchant 1",                  // a space: Adyen's node SDK sample account, not an id
            "4111111111111111",            // a card number
            "4111-1111-1111-1111",         // a card number as printed
            "shop@example.com",            // an email address
            "-shop", "_shop", ".shop",     // must start with a letter or digit
            "shop/eu", "shop+eu", "shöp",  // characters an id does not have
            "12345678901234567890123456789012345678901234567890123456789012345"}) // 65 characters
    void anythingElseIsDroppedFromAProvidersFormat(String merchant) {
        assertThat(ProtectionGate.isAcceptableMerchant(merchant)).isFalse();
        PaymentEvent kept = ProtectionGate.check(event("adyen", merchant), ProtectionGate.Policy.DROP);
        assertThat(kept.merchant()).isNull();
        assertThat(kept.status()).as("the event itself is kept").isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void theGenericFormatRefusesItWith400InvalidFieldNamingMerchantAndNeverEchoesIt() {
        for (String merchant : List.of("Merchant 1", "4111111111111111", "shop@example.com", "x".repeat(65))) {
            assertThatThrownBy(() -> new ProtectionGate(new TestCipher()).protect(List.of(event("generic", merchant)),
                    ProtectionGate.Policy.REFUSE, T))
                    .isInstanceOfSatisfying(PayhookException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                        assertThat(e.code().category()).as("400").isEqualTo(ErrorCode.Category.MALFORMED);
                        assertThat(e.getMessage()).contains("'merchant'").doesNotContain(merchant)
                                .doesNotContain("4111").doesNotContain("example.com");
                    });
        }
        assertThatThrownBy(() -> ProtectionGate.check(event("generic", "4111111111111111"), ProtectionGate.Policy.REFUSE))
                .hasMessageContaining("card number");
        assertThatThrownBy(() -> ProtectionGate.check(event("generic", "shop@example.com"), ProtectionGate.Policy.REFUSE))
                .hasMessageContaining("email address");
    }

    @Test
    void aCardNumberIsNeverAMerchantNorALabel() {
        // the identifiers' rule: a card scheme's number, also inside the id; a Luhn-valid reference outside every range is an id
        assertThat(ProtectionGate.isAcceptableMerchant("acct-4111111111111111")).isFalse();
        assertThat(ProtectionGate.isAcceptableMerchant("8812534564722331")).as("Adyen-style 88… reference").isTrue();
        assertThatThrownBy(() -> MerchantLabels.parse("PAYHOOK_MERCHANTS", "stripe=4111111111111111"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYHOOK_MERCHANTS entry 1").hasMessageContaining("411111******1111")
                .hasMessageNotContaining("4111111111111111");
    }

    // --- the label of an event that names no usable merchant ------------------------------------------------------------

    @Test
    void theGateGivesEveryStoredEventAMerchantTheNamedOneElseTheLabelElseDefault() {
        MerchantLabels labels = MerchantLabels.parse("PAYHOOK_MERCHANTS", "stripe=shop-eu,square=shop-us");
        ProtectionGate gate = new ProtectionGate(new TestCipher(), labels);
        List<StoredEvent> kept = gate.protect(List.of(
                        event("stripe", "acct_1PayhookConnect"), // named: kept
                        event("stripe", null),                   // names none: stripe's label
                        event("stripe", "Merchant 1"),           // dropped: stripe's label
                        event("adyen", null)),                   // no label for adyen: default
                ProtectionGate.Policy.DROP, T).stream().map(ProtectedEvent::event).toList();
        assertThat(kept).extracting(StoredEvent::merchant).containsExactly("acct_1PayhookConnect", "shop-eu", "shop-eu", "default");
        assertThat(new ProtectionGate(new TestCipher()).protect(List.of(event("stripe", null)), ProtectionGate.Policy.DROP, T)
                .get(0).event().merchant()).as("no labels").isEqualTo(MerchantLabels.DEFAULT);
    }

    @Test
    void labelsAreResolvedPerProvider() {
        MerchantLabels labels = MerchantLabels.parse("PAYHOOK_MERCHANTS", " stripe = shop-eu , square=shop-us,acme_pay=acme.main ");
        assertThat(labels.labels()).containsOnly(java.util.Map.entry("stripe", "shop-eu"), java.util.Map.entry("square", "shop-us"),
                java.util.Map.entry("acme_pay", "acme.main"));
        assertThat(labels.labelOf("stripe")).isEqualTo("shop-eu");
        assertThat(labels.labelOf("paddle")).isEqualTo("default");
        assertThat(labels.merchantOf("stripe", null)).isEqualTo("shop-eu");
        assertThat(labels.merchantOf("stripe", "acct_1")).isEqualTo("acct_1");
        assertThat(MerchantLabels.parse("PAYHOOK_MERCHANTS", null).labels()).isEmpty();
        assertThat(MerchantLabels.parse("PAYHOOK_MERCHANTS", "  ").labels()).isEmpty();
        assertThat(MerchantLabels.NONE.merchantOf("stripe", null)).isEqualTo("default");
    }

    @Test
    void aWrongEntryIsRefusedNamingTheVariableAndTheEntry() {
        refused("stripe", "PAYHOOK_MERCHANTS entry 1 (\"stripe\"): must be <provider>=<label>");
        refused("stripe=shop-eu,square", "PAYHOOK_MERCHANTS entry 2 (\"square\"): must be <provider>=<label>");
        refused("stripe=shop=eu", "PAYHOOK_MERCHANTS entry 1 (\"stripe=shop=eu\"): must be <provider>=<label>");
        refused("stripe=shop-eu,", "PAYHOOK_MERCHANTS entry 2 (\"\"): must be <provider>=<label>");
        refused("Stripe=shop-eu", "PAYHOOK_MERCHANTS entry 1 (\"Stripe=shop-eu\"): the provider must be a provider's name");
        refused("=shop-eu", "PAYHOOK_MERCHANTS entry 1 (\"=shop-eu\"): the provider must be a provider's name");
        refused("stripe=", "PAYHOOK_MERCHANTS entry 1 (\"stripe=\"): the label must be a merchant id");
        refused("stripe=shop eu", "PAYHOOK_MERCHANTS entry 1 (\"stripe=shop eu\"): the label must be a merchant id");
        refused("stripe=ops@example.com", "PAYHOOK_MERCHANTS entry 1 (\"[email]\"): the label must be a merchant id"); // never echoed
        refused("stripe=shop-eu,stripe=shop-us", "PAYHOOK_MERCHANTS entry 2 (\"stripe=shop-us\"): provider stripe has a label already");
    }

    static void refused(String value, String message) {
        assertThatThrownBy(() -> MerchantLabels.parse("PAYHOOK_MERCHANTS", value))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void aLabelForAProviderTheSystemDoesNotHaveIsRefused() {
        MerchantLabels labels = MerchantLabels.parse("PAYHOOK_MERCHANTS", "stripe=shop-eu,strpe=shop-us");
        labels.requireProviders(List.of("stripe", "strpe"));
        assertThatThrownBy(() -> labels.requireProviders(List.of("stripe", "square")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PAYHOOK_MERCHANTS entry 2 (\"strpe=shop-us\"): no provider is called strpe; the providers are stripe, square");
        MerchantLabels.NONE.requireProviders(List.of());
    }
}

package io.payhook.core.notification;

import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Notifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfirmationRendererTest {
    static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    static Transaction txn(Status status, Money amount, String method) {
        StoredEvent e = new StoredEvent("stripe", "evt_1", "pi_3Render", "payment_intent.succeeded", status, amount, "cus_1", null,
                method, T, T);
        return Transaction.fold(List.of(e), List.of());
    }

    static Notification ntf() {
        return new Notification("ntf_render", "pi_3Render", "email", NotificationStatus.QUEUED, "status_changed", Status.SUCCEEDED, T, null, 0);
    }

    @ParameterizedTest(name = "{0} {1} in {2} → {3}")
    @CsvSource(delimiter = '|', value = {
            "1999|EUR|en-IE|€19.99",
            "1999|EUR|de-DE|19,99 €",
            "123456|JPY|en-GB|JP¥123,456",
            "123456|JPY|ja-JP|￥123,456",
            "1250|KWD|en-GB|KWD 1.250",
            "100000000|USD|en-US|$1,000,000.00",
    })
    void theAmountIsWrittenInTheCurrencysDecimalsAndTheLocalesMarks(long minor, String currency, String locale, String expected) {
        String got = MoneyFormat.format(new Money(minor, currency), Locale.forLanguageTag(locale));
        // the JDK writes some currency signs with a no-break space
        assertThat(got.replace('\u00a0', ' ').replace('\u202f', ' ')).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "SUCCEEDED|Payment received: €19.99 — Example Shop",
            "FAILED|Payment failed: €19.99 — Example Shop",
            "REFUNDED|Payment refunded: €19.99 — Example Shop",
            "PARTIALLY_REFUNDED|Payment partially refunded: €19.99 — Example Shop",
            "CANCELED|Payment canceled: €19.99 — Example Shop",
            "AUTHORIZED|Payment authorised: €19.99 — Example Shop",
            "PENDING|Update on your payment of €19.99 — Example Shop",
            "DISPUTED|Update on your payment of €19.99 — Example Shop",
    })
    void aSubjectPerStatus(Status status, String subject) {
        var r = new ConfirmationRenderer(new ConfirmationRenderer.Settings(Locale.forLanguageTag("en-IE"), "Example Shop"));
        Notifier.Confirmation c = r.render(txn(status, new Money(1999, "EUR"), "visa ****4242"), ntf(), "customer@example.com");
        assertThat(c.subject()).isEqualTo(subject);
        assertThat(c.subject()).doesNotContain("\n").doesNotContain("customer@example.com");
    }

    @Test
    void anAuthorisationIsNeverWordedAsAReceivedPayment() {
        var r = new ConfirmationRenderer(ConfirmationRenderer.Settings.DEFAULT);
        Notifier.Confirmation c = r.render(txn(Status.AUTHORIZED, new Money(1999, "EUR"), null), ntf(), "customer@example.com");
        assertThat(c.subject() + c.text() + c.html()).doesNotContainIgnoringCase("received");
        assertThat(c.text()).contains("You will be charged once the merchant captures it");
    }

    @Test
    void bothPartsCarryTheAmountMethodMerchantAndTransactionAndNoPersonalData() {
        var r = new ConfirmationRenderer(new ConfirmationRenderer.Settings(Locale.UK, "Example Shop"));
        Notifier.Confirmation c = r.render(txn(Status.SUCCEEDED, new Money(1999, "GBP"), "visa ****4242"), ntf(), "customer@example.com");
        for (String part : List.of(c.text(), c.html())) {
            assertThat(part).contains("£19.99").contains("visa ****4242").contains("Example Shop").contains("pi_3Render")
                    .contains("ntf_render").contains("22 Nov 2026");
            assertThat(part).doesNotContain("customer@example.com").doesNotContain("cus_1");
        }
        assertThat(c.html()).startsWith("<!DOCTYPE html>").contains("<table");
        assertThat(c.text()).doesNotContain("<");
        assertThat(c.attributes()).containsEntry("status", "SUCCEEDED").containsEntry("currency", "GBP")
                .containsEntry("transaction_id", "pi_3Render").containsEntry("notification_id", "ntf_render");
        assertThat(c.recipient()).isEqualTo("customer@example.com");
    }

    @Test
    void valuesAreEscapedInTheHtmlAndWrittenAsTheyAreInTheText() {
        var r = new ConfirmationRenderer(new ConfirmationRenderer.Settings(Locale.UK, "Smith & Sons <b>"));
        Notifier.Confirmation c = r.render(txn(Status.SUCCEEDED, new Money(100, "GBP"), "visa ****4242"), ntf(), "customer@example.com");
        assertThat(c.html()).contains("Smith &amp; Sons &lt;b&gt;").doesNotContain("<b>");
        assertThat(c.text()).contains("Smith & Sons <b>");
    }

    @Test
    void noMethodNoLineAndAMerchantNameIsRequired() {
        var r = new ConfirmationRenderer(ConfirmationRenderer.Settings.DEFAULT);
        Notifier.Confirmation c = r.render(txn(Status.SUCCEEDED, new Money(100, "GBP"), null), ntf(), "customer@example.com");
        assertThat(c.text()).doesNotContain("Payment method");
        assertThat(c.html()).doesNotContain("Payment method");
        assertThatThrownBy(() -> new ConfirmationRenderer.Settings(Locale.UK, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfirmationRenderer.Settings(Locale.UK, "Shop\r\nBcc: x")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.payhook.local;

import io.payhook.functions.JsonLog;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 (2): the confirmations as a customer receives them — the {@code .eml} files of the mail sink, which
 * receives what SES would send ({@link SmtpNotifier}): a subject per status, the text and the HTML part, the
 * amount in the currency's own format, the masked payment method, the merchant's name from
 * {@code PAYHOOK_MERCHANT_NAME}, the transaction id — and no card data, nothing of another customer.
 */
class ConfirmationEmailIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Not ASCII and with HTML's special characters: both parts must show it as configured. */
    static final String MERCHANT = "Zoë's Books & Café";

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass()
            .env(Map.of("PAYHOOK_MERCHANT_NAME", MERCHANT)).logLevel(JsonLog.Level.WARN);

    /** A generic-format event with its own customer, email and payment method. */
    static String event(String txn, String status, long amount, String currency, String customer, String email, String paymentMethod) {
        return "{\"event_id\":\"evt_" + txn + "_" + status + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + status
                + "\",\"status\":\"" + status + "\",\"amount\":{\"value\":" + amount + ",\"currency\":\"" + currency + "\"},"
                + "\"customer_id\":\"" + customer + "\",\"customer_email\":\"" + email + "\",\"payment_method\":\"" + paymentMethod
                + "\",\"occurred_at\":\"" + Instant.now() + "\"}";
    }

    static MimeMessage theConfirmation(String txn) {
        Eventually.await("the confirmation of " + txn, WAIT, () -> Mailbox.forTransaction(local.dir(), txn).size() == 1);
        return Mailbox.forTransaction(local.dir(), txn).get(0);
    }

    static Path theFile(String txn) {
        return Mailbox.files(local.dir()).stream()
                .filter(f -> txn.equals(Mailbox.header(Mailbox.read(f), SmtpNotifier.TRANSACTION_HEADER))).findFirst().orElseThrow();
    }

    @Test
    void aSubjectPerStatusAndBothPartsNamingMerchantAmountMethodAndTransaction() throws Exception {
        Map<String, String> subjects = Map.of(
                "succeeded", "Payment received: €19.99 — " + MERCHANT,
                "failed", "Payment failed: €19.99 — " + MERCHANT,
                "refunded", "Payment refunded: €19.99 — " + MERCHANT,
                "partially_refunded", "Payment partially refunded: €19.99 — " + MERCHANT,
                "canceled", "Payment canceled: €19.99 — " + MERCHANT);
        Map<String, String> labels = Map.of("succeeded", "Received", "failed", "Failed", "refunded", "Refunded",
                "partially_refunded", "Partially refunded", "canceled", "Canceled");
        Map<String, String> txns = new java.util.TreeMap<>();
        for (String status : subjects.keySet()) {
            String t = LocalSystemIT.txn();
            txns.put(status, t);
            var r = local.webhook(event(t, status, 1999, "EUR", "cus_" + status, status.replace('_', '-') + "@example.com", "visa 4242"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        for (var e : txns.entrySet()) {
            String status = e.getKey();
            String t = e.getValue();
            MimeMessage m = theConfirmation(t);
            assertThat(m.getSubject()).as(status).isEqualTo(subjects.get(status));
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo(status.replace('_', '-') + "@example.com");
            MimeMultipart parts = (MimeMultipart) m.getContent();
            assertThat(m.getContentType()).startsWith("multipart/alternative;");
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
            assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
            String text = Mailbox.text(m);
            String html = Mailbox.html(m);
            assertThat(text).as(status).contains("Merchant:       " + MERCHANT).contains("Amount:         €19.99")
                    .contains("Status:         " + labels.get(status)).contains("Payment method: visa 4242").contains("Transaction:    " + t);
            assertThat(html).as(status).contains("Zoë&#39;s Books &amp; Café").doesNotContain(MERCHANT)
                    .contains("<strong>€19.99</strong>").contains(">visa 4242<").contains("<code>" + t + "</code>")
                    .contains(">" + labels.get(status) + "<");
        }
    }

    @Test
    void theFileIsTheMessageSesWouldSendByteForByteWhereSesFixesTheBytes() throws Exception {
        String t = LocalSystemIT.txn();
        assertThat(local.webhook(event(t, "succeeded", 1999, "EUR", "cus_raw", "raw@example.com", "visa 4242")).status()).isEqualTo(200);
        theConfirmation(t);
        String raw = Mailbox.raw(theFile(t));
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        List<String> names = head.lines().filter(l -> !l.startsWith(" ") && !l.startsWith("\t")).map(l -> l.substring(0, l.indexOf(':'))).toList();
        // the sink's own Received/Return-Path lines (a receiving MTA adds them) may come first; then SES's order
        List<String> ses = names.subList(names.indexOf("From"), names.size());
        assertThat(ses).containsExactly("From", "To", "Subject", "MIME-Version", "Content-Type", "X-Payhook-Status", "X-Payhook-Provider",
                "X-Payhook-Currency", "X-Payhook-Notification-Id", "X-Payhook-Transaction-Id", "Message-ID", "Date");
        assertThat(head).contains("From: payhook <no-reply@payhook.local>\r\nTo: raw@example.com\r\nSubject: =?UTF-8?")
                .containsPattern("\r\nContent-Type: multipart/alternative; \r\n\tboundary=\"----=_Part_\\d+_\\d+\\.\\d+\"")
                .containsPattern("\r\nMessage-ID: <01000[0-9a-f]{11}-[0-9a-f-]{36}-000000@email\\.amazonses\\.com>")
                .containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        int textAt = body.indexOf("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
        int htmlAt = body.indexOf("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
        assertThat(textAt).as("the text part, UTF-8, quoted-printable (€ is not ASCII)").isPositive();
        assertThat(htmlAt).as("the HTML part after it").isGreaterThan(textAt);
        assertThat(raw.lines()).allSatisfy(l -> assertThat(l.length()).as("SMTP line length").isLessThanOrEqualTo(998));
        // the id the sender recorded is the Message-ID's (SES's SendEmail answer), as bounce and complaint events name it
        String messageId = SmtpNotifier.sesMessageIdOf(Mailbox.read(theFile(t)).getHeader("Message-ID", null));
        assertThat(local.system().store().load(t).orElseThrow().notifications().get(0).messageId()).isEqualTo(messageId);
    }

    @Test
    void amountsInEachCurrencysOwnFormat() throws Exception {
        record Case(long minor, String currency, String shown) {}
        for (Case c : List.of(new Case(123456, "EUR", "€1,234.56"), new Case(4200, "JPY", "JP¥4,200"), new Case(1250, "KWD", "KWD\u00a01.250"))) {
            String t = LocalSystemIT.txn();
            assertThat(local.webhook(event(t, "succeeded", c.minor(), c.currency(), "cus_amount", "amount@example.com", "visa 4242")).status())
                    .isEqualTo(200);
            MimeMessage m = theConfirmation(t);
            assertThat(m.getSubject()).isEqualTo("Payment received: " + c.shown() + " — " + MERCHANT);
            assertThat(Mailbox.text(m)).contains("Amount:         " + c.shown() + "\n");
            assertThat(Mailbox.html(m)).contains("<strong>" + c.shown() + "</strong>");
            assertThat(Mailbox.header(m, "X-Payhook-Currency")).isEqualTo(c.currency());
        }
    }

    @Test
    void noCardDataAndNothingOfAnotherCustomer() throws Exception {
        String mine = LocalSystemIT.txn();
        String theirs = LocalSystemIT.txn();
        // a full card number in the payload (a sender's mistake): the email shows brand and last 4 only
        assertThat(local.webhook(event(mine, "succeeded", 2500, "EUR", "cus_mine_7x", "mine@example.com", "4111111111111111")).status())
                .isEqualTo(200);
        assertThat(local.webhook(event(theirs, "succeeded", 9900, "EUR", "cus_theirs_9y", "theirs@example.com", "mastercard 5454")).status())
                .isEqualTo(200);
        MimeMessage m = theConfirmation(mine);
        theConfirmation(theirs);
        String raw = Mailbox.raw(theFile(mine));
        String decoded = Mailbox.text(m) + Mailbox.html(m) + m.getSubject();
        for (String s : new String[] {raw, decoded}) {
            assertThat(s).doesNotContain("4111111111111111").doesNotContain("4111 1111 1111 1111")
                    .doesNotContain(theirs).doesNotContain("theirs@example.com").doesNotContain("cus_theirs_9y").doesNotContain("99.00")
                    .doesNotContain("5454")
                    .doesNotContain("cus_mine_7x"); // the customer id is not for the customer's eyes either
        }
        assertThat(Mailbox.text(m)).contains("Payment method: visa ****1111\n").contains("€25.00").contains(mine);
        assertThat(decoded).doesNotContain("411111");
    }
}

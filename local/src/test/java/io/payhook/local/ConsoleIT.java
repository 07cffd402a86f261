package io.payhook.local;

import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real browser (Debian's Chromium, headless, through Selenium) against a local system the
 * test starts: search by filter and by id, a transaction's page, re-send with a reason and a confirmation until the new
 * notification is SENT, a dead-lettered notification redriven, keyboard-only use of the search page, the overview's
 * charts and health, and no error in the browser's console. Skipped, saying why, where Chromium is not installed.
 * {@code -Dpayhook.console.screenshots=docs/console} saves the screenshots docs/CONSOLE.md shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String RUN = Long.toString(System.nanoTime(), 36);
    static final String MERCHANT = "shop-console-" + RUN;

    @RegisterExtension
    @org.junit.jupiter.api.Order(1)
    static final Chromium browser = new Chromium();

    @RegisterExtension
    @org.junit.jupiter.api.Order(2)
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.WARN)
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2));

    static final List<String> succeeded = new ArrayList<>();
    static String refunded;

    /** A generic-format event of {@code txn} for {@link #MERCHANT}, with a customer email (so a confirmation is sent). */
    static void deliver(String txn, String status, long amount) { deliver(txn, status, amount, "console@example.com"); }

    static void deliver(String txn, String status, long amount, String email) {
        String json = "{\"event_id\":\"evt_" + txn + "_" + status + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + status
                + "\",\"status\":\"" + status + "\",\"amount\":{\"value\":" + amount + ",\"currency\":\"EUR\"},"
                + "\"customer_id\":\"cus_console\",\"customer_email\":\"" + email + "\",\"payment_method\":\"visa 4242\","
                + "\"merchant\":\"" + MERCHANT + "\",\"occurred_at\":\"" + Instant.now() + "\"}";
        var r = local.webhook(json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @BeforeAll
    static void seed() {
        if (Chromium.missing() != null) return; // each test is skipped, saying why
        for (int i = 0; i < 2; i++) {
            String t = "txn_console_" + RUN + "_ok" + i;
            deliver(t, "succeeded", 1999 + i);
            succeeded.add(t);
        }
        refunded = "txn_console_" + RUN + "_refunded";
        deliver(refunded, "succeeded", 500);
        deliver(refunded, "refunded", 500);
        // a delivery refused for its signature: counted on the failures and overview pages
        var bad = local.client().webhook(io.payhook.testkit.SampleDeliveries.signGeneric("{\"event_id\":\"x\"}", "not-the-secret", Instant.now()));
        assertThat(bad.status()).isEqualTo(401);
        Eventually.await("the three transactions searchable", WAIT, () ->
                local.client().get("/transactions?merchant=" + MERCHANT).json().path("transactions").size() == 3);
    }

    static ChromeDriver driver() { return browser.driver(); }

    static void open(String hash) {
        driver().get(local.system().consoleUrl() + hash);
    }

    static <T> T until(Function<WebDriver, T> condition) {
        // a page re-renders while it loads: an element found a moment ago may be gone, look again
        return new WebDriverWait(driver(), WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    static WebElement visible(By by) { return until(ExpectedConditions.visibilityOfElementLocated(by)); }

    static WebElement active() { return driver().switchTo().activeElement(); }

    /** Presses Tab until the focused element satisfies {@code what}, at most {@code max} times; fails otherwise. */
    static WebElement tabTo(String what, int max, java.util.function.Predicate<WebElement> target) {
        for (int i = 0; i < max; i++) {
            new Actions(driver()).sendKeys(Keys.TAB).perform();
            WebElement a = active();
            if (target.test(a)) return a;
        }
        throw new AssertionError("Tab never reached " + what + " in " + max + " presses");
    }

    static List<String> column(String tableSelector, int index) {
        return driver().findElements(By.cssSelector(tableSelector + " tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).get(index).getText()).toList();
    }

    @Test
    @Order(1)
    void searchByMerchantAndStatusThenOpenATransaction() {
        open("#/search");
        visible(By.id("f-merchant")).sendKeys(MERCHANT);
        driver().findElement(By.cssSelector("input[name=status][value=SUCCEEDED]")).click();
        driver().findElement(By.id("search-button")).click();
        until(d -> d.getCurrentUrl().contains("merchant=" + MERCHANT) && column("#results", 0).size() == 2);
        assertThat(column("#results", 0)).containsExactlyInAnyOrderElementsOf(succeeded);
        assertThat(column("#results", 1)).containsOnly("SUCCEEDED");
        assertThat(column("#results", 2)).containsExactlyInAnyOrder("€19.99", "€20.00");
        browser.documentation("search");

        driver().findElement(By.linkText(succeeded.get(0))).click();
        visible(By.id("facts"));
        String facts = driver().findElement(By.id("facts")).getText();
        assertThat(facts).contains("SUCCEEDED").contains("€19.99").contains("generic").contains(MERCHANT).contains("visa 4242")
                .contains("cus_console").doesNotContain("console@example.com");
        // times in the browser's zone, the UTC instant on hover
        WebElement created = driver().findElement(By.cssSelector("#facts time"));
        assertThat(created.getAttribute("title")).startsWith("UTC ");
        assertThat(created.getAttribute("datetime")).endsWith("Z");
        until(d -> !d.findElements(By.cssSelector("#audit-table tbody tr")).isEmpty());
        assertThat(driver().findElement(By.id("audit-table")).getText()).contains("payhook-local-access-key").contains("get");
    }

    @Test
    @Order(2)
    void openATransactionByItsIdAndSeeAnUnknownOneRefused() {
        open("#/search");
        visible(By.id("open-id")).sendKeys(refunded, Keys.ENTER);
        until(d -> d.findElements(By.id("facts")).size() == 1);
        assertThat(driver().findElement(By.tagName("h1")).getText()).contains(refunded);
        assertThat(driver().findElement(By.id("facts")).getText()).contains("REFUNDED").contains("€5.00");
        assertThat(column("#timeline-table", 0)).contains("Event payment.succeeded", "Event payment.refunded");

        open("#/search");
        visible(By.id("open-id")).sendKeys("txn_no_such_" + RUN, Keys.ENTER);
        WebElement error = visible(By.cssSelector("main .error"));
        // the sentence of the API's JSON error, not a code or a status line
        String expected = local.client().get("/transactions/txn_no_such_" + RUN).json().path("message").asText();
        assertThat(error.getText()).isEqualTo(expected);
    }

    @Test
    @Order(3)
    void reSendWithAReasonAndAConfirmationThenWatchItReachSent() {
        String txn = succeeded.get(1);
        Eventually.await("the first confirmation sent", WAIT, () ->
                local.client().get("/transactions/" + txn).json().path("notifications").path(0).path("status").asText().equals("SENT"));
        open("#/transactions/" + txn);
        visible(By.id("resend-open")).click();
        WebElement dialog = visible(By.id("resend-dialog"));
        driver().findElement(By.id("resend-continue")).click();
        assertThat(visible(By.id("resend-reason-error")).getText()).isEqualTo("Give a reason.");
        driver().findElement(By.id("resend-reason")).sendKeys("customer asked for a copy");
        driver().findElement(By.id("resend-continue")).click();
        assertThat(visible(By.id("resend-confirm-text")).getText()).contains(txn).contains("customer asked for a copy");
        driver().findElement(By.id("resend-confirm")).click();
        until(ExpectedConditions.invisibilityOf(dialog));

        WebElement progress = visible(By.id("resend-progress"));
        until(d -> progress.getText().contains("is SENT"));
        String notification = progress.findElement(By.cssSelector(".mono")).getText();
        WebElement row = visible(By.cssSelector("#timeline-table tr[data-notification='" + notification + "']"));
        assertThat(row.getText()).contains("SENT").contains("reason: customer asked for a copy");
        until(d -> d.findElement(By.id("audit-table")).getText().contains("notify"));
        browser.documentation("transaction");
    }

    @Test
    @Order(4)
    void keyboardOnlySearchThenOpenAResult() {
        driver().get("about:blank"); // a fresh load: the focus starts at the top of the document
        open("#/search");
        visible(By.id("f-merchant"));
        WebElement skip = tabTo("the skip link", 3, e -> "skip-link".equals(e.getAttribute("id")));
        assertThat(skip.getText()).isEqualTo("Skip to content");
        tabTo("the transaction id box", 10, e -> "open-id".equals(e.getAttribute("id")));
        tabTo("the merchant filter", 5, e -> "f-merchant".equals(e.getAttribute("id"))).sendKeys(MERCHANT);
        WebElement refundedBox = tabTo("the REFUNDED status", 40, e -> "REFUNDED".equals(e.getAttribute("value")));
        new Actions(driver()).sendKeys(Keys.SPACE).perform();
        assertThat(refundedBox.isSelected()).isTrue();
        new Actions(driver()).sendKeys(Keys.ENTER).perform(); // submits the form from the checkbox
        until(d -> column("#results", 0).equals(List.of(refunded)));
        until(d -> "results-heading".equals(active().getAttribute("id"))); // the focus goes to the results
        WebElement link = tabTo("the result's link", 3, e -> refunded.equals(e.getText()) && "a".equals(e.getTagName()));
        link.sendKeys(Keys.ENTER);
        until(d -> d.findElements(By.id("facts")).size() == 1);
        // the page moves the focus once it has finished loading (its audit trail too): wait for that, then check it
        until(d -> !"body".equals(active().getTagName()));
        assertThat(active().getTagName()).as("the focus moves to the page's heading").isEqualTo("h1");
        assertThat(active().getText()).contains(refunded);
    }

    @Test
    @Order(5)
    void aDeadLetteredNotificationIsListedAndRedrivenBesideABouncedOne() {
        String bounced = "txn_console_" + RUN + "_bounce";
        deliver(bounced, "succeeded", 300, "bounce@simulator.amazonses.com"); // SES's mailbox simulator bounces it
        Eventually.await("the notification BOUNCED", WAIT, () ->
                local.client().get("/transactions/" + bounced).json().path("notifications").path(0).path("status").asText().equals("BOUNCED"));
        String txn = "txn_console_" + RUN + "_dlq";
        local.system().stopMail();
        try {
            deliver(txn, "succeeded", 4200);
            Eventually.await("the notification FAILED after its retries", WAIT, () ->
                    local.client().get("/transactions/" + txn).json().path("notifications").path(0).path("status").asText().equals("FAILED"));
        } finally {
            local.system().startMail();
        }
        // FAILED is recorded by the last attempt; the queue moves the message to the DLQ at its next receive, after its
        // visibility timeout: a redrive before that finds nothing to move
        Eventually.await("the message dead-lettered", WAIT, () -> FailuresIT.depth(local.system(), local.system().queues().dlqUrl()) == 1);
        open("#/failures");
        until(d -> d.findElements(By.cssSelector("#dlq-table")).size() == 1 && column("#dlq-table", 0).contains(txn));
        assertThat(driver().findElement(By.id("dlq-count")).getText()).contains("dead-letter queue");
        assertThat(driver().findElement(By.id("refused-table")).getText()).contains("generic");
        until(d -> !d.findElements(By.id("feedback-table")).isEmpty());
        assertThat(column("#feedback-table", 0)).contains(bounced);
        assertThat(driver().findElement(By.id("feedback-table")).getText()).contains("BOUNCED");
        browser.documentation("failures");

        driver().findElement(By.id("redrive-open")).click();
        assertThat(visible(By.id("redrive-reason-error")).getText()).isEqualTo("Give a reason.");
        driver().findElement(By.id("redrive-reason")).sendKeys("mail relay back");
        driver().findElement(By.id("redrive-open")).click();
        visible(By.id("redrive-confirm")).click();
        until(d -> d.findElement(By.id("redrive-progress")).getText().contains("completed"));
        Eventually.await("the redriven notification SENT", WAIT, () ->
                local.client().get("/transactions/" + txn).json().path("notifications").path(0).path("status").asText().equals("SENT"));
        open("#/failures");
        until(d -> d.findElement(By.id("dlq-count")).getText().startsWith("None"));
    }

    @Test
    @Order(6)
    void theOverviewShowsChartsPerProviderAndTheHealth() {
        open("#/overview");
        WebElement health = visible(By.id("health-components"));
        assertThat(health.getText()).contains("Table (DynamoDB) up").contains("Queue (SQS) up").contains("Mail channel up");
        WebElement received = visible(By.id("chart-received"));
        assertThat(received.findElements(By.tagName("polyline"))).isNotEmpty();
        assertThat(received.findElement(By.cssSelector(".legend")).getText()).contains("generic: ");
        assertThat(visible(By.id("chart-refused")).findElement(By.cssSelector(".legend")).getText()).contains("generic: 1");
        assertThat(visible(By.id("chart-notified")).findElement(By.cssSelector(".legend")).getText()).contains("sent: ");
        browser.documentation("overview");
    }

    @Test
    @Order(7)
    void theSameConsoleInProxyModeSignedWithTheOperatorsCredentials() throws Exception {
        var credentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(local.config().accessKeyId(), local.config().secretAccessKey()));
        try (var proxy = io.payhook.local.console.ConsoleServer.proxy(java.net.URI.create(local.system().url()), local.config().region(),
                credentials, java.time.Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + proxy.listen(0) + "/console/";
            driver().get(base + "#/search?merchant=" + MERCHANT);
            until(d -> column("#results", 0).containsAll(succeeded) && column("#results", 0).contains(refunded));
            assertThat(driver().findElement(By.id("mode")).getText()).contains("your AWS credentials");
            visible(By.id("open-id")).sendKeys(refunded, Keys.ENTER);
            until(d -> d.findElements(By.id("facts")).size() == 1);
            assertThat(driver().findElement(By.id("facts")).getText()).contains("REFUNDED");
            driver().get(base + "#/overview");
            WebElement charts = visible(By.cssSelector("#charts .error"));
            assertThat(charts.getText()).contains("CloudWatch");
            assertThat(visible(By.id("health-components")).getText()).contains("up");
        }
    }

    @Test
    @Order(8)
    void aHighRiskPaymentIsFoundByItsRiskAndShowsItsReasons() {
        // 15,000.00 EUR: above the default 10,000.00 threshold (docs/RISK.md), screened from the stream
        String risky = "txn_console_" + RUN + "_risky";
        String merchant = MERCHANT + "-risk";
        var r = local.webhook(("{\"event_id\":\"evt_" + risky + "\",\"transaction_id\":\"" + risky + "\",\"type\":\"payment.succeeded\","
                + "\"status\":\"succeeded\",\"amount\":{\"value\":1500000,\"currency\":\"EUR\"},\"customer_id\":\"cus_console_risk\","
                + "\"payment_method\":\"visa 4242\",\"merchant\":\"" + merchant + "\",\"occurred_at\":\"" + Instant.now() + "\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Eventually.await("the payment screened and searchable by risk", WAIT, () ->
                local.client().get("/transactions?risk=high&merchant=" + merchant).json().path("transactions").size() == 1);
        open("#/search");
        visible(By.id("f-merchant")).sendKeys(merchant);
        driver().findElement(By.cssSelector("input[name=risk][value=high]")).click();
        driver().findElement(By.id("search-button")).click();
        until(d -> d.getCurrentUrl().contains("risk=high") && column("#results", 0).equals(List.of(risky)));
        assertThat(column("#results", 6)).containsExactly("high");
        driver().findElement(By.linkText(risky)).click();
        until(d -> d.findElements(By.id("facts")).size() == 1 && d.findElement(By.id("facts")).getText().contains("Risk"));
        assertThat(driver().findElement(By.id("facts")).getText()).contains("high").contains("amount_large");
    }

    @Test
    @Order(100)
    void noErrorInTheBrowserConsole() {
        // the one error the pages provoke on purpose is the API's own 404 for an unknown transaction (shown as its sentence)
        // "no redrive yet", a 404 of GET /notifications/redrive, and the overview's 501 in proxy mode
        assertThat(browser.errors(m -> (m.contains("/console/api/transactions/txn_no_such_") || m.contains("/console/api/notifications/redrive")) && m.contains("404")
                || m.contains("/console/api/overview") && m.contains("501")))
                .as("SEVERE entries of the browser's console").isEmpty();
    }
}

package io.payhook.local.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRoutesTest {
    @ParameterizedTest
    @CsvSource({
            "GET, /transactions, FORWARD",
            "GET, /transactions/pi_3PayhookDemo0001, FORWARD",
            "GET, /transactions/order%2042, FORWARD",
            "POST, /transactions/order-42/notify, FORWARD",
            "GET, /audit, FORWARD",
            "GET, /health, FORWARD",
            "GET, /notifications, FORWARD",
            "POST, /notifications/redrive, FORWARD",
            "GET, /notifications/redrive, FORWARD",
            "POST, /notifications/replay, FORWARD",
            "GET, /notifications/replay/job_1, FORWARD",
            "POST, /transactions, WRONG_METHOD",
            "DELETE, /transactions/x, WRONG_METHOD",
            "GET, /transactions/x/notify, WRONG_METHOD",
            "POST, /webhooks/payment, NOT_ALLOWED",
            "GET, /metrics, NOT_ALLOWED",
            "POST, /_local/replay, NOT_ALLOWED",
            "GET, /transactions/, NOT_ALLOWED",
            "GET, /transactions/.., NOT_ALLOWED",
            "GET, /transactions/., NOT_ALLOWED",
            "GET, /transactions/%2e%2E, NOT_ALLOWED",
            "GET, /transactions/a%2Fb, NOT_ALLOWED",
            "GET, /transactions/a%5cb, NOT_ALLOWED",
            "GET, /transactions/a/b, NOT_ALLOWED",
            "GET, //evil.example/transactions, NOT_ALLOWED",
            "GET, /transactions/x/../../_local/replay, NOT_ALLOWED",
            "GET, '', NOT_ALLOWED",
    })
    void onlyTheListedRoutesAreForwarded(String method, String path, ConsoleRoutes.Verdict verdict) {
        assertThat(ConsoleRoutes.check(method, path)).isEqualTo(verdict);
    }
}

package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console of {@code serve} over plain HTTP: the headers of its pages (CSP without inline script, frames denied,
 * no referrer), its session and CSRF checks, the loopback-only Host check, the allowlist of forwarded routes, that its
 * calls are real API calls audited under the local access key id, and the overview's counts.
 */
class ConsoleHttpIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.ERROR)
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(2));

    ConsoleHttp console;

    @BeforeEach
    void open() { console = new ConsoleHttp(local.system().url()).open(); }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body());
        }
    }

    static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asText()).isEqualTo(code);
        assertThat(json(r).path("message").asText()).isNotBlank();
        assertSecurityHeaders(r);
    }

    @Test
    void thePageAndItsAssetsCarryTheSecurityHeadersAndNoInlineScriptOrStyle() {
        HttpResponse<String> page = console.get("/console/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertSecurityHeaders(page);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
                .matches("payhook_console=[A-Za-z0-9_-]{43}; Path=/console/; HttpOnly; SameSite=Strict");
        String html = page.body();
        // every script is a file of the console (CSP script-src 'self'), no inline handler, style or script
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        int n = 0;
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=\"");
            n++;
        }
        assertThat(n).isEqualTo(1);
        assertThat(html).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern(" on[a-z]+=");

        for (String asset : List.of("app.js", "api.js", "dom.js", "search.js", "transaction.js", "failures.js", "overview.js", "chart.js")) {
            HttpResponse<String> js = console.get("/console/" + asset, Map.of());
            assertThat(js.statusCode()).as(asset).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertSecurityHeaders(js);
            assertThat(js.body()).as(asset + " writes no HTML from strings").doesNotContain("innerHTML").doesNotContain("eval(");
        }
        assertThat(console.get("/console/style.css", Map.of()).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertRefused(console.get("/console/nope.js", Map.of()), 404, "route_not_found");
        assertRefused(console.get("/console/..%2Fpom.xml", Map.of()), 404, "route_not_found");
        assertRefused(console.get("/console/../../etc/passwd", Map.of()), 404, "route_not_found");
        HttpResponse<String> bare = console.get("/console", Map.of());
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void theApiNeedsTheSessionCookieAndNeverGivesOutASecret() {
        assertRefused(console.get("/console/api/transactions", Map.of()), 401, "console_session_required");
        assertRefused(console.get("/console/api/session", Map.of("Cookie", "payhook_console=forged")), 401, "console_session_required");
        HttpResponse<String> session = console.getWithSession("/console/api/session");
        assertThat(session.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(session).path("mode").asText()).isEqualTo("local");
        assertThat(session.body()).doesNotContain(local.config().secretAccessKey()).doesNotContain(local.config().accessKeyId());
    }

    @Test
    void aChangeNeedsTheSessionsTokenAndTheConsolesOwnOrigin() throws Exception {
        String t = LocalSystemIT.txn();
        assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", "c@example.com")).status()).isEqualTo(200);
        String path = "/console/api/transactions/" + t + "/notify";
        String body = "{\"reason\":\"console test\"}";
        Eventually.await("the automatic notification requested", Duration.ofSeconds(30), () ->
                local.client().get("/transactions/" + t).json().path("notifications").size() == 1);

        Map<String, String> noToken = new LinkedHashMap<>(console.sameOrigin());
        noToken.remove("X-Payhook-Console-Token");
        assertRefused(console.post(path, noToken, body), 403, "csrf_token_invalid");
        Map<String, String> wrongToken = new LinkedHashMap<>(console.sameOrigin());
        wrongToken.put("X-Payhook-Console-Token", console.token.substring(1) + "A");
        assertRefused(console.post(path, wrongToken, body), 403, "csrf_token_invalid");
        Map<String, String> otherOrigin = new LinkedHashMap<>(console.sameOrigin());
        otherOrigin.put("Origin", "http://evil.example");
        assertRefused(console.post(path, otherOrigin, body), 403, "cross_origin_refused");
        Map<String, String> noOrigin = new LinkedHashMap<>(console.sameOrigin());
        noOrigin.remove("Origin");
        assertRefused(console.post(path, noOrigin, body), 403, "cross_origin_refused");
        noOrigin.put("Sec-Fetch-Site", "cross-site");
        assertRefused(console.post(path, noOrigin, body), 403, "cross_origin_refused");
        // another session's token is not this one's
        ConsoleHttp other = new ConsoleHttp(local.system().url()).open();
        Map<String, String> othersToken = new LinkedHashMap<>(console.sameOrigin());
        othersToken.put("X-Payhook-Console-Token", other.token);
        assertRefused(console.post(path, othersToken, body), 403, "csrf_token_invalid");
        assertThat(local.client().get("/transactions/" + t).json().path("notifications").size())
                .as("nothing refused was forwarded").isEqualTo(1);

        HttpResponse<String> ok = console.post(path, console.sameOrigin(), body);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        String notification = json(ok).path("notification_id").asText();
        Map<String, String> fetchSite = new LinkedHashMap<>(noOrigin);
        fetchSite.put("Sec-Fetch-Site", "same-origin");
        assertThat(console.post(path, fetchSite, body).statusCode()).isEqualTo(202);

        // a real API call: the notification exists, and the audit trail has it under the local access key id
        var n = local.client().get("/transactions/" + t).json().path("notifications");
        assertThat(n.findValuesAsText("notification_id")).contains(notification);
        var records = local.client().get("/audit?transaction_id=" + t).json().path("records");
        assertThat(records.findValuesAsText("action")).contains("notify");
        assertThat(records.findValuesAsText("principal")).containsOnly(local.config().accessKeyId());
    }

    @Test
    void onlyThePayhookRoutesOfTheListAreForwarded() {
        Map<String, String> h = console.sameOrigin();
        assertRefused(console.post("/console/api/webhooks/payment", h, "{}"), 404, "route_not_allowed");
        assertRefused(console.post("/console/api/_local/replay?since=2026-01-01T00:00:00Z", h, "{}"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api/metrics"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api/transactions/x/../../_local/replay"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api/transactions/%2E%2E"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api/transactions/a%2Fb"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api//evil.example/transactions"), 404, "route_not_allowed");
        assertRefused(console.getWithSession("/console/api/http://evil.example/transactions"), 404, "route_not_allowed");
        assertRefused(console.send("DELETE", "/console/api/transactions/x", h, null), 405, "method_not_allowed");
        assertRefused(console.post("/console/api/transactions/x/notify", h, "x".repeat(20_000)), 413, "payload_too_large");
        // the API's own answers come back as they are: its error sentence, its status
        HttpResponse<String> unknown = console.getWithSession("/console/api/transactions/txn_unknown_console");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void aHostOtherThanTheLoopbackGetsNothing() {
        // a page of another site that points its name at 127.0.0.1 (DNS rebinding) sends its own name as Host
        String page = ConsoleHttp.rawGet(local.system().port(), "/console/", "evil.example:" + local.system().port());
        assertThat(page).startsWith("HTTP/1.1 403").contains("host_not_allowed").doesNotContain("Set-Cookie");
        String api = ConsoleHttp.rawGet(local.system().port(), "/console/api/transactions", "evil.example");
        assertThat(api).startsWith("HTTP/1.1 403").contains("host_not_allowed");
        assertThat(ConsoleHttp.rawGet(local.system().port(), "/console/", "localhost:" + local.system().port())).startsWith("HTTP/1.1 200");
    }

    @Test
    void theOverviewCountsWhatTheServerReceivedAndRefused() {
        String t = LocalSystemIT.txn();
        assertThat(local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", null)).status()).isEqualTo(200);
        var bad = local.client().webhook(io.payhook.testkit.SampleDeliveries.signGeneric("{}", "not-the-secret", java.time.Instant.now()));
        assertThat(bad.status()).isEqualTo(401);
        JsonNode o = json(console.getWithSession("/console/api/overview"));
        assertThat(o.path("mode").asText()).isEqualTo("local");
        long received = 0;
        for (JsonNode v : o.path("series").path("received").path("generic")) received += v.asLong();
        assertThat(received).isGreaterThanOrEqualTo(1);
        assertThat(o.path("times").size()).isEqualTo(o.path("series").path("received").path("generic").size());
        assertThat(o.path("refused_last_hour").findValuesAsText("provider")).contains("generic");
        assertThat(o.path("refused_last_hour").toString()).contains(bad.json().path("error").asText());
    }
}

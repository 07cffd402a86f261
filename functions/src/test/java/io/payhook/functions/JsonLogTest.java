package io.payhook.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The log's own defence: whatever a caller passes, no email, card number or secret is written. */
class JsonLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        JsonLog.setOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        JsonLog.setLevel(JsonLog.Level.INFO);
    }

    @AfterEach
    void restore() {
        JsonLog.setOutput(System.out);
        JsonLog.setLevel(JsonLog.Level.INFO);
        JsonLog.setClock(Clock.systemUTC());
        JsonLog.setEnvironment(null);
    }

    List<JsonNode> lines() {
        return buffer.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }

    @Test
    void aLineIsOneJsonObjectWithTheCallersFields() {
        JsonLog.info("event stored", "provider", "generic", "transaction_id", "txn_1", "event_id", "evt_1", "status", "SUCCEEDED", "skipped", null);
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        JsonNode l = lines.get(0);
        assertThat(l.get("level").asText()).isEqualTo("INFO");
        assertThat(l.get("service").asText()).isEqualTo("payhook");
        assertThat(l.get("message").asText()).isEqualTo("event stored");
        assertThat(l.get("provider").asText()).isEqualTo("generic");
        assertThat(l.get("transaction_id").asText()).isEqualTo("txn_1");
        assertThat(l.get("event_id").asText()).isEqualTo("evt_1");
        assertThat(l.has("skipped")).isFalse();
        assertThat(l.get("timestamp").asText()).isNotBlank();
    }

    @Test
    void theTimestampComesFromTheInjectedClockAndEveryLineNamesTheEnvironment() {
        JsonLog.setClock(Clock.fixed(Instant.parse("2026-12-02T10:15:30.123Z"), ZoneOffset.UTC));
        JsonLog.setEnvironment("prod");
        JsonLog.info("one");
        JsonLog.warn("two", "k", "v");
        assertThat(lines()).hasSize(2).allSatisfy(l -> {
            assertThat(l.get("timestamp").asText()).isEqualTo("2026-12-02T10:15:30.123Z");
            assertThat(l.get("env").asText()).isEqualTo("prod");
        });
    }

    @Test
    void cardNumbersAreMaskedInEveryValueAndInTheMessage() {
        JsonLog.warn("request refused for 4111 1111 1111 1111", "path", "/transactions/5555555555554444",
                "error", "card 378282246310005 declined", "detail", "6011-1111-1111-1117");
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("4111 1111 1111 1111").doesNotContain("4111111111111111")
                .doesNotContain("5555555555554444").doesNotContain("378282246310005")
                .doesNotContain("6011-1111-1111-1117").doesNotContain("6011111111111117");
        JsonNode l = lines().get(0);
        assertThat(l.get("message").asText()).isEqualTo("request refused for 411111******1111");
        assertThat(l.get("path").asText()).isEqualTo("/transactions/555555******4444");
        assertThat(l.get("error").asText()).isEqualTo("card 378282*****0005 declined");
        assertThat(l.get("detail").asText()).isEqualTo("601111******1117");
    }

    @Test
    void emailAddressesAreMasked() {
        JsonLog.error("could not send to leak-3f9a@example.com", "recipient", "leak-3f9a@example.com",
                "note", "cc: other.person+tag@example.com, done");
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("leak-3f9a@example.com").doesNotContain("other.person+tag@example.com").doesNotContain("@example.com");
        JsonNode l = lines().get(0);
        assertThat(l.get("message").asText()).isEqualTo("could not send to [email]");
        assertThat(l.get("recipient").asText()).isEqualTo("[email]");
        assertThat(l.get("note").asText()).isEqualTo("cc: [email], done");
    }

    @Test
    void valuesUnderSecretLikeKeysAreRedacted() {
        JsonLog.warn("refused", "secret", "whsec_test_not_a_real_secret", "Payhook-Signature", "t=1,v1=" + "ab".repeat(32),
                "authorization", "AWS4-HMAC-SHA256 Credential=x", "api_key", "k-123", "request_id", "req-1");
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("whsec_test_not_a_real_secret").doesNotContain("ab".repeat(32))
                .doesNotContain("AWS4-HMAC-SHA256").doesNotContain("k-123");
        JsonNode l = lines().get(0);
        assertThat(l.get("secret").asText()).isEqualTo("[redacted]");
        assertThat(l.get("Payhook-Signature").asText()).isEqualTo("[redacted]");
        assertThat(l.get("request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void idsKeepNumericProviderReferencesThatAreNotCardNumbers() {
        // a 16-digit, Luhn-valid reference outside the card ranges (like Adyen pspReferences): ids are
        // checked with the card-scheme rule at ingest, and the log shows the id as it is stored
        String ref = "8800000000001235";
        assertThat(io.payhook.core.protection.CardData.isLuhnValid(ref)).isTrue();
        JsonLog.info("event stored", "transaction_id", ref, "note", ref);
        JsonNode l = lines().get(0);
        assertThat(l.get("transaction_id").asText()).isEqualTo(ref);
        assertThat(l.get("note").asText()).isEqualTo("880000******1235");
    }

    @Test
    void longValuesAreCutAndControlCharactersStayEscaped() {
        JsonLog.warn("refused", "path", "/x".repeat(5_000), "error", "line1\nline2\u0000");
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().count()).isEqualTo(1);
        JsonNode l = lines().get(0);
        assertThat(l.get("path").asText()).hasSize(JsonLog.MAX_VALUE + "…[truncated]".length()).endsWith("…[truncated]");
        assertThat(l.get("error").asText()).isEqualTo("line1\nline2\u0000");
    }

    @Test
    void belowTheThresholdNothingIsWritten() {
        JsonLog.setLevel(JsonLog.Level.WARN);
        JsonLog.info("not written", "transaction_id", "txn_1");
        JsonLog.warn("written", "transaction_id", "txn_1");
        assertThat(lines()).extracting(l -> l.get("message").asText()).containsExactly("written");
    }
}

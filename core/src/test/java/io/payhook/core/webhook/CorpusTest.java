package io.payhook.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.CardData;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.webhook.adyen.AdyenProvider;
import io.payhook.core.webhook.standardwebhooks.StandardWebhooksProvider;
import io.payhook.testkit.Signatures;
import io.payhook.testkit.samples.AdyenSamples;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The corpus: payloads copied byte for byte from the providers' own public repositories
 * ({@code corpus/<provider>/}, each file's source in {@code SOURCES.md} there), each checked against an
 * expectations table written by reading the payload ({@code corpus/<provider>/expected.csv}, one row per
 * file): the transaction, the status or why it is ignored, the amount, the event time with the offset the
 * payload wrote it in, the merchant (or the configured label where the payload names no usable one), and that
 * nothing card-like survives the protection gate.
 *
 * <p>How each file is delivered:
 * <ul>
 *   <li><b>Stripe</b>: signed over its exact bytes with testkit's {@code t=,v1=} and run through the whole
 *       {@link IngestWebhook} (detection, verification, parse, gate, an in-memory store).</li>
 *   <li><b>Standard Webhooks</b>: the two bodies that come with the libraries' published test vectors are
 *       delivered with the vectors' own id, timestamp, signature and secret; the others are signed with testkit.
 *       Whole {@link IngestWebhook}.</li>
 *   <li><b>Adyen</b> (the signature is inside the body): a file whose own {@code hmacSignature} verifies under a
 *       named SDK test key ({@code own:<key>}) runs as it is; a file with no {@code hmacSignature}
 *       ({@code resigned}) runs with one inserted — the one change to its bytes, made here, never in the file;
 *       both through the whole {@link IngestWebhook}. A file whose signature verifies under no known key
 *       ({@code unverifiable:<code>}) is shown to be refused with that code, and its mapping is checked through
 *       {@link AdyenProvider#parse} and {@link ProtectionGate#protect} without the signature step. A body that is
 *       not a standard notification ({@code not_adyen}) is shown not to be taken for one.</li>
 * </ul>
 */
class CorpusTest {
    /** 2026-11-22T10:00:00Z: when the testkit-signed deliveries arrive. */
    static final Instant NOW = Instant.ofEpochSecond(1_795_341_600L);
    static final String STRIPE_SECRET = "whsec_payhook_corpus_test_not_a_real_secret";
    static final String SW_SECRET = "whsec_" + Base64Holder.encode("payhook-corpus-test-key-not-real");
    /** The key the resigned Adyen files are signed with here: an obviously fake pattern. */
    static final String ADYEN_TEST_KEY = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
    /** Every HMAC test key found in Adyen's SDK test suites (research/tools/scan.py), for the files that carry a signature. */
    static final List<String> ADYEN_SDK_KEYS = List.of(
            "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00",
            "9064450A8892A093D9E97EFCC9639DE31B74F3A7803135555A3C96F5A57915D6",
            "74F490DD33F7327BAECC88B2947C011FC02D014A473AAA33A8EC93E4DC069174",
            "11223344D785FBAE710E7F943F307971BB61B21281C98C9129B3D4018A57B2EB",
            "66B61474A0AA3736BA8789EDC6D6CD9EBA0C4F414A554E32A407F849C045C69D",
            "DFB1EB5485295588A7DED4CF1BB4CA24C2B41BFC33C5EA6CA05B2A87F98F1F55",
            "AABBCCDDEEFFAABBCCDDEEFFAABBCCDDEEFFAABBCCDDEEFFAABBCCDDEEFFAABB",
            "D7DD5BA6146493707BF0BE7496F6404EC7A63616B7158EC927B9F54BB436765F");
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    /**
     * The merchant labels the corpus is delivered with, so that a row whose payload names no usable merchant
     * ({@code merchant} {@code -}) shows the label stored in its place — the whole fallback, through the gate.
     */
    static final MerchantLabels LABELS = MerchantLabels.parse("PAYHOOK_MERCHANTS",
            "stripe=corpus-stripe-label,adyen=corpus-adyen-label,standard_webhooks=corpus-sw-label");
    /** What a payment method may be once it passed the gate: a method or brand, and at most the last 4 digits. */
    static final Pattern KEPT_METHOD = Pattern.compile("[a-z0-9_]{1,32}( \\*\\*\\*\\*[0-9]{4})?");

    // --- the table -------------------------------------------------------------------------------

    /** One row of {@code expected.csv}; {@code -} is "none". */
    record Row(String provider, Map<String, String> cols) {
        String get(String name) {
            if (!cols.containsKey(name)) throw new IllegalArgumentException("no column " + name + " in " + provider + "/expected.csv");
            String v = cols.get(name);
            return v.equals("-") ? null : v;
        }

        String file() { return get("file"); }

        @Override public String toString() { return provider + "/" + file(); }
    }

    static Path dir(String provider) {
        try {
            var url = CorpusTest.class.getResource("/corpus/" + provider);
            if (url == null) throw new IllegalStateException("no corpus for " + provider);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String provider, String file) {
        try {
            return Files.readAllBytes(dir(provider).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> table(String provider) {
        List<String> lines = new String(bytes(provider, "expected.csv"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        String[] header = lines.get(0).split(",");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            // the last column (note) is free text and may hold commas
            String[] v = line.split(",", header.length);
            assertThat(v).as("columns of %s", line).hasSize(header.length);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) m.put(header[i], v[i].strip());
            rows.add(new Row(provider, m));
        }
        return rows;
    }

    static Status status(String outcome) {
        return switch (outcome) {
            case "IGNORED", "REFUSED", "NOT_ADYEN" -> null;
            default -> Status.valueOf(outcome);
        };
    }

    static Set<Status> statuses(String list) {
        if (list == null) return Set.of();
        return Arrays.stream(list.split(";")).map(Status::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Status.class)));
    }

    // --- every file has its row and its source ---------------------------------------------------

    @Test
    void everyFileHasOneExpectationRowAndASourcesEntry() throws IOException {
        for (String provider : List.of("stripe", "adyen", "standard_webhooks")) {
            Set<String> files;
            try (Stream<Path> s = Files.list(dir(provider))) {
                files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                        .filter(n -> !n.startsWith("vector_")) // the published test vectors: checked below, not payloads
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            List<String> rows = table(provider).stream().map(Row::file).toList();
            assertThat(rows).as("one row per file in %s/expected.csv", provider).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(rows)).as(provider + " files vs expected.csv").isEqualTo(files);
            String sources = new String(bytes(provider, "SOURCES.md"), StandardCharsets.UTF_8);
            try (Stream<Path> s = Files.list(dir(provider))) {
                for (String f : s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList()) {
                    assertThat(sources).as("%s/SOURCES.md names %s", provider, f).contains("| " + f + " |");
                }
            }
        }
    }

    @Test
    void atLeastFortyFiveOfTheFilesAreRealProviderPayloads() {
        long real = Stream.of("stripe", "adyen", "standard_webhooks").flatMap(p -> table(p).stream())
                .filter(r -> r.get("provenance").equals("real")).count();
        assertThat(real).isGreaterThanOrEqualTo(45);
    }

    // --- Stripe ----------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> stripe() {
        return table("stripe").stream().map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
            byte[] body = bytes("stripe", r.file());
            Map<String, String> headers = Map.of("Content-Type", "application/json",
                    "Stripe-Signature", Signatures.timestampedV1(STRIPE_SECRET, NOW.getEpochSecond(), body));
            ingestAndCheck(r, "stripe", new WebhookRequest(headers, Map.of(), body), Map.of("stripe", List.of(STRIPE_SECRET)), NOW,
                    payloadTime(r, "stripe", body));
        })).toList();
    }

    // --- Standard Webhooks -----------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> standardWebhooks() {
        return table("standard_webhooks").stream().map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
            byte[] body = bytes("standard_webhooks", r.file());
            String id = r.get("webhook_id");
            long ts = Long.parseLong(r.get("webhook_timestamp"));
            String signature;
            String secret;
            String sig = r.get("signature");
            if (sig.startsWith("vector:")) {
                // the libraries' own vector: its id, timestamp, signature and secret, over these exact bytes
                JsonNode v = Json.mapper().readTree(bytes("standard_webhooks", sig.substring("vector:".length())));
                assertThat(v.get("payload").textValue().getBytes(StandardCharsets.UTF_8)).as("the vector signs this file's bytes").isEqualTo(body);
                assertThat(v.get("msg_id").textValue()).isEqualTo(id);
                assertThat(v.get("timestamp").longValue()).isEqualTo(ts);
                signature = v.get("expected_signature").textValue();
                secret = v.get("secret").textValue();
            } else {
                assertThat(sig).isEqualTo("testkit");
                secret = SW_SECRET;
                signature = Signatures.standardWebhooks(secret, id, ts, body);
            }
            Map<String, String> headers = Map.of("Content-Type", "application/json",
                    "webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", signature);
            ingestAndCheck(r, "standard_webhooks", new WebhookRequest(headers, Map.of(), body),
                    Map.of("standard_webhooks", List.of(secret)), Instant.ofEpochSecond(ts), payloadTime(r, "standard_webhooks", body));
        })).toList();
    }

    /** The published sign() vectors (the 262143/262144/1048576-byte ones too) verify, and testkit's signer agrees. */
    @TestFactory
    List<DynamicTest> standardWebhooksPublishedVectors() {
        List<String> vectors = List.of("vector_sign_standard_webhooks.json", "vector_sign_svix_rust.json",
                "vector_sign_svix_large_262143.json", "vector_sign_svix_large_262144.json", "vector_sign_svix_large_1048576.json");
        return vectors.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode v = Json.mapper().readTree(bytes("standard_webhooks", name));
            byte[] payload = v.has("payload") ? v.get("payload").textValue().getBytes(StandardCharsets.UTF_8)
                    : v.get("payload_generator_char").textValue().repeat(v.get("payload_generator_len").intValue()).getBytes(StandardCharsets.US_ASCII);
            String id = v.get("msg_id").textValue();
            long ts = v.get("timestamp").longValue();
            String secret = v.get("secret").textValue();
            String expected = v.get("expected_signature").textValue();
            assertThat(Signatures.standardWebhooks(secret, id, ts, payload)).as("testkit's signer").isEqualTo(expected);
            var request = new WebhookRequest(Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", expected),
                    Map.of(), payload);
            var provider = new StandardWebhooksProvider(Clock.fixed(Instant.ofEpochSecond(ts), ZoneOffset.UTC));
            provider.verify(request, List.of("whsec_" + Base64Holder.encode("an old rotated key"), secret), Instant.ofEpochSecond(ts), TOLERANCE);
        })).toList();
    }

    /** The negative cases of the libraries' tests: bad signatures refused, decoys skipped, the 5-minute window. */
    @Test
    void standardWebhooksPublishedNegativeCases() throws IOException {
        JsonNode neg = Json.mapper().readTree(bytes("standard_webhooks", "vector_negative_cases.json"));
        JsonNode v = Json.mapper().readTree(bytes("standard_webhooks", "vector_sign_standard_webhooks.json"));
        byte[] payload = bytes("standard_webhooks", "test_payload_body.json");
        String id = v.get("msg_id").textValue();
        long ts = v.get("timestamp").longValue();
        String secret = v.get("secret").textValue();
        String valid = v.get("expected_signature").textValue();
        var provider = new StandardWebhooksProvider(Clock.systemUTC());
        java.util.function.BiConsumer<String, Long> verify = (sig, at) -> provider.verify(new WebhookRequest(
                Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", sig), Map.of(), payload),
                List.of(secret), Instant.ofEpochSecond(at), TOLERANCE);
        neg.get("invalid_signatures").properties().forEach(e -> {
            PayhookException x = catchThrowableOfType(PayhookException.class, () -> verify.accept(e.getValue().textValue(), ts));
            assertThat(x).as(e.getKey()).isNotNull();
            assertThat(x.code()).as(e.getKey()).isIn(ErrorCode.SIGNATURE_INVALID, ErrorCode.SIGNATURE_MALFORMED);
        });
        List<String> decoys = new ArrayList<>();
        neg.get("multi_signature_header_decoys").forEach(n -> decoys.add(n.textValue()));
        verify.accept(String.join(" ", decoys).replace("<valid signature goes here>", valid), ts); // any v1 entry may match
        PayhookException onlyDecoys = catchThrowableOfType(PayhookException.class,
                () -> verify.accept(decoys.stream().filter(d -> !d.startsWith("<")).collect(Collectors.joining(" ")), ts));
        assertThat(onlyDecoys.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
        verify.accept(valid, ts + 300);
        verify.accept(valid, ts - 300);
        assertThat(catchThrowableOfType(PayhookException.class, () -> verify.accept(valid, ts + 301)).code()).isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
        assertThat(catchThrowableOfType(PayhookException.class, () -> verify.accept(valid, ts - 301)).code()).isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
    }

    // --- Adyen -----------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> adyen() {
        return table("adyen").stream().map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
            byte[] body = bytes("adyen", r.file());
            String sig = r.get("signature");
            Map<String, String> json = Map.of("Content-Type", "application/json");
            Instant arrival = NOW; // Adyen signs no timestamp: any arrival time verifies
            if (sig.equals("not_adyen")) {
                WebhookRequest request = new WebhookRequest(json, Map.of(), body);
                assertThat(new AdyenProvider().recognizes(request)).as("no notificationItems: not a standard notification").isFalse();
                assertThat(Providers.standard(Clock.fixed(NOW, ZoneOffset.UTC)).select(request).name()).isEqualTo("generic");
                PayhookException x = catchThrowableOfType(PayhookException.class, () -> new AdyenProvider().parse(request));
                assertThat(x.code().wireCode()).isEqualTo(r.get("reason"));
                assertThat(r.get("outcome")).isEqualTo("NOT_ADYEN");
                return;
            }
            OffsetDateTime payloadTime = payloadTime(r, "adyen", body);
            if (sig.startsWith("own:")) {
                ingestAndCheck(r, "adyen", new WebhookRequest(json, Map.of(), body),
                        Map.of("adyen", List.of(ADYEN_TEST_KEY, sig.substring(4))), arrival, payloadTime);
            } else if (sig.equals("resigned")) {
                byte[] signed = withHmacSignature(body, ADYEN_TEST_KEY);
                ingestAndCheck(r, "adyen", new WebhookRequest(json, Map.of(), signed), Map.of("adyen", List.of(ADYEN_TEST_KEY)),
                        arrival, payloadTime);
            } else {
                assertThat(sig).startsWith("unverifiable:");
                WebhookRequest request = new WebhookRequest(json, Map.of(), body);
                PayhookException x = catchThrowableOfType(PayhookException.class,
                        () -> new AdyenProvider().verify(request, ADYEN_SDK_KEYS, arrival, TOLERANCE));
                assertThat(x).as("its own signature verifies under no known key").isNotNull();
                assertThat(x.code().wireCode()).isEqualTo(sig.substring("unverifiable:".length()));
                // the mapping without the signature step: parse, then the one protection gate
                AdyenProvider provider = new AdyenProvider(Clock.fixed(arrival, ZoneOffset.UTC));
                List<PaymentEvent> parsed = provider.parse(request);
                var gated = new ProtectionGate(new TestCipher(), LABELS).protect(parsed, provider.personalDataPolicy(), arrival);
                assertThat(gated).hasSize(1);
                check(r, gated.get(0).event(), arrival, payloadTime);
            }
        })).toList();
    }

    /**
     * The exact bytes with {@code "hmacSignature":"<sig>"} inserted into the (only) item's additionalData — or an
     * additionalData holding just it — signed by testkit's own Adyen signer (no payhook code). Nothing else changes.
     */
    static byte[] withHmacSignature(byte[] body, String hexKey) throws IOException {
        JsonNode root = Json.mapper().readTree(body);
        assertThat(root.get("notificationItems")).hasSize(1);
        ObjectNode item = (ObjectNode) root.get("notificationItems").get(0).get("NotificationRequestItem");
        assertThat(item.path("additionalData").has("hmacSignature")).as("re-signed only where the file has none").isFalse();
        String signature = Signatures.adyen(hexKey, AdyenSamples.adyenSignedData(item));
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher itemStart = Pattern.compile("\"NotificationRequestItem\"\\s*:\\s*\\{").matcher(text);
        assertThat(itemStart.find()).isTrue();
        String field = "\"hmacSignature\":\"" + signature + "\"";
        Matcher extra = Pattern.compile("\"additionalData\"\\s*:\\s*\\{(\\s*)(\\}?)").matcher(text);
        String out;
        if (item.has("additionalData") && extra.find(itemStart.end())) {
            int at = extra.end(1);
            out = text.substring(0, at) + field + (extra.group(2).isEmpty() ? "," : "") + text.substring(at);
        } else {
            out = text.substring(0, itemStart.end()) + "\"additionalData\":{" + field + "}," + text.substring(itemStart.end());
        }
        byte[] signed = out.getBytes(StandardCharsets.UTF_8);
        JsonNode again = Json.mapper().readTree(signed);
        ((ObjectNode) again.get("notificationItems").get(0).get("NotificationRequestItem").get("additionalData")).remove("hmacSignature");
        if (!item.has("additionalData")) {
            ((ObjectNode) again.get("notificationItems").get(0).get("NotificationRequestItem")).remove("additionalData");
        }
        assertThat(again).as("the signature is the only change").isEqualTo(root);
        return signed;
    }

    // --- shared ----------------------------------------------------------------------------------

    /**
     * The time the payload itself states, with the offset it wrote: Stripe's {@code created} (Unix seconds, UTC; v2:
     * ISO-8601), Adyen's {@code eventDate}, Standard Webhooks' {@code timestamp}. Null when it states none.
     */
    static OffsetDateTime payloadTime(Row r, String provider, byte[] body) throws IOException {
        if (r.get("occurred_at") == null || r.get("occurred_at").equals("receipt")) return null;
        JsonNode root = Json.mapper().readTree(body);
        JsonNode t = switch (provider) {
            case "stripe" -> root.get("created");
            case "adyen" -> root.get("notificationItems").get(0).get("NotificationRequestItem").get("eventDate");
            default -> root.get("timestamp");
        };
        return t.isIntegralNumber() ? Instant.ofEpochSecond(t.longValue()).atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(t.textValue());
    }

    /**
     * The whole ingest path with an in-memory store (a fresh one: several corpus files share an event id), then the
     * row against what was stored; a second delivery of the same bytes is a duplicate.
     */
    void ingestAndCheck(Row r, String provider, WebhookRequest request, Map<String, List<String>> secrets, Instant now,
                        OffsetDateTime payloadTime) {
        InMemoryTransactionStore store = new InMemoryTransactionStore();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        IngestWebhook ingest = new IngestWebhook(Providers.standard(clock), p -> secrets.getOrDefault(p, List.of()), store,
                new TestCipher(), clock, new IngestWebhook.Settings(256 * 1024, TOLERANCE, LABELS));
        if (r.get("outcome").equals("REFUSED")) {
            assertThatThrownBy(() -> ingest.handle(request)).isInstanceOfSatisfying(PayhookException.class,
                    x -> assertThat(x.code().wireCode()).isEqualTo(r.get("reason")));
            assertThat(store.events).as("a refused delivery stores nothing").isEmpty();
            return;
        }
        IngestWebhook.Outcome outcome = ingest.handle(request);
        assertThat(outcome.provider()).isEqualTo(provider);
        assertThat(outcome.results()).singleElement().satisfies(res -> {
            assertThat(res.transactionId()).isEqualTo(r.get("transaction_id"));
            assertThat(res.eventId()).isEqualTo(r.get("event_id"));
            assertThat(res.status()).isEqualTo(status(r.get("outcome")) == null ? "IGNORED" : r.get("outcome"));
            assertThat(res.duplicate()).isFalse();
        });
        assertThat(store.events).hasSize(1);
        check(r, store.events.values().iterator().next(), now, payloadTime);
        assertThat(ingest.handle(request).results().get(0).duplicate()).as("a redelivery is a duplicate").isTrue();
        assertThat(store.events).hasSize(1);
    }

    /** The row against an event as the gate let it be kept. */
    static void check(Row r, StoredEvent e, Instant receivedAt, OffsetDateTime payloadTime) {
        assertThat(e.provider()).isEqualTo(r.provider());
        assertThat(e.eventId()).as("event id").isEqualTo(r.get("event_id"));
        assertThat(e.transactionId()).as("transaction id").isEqualTo(r.get("transaction_id"));
        assertThat(e.type()).as("type").isEqualTo(r.get("type"));
        assertThat(e.status()).as("status").isEqualTo(status(r.get("outcome")));
        assertThat(e.ignoredReason()).as("why ignored").isEqualTo(r.get("reason"));
        assertThat(e.reverses()).as("takes back").isEqualTo(statuses(r.get("reverses")));
        if (r.get("amount_minor") == null) {
            assertThat(e.amount()).as("amount").isNull();
        } else {
            assertThat(e.amount()).as("amount").isNotNull();
            assertThat(e.amount().minorUnits()).as("amount in minor units").isEqualTo(Long.parseLong(r.get("amount_minor")));
            assertThat(e.amount().currency()).as("currency").isEqualTo(r.get("currency"));
        }
        String at = r.get("occurred_at");
        if (at.equals("receipt")) {
            assertThat(e.occurredAt()).as("no time in the payload: the time of receipt").isEqualTo(receivedAt);
        } else {
            OffsetDateTime expected = OffsetDateTime.parse(at);
            assertThat(e.occurredAt()).as("event time").isEqualTo(expected.toInstant());
            // the table keeps the offset the payload wrote; payhook keeps the instant
            assertThat(payloadTime).as("the payload's own time, with its offset").isEqualTo(expected);
        }
        assertThat(e.paymentMethod()).as("payment method").isEqualTo(r.get("payment_method"));
        assertThat(e.customerId()).as("customer id").isEqualTo(r.get("customer_id"));
        // the merchant the payload names (an account id), else — none named, or one that is not an id — the provider's label
        assertThat(e.merchant()).as("merchant").isEqualTo(r.get("merchant") != null ? r.get("merchant") : LABELS.labelOf(r.provider()));
        assertThat(e.customerEmail()).as("no corpus payload carries an email payhook reads").isNull();
        assertNothingCardLike(r, e);
    }

    /**
     * Nothing card-like survives the gate: no Luhn-valid 13–19-digit number (CardData.containsPan) in any kept
     * string field — except identifiers the table lists in {@code non_card_luhn}, Luhn-valid references outside
     * every card range (e.g. stripe-java's {@code evt_00000000000000}), which must then not be a card scheme's
     * number (the gate's rule for identifiers); the payment method at most a brand and the last 4.
     */
    static void assertNothingCardLike(Row r, StoredEvent e) {
        Set<String> allowed = r.get("non_card_luhn") == null ? Set.of() : Set.of(r.get("non_card_luhn").split(";"));
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("event_id", e.eventId());
        ids.put("transaction_id", e.transactionId());
        ids.put("customer_id", e.customerId());
        ids.put("merchant", e.merchant());
        ids.forEach((name, value) -> {
            if (value == null) return;
            assertThat(CardData.containsSchemePan(value)).as("%s %s holds a card number", name, value).isFalse();
            assertThat(CardData.containsPan(value)).as("%s %s: Luhn-valid digits exactly where non_card_luhn says", name, value)
                    .isEqualTo(allowed.contains(name));
        });
        assertThat(CardData.containsPan(e.type())).as("type").isFalse();
        if (e.paymentMethod() != null) {
            assertThat(CardData.containsPan(e.paymentMethod())).isFalse();
            assertThat(e.paymentMethod()).as("at most brand and last 4").matches(KEPT_METHOD);
        }
        assertThat(CardData.containsSchemePan(e.toString())).as("no card number anywhere in the kept event").isFalse();
    }

    /** Base64 for the made-up test keys. */
    static final class Base64Holder {
        static String encode(String s) { return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }
    }
}

package io.payhook.core.protection;

import io.payhook.core.json.Json;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.core.webhook.generic.GenericProvider;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.PaymentEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Card data detection and masking: the standard test card numbers of the brands, never real ones. */
class CardDataTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "visa,             4111111111111111,    411111******1111",
            "visa,             4012888888881881,    401288******1881",
            "visa 13 digits,   4222222222222,       422222***2222",
            "mastercard,       5555555555554444,    555555******4444",
            "mastercard,       5105105105105100,    510510******5100",
            "mastercard 2-series, 2223003122003222, 222300******3222",
            "amex,             378282246310005,     378282*****0005",
            "amex,             371449635398431,     371449*****8431",
            "discover,         6011111111111117,    601111******1117",
            "discover,         6011000990139424,    601100******9424",
            "jcb,              3530111333300000,    353011******0000",
            "diners 14 digits, 30569309025904,      305693****5904",
            "unionpay,         6200000000000005,    620000******0005",
    })
    void everyBrandIsFoundAndMaskedToBinAndLast4(String brand, String pan, String masked) {
        assertThat(CardData.isLuhnValid(pan)).isTrue();
        assertThat(CardData.isSchemePan(pan)).isTrue();
        assertThat(CardData.containsPan("card " + pan + " used")).isTrue();
        assertThat(CardData.containsSchemePan(pan)).isTrue();
        assertThat(CardData.maskPans("card " + pan + " used")).isEqualTo("card " + masked + " used");
        assertThat(CardData.maskSchemePans(pan)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4111 1111 1111 1111|411111******1111",
            "4111-1111-1111-1111|411111******1111",
            "5555 5555 5555 4444|555555******4444",
            "5555-5555-5555-4444|555555******4444",
            "3782 822463 10005|378282*****0005",
            "3782-822463-10005|378282*****0005",
            "6011 1111 1111 1117|601111******1117",
            "4111.1111.1111.1111|411111******1111",
    })
    void spacedAndDashedNumbersAreFoundToo(String written, String masked) {
        assertThat(CardData.containsPan(written)).isTrue();
        assertThat(CardData.maskPans("pan=" + written + ";")).isEqualTo("pan=" + masked + ";");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112",            // Luhn fails
            "5555555555554445",
            "378282246310006",
            "4111 1111 1111 1112",
            "411111111111",                 // 12 digits: too short
            "41111111111111110000",         // 20 digits: a reference, not a card with digits around it
            "12345678901234567890123",      // long digit string
            "2026-11-22T12:00:00Z",
            "evt_1732276800123",
            "order 2026 11 22",
            "+49 30 1234567",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
    })
    void numbersThatAreNotCardNumbersAreUntouched(String text) {
        assertThat(CardData.containsPan(text)).isFalse();
        assertThat(CardData.maskPans(text)).isEqualTo(text);
        assertThat(CardData.maskCardData(text)).isEqualTo(text);
    }

    @Test
    void aCardNumberAfterAnotherNumberInTheSameRunIsStillFound() {
        // "12 4111 1111 1111 1111" is 18 digits that fail Luhn; the card inside must not hide behind them
        assertThat(CardData.maskPans("ref 12 4111 1111 1111 1111")).isEqualTo("ref 12 411111******1111");
        assertThat(CardData.maskPans("4111111111111111 0000")).isEqualTo("411111******1111 0000");
    }

    @Test
    void severalCardNumbersInOneTextAreAllMasked() {
        String s = "a 4111111111111111, b 5555-5555-5555-4444; c 378282246310005.";
        assertThat(CardData.maskPans(s)).isEqualTo("a 411111******1111, b 555555******4444; c 378282*****0005.");
        assertThat(CardData.containsPan(CardData.maskPans(s))).isFalse();
    }

    @Test
    void aLuhnValidNumberOutsideTheCardRangesIsMaskedInTextButAcceptedAsAnId() {
        String ref = withCheckDigit("880000000000123");   // 16 digits, Luhn-valid, major industry identifier 8
        assertThat(ref).hasSize(16);
        assertThat(CardData.containsPan(ref)).isTrue();
        assertThat(CardData.isSchemePan(ref)).isFalse();
        assertThat(CardData.containsSchemePan("psp-" + ref)).isFalse();
        assertThat(CardData.maskSchemePans(ref)).isEqualTo(ref);
        assertThat(CardData.isSchemePan(withCheckDigit("810000000000123"))).as("UnionPay/RuPay 81").isTrue();
        assertThat(CardData.isSchemePan(withCheckDigit("10000000000012"))).as("UATP, 15 digits").isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "4111111111111111,                      true,  true",
            "order-4111111111111111,                true,  true",
            "evt_5555555555554444,                  true,  true",
            "4111-1111-1111-1111,                   true,  true",
            "pay:3782-822463-10005,                 true,  true",
            // a card number glued to letters: taken for a hex/base62 id (documented gap for ids)
            "ab4111111111111111cd,                  true,  false",
            "order4111111111111111,                 true,  false",
            // a UUID whose first groups happen to be digits that pass Luhn (8-4-4 = 4111111111111111)
            "41111111-1111-1111-1111-11111111111a,  true,  false",
            // a date-based reference: 2026-11-22-001234 would be a Luhn-valid 14-digit number in the 2-series
            "ord-2026-11-22-001237,                 true,  false",
            // Luhn-valid, but outside the card ranges (Adyen-like pspReference)
            "8800000000001235,                      true,  false",
    })
    void identifiersAreCheckedWithTheStricterSchemeRule(String id, boolean anyRule, boolean schemeRule) {
        assertThat(CardData.containsPan(id)).isEqualTo(anyRule);
        assertThat(CardData.containsSchemePan(id)).isEqualTo(schemeRule);
        assertThat(CardData.maskSchemePans(id).equals(id)).isEqualTo(!schemeRule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4111 1111 1111 1111|visa ****1111",
            "mastercard 5555555555554444 exp 12/30|mastercard ****4444",
            "Amex 3782-822463-10005|amex ****0005",
            "visa 4242|visa 4242",
            "visa 4242 cvc 123|visa 4242 cvc ***",
            "paypal leak-1@example.com|paypal [email]",
    })
    void aPaymentMethodKeepsBrandAndLast4AtMost(String given, String shown) {
        assertThat(CardData.maskPaymentMethod(given)).isEqualTo(shown);
    }

    @Test
    void emailsAreFoundAndMaskedInFreeText() {
        assertThat(CardData.containsEmail("write to leak-x1@example.com please")).isTrue();
        assertThat(CardData.maskEmails("write to leak-x1@example.com please")).isEqualTo("write to [email] please");
        assertThat(CardData.containsEmail("no address @ here")).isFalse();
        assertThat(CardData.scrubText("4111111111111111 leak@example.com CVV2: 1234"))
                .isEqualTo("411111******1111 [email] CVV2: ***");
    }

    @Test
    void hostileTextIsScannedInOnePass() {
        // long runs of spaces, digits and separators: the patterns must not backtrack (a regression would hang here)
        String spaces = "cvc" + " ".repeat(100_000) + "x";
        assertThat(CardData.scrubText(spaces)).isEqualTo(spaces);
        String digits = "1 ".repeat(50_000) + "@" + "a.".repeat(30_000) + "1";
        assertThat(CardData.maskPans(digits)).isEqualTo(digits);
        assertThat(CardData.containsEmail(digits)).isFalse();
        String longRun = "9".repeat(65_536);
        assertThat(CardData.containsPan(longRun)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"cvc,true", "CVV2,true", "cvv,true", "card_security_code,true", "card-security-code,true", "Track1,true",
            "track_2,true", "pin_block,true", "cvc_check,false", "tracking_id,false", "card,false", "pinned,false"})
    void sensitiveAuthenticationKeys(String key, boolean sensitive) {
        assertThat(JsonCardScanner.isSensitiveKey(key)).isEqualTo(sensitive);
    }

    @Nested
    class JsonTree {
        final String body = """
                {"payment_method":"visa 4111 1111 1111 1111",
                 "card":{"number":"5555555555554444","cvc":"123","exp":"12/30","holder":"Test Holder"},
                 "cvv2":"999","card_security_code":"1234","track1":"%B4111111111111111^TEST/CARD^30121010000?","track2":";4111111111111111=3012101?",
                 "notes":["first 378282246310005", "ok", {"deep":{"pan":"6011-1111-1111-1117"}}],
                 "4111111111111111":"a key that is a card",
                 "raw_number":4012888888881881,
                 "amount":{"value":1999,"currency":"EUR"},
                 "reference":"12345678901234567890",
                 "contact":"leak@example.com"}
                """;

        @Test
        void theScannerNamesEveryPlaceThatHoldsCardData() {
            JsonNode root = Json.object(body.getBytes(StandardCharsets.UTF_8));
            assertThat(JsonCardScanner.findCardData(root)).containsExactlyInAnyOrder(
                    "/payment_method", "/card/number", "/card/cvc", "/cvv2", "/card_security_code", "/track1", "/track2",
                    "/notes/0", "/notes/2/deep/pan", "/4111111111111111", "/raw_number");
        }

        @Test
        void scrubDropsVerificationAndTrackDataAndMasksEveryPan() {
            JsonNode root = Json.object(body.getBytes(StandardCharsets.UTF_8));
            int changes = JsonCardScanner.scrub(root);
            assertThat(changes).isEqualTo(11);
            assertThat(JsonCardScanner.findCardData(root)).isEmpty();
            String after = root.toString();
            for (String pan : List.of("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "4012888888881881")) {
                assertThat(after).doesNotContain(pan);
            }
            assertThat(after).doesNotContain("4111 1111 1111 1111").doesNotContain("6011-1111-1111-1117");
            assertThat(root.has("cvv2")).isFalse();
            assertThat(root.has("card_security_code")).isFalse();
            assertThat(root.has("track1")).isFalse();
            assertThat(root.has("track2")).isFalse();
            assertThat(root.get("card").has("cvc")).isFalse();
            assertThat(root.get("card").get("number").asText()).isEqualTo("555555******4444");
            assertThat(root.get("card").get("exp").asText()).isEqualTo("12/30");
            assertThat(root.get("notes").get(2).get("deep").get("pan").asText()).isEqualTo("601111******1117");
            assertThat(root.get("411111******1111").asText()).isEqualTo("a key that is a card");
            assertThat(root.get("raw_number").asText()).isEqualTo("401288******1881");
            // what is not card data stays as it was: amounts, long references, and (a field of its own) emails
            assertThat(root.get("amount").get("value").asLong()).isEqualTo(1999);
            assertThat(root.get("reference").asText()).isEqualTo("12345678901234567890");
            assertThat(root.get("contact").asText()).isEqualTo("leak@example.com");
        }

        @Test
        void aCleanTreeIsLeftAlone() {
            JsonNode root = Json.object("{\"a\":\"visa 4242\",\"b\":[1,2,3],\"c\":{\"d\":1999}}".getBytes(StandardCharsets.UTF_8));
            String before = root.toString();
            assertThat(JsonCardScanner.findCardData(root)).isEmpty();
            assertThat(JsonCardScanner.scrub(root)).isZero();
            assertThat(root.toString()).isEqualTo(before);
        }
    }

    /** The generic provider's events through the protection gate: card numbers in any string field never come out of it. */
    @Nested
    class GenericFormat {
        static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
        final GenericProvider provider = new GenericProvider(Clock.fixed(NOW, ZoneOffset.UTC));

        PaymentEvent parse(String json) {
            List<PaymentEvent> events = provider.parse(new WebhookRequest(Map.of("Content-Type", "application/json"), Map.of(),
                    json.getBytes(StandardCharsets.UTF_8)));
            assertThat(events).hasSize(1);
            return ProtectionGate.check(events.get(0), ProtectionGate.Policy.REFUSE); // what the gate lets through
        }

        static String body(String eventId, String txn, String type, String customerId, String email, String method) {
            return "{\"event_id\":\"" + eventId + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"" + type + "\",\"status\":\"succeeded\","
                    + "\"amount\":{\"value\":1999,\"currency\":\"EUR\"},\"customer_id\":\"" + customerId + "\",\"customer_email\":\""
                    + email + "\",\"payment_method\":\"" + method + "\",\"cvc\":\"123\",\"extra\":\"4111111111111111\"}";
        }

        @Test
        void cardNumbersInKeptTextFieldsAreMasked() {
            PaymentEvent e = parse(body("evt_1", "txn_1", "payment.succeeded 5555 5555 5555 4444", "cus_378282246310005",
                    "customer@example.com", "6011-1111-1111-1117"));
            assertThat(e.type()).isEqualTo("payment.succeeded 555555******4444");
            assertThat(e.customerId()).isEqualTo("cus_378282*****0005");
            assertThat(e.paymentMethod()).isEqualTo("discover ****1117");
            assertThat(e.customerEmail()).isEqualTo("customer@example.com");
            assertThat(e.toString() + e.type() + e.customerId() + e.paymentMethod()).doesNotContain("5555555555554444")
                    .doesNotContain("378282246310005").doesNotContain("6011111111111117");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "event_id|4111111111111111|INVALID_ID",
                "event_id|evt-4111-1111-1111-1111|INVALID_ID",
                "transaction_id|5555555555554444|INVALID_ID",
                "transaction_id|order-378282246310005|INVALID_ID",
                "transaction_id|leak@example.com|INVALID_ID",
                "customer_email|4111111111111111@example.com|INVALID_FIELD",
        })
        void aCardNumberInAnIdentifierOrTheEmailRefusesTheDelivery(String field, String value, ErrorCode code) {
            String json = body("evt_1", "txn_1", "payment.succeeded", "cus_1", "customer@example.com", "visa 4242")
                    .replace("\"" + field + "\":\"" + (field.equals("customer_email") ? "customer@example.com" : field.equals("event_id") ? "evt_1" : "txn_1") + "\"",
                            "\"" + field + "\":\"" + value + "\"");
            assertThat(json).contains(value);
            assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(PayhookException.class, ex -> {
                assertThat(ex.code()).isEqualTo(code);
                assertThat(ex.getMessage()).doesNotContain(value).doesNotContain("4111111111111111");
            });
        }

        @Test
        void anAmountThatIsACardNumberIsRefused() {
            String json = body("evt_1", "txn_1", "payment.succeeded", "cus_1", "customer@example.com", "visa 4242")
                    .replace("\"value\":1999", "\"value\":4111111111111111");
            assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(PayhookException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_AMOUNT));
        }
    }

    /**
     * Generated: random test-range card numbers of several brands and lengths, written plain, spaced
     * or dashed, inside random text. Fixed seed (printed), so a failure can be replayed.
     */
    @Test
    void generatedCardNumbersInRandomTextAreAlwaysMaskedAndOtherDigitsNeverAre() {
        long seed = 20261122L;
        System.out.println("CardDataTest generator seed " + seed);
        Random r = new Random(seed);
        String[] prefixes = {"4", "51", "55", "2221", "34", "37", "6011", "65", "3528", "36", "62"};
        int[] lengths = {16, 16, 16, 16, 15, 15, 16, 19, 16, 14, 17};
        Pattern longDigits = Pattern.compile("[0-9]{13,19}");
        for (int i = 0; i < 5_000; i++) {
            int b = r.nextInt(prefixes.length);
            StringBuilder digits = new StringBuilder(prefixes[b]);
            while (digits.length() < lengths[b] - 1) digits.append(r.nextInt(10));
            String pan = withCheckDigit(digits.toString());
            String written = switch (r.nextInt(3)) {
                case 0 -> pan;
                case 1 -> grouped(pan, ' ');
                default -> grouped(pan, '-');
            };
            String pre = before(r);
            String post = after(r);
            String text = pre + written + post;
            String masked = CardData.maskPans(text);
            assertThat(masked).as("seed %d case %d: %s", seed, i, text).doesNotContain(pan).doesNotContain(written)
                    .doesNotContain(pan.substring(6, pan.length() - 4));
            assertThat(CardData.containsPan(masked)).as("seed %d case %d: %s -> %s", seed, i, text, masked).isFalse();
            assertThat(CardData.maskPans(masked)).as("idempotent, seed %d case %d", seed, i).isEqualTo(masked);
            if (pre.chars().noneMatch(Character::isDigit) && post.chars().noneMatch(Character::isDigit)) {
                // nothing else that could be a number around it: exactly BIN, stars, last 4
                assertThat(masked).as("seed %d case %d", seed, i).isEqualTo(pre + pan.substring(0, 6)
                        + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4) + post);
            }
            boolean glued = (!pre.isEmpty() && Character.isLetter(pre.charAt(pre.length() - 1)))
                    || (!post.isEmpty() && Character.isLetter(post.charAt(0)));
            if (!glued) assertThat(CardData.containsSchemePan(text)).as("seed %d case %d: %s", seed, i, text).isTrue();

            // a random number that fails Luhn, alone in text, is never touched
            String other = pan.substring(0, pan.length() - 1) + (char) ('0' + (pan.charAt(pan.length() - 1) - '0' + 1 + r.nextInt(9)) % 10);
            String plain = "ref " + other + " end";
            assertThat(CardData.maskPans(plain)).as("seed %d case %d", seed, i).isEqualTo(plain);
            Matcher m = longDigits.matcher(CardData.maskPans(plain));
            assertThat(m.find()).isTrue();
        }
    }

    /** Text before a card number; it never ends in a digit (digits glued to a card make another number). */
    private static String before(Random r) {
        String[] parts = {"", " ", "card ", "pan=", "x", "ref 12 ", "order #", "exp 12/30 ", "\n", "évt ", "2026-11-22 "};
        return parts[r.nextInt(parts.length)];
    }

    private static String after(Random r) {
        String[] parts = {"", " ", " end", ".", "x", " 12", " exp 12/30", "\n", " 2026-11-22", "-0000"};
        return parts[r.nextInt(parts.length)];
    }

    private static String grouped(String pan, char sep) {
        StringBuilder b = new StringBuilder();
        int[] groups = pan.length() == 15 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4, 4};
        int at = 0;
        for (int g : groups) {
            if (at >= pan.length()) break;
            if (at > 0) b.append(sep);
            b.append(pan, at, Math.min(pan.length(), at + g));
            at += g;
        }
        return b.toString();
    }

    /** {@code payload} followed by its Luhn check digit. */
    static String withCheckDigit(String payload) {
        for (int d = 0; d <= 9; d++) {
            if (CardData.isLuhnValid(payload + d)) return payload + d;
        }
        throw new IllegalStateException();
    }
}

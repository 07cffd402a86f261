package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.model.Status;
import io.payhook.core.webhook.Hmac;
import io.payhook.core.webhook.custom.CustomProviderSpec.Encoding;
import io.payhook.core.webhook.custom.CustomProviderSpec.Signed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static io.payhook.core.webhook.custom.CustomSpecs.entry;
import static io.payhook.core.webhook.custom.CustomSpecs.file;
import static io.payhook.core.webhook.custom.CustomSpecs.timestamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading and validating the custom providers file: every field, every refusal with its exact message (the entry by
 * position and name, the field), and what a valid file gives.
 */
class CustomProvidersParseTest {

    static final String KNOWN = "(known: name, description, signature_header, algorithm, encoding, prefix, signed, timestamp_header,"
            + " timestamp_separator, tolerance_seconds, url, secrets_env, fields, statuses)";
    static final String CANONICAL = "PENDING, AUTHORIZED, SUCCEEDED, FAILED, CANCELED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED";

    static void refused(byte[] json, String message) {
        assertThatThrownBy(() -> CustomProviders.parse(json)).isExactlyInstanceOf(CustomProvidersException.class).hasMessage(message);
    }

    static void refused(String json, String message) { refused(json.getBytes(StandardCharsets.UTF_8), message); }

    /** The first entry of a one-entry file, changed by {@code change}, refused with {@code message}. */
    static void refused(Consumer<ObjectNode> change, String message) {
        ObjectNode e = entry("acme");
        change.accept(e);
        refused(file(e), message);
    }

    // --- a valid file ---------------------------------------------------------------------------------------------------

    @Test
    void aValidEntryGivesEveryField() {
        CustomProviderSpec s = CustomSpecs.spec(entry("acme"));
        assertThat(s.name()).isEqualTo("acme");
        assertThat(s.signatureHeader()).isEqualTo("X-acme-Signature");
        assertThat(s.algorithm()).isEqualTo(Hmac.Algorithm.SHA256);
        assertThat(s.encoding()).isEqualTo(Encoding.HEX);
        assertThat(s.prefix()).isEqualTo("sha256=");
        assertThat(s.signed()).isEqualTo(Signed.BODY);
        assertThat(s.timestampHeader()).isNull();
        assertThat(s.timestampSeparator()).isNull();
        assertThat(s.tolerance()).isNull();
        assertThat(s.url()).isNull();
        assertThat(s.secretsEnv()).isEqualTo("PAYHOOK_ACME_SECRETS");
        assertThat(s.fields().eventId().tokens()).containsExactly("id");
        assertThat(s.fields().transactionId().tokens()).containsExactly("payment", "id");
        assertThat(s.fields().occurredAt().text()).isEqualTo("/created_at");
        assertThat(s.statuses()).hasSize(8).containsEntry("paid", Status.SUCCEEDED).containsEntry("voided", Status.CANCELED)
                .containsEntry("partially_refunded", Status.PARTIALLY_REFUNDED);
        assertThat(s.ignoredStatuses()).containsExactly("created");
    }

    @Test
    void optionalMembersHaveDefaultsAndOptionalFieldsMayBeLeftOut() {
        ObjectNode e = timestamped(entry("acme"), 300);
        e.remove("prefix");
        ObjectNode f = (ObjectNode) e.get("fields");
        f.remove(List.of("type", "customer_id", "customer_email", "occurred_at"));
        e.put("description", "a test sender");
        CustomProviderSpec s = CustomSpecs.spec(e);
        assertThat(s.prefix()).isEmpty();
        assertThat(s.timestampHeader()).isEqualTo("X-acme-Timestamp");
        assertThat(s.timestampSeparator()).isEqualTo(".");
        assertThat(s.tolerance()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.fields().type()).isNull();
        assertThat(s.fields().customerId()).isNull();
        assertThat(s.fields().customerEmail()).isNull();
        assertThat(s.fields().occurredAt()).isNull();
        // JSON null is the same as absent for an optional member
        e.putNull("prefix");
        assertThat(CustomSpecs.spec(e).prefix()).isEmpty();
    }

    @Test
    void everyAlgorithmEncodingAndSignedModeIsRead() {
        for (String a : List.of("sha256", "sha512", "sha1")) {
            for (String enc : List.of("hex", "base64")) {
                ObjectNode e = entry("acme").put("algorithm", a).put("encoding", enc).put("signed", "url+body")
                        .put("url", "https://hooks.example.com/webhooks/payment?provider=acme");
                CustomProviderSpec s = CustomSpecs.spec(e);
                assertThat(s.algorithm().name().toLowerCase()).isEqualTo(a);
                assertThat(s.encoding().wire()).isEqualTo(enc);
                assertThat(s.signed()).isEqualTo(Signed.URL_BODY);
                assertThat(s.url()).isEqualTo("https://hooks.example.com/webhooks/payment?provider=acme");
            }
        }
        CustomProviderSpec colon = CustomSpecs.spec(timestamped(entry("acme"), 60).put("timestamp_separator", ":"));
        assertThat(colon.timestampSeparator()).isEqualTo(":");
        assertThat(CustomSpecs.spec(timestamped(entry("acme"), 60).put("timestamp_separator", "")).timestampSeparator()).isEmpty();
    }

    @Test
    void anEmptyArrayIsNoProvidersAndTheOrderIsKept() {
        assertThat(CustomProviders.parse("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        List<CustomProviderSpec> specs = CustomProviders.parse(file(entry("beta"), entry("acme"), entry("gamma_2")));
        assertThat(specs).extracting(CustomProviderSpec::name).containsExactly("beta", "acme", "gamma_2");
        assertThat(CustomProviders.secretsVariables(specs)).containsExactly(
                java.util.Map.entry("beta", "PAYHOOK_BETA_SECRETS"), java.util.Map.entry("acme", "PAYHOOK_ACME_SECRETS"),
                java.util.Map.entry("gamma_2", "PAYHOOK_GAMMA_2_SECRETS"));
        assertThat(CustomProviders.providers(specs, java.time.Clock.systemUTC())).extracting(p -> p.name())
                .containsExactly("beta", "acme", "gamma_2");
    }

    @Test
    void theDocumentedExampleFileIsValid() {
        List<CustomProviderSpec> specs = CustomSpecs.exampleSpecs();
        assertThat(specs).extracting(CustomProviderSpec::name).containsExactly("acme_pay", "globex_billing");
        assertThat(specs.get(0).signed()).isEqualTo(Signed.BODY);
        assertThat(specs.get(1).signed()).isEqualTo(Signed.TIMESTAMP_BODY);
        assertThat(specs.get(1).algorithm()).isEqualTo(Hmac.Algorithm.SHA512);
        assertThat(specs.get(1).encoding()).isEqualTo(Encoding.BASE64);
        assertThat(specs.get(0).fields().merchant().text()).as("acme_pay names its merchant").isEqualTo("/merchant");
        assertThat(specs.get(1).fields().merchant()).as("globex_billing does not").isNull();
    }

    // --- the file as a whole ----------------------------------------------------------------------------------------------

    @Test
    void theFileMustBeAJsonArray() {
        refused("", "custom providers file: is empty; write [] for no custom providers");
        refused("{\"name\": \"acme\"}", "custom providers file: must be a JSON array of provider objects");
        refused("\"acme\"", "custom providers file: must be a JSON array of provider objects");
        assertThatThrownBy(() -> CustomProviders.parse("[{\"name\": \"acme\",}]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CustomProvidersException.class).hasMessageStartingWith("custom providers file: not well-formed JSON at line 1, column ");
        assertThatThrownBy(() -> CustomProviders.parse("[]\n[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CustomProvidersException.class).hasMessageStartingWith("custom providers file: not well-formed JSON at line 2");
        // the strict reader: a key twice in one object is refused, not silently the last one
        assertThatThrownBy(() -> CustomProviders.parse("[{\"name\": \"acme\", \"name\": \"beta\"}]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CustomProvidersException.class).hasMessageContaining("not well-formed JSON").hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> CustomProviders.parse(new byte[] {'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']'}))
                .isInstanceOf(CustomProvidersException.class).hasMessageStartingWith("custom providers file: not well-formed JSON");
    }

    @Test
    void anEntryMustBeAnObject() {
        refused("[1]", "custom provider 1: must be a JSON object");
        String one = new String(file(entry("acme")), StandardCharsets.UTF_8);
        refused(one.substring(0, one.length() - 1) + ", null]", "custom provider 2: must be a JSON object");
        refused(one.substring(0, one.length() - 1) + ", [\"beta\"]]", "custom provider 2: must be a JSON object");
    }

    // --- name ------------------------------------------------------------------------------------------------------------

    @Test
    void name() {
        refused(e -> e.remove("name"), "custom provider 1: field 'name' is required");
        refused(e -> e.putNull("name"), "custom provider 1: field 'name' is required");
        refused(e -> e.put("name", 7), "custom provider 1: field 'name' must be a string");
        refused(e -> e.put("name", ""), "custom provider 1: field 'name' must not be empty");
        for (String bad : List.of("Acme", "a", "1acme", "_acme", "acme-pay", "acme pay", "a".repeat(33), "acmé")) {
            refused(e -> e.put("name", bad), "custom provider 1: field 'name' " + SpecReader.quote(bad)
                    + " must match [a-z][a-z0-9_]{1,31} (lower case, 2 to 32 characters)");
        }
        for (String ok : List.of("ab", "a".repeat(32), "acme_pay_2")) {
            assertThat(CustomSpecs.spec(entry("acme").put("name", ok)).name()).isEqualTo(ok);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stripe", "adyen", "standard_webhooks", "generic", "square", "razorpay", "checkout", "gocardless", "paddle", "paypal"})
    void aBuiltInNameIsRefused(String builtIn) {
        refused(e -> e.put("name", builtIn), "custom provider 1: field 'name' \"" + builtIn + "\" is the name of a built-in provider");
    }

    @Test
    void duplicateNames() {
        ObjectNode second = entry("acme").put("signature_header", "X-Other").put("secrets_env", "PAYHOOK_OTHER_SECRETS");
        refused(file(entry("acme"), entry("beta"), second),
                "custom provider 3 (\"acme\"): field 'name' \"acme\" is already the name of custom provider 1");
    }

    @Test
    void unknownMembersAreRefused() {
        refused(e -> e.put("algorithim", "sha256"), "custom provider 1 (\"acme\"): unknown field 'algorithim' " + KNOWN);
        refused(e -> e.put("Name", "x"), "custom provider 1 (\"acme\"): unknown field 'Name' " + KNOWN);
        refused(e -> e.put("description", 3), "custom provider 1 (\"acme\"): field 'description' must be a string");
        refused(e -> e.put("description", "x".repeat(1001)), "custom provider 1 (\"acme\"): field 'description' must be at most 1000 characters");
    }

    // --- signature header, algorithm, encoding, prefix, signed -----------------------------------------------------------

    @Test
    void signatureHeader() {
        refused(e -> e.remove("signature_header"), "custom provider 1 (\"acme\"): field 'signature_header' is required");
        refused(e -> e.put("signature_header", true), "custom provider 1 (\"acme\"): field 'signature_header' must be a string");
        for (String bad : List.of("X Sig", "X-Sig:", "-X-Sig", "X-Sïg", "X".repeat(65))) {
            refused(e -> e.put("signature_header", bad), "custom provider 1 (\"acme\"): field 'signature_header' " + SpecReader.quote(bad)
                    + " must be an HTTP header name (letters, digits, '-' and '_', at most 64)");
        }
    }

    @Test
    void aBuiltInProvidersHeaderIsRefused() {
        refused(e -> e.put("signature_header", "Stripe-Signature"), "custom provider 1 (\"acme\"): field 'signature_header' \"Stripe-Signature\""
                + " is how the built-in provider stripe is recognised; a delivery carrying it would never reach this provider");
        refused(e -> e.put("signature_header", "WEBHOOK-SIGNATURE"), "custom provider 1 (\"acme\"): field 'signature_header' \"WEBHOOK-SIGNATURE\""
                + " is how the built-in provider standard_webhooks and gocardless is recognised; a delivery carrying it would never reach this provider");
        for (String h : List.of("x-razorpay-signature", "Cko-Signature", "Paddle-Signature", "x-square-hmacsha256-signature", "Payhook-Signature",
                "svix-signature", "PayPal-Transmission-Sig")) {
            assertThatThrownBy(() -> CustomProviders.parse(file(entry("acme").put("signature_header", h))))
                    .isInstanceOf(CustomProvidersException.class).hasMessageContaining("is how the built-in provider");
        }
    }

    @Test
    void duplicateSignatureHeadersAmongCustomProvidersCaseInsensitive() {
        ObjectNode beta = entry("beta").put("signature_header", "x-ACME-signature");
        refused(file(entry("acme"), beta), "custom provider 2 (\"beta\"): field 'signature_header' \"x-ACME-signature\" is already the"
                + " signature header of custom provider 1 (\"acme\") (header names are case-insensitive)");
    }

    @Test
    void duplicateSecretsVariables() {
        ObjectNode beta = entry("beta").put("secrets_env", "PAYHOOK_ACME_SECRETS");
        refused(file(entry("acme"), beta), "custom provider 2 (\"beta\"): field 'secrets_env' \"PAYHOOK_ACME_SECRETS\" is already the"
                + " secrets variable of custom provider 1 (\"acme\"); each sender has its own secrets");
    }

    @Test
    void algorithm() {
        // the message of the brief, for the second entry of a file
        refused(file(entry("beta"), entry("acme").put("algorithm", "md5")),
                "custom provider 2 (\"acme\"): field 'algorithm' must be one of sha256, sha512, sha1");
        for (String bad : List.of("SHA256", "sha-256", "hmac-sha256", "sha384", "")) {
            refused(e -> e.put("algorithm", bad), bad.isEmpty()
                    ? "custom provider 1 (\"acme\"): field 'algorithm' must not be empty"
                    : "custom provider 1 (\"acme\"): field 'algorithm' must be one of sha256, sha512, sha1");
        }
        refused(e -> e.remove("algorithm"), "custom provider 1 (\"acme\"): field 'algorithm' is required");
        refused(e -> e.put("algorithm", 256), "custom provider 1 (\"acme\"): field 'algorithm' must be a string");
    }

    @Test
    void encoding() {
        for (String bad : List.of("HEX", "base64url", "base32", "utf8")) {
            refused(e -> e.put("encoding", bad), "custom provider 1 (\"acme\"): field 'encoding' must be one of hex, base64");
        }
        refused(e -> e.remove("encoding"), "custom provider 1 (\"acme\"): field 'encoding' is required");
        refused(e -> e.putArray("encoding").add("hex"), "custom provider 1 (\"acme\"): field 'encoding' must be a string");
    }

    @Test
    void prefix() {
        refused(e -> e.put("prefix", 1), "custom provider 1 (\"acme\"): field 'prefix' must be a string");
        String message = "custom provider 1 (\"acme\"): field 'prefix' must be at most 32 printable ASCII characters, not starting or ending with a space";
        for (String bad : List.of(" sha256=", "sha256= ", "x".repeat(33), "sha256=\t", "v1\n", "sig→")) {
            refused(e -> e.put("prefix", bad), message);
        }
        for (String ok : List.of("", "sha1=", "v1,", "t=0,v1=", "x".repeat(32))) {
            assertThat(CustomSpecs.spec(entry("acme").put("prefix", ok)).prefix()).isEqualTo(ok);
        }
    }

    @Test
    void signed() {
        for (String bad : List.of("raw", "timestamp+body", "body+timestamp", "url.body", "BODY")) {
            refused(e -> e.put("signed", bad), "custom provider 1 (\"acme\"): field 'signed' must be one of body, timestamp.body, url+body");
        }
        refused(e -> e.remove("signed"), "custom provider 1 (\"acme\"): field 'signed' is required");
    }

    // --- timestamp.body ---------------------------------------------------------------------------------------------------

    @Test
    void timestampHeaderAndToleranceAreRequiredWhenATimestampIsSigned() {
        refused(e -> timestamped(e, 300).remove("tolerance_seconds"),
                "custom provider 1 (\"acme\"): field 'tolerance_seconds' is required when 'signed' is timestamp.body");
        refused(e -> timestamped(e, 300).remove("timestamp_header"), "custom provider 1 (\"acme\"): field 'timestamp_header' is required");
        refused(e -> timestamped(e, 300).put("timestamp_header", "X-acme-Signature"),
                "custom provider 1 (\"acme\"): field 'timestamp_header' must differ from 'signature_header'");
        refused(e -> timestamped(e, 300).put("timestamp_header", "X Time"),
                "custom provider 1 (\"acme\"): field 'timestamp_header' \"X Time\" must be an HTTP header name (letters, digits, '-' and '_', at most 64)");
    }

    @Test
    void toleranceRange() {
        String message = "custom provider 1 (\"acme\"): field 'tolerance_seconds' must be an integer from 1 to 86400";
        refused(e -> timestamped(e, 0), message);
        refused(e -> timestamped(e, -5), message);
        refused(e -> timestamped(e, 86_401), message);
        refused(e -> timestamped(e, 300).put("tolerance_seconds", 300.5), message);
        refused(e -> timestamped(e, 300).put("tolerance_seconds", "300"), message);
        refused(e -> timestamped(e, 300).put("tolerance_seconds", new java.math.BigInteger("99999999999999999999999")), message);
        assertThat(CustomSpecs.spec(timestamped(entry("acme"), 1)).tolerance()).isEqualTo(Duration.ofSeconds(1));
        assertThat(CustomSpecs.spec(timestamped(entry("acme"), 86_400)).tolerance()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void timestampSeparator() {
        refused(e -> timestamped(e, 300).put("timestamp_separator", 1),
                "custom provider 1 (\"acme\"): field 'timestamp_separator' must be a string");
        refused(e -> timestamped(e, 300).put("timestamp_separator", "123456789"),
                "custom provider 1 (\"acme\"): field 'timestamp_separator' must be at most 8 printable ASCII characters");
        refused(e -> timestamped(e, 300).put("timestamp_separator", "\n"),
                "custom provider 1 (\"acme\"): field 'timestamp_separator' must be at most 8 printable ASCII characters");
    }

    @Test
    void timestampMembersWithoutASignedTimestampAreRefused() {
        refused(e -> e.put("timestamp_header", "X-T"), "custom provider 1 (\"acme\"): field 'timestamp_header' is only used when 'signed' is timestamp.body");
        refused(e -> e.put("tolerance_seconds", 300), "custom provider 1 (\"acme\"): field 'tolerance_seconds' is only used when 'signed' is timestamp.body");
        refused(e -> e.put("timestamp_separator", ":"), "custom provider 1 (\"acme\"): field 'timestamp_separator' is only used when 'signed' is timestamp.body");
        refused(e -> e.put("signed", "url+body").put("url", "https://h.example.com/").put("tolerance_seconds", 300),
                "custom provider 1 (\"acme\"): field 'tolerance_seconds' is only used when 'signed' is timestamp.body");
    }

    // --- url+body ---------------------------------------------------------------------------------------------------------

    @Test
    void urlIsRequiredWhenTheUrlIsSignedAndOnlyThen() {
        refused(e -> e.put("signed", "url+body"), "custom provider 1 (\"acme\"): field 'url' is required when 'signed' is url+body");
        refused(e -> e.put("signed", "url+body").put("url", 5), "custom provider 1 (\"acme\"): field 'url' must be a string");
        String message = "custom provider 1 (\"acme\"): field 'url' must be an absolute http:// or https:// URL, exactly as configured at the sender";
        for (String bad : List.of("", "/webhooks/payment", "ftp://h.example.com/x", "https://", "https:///path", " https://h.example.com/",
                "https://h.example.com/a b", "hooks.example.com/webhooks")) {
            refused(e -> e.put("signed", "url+body").put("url", bad), message);
        }
        refused(e -> e.put("url", "https://h.example.com/"), "custom provider 1 (\"acme\"): field 'url' is only used when 'signed' is url+body");
        refused(e -> timestamped(e, 60).put("url", "https://h.example.com/"), "custom provider 1 (\"acme\"): field 'url' is only used when 'signed' is url+body");
        assertThat(CustomSpecs.spec(entry("acme").put("signed", "url+body").put("url", "http://127.0.0.1:8080/webhooks/payment")).url())
                .isEqualTo("http://127.0.0.1:8080/webhooks/payment");
    }

    // --- secrets_env ------------------------------------------------------------------------------------------------------

    @Test
    void secretsEnv() {
        refused(e -> e.remove("secrets_env"), "custom provider 1 (\"acme\"): field 'secrets_env' is required");
        refused(e -> e.put("secrets_env", 0), "custom provider 1 (\"acme\"): field 'secrets_env' must be a string");
        for (String bad : List.of("payhook_acme_secrets", "1PAYHOOK", "_PAYHOOK", "PAYHOOK-ACME", "PAYHOOK ACME", "A".repeat(129))) {
            refused(e -> e.put("secrets_env", bad), "custom provider 1 (\"acme\"): field 'secrets_env' must be an environment variable name:"
                    + " upper-case letters, digits and '_', starting with a letter");
        }
    }

    // --- fields -----------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "transaction_id", "status", "amount", "currency"})
    void requiredFields(String field) {
        refused(e -> ((ObjectNode) e.get("fields")).remove(field), "custom provider 1 (\"acme\"): field 'fields." + field + "' is required");
        refused(e -> ((ObjectNode) e.get("fields")).putNull(field), "custom provider 1 (\"acme\"): field 'fields." + field + "' is required");
    }

    @Test
    void theMerchantPointerIsOptionalAndNeverTheCustomer() {
        assertThat(CustomSpecs.spec(entry("acme")).fields().merchant()).isNull();
        ObjectNode e = entry("acme");
        ((ObjectNode) e.get("fields")).put("merchant", "/account/id");
        assertThat(CustomSpecs.spec(e).fields().merchant().tokens()).containsExactly("account", "id");
        refused(x -> ((ObjectNode) x.get("fields")).put("merchant", 7),
                "custom provider 1 (\"acme\"): field 'fields.merchant' must be a string (a JSON Pointer such as /data/id)");
        refused(x -> ((ObjectNode) x.get("fields")).put("merchant", "account"),
                "custom provider 1 (\"acme\"): field 'fields.merchant' is not a JSON Pointer (RFC 6901): it must start with '/'");
        refused(x -> ((ObjectNode) x.get("fields")).put("merchant", "/payment/customer/id"),
                "custom provider 1 (\"acme\"): field 'fields.merchant' must not name the same field as 'fields.customer_id':"
                        + " the merchant is the account paid, not the customer who pays");
        refused(x -> ((ObjectNode) x.get("fields")).put("merchant", "/payment/customer/email"),
                "custom provider 1 (\"acme\"): field 'fields.merchant' must not name the same field as 'fields.customer_email':"
                        + " the merchant is the account paid, not the customer who pays");
    }

    @Test
    void fieldsMustBeAnObjectOfKnownPointers() {
        refused(e -> e.remove("fields"), "custom provider 1 (\"acme\"): field 'fields' is required");
        refused(e -> e.putArray("fields"), "custom provider 1 (\"acme\"): field 'fields' must be an object of JSON Pointers");
        refused(e -> ((ObjectNode) e.get("fields")).put("payment_method", "/pm"), "custom provider 1 (\"acme\"): unknown field 'fields.payment_method'"
                + " (known: event_id, transaction_id, status, amount, currency, type, customer_id, customer_email, occurred_at, merchant)");
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", 3),
                "custom provider 1 (\"acme\"): field 'fields.amount' must be a string (a JSON Pointer such as /data/id)");
        refused(e -> ((ObjectNode) e.get("fields")).put("customer_email", false),
                "custom provider 1 (\"acme\"): field 'fields.customer_email' must be a string (a JSON Pointer such as /data/id)");
    }

    @Test
    void badJsonPointers() {
        String p = "custom provider 1 (\"acme\"): field 'fields.amount' is not a JSON Pointer (RFC 6901): ";
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "payment/amount"), p + "it must start with '/'");
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "$.payment.amount"), p + "it must start with '/'");
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "#/payment/amount"), p + "it must start with '/'");
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", ""), p + "it is empty (that is the whole document, not a field)");
        String tilde = "'~' must be followed by 0 or 1 (write ~0 for '~' and ~1 for '/')";
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "/a~2b"), p + tilde);
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "/a~"), p + tilde);
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "/~/x"), p + tilde);
        refused(e -> ((ObjectNode) e.get("fields")).put("amount", "/" + "a".repeat(512)), p + "it is longer than 512 characters");
        refused(e -> ((ObjectNode) e.get("fields")).put("occurred_at", "created_at"),
                "custom provider 1 (\"acme\"): field 'fields.occurred_at' is not a JSON Pointer (RFC 6901): it must start with '/'");
    }

    @Test
    void theEventIdMustNotBeTheTransactionId() {
        refused(e -> ((ObjectNode) e.get("fields")).put("event_id", "/payment/id"), "custom provider 1 (\"acme\"): field 'fields.event_id'"
                + " must not name the same field as 'fields.transaction_id': the event id is the dedupe key, and every later event of a"
                + " payment would be dropped as a duplicate of its first");
        // the same field written differently (an escape of a plain character is not one; ~0/~1 are) is still compared by tokens
        ObjectNode e = entry("acme");
        ((ObjectNode) e.get("fields")).put("event_id", "/a~1b").put("transaction_id", "/a/b");
        assertThat(CustomSpecs.spec(e).fields().eventId().tokens()).containsExactly("a/b");
    }

    // --- statuses ---------------------------------------------------------------------------------------------------------

    @Test
    void statuses() {
        refused(e -> e.remove("statuses"), "custom provider 1 (\"acme\"): field 'statuses' is required");
        refused(e -> e.putArray("statuses").add("paid"),
                "custom provider 1 (\"acme\"): field 'statuses' must be an object mapping the sender's statuses to canonical statuses");
        refused(e -> e.putObject("statuses"), "custom provider 1 (\"acme\"): field 'statuses' must map at least one of the sender's statuses");
        refused(e -> ((ObjectNode) e.get("statuses")).put("", "FAILED"),
                "custom provider 1 (\"acme\"): field 'statuses' has a key that is empty or longer than 128 characters");
        refused(e -> ((ObjectNode) e.get("statuses")).put("x".repeat(129), "FAILED"),
                "custom provider 1 (\"acme\"): field 'statuses' has a key that is empty or longer than 128 characters");
    }

    @Test
    void anUnknownCanonicalStatusIsRefused() {
        for (var bad : List.of("PAID", "succeeded", "Succeeded", "IGNORED", "REFUND", "")) {
            refused(e -> ((ObjectNode) e.get("statuses")).put("paid", bad),
                    "custom provider 1 (\"acme\"): field 'statuses.paid' must be one of " + CANONICAL + ", or null (a status known and ignored)");
        }
        refused(e -> ((ObjectNode) e.get("statuses")).put("paid", 3),
                "custom provider 1 (\"acme\"): field 'statuses.paid' must be one of " + CANONICAL + ", or null (a status known and ignored)");
        for (String c : CANONICAL.split(", ")) {
            assertThat(CustomSpecs.spec(withStatus(c)).statuses().get("x")).isEqualTo(Status.valueOf(c));
        }
    }

    private static ObjectNode withStatus(String canonical) {
        ObjectNode e = entry("acme");
        e.putObject("statuses").put("x", canonical);
        return e;
    }

    @Test
    void theFirstProblemIsReportedAndNamesItsEntry() {
        // entries are validated in order: a problem in the third is reported with its position and name
        ObjectNode third = entry("gamma").put("encoding", "base32");
        refused(file(entry("acme"), entry("beta"), third), "custom provider 3 (\"gamma\"): field 'encoding' must be one of hex, base64");
        // before the name is known, the entry is named by position only
        ObjectNode nameless = entry("delta");
        nameless.remove("name");
        refused(file(entry("acme"), nameless), "custom provider 2: field 'name' is required");
    }
}

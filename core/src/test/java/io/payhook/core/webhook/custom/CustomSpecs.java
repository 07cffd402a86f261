package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Entries of a custom providers file for the tests, built as JSON and read through {@link CustomProviders#parse}. */
final class CustomSpecs {
    private CustomSpecs() {}

    static final Path EXAMPLES = Path.of("../docs/examples");

    /** A valid entry: hex HMAC-SHA256 of the body, GitHub style, with every field configured. */
    static ObjectNode entry(String name) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("name", name);
        e.put("signature_header", "X-" + name.replace('_', '-') + "-Signature");
        e.put("algorithm", "sha256");
        e.put("encoding", "hex");
        e.put("prefix", "sha256=");
        e.put("signed", "body");
        e.put("secrets_env", "PAYHOOK_" + name.toUpperCase(java.util.Locale.ROOT) + "_SECRETS");
        ObjectNode f = e.putObject("fields");
        f.put("event_id", "/id");
        f.put("transaction_id", "/payment/id");
        f.put("type", "/type");
        f.put("status", "/payment/state");
        f.put("amount", "/payment/amount");
        f.put("currency", "/payment/currency");
        f.put("customer_id", "/payment/customer/id");
        f.put("customer_email", "/payment/customer/email");
        f.put("occurred_at", "/created_at");
        ObjectNode s = e.putObject("statuses");
        s.putNull("created");
        s.put("pending", "PENDING");
        s.put("authorized", "AUTHORIZED");
        s.put("paid", "SUCCEEDED");
        s.put("failed", "FAILED");
        s.put("voided", "CANCELED");
        s.put("partially_refunded", "PARTIALLY_REFUNDED");
        s.put("refunded", "REFUNDED");
        s.put("disputed", "DISPUTED");
        return e;
    }

    /** The entry changed to sign {@code <timestamp>.<body>}, with the given tolerance. */
    static ObjectNode timestamped(ObjectNode e, int toleranceSeconds) {
        e.put("signed", "timestamp.body");
        e.put("timestamp_header", "X-" + e.get("name").textValue().replace('_', '-') + "-Timestamp");
        e.put("tolerance_seconds", toleranceSeconds);
        return e;
    }

    static byte[] file(ObjectNode... entries) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (ObjectNode e : entries) a.add(e);
        try {
            return Json.mapper().writeValueAsBytes(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static CustomProviderSpec spec(ObjectNode entry) { return CustomProviders.parse(file(entry)).get(0); }

    static CustomProvider provider(ObjectNode entry, Clock clock) { return new CustomProvider(spec(entry), clock); }

    static byte[] example(String file) {
        try {
            return Files.readAllBytes(EXAMPLES.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CustomProviderSpec> exampleSpecs() { return CustomProviders.parse(example("custom-providers.example.json")); }
}

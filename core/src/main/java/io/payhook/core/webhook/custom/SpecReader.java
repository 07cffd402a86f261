package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.payhook.core.model.Status;
import io.payhook.core.webhook.Hmac;
import io.payhook.core.webhook.custom.CustomProviderSpec.Encoding;
import io.payhook.core.webhook.custom.CustomProviderSpec.Fields;
import io.payhook.core.webhook.custom.CustomProviderSpec.Signed;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and validates one entry of the custom providers file; every refusal names the entry and the field. */
final class SpecReader {

    /** The names of payhook's own providers: a custom provider may not take one. */
    static final List<String> BUILT_IN_NAMES = List.of("stripe", "adyen", "standard_webhooks", "generic", "square", "razorpay",
            "checkout", "gocardless", "paddle", "paypal");

    /**
     * The headers by which payhook's own providers recognise a delivery (lower case → provider). A custom provider
     * detected by one of them would never be reached: the built-in provider comes first and claims the delivery.
     */
    static final Map<String, String> BUILT_IN_HEADERS = Map.ofEntries(
            Map.entry("stripe-signature", "stripe"),
            Map.entry("payhook-signature", "generic"),
            Map.entry("webhook-signature", "standard_webhooks and gocardless"),
            Map.entry("webhook-id", "standard_webhooks"),
            Map.entry("svix-signature", "standard_webhooks"),
            Map.entry("svix-id", "standard_webhooks"),
            Map.entry("x-square-hmacsha256-signature", "square"),
            Map.entry("x-square-signature", "square"),
            Map.entry("x-razorpay-signature", "razorpay"),
            Map.entry("cko-signature", "checkout"),
            Map.entry("paddle-signature", "paddle"),
            Map.entry("paypal-transmission-sig", "paypal"),
            Map.entry("paypal-transmission-id", "paypal"));

    /** The members an entry may have, in the order the documentation lists them. */
    static final List<String> MEMBERS = List.of("name", "description", "signature_header", "algorithm", "encoding", "prefix", "signed",
            "timestamp_header", "timestamp_separator", "tolerance_seconds", "url", "secrets_env", "fields", "statuses");

    /** The members of {@code fields}; the first five are required. */
    static final List<String> FIELDS = List.of("event_id", "transaction_id", "status", "amount", "currency",
            "type", "customer_id", "customer_email", "occurred_at", "merchant");
    static final Set<String> REQUIRED_FIELDS = Set.of("event_id", "transaction_id", "status", "amount", "currency");

    /** The canonical statuses, in the order the messages list them. */
    static final List<String> CANONICAL = List.of("PENDING", "AUTHORIZED", "SUCCEEDED", "FAILED", "CANCELED",
            "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED");

    static final int MAX_TOLERANCE_SECONDS = 86_400;
    static final int MAX_PREFIX = 32;
    static final int MAX_SEPARATOR = 8;
    static final int MAX_STATUS_KEY = 128;
    static final int MAX_DESCRIPTION = 1_000;
    static final int MAX_URL = 2_048;

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,31}");
    /** An HTTP header name (a token), restricted to the characters header names use in practice. */
    static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]{0,127}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]*");

    private final JsonNode entry;
    private final int position;
    private String label;

    private SpecReader(JsonNode entry, int position) {
        this.entry = entry;
        this.position = position;
        this.label = "custom provider " + position;
    }

    /** The entry's label in messages: {@code custom provider 2 ("acme")}. */
    static String label(int position, String name) { return "custom provider " + position + " (\"" + name + "\")"; }

    static CustomProviderSpec read(JsonNode entry, int position) {
        return new SpecReader(entry, position).read();
    }

    private CustomProviderSpec read() {
        if (entry == null || !entry.isObject()) throw new CustomProvidersException(label + ": must be a JSON object");
        String name = name();
        label = label(position, name);
        for (var it = entry.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!MEMBERS.contains(member)) {
                throw fail("unknown field " + quoteMember(member) + " (known: " + String.join(", ", MEMBERS) + ")");
            }
        }
        String description = text("description", false);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw fail(field("description") + " must be at most " + MAX_DESCRIPTION + " characters");
        }
        String header = header("signature_header", true);
        String builtIn = BUILT_IN_HEADERS.get(header.toLowerCase(Locale.ROOT));
        if (builtIn != null) {
            throw fail(field("signature_header") + " " + quote(header) + " is how the built-in provider " + builtIn
                    + " is recognised; a delivery carrying it would never reach this provider");
        }
        Hmac.Algorithm algorithm = oneOf("algorithm", Arrays.stream(Hmac.Algorithm.values())
                .collect(Collectors.toMap(CustomProviderSpec::wire, a -> a, (a, b) -> a, LinkedHashMap::new)));
        Encoding encoding = oneOf("encoding", Arrays.stream(Encoding.values())
                .collect(Collectors.toMap(Encoding::wire, e -> e, (a, b) -> a, LinkedHashMap::new)));
        String prefix = text("prefix", false);
        if (prefix == null) prefix = "";
        if (prefix.length() > MAX_PREFIX || !PRINTABLE.matcher(prefix).matches() || !prefix.equals(prefix.strip())) {
            throw fail(field("prefix") + " must be at most " + MAX_PREFIX
                    + " printable ASCII characters, not starting or ending with a space");
        }
        Signed signed = oneOf("signed", Arrays.stream(Signed.values())
                .collect(Collectors.toMap(Signed::wire, s -> s, (a, b) -> a, LinkedHashMap::new)));

        String timestampHeader = null;
        String separator = null;
        Duration tolerance = null;
        if (signed == Signed.TIMESTAMP_BODY) {
            timestampHeader = header("timestamp_header", true);
            if (timestampHeader.equalsIgnoreCase(header)) throw fail(field("timestamp_header") + " must differ from 'signature_header'");
            separator = text("timestamp_separator", false);
            if (separator == null) separator = ".";
            else if (separator.length() > MAX_SEPARATOR || !PRINTABLE.matcher(separator).matches()) {
                throw fail(field("timestamp_separator") + " must be at most " + MAX_SEPARATOR + " printable ASCII characters");
            }
            tolerance = tolerance();
        } else {
            for (String only : List.of("timestamp_header", "timestamp_separator", "tolerance_seconds")) {
                if (entry.has(only)) throw fail(field(only) + " is only used when 'signed' is timestamp.body");
            }
        }
        String url = null;
        if (signed == Signed.URL_BODY) url = url();
        else if (entry.has("url")) throw fail(field("url") + " is only used when 'signed' is url+body");

        String secretsEnv = text("secrets_env", true);
        if (!ENV.matcher(secretsEnv).matches()) {
            throw fail(field("secrets_env") + " must be an environment variable name: upper-case letters, digits and '_', starting with a letter");
        }
        Fields fields = fields();
        Map<String, Status> statuses = new HashMap<>();
        Set<String> ignored = new HashSet<>();
        statuses(statuses, ignored);
        return new CustomProviderSpec(name, header, algorithm, encoding, prefix, signed, timestampHeader, separator, tolerance, url,
                secretsEnv, fields, statuses, ignored);
    }

    private String name() {
        String name = text("name", true);
        if (!NAME.matcher(name).matches()) {
            throw fail(field("name") + " " + quote(name) + " must match [a-z][a-z0-9_]{1,31} (lower case, 2 to 32 characters)");
        }
        if (BUILT_IN_NAMES.contains(name)) throw fail(field("name") + " " + quote(name) + " is the name of a built-in provider");
        return name;
    }

    private String header(String member, boolean required) {
        String h = text(member, required);
        if (h != null && !HEADER.matcher(h).matches()) {
            throw fail(field(member) + " " + quote(h) + " must be an HTTP header name (letters, digits, '-' and '_', at most 64)");
        }
        return h;
    }

    private <T> T oneOf(String member, Map<String, T> values) {
        String v = text(member, true);
        T t = values.get(v);
        if (t == null) throw fail(field(member) + " must be one of " + String.join(", ", values.keySet()));
        return t;
    }

    private Duration tolerance() {
        JsonNode n = entry.get("tolerance_seconds");
        if (n == null || n.isNull()) throw fail(field("tolerance_seconds") + " is required when 'signed' is timestamp.body");
        if (!n.isIntegralNumber() || n.bigIntegerValue().signum() <= 0
                || n.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_TOLERANCE_SECONDS)) > 0) {
            throw fail(field("tolerance_seconds") + " must be an integer from 1 to " + MAX_TOLERANCE_SECONDS);
        }
        return Duration.ofSeconds(n.longValue());
    }

    private String url() {
        JsonNode n = entry.get("url");
        if (n == null || n.isNull()) throw fail(field("url") + " is required when 'signed' is url+body");
        if (!n.isTextual()) throw fail(field("url") + " must be a string");
        String url = n.textValue();
        boolean ok = !url.isEmpty() && url.length() <= MAX_URL && PRINTABLE.matcher(url).matches() && url.equals(url.strip());
        if (ok) {
            try {
                URI u = new URI(url);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                ok = (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null;
            } catch (URISyntaxException e) {
                ok = false;
            }
        }
        if (!ok) throw fail(field("url") + " must be an absolute http:// or https:// URL, exactly as configured at the sender");
        return url;
    }

    private Fields fields() {
        JsonNode f = entry.get("fields");
        if (f == null || f.isNull()) throw fail(field("fields") + " is required");
        if (!f.isObject()) throw fail(field("fields") + " must be an object of JSON Pointers");
        for (var it = f.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!FIELDS.contains(member)) {
                throw fail("unknown field " + quoteMember("fields." + member) + " (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        Map<String, FieldPointer> p = new HashMap<>();
        for (String member : FIELDS) {
            JsonNode n = f.get(member);
            String path = "fields." + member;
            if (n == null || n.isNull()) {
                if (REQUIRED_FIELDS.contains(member)) throw fail(field(path) + " is required");
                continue;
            }
            if (!n.isTextual()) throw fail(field(path) + " must be a string (a JSON Pointer such as /data/id)");
            try {
                p.put(member, FieldPointer.parse(n.textValue()));
            } catch (IllegalArgumentException e) {
                throw fail(field(path) + " is not a JSON Pointer (RFC 6901): " + e.getMessage());
            }
        }
        if (p.get("event_id").tokens().equals(p.get("transaction_id").tokens())) {
            throw fail(field("fields.event_id") + " must not name the same field as 'fields.transaction_id': the event id is the"
                    + " dedupe key, and every later event of a payment would be dropped as a duplicate of its first");
        }
        if (p.containsKey("merchant")) {
            for (String customer : List.of("customer_id", "customer_email")) {
                if (p.containsKey(customer) && p.get(customer).tokens().equals(p.get("merchant").tokens())) {
                    throw fail(field("fields.merchant") + " must not name the same field as 'fields." + customer
                            + "': the merchant is the account paid, not the customer who pays");
                }
            }
        }
        return new Fields(p.get("event_id"), p.get("transaction_id"), p.get("type"), p.get("status"), p.get("amount"),
                p.get("currency"), p.get("customer_id"), p.get("customer_email"), p.get("occurred_at"), p.get("merchant"));
    }

    private void statuses(Map<String, Status> statuses, Set<String> ignored) {
        JsonNode s = entry.get("statuses");
        if (s == null || s.isNull()) throw fail(field("statuses") + " is required");
        if (!s.isObject()) throw fail(field("statuses") + " must be an object mapping the sender's statuses to canonical statuses");
        if (s.isEmpty()) throw fail(field("statuses") + " must map at least one of the sender's statuses");
        for (var it = s.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            if (key.isEmpty() || key.length() > MAX_STATUS_KEY) {
                throw fail(field("statuses") + " has a key that is empty or longer than " + MAX_STATUS_KEY + " characters");
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                ignored.add(key);
            } else if (v.isTextual() && CANONICAL.contains(v.textValue())) {
                statuses.put(key, Status.valueOf(v.textValue()));
            } else {
                throw fail(field("statuses." + key) + " must be one of " + String.join(", ", CANONICAL)
                        + ", or null (a status known and ignored)");
            }
        }
    }

    /** A string member: null when absent (or JSON null) and not required. */
    private String text(String member, boolean required) {
        JsonNode n = entry.get(member);
        if (n == null || n.isNull()) {
            if (required) throw fail(field(member) + " is required");
            return null;
        }
        if (!n.isTextual()) throw fail(field(member) + " must be a string");
        if (required && n.textValue().isEmpty()) throw fail(field(member) + " must not be empty");
        return n.textValue();
    }

    private static String field(String member) { return "field " + quoteMember(member); }

    private static String quoteMember(String member) { return "'" + shorten(member) + "'"; }

    /** A value as a JSON string literal (escaped), shortened: it is echoed in a message. */
    static String quote(String value) { return new TextNode(shorten(value)).toString(); }

    private static String shorten(String s) { return s.length() <= 64 ? s : s.substring(0, 61) + "..."; }

    private CustomProvidersException fail(String what) { return new CustomProvidersException(label + ": " + what); }
}

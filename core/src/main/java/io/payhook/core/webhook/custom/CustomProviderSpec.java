package io.payhook.core.webhook.custom;

import io.payhook.core.model.Status;
import io.payhook.core.webhook.Hmac;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One sender described by configuration (an entry of the file named by {@code PAYHOOK_CUSTOM_PROVIDERS_FILE}),
 * validated: {@link CustomProviders#parse} builds these and refuses a file that does not validate, naming the entry
 * and the field. The field-by-field contract is docs/providers/custom.md.
 *
 * @param name               the provider's name, lower case ({@code [a-z][a-z0-9_]{1,31}}, not a built-in provider's):
 *                           the {@code ?provider=} value, the key of {@code SecretSource.secrets(name)}, the stored
 *                           events' provider
 * @param signatureHeader    the header carrying the signature; its presence is how a delivery is recognised
 * @param algorithm          the HMAC's hash function
 * @param encoding           how the MAC is written in the header
 * @param prefix             text before the encoded MAC in the header ({@code sha256=}), removed before decoding; may be empty
 * @param signed             what the MAC covers
 * @param timestampHeader    the header carrying the signed Unix-seconds timestamp; only for {@link Signed#TIMESTAMP_BODY}
 * @param timestampSeparator what joins the timestamp and the body ({@code .} unless configured); only for {@link Signed#TIMESTAMP_BODY}
 * @param tolerance          the replay window, either side of now; only for {@link Signed#TIMESTAMP_BODY}
 * @param url                the URL the sender signs before the body, exactly as configured at the sender; only for {@link Signed#URL_BODY}
 * @param secretsEnv         the name of the variable holding the sender's secrets, comma-separated, all active — see {@link #secretsEnv()}
 * @param fields             where the event's fields are in the sender's body
 * @param statuses           the sender's status strings and the canonical status each reports
 * @param ignoredStatuses    the sender's status strings mapped to {@code null} in the file: known, reported as nothing
 *                           (kept as ignored events, reason {@code unmapped_event_type})
 */
public record CustomProviderSpec(
        String name,
        String signatureHeader,
        Hmac.Algorithm algorithm,
        Encoding encoding,
        String prefix,
        Signed signed,
        String timestampHeader,
        String timestampSeparator,
        Duration tolerance,
        String url,
        String secretsEnv,
        Fields fields,
        Map<String, Status> statuses,
        Set<String> ignoredStatuses) {

    /** How the MAC is written in the header. */
    public enum Encoding {
        /** Base16; upper or lower case. */
        HEX("hex"),
        /** Standard base64 (RFC 4648 §4, {@code +/}); the {@code =} padding may be omitted. */
        BASE64("base64");

        private final String wire;

        Encoding(String wire) { this.wire = wire; }

        /** As written in the file. */
        public String wire() { return wire; }
    }

    /** What the MAC covers, the parts concatenated in this order. */
    public enum Signed {
        /** The raw body. */
        BODY("body"),
        /** The timestamp header's value exactly as sent, the separator, the raw body: {@code <timestamp>.<body>}. */
        TIMESTAMP_BODY("timestamp.body"),
        /** The configured URL's UTF-8 bytes immediately followed by the raw body (nothing between them). */
        URL_BODY("url+body");

        private final String wire;

        Signed(String wire) { this.wire = wire; }

        /** As written in the file. */
        public String wire() { return wire; }
    }

    /**
     * Where the event's fields are in the sender's body, as JSON Pointers. Required: {@code eventId},
     * {@code transactionId}, {@code status}, {@code amount}, {@code currency}; the others may be null (not configured).
     * {@code merchant} names the merchant account the event belongs to; without it (or where the body has no usable
     * one) the provider's configured merchant label applies.
     */
    public record Fields(
            FieldPointer eventId,
            FieldPointer transactionId,
            FieldPointer type,
            FieldPointer status,
            FieldPointer amount,
            FieldPointer currency,
            FieldPointer customerId,
            FieldPointer customerEmail,
            FieldPointer occurredAt,
            FieldPointer merchant) {
        public Fields {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
        }

        /** Without a merchant pointer. */
        public Fields(FieldPointer eventId, FieldPointer transactionId, FieldPointer type, FieldPointer status,
                      FieldPointer amount, FieldPointer currency, FieldPointer customerId, FieldPointer customerEmail,
                      FieldPointer occurredAt) {
            this(eventId, transactionId, type, status, amount, currency, customerId, customerEmail, occurredAt, null);
        }
    }

    /** The wire names of the algorithms, in the order the messages list them. */
    static final List<String> ALGORITHMS = Arrays.stream(Hmac.Algorithm.values()).map(CustomProviderSpec::wire).toList();

    static String wire(Hmac.Algorithm a) { return a.name().toLowerCase(java.util.Locale.ROOT); }

    public CustomProviderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signatureHeader, "signatureHeader");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encoding, "encoding");
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(secretsEnv, "secretsEnv");
        Objects.requireNonNull(fields, "fields");
        statuses = Map.copyOf(statuses);
        ignoredStatuses = ignoredStatuses == null ? Set.of() : Set.copyOf(ignoredStatuses);
        boolean timestamp = signed == Signed.TIMESTAMP_BODY;
        if (timestamp != (timestampHeader != null) || timestamp != (tolerance != null)) {
            throw new IllegalArgumentException("timestampHeader and tolerance are set exactly when the timestamp is signed");
        }
        if (timestamp && timestampSeparator == null) timestampSeparator = ".";
        if (!timestamp && timestampSeparator != null) throw new IllegalArgumentException("timestampSeparator without a signed timestamp");
        if ((signed == Signed.URL_BODY) != (url != null)) throw new IllegalArgumentException("url is set exactly when the URL is signed");
        if (tolerance != null && (tolerance.isNegative() || tolerance.isZero())) throw new IllegalArgumentException("tolerance must be positive");
    }

    /**
     * The name of the environment variable that holds this sender's secrets, comma-separated, all active (e.g.
     * {@code PAYHOOK_ACME_SECRETS}). payhook's core never reads it: a composition root reads this variable and answers
     * {@code SecretSource.secrets(name())} with its values (locally); in AWS the secrets are stored under
     * {@link #name()} where the other providers' are, and this field is informational.
     */
    @Override
    public String secretsEnv() { return secretsEnv; }
}

package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.Hmac;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.ReplayWindow;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;
import io.payhook.core.webhook.custom.CustomProviderSpec.Encoding;
import io.payhook.core.webhook.custom.CustomProviderSpec.Fields;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A sender described by configuration ({@link CustomProviderSpec}): a plain HMAC over the raw body, the body after a
 * signed timestamp, or the body after a signed URL; one event per delivery, read through JSON Pointers.
 *
 * <h2>Detection</h2>
 * A delivery carrying the spec's signature header (names are case-insensitive), or any delivery sent with
 * {@code ?provider=<name>}. Custom providers come after the built-in ones and before the generic format.
 *
 * <h2>Verification</h2>
 * On the raw bytes, before anything is parsed. The header value, stripped of surrounding white space, must start with
 * the prefix exactly as configured ({@code sha256=}); the rest must decode ({@code hex}: either case; {@code base64}:
 * the standard alphabet, padding optional) to exactly one MAC of the algorithm's length (32, 64 or 20 bytes). No header
 * or a blank one — {@code SIGNATURE_MISSING}; no prefix, not decodable, the wrong length — {@code SIGNATURE_MALFORMED}.
 * What is signed:
 * <ul>
 *   <li>{@code body}: the raw body;</li>
 *   <li>{@code timestamp.body}: the timestamp header's value exactly as sent (Unix seconds, digits only), the separator
 *       ({@code .} unless {@code timestamp_separator} says otherwise), the raw body. The timestamp must lie within the
 *       spec's {@code tolerance_seconds} of now on <em>both</em> sides ({@link ReplayWindow}), checked before the MAC:
 *       no timestamp header — {@code SIGNATURE_MISSING}; not digits — {@code SIGNATURE_MALFORMED}; outside —
 *       {@code SIGNATURE_EXPIRED}. The spec's tolerance is used, not the deployment-wide one passed to {@link #verify};</li>
 *   <li>{@code url+body}: the configured URL's UTF-8 bytes immediately followed by the raw body.</li>
 * </ul>
 * Every active secret — its UTF-8 bytes, trimmed; blank ones skipped — is tried, each comparison in constant time,
 * none skipped; no match — {@code SIGNATURE_INVALID}.
 *
 * <h2>Mapping</h2>
 * The body must be a JSON object (else 400, the only refusal after verification). Then nothing the sender wrote is
 * refused — a verified delivery is never answered 4xx — and what cannot be read is kept as an ignored event with a
 * stable reason:
 * <ul>
 *   <li>event id ({@code fields.event_id}) and transaction id ({@code fields.transaction_id}): a non-empty string or a
 *       non-negative JSON integer, an identifier (letters, digits, {@code _-.:@+}, at most 128) holding no card number
 *       or email. Without a usable event id the event is stored under an id derived from the body
 *       ({@code <name>:sha256:<SHA-256 of the body as 64 letters a–p>}, the same for every redelivery of the same bytes) and
 *       ignored ({@code missing_field}, or {@code invalid_id} for one present but unusable); without a usable
 *       transaction id, under its event id, ignored the same way;</li>
 *   <li>status ({@code fields.status}): a string (or an integer, by its decimal text) looked up exactly in
 *       {@code statuses}; one mapped to {@code null} there — ignored, {@code unmapped_event_type} (the amount kept when
 *       readable); one not in the map — ignored, {@code unknown_status}; none — ignored, {@code missing_field};</li>
 *   <li>amount ({@code fields.amount}): integer minor units — a JSON integer, or a string of digits; anything else
 *       (a decimal, negative, over 2^62) — ignored, {@code invalid_amount}. Currency ({@code fields.currency}): ISO 4217,
 *       either case — else ignored, {@code unknown_currency};</li>
 *   <li>time ({@code fields.occurred_at}, when configured): an ISO-8601 date-time with offset, or a JSON integer of
 *       Unix seconds — else ignored, {@code invalid_timestamp} (or {@code missing_field}). When not configured: the
 *       signed timestamp for {@code timestamp.body}, else the time of receipt;</li>
 *   <li>type ({@code fields.type}, optional): a string of at most 128 characters; else the sender's status string,
 *       else the provider's name;</li>
 *   <li>customer id and email (optional): kept if they are what they claim, else dropped by the protection gate
 *       (policy DROP: a third party's format);</li>
 *   <li>merchant ({@code fields.merchant}, optional): a string or a non-negative JSON integer, kept by the protection
 *       gate if it is an account id ({@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}}, not a card number), else dropped; an
 *       event left without one takes the provider's configured merchant label, else {@code default} — also an
 *       event kept as ignored.</li>
 * </ul>
 */
public final class CustomProvider implements WebhookProvider {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_TYPE = 128;
    /** 9999-12-31T23:59:59Z: a larger integer time (milliseconds, say) is refused, not read as a far future. */
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private final CustomProviderSpec spec;
    private final Clock clock;

    /** @param clock the time of receipt, for events without a time of their own */
    public CustomProvider(CustomProviderSpec spec, Clock clock) {
        this.spec = java.util.Objects.requireNonNull(spec, "spec");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    public CustomProviderSpec spec() { return spec; }

    @Override public String name() { return spec.name(); }

    @Override
    public boolean recognizes(WebhookRequest request) { return request.header(spec.signatureHeader()).isPresent(); }

    /** A third party's format: personal-data fields that are not what they claim are dropped, the event kept. */
    @Override
    public ProtectionGate.Policy personalDataPolicy() { return ProtectionGate.Policy.DROP; }

    @Override
    public void verify(WebhookRequest request, List<String> secrets, Instant now, Duration tolerance) {
        byte[] given = signature(request);
        byte[][] parts = switch (spec.signed()) {
            case BODY -> new byte[][] {request.body()};
            case TIMESTAMP_BODY -> {
                String ts = signedTimestamp(request);
                ReplayWindow.check(Long.parseLong(ts), now, spec.tolerance());
                yield new byte[][] {(ts + spec.timestampSeparator()).getBytes(StandardCharsets.UTF_8), request.body()};
            }
            case URL_BODY -> new byte[][] {spec.url().getBytes(StandardCharsets.UTF_8), request.body()};
        };
        boolean ok = false;
        for (String secret : secrets) {
            if (secret == null) continue;
            String s = secret.trim();
            if (s.isEmpty()) continue; // an empty key matches nothing
            ok |= Hmac.equal(Hmac.mac(spec.algorithm(), s.getBytes(StandardCharsets.UTF_8), parts), given);
        }
        if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    /** The MAC the header carries: prefix removed, decoded, of the algorithm's length. */
    private byte[] signature(WebhookRequest request) {
        String header = spec.signatureHeader();
        String value = request.header(header).map(String::strip).orElse("");
        if (value.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "The " + header + " header is missing.");
        if (!value.startsWith(spec.prefix())) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The " + header + " header does not start with '" + spec.prefix() + "'.");
        }
        String encoded = value.substring(spec.prefix().length());
        byte[] mac;
        try {
            mac = spec.encoding() == Encoding.HEX
                    ? HexFormat.of().parseHex(encoded.toLowerCase(Locale.ROOT))
                    : Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            mac = null;
        }
        if (mac == null || mac.length != spec.algorithm().macBytes()) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The " + header + " header is not one HMAC-"
                    + spec.algorithm().name() + " in " + spec.encoding().wire() + ".");
        }
        return mac;
    }

    /** The timestamp header's value as sent (surrounding white space removed): digits only. */
    private String signedTimestamp(WebhookRequest request) {
        String header = spec.timestampHeader();
        String ts = request.header(header).map(String::strip).orElse("");
        if (ts.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "The " + header + " header is missing.");
        if (!DIGITS.matcher(ts).matches()) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "The " + header + " header is not a number of Unix seconds.");
        }
        return ts;
    }

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        Fields f = spec.fields();

        JsonNode eventNode = f.eventId().find(root);
        String eventId = acceptableId(eventNode);
        String idProblem = null;
        if (eventId == null) {
            idProblem = (eventNode == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_ID).wireCode();
            eventId = derivedEventId(request.body());
        }
        JsonNode txnNode = f.transactionId().find(root);
        String transactionId = acceptableId(txnNode);
        if (transactionId == null) {
            if (idProblem == null) idProblem = (txnNode == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_ID).wireCode();
            transactionId = eventId;
        }

        Instant at;
        PayhookException timeProblem = null;
        if (f.occurredAt() == null) {
            at = spec.signed() == CustomProviderSpec.Signed.TIMESTAMP_BODY ? signedTime(request) : clock.instant();
        } else {
            try {
                at = instant(f.occurredAt().find(root));
            } catch (PayhookException e) {
                at = clock.instant();
                timeProblem = e;
            }
        }

        PaymentEvent.Builder event = PaymentEvent.builder(name(), eventId, transactionId, type(root), at)
                // the merchant, when configured: kept by the protection gate if it is an account id, else the label
                .merchant(f.merchant() == null ? null : identifier(f.merchant().find(root)));
        if (idProblem != null) return List.of(event.ignored(idProblem).build());
        // what of the customer id and email may be kept, the protection gate decides (DROP)
        event.customerId(f.customerId() == null ? null : identifier(f.customerId().find(root)))
                .customerEmail(f.customerEmail() == null ? null : text(f.customerEmail().find(root)));
        PayhookException time = timeProblem;
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> map(e, root, time)));
    }

    /** Status and amount; a client error thrown here makes the event ignored with its code. */
    private void map(PaymentEvent.Builder e, JsonNode root, PayhookException timeProblem) {
        if (timeProblem != null) throw timeProblem; // a state change needs its own time
        JsonNode node = spec.fields().status().find(root);
        if (node == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "The status field is missing.");
        String state = node.isTextual() ? node.textValue() : node.isIntegralNumber() ? node.bigIntegerValue().toString() : null;
        if (state == null) throw new PayhookException(ErrorCode.INVALID_FIELD, "The status field must be a string.");
        if (spec.ignoredStatuses().contains(state)) {
            e.amount(ProviderMapping.lenient(() -> money(root))).ignored(PaymentEvent.UNMAPPED_EVENT_TYPE);
            return;
        }
        Status status = spec.statuses().get(state);
        if (status == null) throw new PayhookException(ErrorCode.UNKNOWN_STATUS, "The sender's status is not in the statuses map.");
        e.status(status).amount(money(root));
    }

    /** Integer minor units (a JSON integer or a string of digits) in an ISO 4217 currency. */
    private Money money(JsonNode root) {
        JsonNode amount = spec.fields().amount().find(root);
        long minor = amount != null && amount.isTextual()
                ? Json.minorUnitsOfDigits(amount.textValue(), "amount")
                : Json.minorUnits(amount, "amount");
        JsonNode currency = spec.fields().currency().find(root);
        if (currency == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "The currency field is missing.");
        if (!currency.isTextual()) throw new PayhookException(ErrorCode.UNKNOWN_CURRENCY, "The currency is not an ISO 4217 code.");
        return Json.money(minor, currency.textValue());
    }

    /** An ISO-8601 date-time with offset, or Unix seconds as a JSON integer. */
    private static Instant instant(JsonNode n) {
        if (n == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "The occurred_at field is missing.");
        if (n.isTextual()) return Json.instant(n.textValue(), "occurred_at");
        if (n.isIntegralNumber() && n.bigIntegerValue().signum() >= 0
                && n.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_EPOCH_SECONDS)) <= 0) {
            return Instant.ofEpochSecond(n.longValue());
        }
        throw new PayhookException(ErrorCode.INVALID_TIMESTAMP, "The occurred_at field must be ISO-8601 or Unix seconds.");
    }

    /** The signed timestamp (already verified) as the event's time. */
    private Instant signedTime(WebhookRequest request) {
        String ts = request.header(spec.timestampHeader()).map(String::strip).orElse("");
        long s = DIGITS.matcher(ts).matches() ? Long.parseLong(ts) : -1;
        return s >= 0 && s <= MAX_EPOCH_SECONDS ? Instant.ofEpochSecond(s) : clock.instant();
    }

    /** {@code fields.type} if configured and usable, else the sender's status string, else the provider's name. */
    private String type(JsonNode root) {
        FieldPointer typePointer = spec.fields().type();
        String t = typePointer == null ? null : text(typePointer.find(root));
        if (t == null || t.length() > MAX_TYPE) t = identifier(spec.fields().status().find(root));
        return t == null || t.length() > MAX_TYPE ? name() : t;
    }

    /** An identifier the protection gate accepts, from a string or a non-negative integer; else null. */
    private static String acceptableId(JsonNode n) {
        String id = identifier(n);
        return id != null && ProtectionGate.isAcceptableId(id) ? id : null;
    }

    private static String identifier(JsonNode n) {
        if (n == null) return null;
        if (n.isIntegralNumber() && n.bigIntegerValue().signum() >= 0) return n.bigIntegerValue().toString();
        return text(n);
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }

    /**
     * {@code <name>:sha256:<64 letters>}: the SHA-256 of the body in hex written with the letters a–p instead of 0–f
     * (no digits, so it can never look like a card number) — the same for every redelivery of the same bytes.
     */
    private String derivedEventId(byte[] body) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        StringBuilder id = new StringBuilder(name()).append(":sha256:");
        for (byte b : digest) id.append((char) ('a' + ((b >> 4) & 0xF))).append((char) ('a' + (b & 0xF)));
        return id.toString();
    }

    @Override
    public String toString() { return "CustomProvider[" + name() + "]"; }
}

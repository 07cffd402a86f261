package io.payhook.core.webhook.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.json.Json;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Status;
import io.payhook.core.port.CertificateSource;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.webhook.ProviderMapping;
import io.payhook.core.webhook.ReplayWindow;
import io.payhook.core.webhook.WebhookProvider;
import io.payhook.core.webhook.WebhookRequest;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * PayPal webhooks (REST API notifications, Payments v1 and v2, Orders v2, Disputes).
 *
 * <h2>Verification</h2>
 * PayPal signs with RSA and publishes the certificate; no secret is shared. A delivery carries
 * {@code PAYPAL-TRANSMISSION-ID}, {@code PAYPAL-TRANSMISSION-TIME}, {@code PAYPAL-TRANSMISSION-SIG}
 * (base64), {@code PAYPAL-CERT-URL} and {@code PAYPAL-AUTH-ALGO}. The signed message is
 * <pre>{@code <transmission id>|<transmission time>|<webhook id>|<CRC-32 of the raw body, unsigned decimal>}</pre>
 * where the webhook id is <em>ours</em> — the id PayPal gave the webhook subscription, configured as
 * payhook's PayPal "secrets" ({@code PAYHOOK_PAYPAL_WEBHOOK_IDS}), never read from the request — so a
 * delivery PayPal made to someone else's webhook does not verify here. Every configured id is tried
 * (several webhooks, or a new one replacing an old one); all are tried, whatever the first answers.
 * In order, cheapest first, and every check before any request is made:
 * <ol>
 *   <li>no certificate source configured: 401 {@code provider_not_configured} (fail closed);</li>
 *   <li>a header missing or blank: 401 {@code signature_missing};</li>
 *   <li>{@code PAYPAL-AUTH-ALGO} other than {@code SHA256withRSA} (PayPal's Java SDK passes the header straight
 *       to {@code Signature.getInstance}; we accept the one algorithm PayPal uses), a transmission id or time
 *       of the wrong shape, a signature that is not base64 of an RSA signature's length: 401 {@code signature_malformed};</li>
 *   <li>the transmission time outside the window (below): 401 {@code signature_expired};</li>
 *   <li>a certificate URL the allowlist refuses ({@link PayPalCertificateUrls}): 401 {@code signature_invalid} —
 *       and no request is made;</li>
 *   <li>the certificate, from the {@link CertificateSource} (the adapter validates its chain against the
 *       trust store and caches it; a host that cannot be reached is a 503, so that PayPal retries); its
 *       subject must be PayPal's message-verification certificate — a {@code CN} of
 *       {@code messageverificationcerts[.<env>].paypal.com}, the rule of PayPal's Java SDK — and it must be valid
 *       at the time of receipt: 401 {@code signature_invalid} otherwise;</li>
 *   <li>the RSA signature under every configured webhook id: none matches, 401 {@code signature_invalid}.</li>
 * </ol>
 *
 * <p><b>The replay window and PayPal's retries.</b> The transmission time is signed, so it can be held to
 * a window. PayPal retries a delivery it did not get a 2xx for "25 times over the course of three days"
 * and does not document whether a retry is signed afresh or resent with its original transmission time
 * (the transmission id is a version-1 UUID minted with the transmission time — in every published
 * delivery the UUID's clock equals the header to the second — which suggests one per HTTP transmission, but
 * that is not a promise). A window of ±{@code tolerance} would then refuse a genuine retry made hours
 * later. So the window is asymmetric: a transmission time may lie up to {@code tolerance} in the future
 * (clock skew) and up to {@link Settings#retrySpan} (default 72 h, PayPal's documented retry period) plus
 * {@code tolerance} in the past. What a captured delivery replayed within that span can do is nothing:
 * its event id is already stored, so it is a duplicate. A manual resend from PayPal's dashboard later than
 * that, if PayPal kept the original time, is refused with {@code signature_expired}.
 *
 * <h2>Mapping</h2>
 * The event types, the status each reports and which payment each belongs to are data:
 * {@link PayPalEventTypes} (the transaction is the capture or sale PayPal calls the transaction). The
 * event id is PayPal's {@code id} ({@code WH-…}), the time {@code create_time}. Amounts are decimal strings
 * read exactly by the currency's ISO 4217 exponent ({@link Json#minorUnitsOfDecimal}); v1 refunds and
 * reversals write them negative, which is the direction of the money, not a negative amount. Customer data
 * (orders only: {@code payer.email_address}, {@code payer.payer_id}) and the payment method ({@code payment_source}:
 * a card's brand and last 4, else the source's kind, e.g. {@code paypal}) pass the protection gate ({@link ProtectionGate.Policy#DROP}).
 * A verified delivery is never refused once {@code id} and {@code event_type} are read: an unmapped type, or a
 * mapped one lacking what payhook needs, is kept as ignored with the reason; a {@code create_time} payhook cannot
 * read is replaced by the time of receipt for an ignored event (a state change needs its own time).
 * The merchant is the payee's {@code merchant_id} when the resource names one ({@link #merchant}); PayPal's v1 sale and
 * authorization resources name none, and then the configured label applies.
 */
public final class PayPalProvider implements WebhookProvider {
    public static final String NAME = "paypal";
    public static final String TRANSMISSION_ID = "PAYPAL-TRANSMISSION-ID";
    public static final String TRANSMISSION_TIME = "PAYPAL-TRANSMISSION-TIME";
    public static final String TRANSMISSION_SIG = "PAYPAL-TRANSMISSION-SIG";
    public static final String CERT_URL = "PAYPAL-CERT-URL";
    public static final String AUTH_ALGO = "PAYPAL-AUTH-ALGO";
    /** The one signature algorithm PayPal uses (JCA name, as PayPal writes it in {@code PAYPAL-AUTH-ALGO}). */
    public static final String ALGORITHM = "SHA256withRSA";
    /** PayPal's documented retry period: "25 times over the course of three days". */
    public static final Duration PAYPAL_RETRY_SPAN = Duration.ofHours(72);

    /**
     * What PayPal verification needs besides the webhook ids, given by the composition root.
     *
     * @param certificates    fetches (and validates and caches) the certificate named by an allowed URL; null
     *                        when none is configured — PayPal deliveries are then refused (fail closed)
     * @param certificateUrls which certificate URLs may be fetched ({@link PayPalCertificateUrls#PAYPAL} in production)
     * @param retrySpan       how much older than the tolerance a transmission time may be (a retry may carry its
     *                        original time; see the class comment)
     */
    public record Settings(CertificateSource certificates, PayPalCertificateUrls certificateUrls, Duration retrySpan) {
        public Settings {
            Objects.requireNonNull(certificateUrls, "certificateUrls");
            Objects.requireNonNull(retrySpan, "retrySpan");
            if (retrySpan.isNegative()) throw new IllegalArgumentException("negative retrySpan");
        }

        /** Production: PayPal's hosts, PayPal's retry span, certificates from {@code certificates}. */
        public static Settings of(CertificateSource certificates) {
            return new Settings(certificates, PayPalCertificateUrls.PAYPAL, PAYPAL_RETRY_SPAN);
        }

        /** No certificate source: PayPal deliveries are refused until one is configured. */
        public static final Settings UNCONFIGURED = new Settings(null, PayPalCertificateUrls.PAYPAL, PAYPAL_RETRY_SPAN);
    }

    private static final Pattern TRANSMISSION_ID_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final Pattern WEBHOOK_ID_SHAPE = Pattern.compile("[A-Za-z0-9]{1,50}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Z][A-Z0-9_-]*(\\.[A-Z0-9_-]+){0,6}");
    private static final Pattern CN_SHAPE = Pattern.compile("messageverificationcerts(\\.[a-z0-9-]+)*\\.paypal\\.com");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern V2_CAPTURE = Pattern.compile("/v2/payments/captures/([A-Za-z0-9-]{1,64})");
    private static final Pattern V1_SALE = Pattern.compile("/v1/payments/(?:sale|capture)/([A-Za-z0-9-]{1,64})");
    /** RSA signatures of 1024 to 8192 bits. */
    private static final int MIN_SIG = 128, MAX_SIG = 1024;

    private final Settings settings;
    private final Clock clock;

    /** @param clock the time of receipt, for an ignored event without a usable {@code create_time} */
    public PayPalProvider(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override public String name() { return NAME; }

    /** A delivery carrying {@code PAYPAL-TRANSMISSION-SIG} (any case). */
    @Override
    public boolean recognizes(WebhookRequest request) { return request.header(TRANSMISSION_SIG).isPresent(); }

    @Override
    public void verify(WebhookRequest request, List<String> webhookIds, Instant now, Duration tolerance) {
        if (settings.certificates() == null) {
            throw new PayhookException(ErrorCode.PROVIDER_NOT_CONFIGURED, "No PayPal certificate source is configured; PayPal deliveries are refused.");
        }
        String id = header(request, TRANSMISSION_ID);
        String time = header(request, TRANSMISSION_TIME);
        String sig = header(request, TRANSMISSION_SIG);
        String certUrl = header(request, CERT_URL);
        String algo = header(request, AUTH_ALGO);
        if (!ALGORITHM.equalsIgnoreCase(algo)) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "PAYPAL-AUTH-ALGO must be " + ALGORITHM + ".");
        }
        if (!TRANSMISSION_ID_SHAPE.matcher(id).matches()) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "PAYPAL-TRANSMISSION-ID is malformed.");
        }
        Instant sent = transmissionTime(time);
        checkWindow(sent, now, tolerance);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "PAYPAL-TRANSMISSION-SIG is not base64.");
        }
        if (signature.length < MIN_SIG || signature.length > MAX_SIG) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "PAYPAL-TRANSMISSION-SIG is not an RSA signature.");
        }
        List<String> ids = webhookIds.stream().map(String::trim).filter(w -> WEBHOOK_ID_SHAPE.matcher(w).matches()).toList();
        if (ids.isEmpty()) { // a misconfigured id matches nothing: say so, the operator reads this in the log
            throw new PayhookException(ErrorCode.SIGNATURE_INVALID, "No configured PayPal webhook id is one (letters and digits only).");
        }
        URI url = settings.certificateUrls().allowed(certUrl).orElseThrow(() ->
                new PayhookException(ErrorCode.SIGNATURE_INVALID, "PAYPAL-CERT-URL is not one of PayPal's certificate URLs."));
        X509Certificate cert = settings.certificates().certificate(url);
        PublicKey key = checkedKey(cert, now);
        String crc = crc32(request.body());
        boolean ok = false;
        for (String webhookId : ids) ok |= verifies(key, signedMessage(id, time, webhookId, crc), signature);
        if (!ok) throw new PayhookException(ErrorCode.SIGNATURE_INVALID);
    }

    /** The header's value, or 401 {@code signature_missing} when absent or blank. */
    private static String header(WebhookRequest request, String name) {
        String v = request.header(name).map(String::trim).orElse("");
        if (v.isEmpty()) throw new PayhookException(ErrorCode.SIGNATURE_MISSING, "The " + name + " header is missing.");
        return v;
    }

    private static Instant transmissionTime(String time) {
        if (time.length() > 64 || time.indexOf('|') >= 0) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "PAYPAL-TRANSMISSION-TIME is malformed.");
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeException e) {
            throw new PayhookException(ErrorCode.SIGNATURE_MALFORMED, "PAYPAL-TRANSMISSION-TIME is not an ISO-8601 time.");
        }
    }

    /** Up to {@code tolerance} ahead of now; up to {@code retrySpan + tolerance} behind it (class comment). */
    private void checkWindow(Instant sent, Instant now, Duration tolerance) {
        Duration behind = settings.retrySpan().plus(tolerance.isNegative() ? Duration.ZERO : tolerance);
        ReplayWindow.check(sent.getEpochSecond(), now, sent.isAfter(now) ? tolerance : behind);
    }

    /** PayPal's message-verification certificate, valid now, with an RSA key — or 401. */
    private static PublicKey checkedKey(X509Certificate cert, Instant now) {
        if (!isPayPalSubject(cert)) {
            throw new PayhookException(ErrorCode.SIGNATURE_INVALID, "The certificate is not PayPal's message-verification certificate.");
        }
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new PayhookException(ErrorCode.SIGNATURE_INVALID, "The PayPal certificate is not valid now.");
        }
        if (!(cert.getPublicKey() instanceof RSAPublicKey key)) {
            throw new PayhookException(ErrorCode.SIGNATURE_INVALID, "The PayPal certificate has no RSA key.");
        }
        return key;
    }

    /**
     * Whether the certificate's subject names PayPal's message-verification service: a common name
     * {@code messageverificationcerts.paypal.com}, {@code messageverificationcerts.sandbox.paypal.com} (or another
     * {@code messageverificationcerts.<…>.paypal.com}) — what PayPal's Java SDK requires ({@code CN=messageverificationcerts…}
     * ending {@code .paypal.com}); every CN of the subject must be one.
     */
    public static boolean isPayPalSubject(X509Certificate cert) {
        List<String> cns = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) cns.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return !cns.isEmpty() && cns.stream().allMatch(cn -> CN_SHAPE.matcher(cn).matches());
    }

    private static boolean verifies(PublicKey key, String message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /** The string PayPal signs: {@code <transmission id>|<transmission time>|<webhook id>|<crc32>}. */
    public static String signedMessage(String transmissionId, String transmissionTime, String webhookId, String crc32) {
        return transmissionId + "|" + transmissionTime + "|" + webhookId + "|" + crc32;
    }

    /** The CRC-32 (IEEE 802.3, {@link CRC32}) of the raw body, as an unsigned decimal number. */
    public static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }

    // ============================================================================ parsing

    @Override
    public List<PaymentEvent> parse(WebhookRequest request) {
        JsonNode root = Json.object(request.body());
        String eventId = Json.requiredText(root, "id");
        if (!Ids.isValid(eventId)) throw new PayhookException(ErrorCode.INVALID_ID, "Field 'id' is malformed.");
        String type = Json.requiredText(root, "event_type");
        if (type.length() > 128 || !EVENT_TYPE.matcher(type).matches()) {
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'event_type' is not a PayPal event type.");
        }
        Instant at = ProviderMapping.lenient(() -> Json.instant(Json.requiredText(root, "create_time"), "create_time"));
        JsonNode resource = root.path("resource");
        PayPalEventTypes.Rule rule = PayPalEventTypes.RULES.get(type);
        String reference = rule == null || !resource.isObject() ? null : reference(rule.reference(), resource);
        String txn = reference != null ? reference : fallbackReference(resource, eventId);
        PaymentEvent.Builder event = PaymentEvent.builder(NAME, eventId, txn, type, at == null ? clock.instant() : at)
                .merchant(resource.isObject() ? merchant(resource, rule) : null);
        if (rule == null) return List.of(event.ignored(PaymentEvent.UNMAPPED_EVENT_TYPE).build());
        if (reference == null) return List.of(event.ignored(ErrorCode.MISSING_FIELD.wireCode()).build());
        return List.of(ProviderMapping.mappedOrIgnored(event, e -> {
            if (at == null) Json.instant(Json.requiredText(root, "create_time"), "create_time"); // a state change needs its own time
            map(e, rule, resource);
        }));
    }

    /** Status, amount, customer and payment method of a mapped event ({@link PayPalEventTypes}). */
    private static void map(PaymentEvent.Builder e, PayPalEventTypes.Rule rule, JsonNode resource) {
        Status status = rule.status();
        Set<Status> reverses = rule.reverses();
        JsonNode payment = orderPayment(resource); // for orders: the capture or authorization the event is about
        switch (rule.refinement()) {
            case NONE -> { }
            case ORDER_PAYMENT_STATUS -> {
                status = payment == null ? null : orderPaymentStatus(payment);
                if (status == null) {
                    e.ignored(PaymentEvent.NO_STATE_CHANGE);
                    return;
                }
            }
            case REFUND_STATUS -> {
                String s = upper(firstText(resource, "status", "state"));
                if ("PENDING".equals(s)) {
                    e.ignored(PaymentEvent.NO_STATE_CHANGE); // the refund has not happened yet
                    return;
                }
                if ("FAILED".equals(s) || "CANCELLED".equals(s) || "CANCELED".equals(s)) {
                    status = Status.SUCCEEDED; // captured, not refunded, after all
                    reverses = ProviderMapping.REFUNDS;
                }
            }
            case DISPUTE_OUTCOME -> {
                String outcome = upper(text(resource.path("dispute_outcome"), "outcome_code"));
                boolean resolved = "RESOLVED".equals(upper(text(resource, "status"))) || outcome != null;
                if (resolved && outcome != null && PayPalEventTypes.DISPUTE_WON.contains(outcome)) {
                    status = Status.SUCCEEDED;
                    reverses = ProviderMapping.DISPUTES;
                } else {
                    status = Status.DISPUTED;
                }
            }
        }
        boolean moneyInForce = status == Status.SUCCEEDED || status == Status.AUTHORIZED;
        Money amount = moneyInForce && reverses.isEmpty()
                ? amount(rule.amount(), resource, payment) // a capture or authorisation needs its amount: ignored without it
                : ProviderMapping.lenient(() -> amount(rule.amount(), resource, payment));
        if (moneyInForce && reverses.isEmpty() && amount == null) {
            throw new PayhookException(ErrorCode.MISSING_FIELD, "Required field 'amount' is missing.");
        }
        e.status(status).reverses(reverses).amount(amount);
        if (rule.reference() == PayPalEventTypes.Reference.ORDER_PAYMENT) {
            // only an order names the buyer: a refund's "payer" is the merchant, a capture's "payee" too
            JsonNode payer = resource.path("payer");
            // what of these may be kept, the protection gate decides (DROP)
            e.customerEmail(firstNonNull(text(payer, "email_address"), text(resource.path("payment_source").path("paypal"), "email_address")))
                    .customerId(text(payer, "payer_id"))
                    .paymentMethod(paymentMethod(resource.path("payment_source")));
        }
    }

    // ---------------------------------------------------------------- which merchant

    /**
     * The merchant the resource names as the one paid: {@code payee.merchant_id} (v2 captures and authorizations); a v2
     * refund's {@code payer.merchant_id} (a refund's payer is the merchant who refunds); else the one
     * {@code payee.merchant_id} all of an order's {@code purchase_units} (v2) or a payment's {@code transactions} (v1)
     * agree on. Null when it names none, or several (a multi-party order: the payment is not one merchant's).
     */
    private static String merchant(JsonNode resource, PayPalEventTypes.Rule rule) {
        String payee = text(resource.path("payee"), "merchant_id");
        if (payee != null) return payee;
        if (rule != null && rule.reference() == PayPalEventTypes.Reference.REFUNDED_PAYMENT) {
            String refunder = text(resource.path("payer"), "merchant_id");
            if (refunder != null) return refunder;
        }
        java.util.Set<String> payees = new java.util.HashSet<>();
        for (String list : new String[] {"purchase_units", "transactions"}) {
            for (JsonNode unit : resource.path(list)) {
                String id = text(unit.path("payee"), "merchant_id");
                if (id != null) payees.add(id);
            }
        }
        return payees.size() == 1 ? payees.iterator().next() : null;
    }

    // ---------------------------------------------------------------- which payment

    private static String reference(PayPalEventTypes.Reference kind, JsonNode resource) {
        return switch (kind) {
            case RESOURCE -> acceptable(text(resource, "id"));
            case REFUNDED_PAYMENT -> refundedPayment(resource);
            case ORDER_PAYMENT -> {
                JsonNode p = orderPayment(resource);
                yield p != null ? acceptable(text(p, "id")) : acceptable(text(resource, "id"));
            }
            case ORDER_ID -> acceptable(text(resource, "order_id"));
            case DISPUTED_TRANSACTION -> firstNonNull(
                    acceptable(text(resource.path("disputed_transactions").path(0), "seller_transaction_id")),
                    acceptable(text(resource, "dispute_id")));
        };
    }

    /**
     * The capture (v2) or sale (v1) a refund or reversal takes money from: v2 {@code links[rel=up]}
     * ({@code …/v2/payments/captures/{id}}); v1 {@code sale_id} or {@code capture_id}, or the
     * {@code links[rel=sale|capture]}; else the refund's own id (a reversal that names nothing).
     */
    private static String refundedPayment(JsonNode resource) {
        for (JsonNode link : resource.path("links")) {
            String rel = text(link, "rel");
            if (rel == null) continue;
            String id = switch (rel) {
                case "up" -> pathId(text(link, "href"), V2_CAPTURE);
                case "sale", "capture" -> pathId(text(link, "href"), V1_SALE);
                default -> null;
            };
            if (acceptable(id) != null) return id;
        }
        return firstNonNull(acceptable(text(resource, "sale_id")), acceptable(text(resource, "capture_id")),
                acceptable(text(resource.path("supplementary_data").path("related_ids"), "capture_id")),
                acceptable(text(resource, "id")));
    }

    /** The last path segment of {@code href} when its path matches {@code shape}; parsed only, never fetched. */
    private static String pathId(String href, Pattern shape) {
        if (href == null) return null;
        try {
            String path = new URI(href).getRawPath();
            var m = path == null ? null : shape.matcher(path);
            return m != null && m.matches() ? m.group(1) : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The payment an order lists: its only capture across all purchase units, else (no capture) its
     * only authorization; null when it lists none, or several.
     */
    private static JsonNode orderPayment(JsonNode order) {
        List<JsonNode> captures = new ArrayList<>();
        List<JsonNode> authorizations = new ArrayList<>();
        for (JsonNode unit : order.path("purchase_units")) {
            for (JsonNode c : unit.path("payments").path("captures")) if (c.isObject()) captures.add(c);
            for (JsonNode a : unit.path("payments").path("authorizations")) if (a.isObject()) authorizations.add(a);
        }
        if (captures.size() == 1) return captures.get(0);
        if (captures.isEmpty() && authorizations.size() == 1) return authorizations.get(0);
        return null;
    }

    /** The status of the payment an order lists (see {@link PayPalEventTypes.Refinement#ORDER_PAYMENT_STATUS}). */
    private static Status orderPaymentStatus(JsonNode payment) {
        String s = upper(text(payment, "status"));
        if (s == null) return null;
        return switch (s) {
            case "COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED" -> Status.SUCCEEDED;
            case "PENDING" -> Status.PENDING;
            case "DECLINED", "FAILED", "DENIED" -> Status.FAILED;
            case "CREATED", "PARTIALLY_CAPTURED", "CAPTURED" -> Status.AUTHORIZED;
            case "VOIDED", "EXPIRED" -> Status.CANCELED;
            default -> null;
        };
    }

    /** For an event payhook keeps as ignored: the resource's id when usable, else the event id. */
    private static String fallbackReference(JsonNode resource, String eventId) {
        String id = acceptable(text(resource, "id"));
        return id != null ? id : eventId;
    }

    private static String acceptable(String id) { return id != null && ProtectionGate.isAcceptableId(id) ? id : null; }

    // ---------------------------------------------------------------- money

    private static Money amount(PayPalEventTypes.AmountSource source, JsonNode resource, JsonNode payment) {
        return switch (source) {
            case RESOURCE -> money(resource.get("amount"), "resource.amount", false);
            case REFUNDED_TOTAL -> {
                JsonNode total = resource.path("seller_payable_breakdown").get("total_refunded_amount");
                yield total != null && total.isObject()
                        ? money(total, "resource.seller_payable_breakdown.total_refunded_amount", true)
                        : money(resource.get("amount"), "resource.amount", true);
            }
            case ORDER -> {
                if (payment != null) yield money(payment.get("amount"), "amount", false);
                JsonNode units = resource.path("purchase_units");
                yield units.size() == 1 ? money(units.get(0).get("amount"), "purchase_units[0].amount", false) : null;
            }
            case DISPUTE -> {
                JsonNode d = resource.get("dispute_amount");
                yield d != null && d.isObject() ? money(d, "resource.dispute_amount", false)
                        : money(resource.path("disputed_transactions").path(0).get("gross_amount"), "gross_amount", false);
            }
            case NONE -> null;
        };
    }

    /**
     * A PayPal amount: v2 {@code {"currency_code", "value"}}, v1 {@code {"currency", "total"}}, a decimal string read
     * exactly by the currency's exponent. {@code directionSigned}: a v1 refund's or reversal's {@code "-0.49"} is 0.49
     * going back. Null when absent.
     */
    static Money money(JsonNode amount, String field, boolean directionSigned) {
        if (amount == null || amount.isNull() || amount.isMissingNode()) return null;
        if (!amount.isObject()) throw new PayhookException(ErrorCode.INVALID_FIELD, "Field '" + field + "' must be an object.");
        String currency = firstText(amount, "currency_code", "currency");
        String value = firstText(amount, "value", "total");
        if (currency == null || value == null) {
            throw new PayhookException(ErrorCode.MISSING_FIELD, "Field '" + field + "' needs a value and a currency.");
        }
        if (directionSigned && value.startsWith("-")) value = value.substring(1);
        return Json.money(Json.minorUnitsOfDecimal(value, currency.toUpperCase(Locale.ROOT), field), currency);
    }

    // ---------------------------------------------------------------- customer data

    /** A card's brand and last 4 ({@code visa ****1111}), else the kind of source ({@code paypal}, {@code venmo}...). */
    private static String paymentMethod(JsonNode source) {
        if (!source.isObject()) return null;
        JsonNode card = source.path("card");
        if (card.isObject()) {
            String last4 = text(card, "last_digits");
            if (last4 == null || !LAST4.matcher(last4).matches()) return "card";
            String brand = text(card, "brand");
            brand = brand == null ? "card" : brand.toLowerCase(Locale.ROOT);
            return (METHOD.matcher(brand).matches() ? brand : "card") + " ****" + last4;
        }
        var names = source.fieldNames();
        if (!names.hasNext()) return null;
        String kind = names.next().toLowerCase(Locale.ROOT);
        return METHOD.matcher(kind).matches() ? kind : null;
    }

    // ---------------------------------------------------------------- small readers

    /** A non-empty string member, or null (absent, null, or not a string). */
    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            String v = text(n, f);
            if (v != null) return v;
        }
        return null;
    }

    private static String upper(String s) { return s == null ? null : s.toUpperCase(Locale.ROOT); }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }
}

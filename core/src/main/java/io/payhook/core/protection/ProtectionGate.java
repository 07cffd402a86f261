package io.payhook.core.protection;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.FieldCipher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one data-protection gate (SPEC §5): every provider's events pass it exactly once, between
 * parsing and storing, and only what it returns can be stored ({@link ProtectedEvent} is the type
 * {@link io.payhook.core.port.TransactionStore#append} accepts, and only this class makes one).
 * Providers read their formats; the rules about card data and personal data live here:
 * <ul>
 *   <li><b>Identifiers</b> (event id, transaction id) are keys — kept in the clear, logged, shown — so
 *       one holding a card number (the scheme rule of {@link CardData}) or an email address refuses the
 *       delivery (400 {@code invalid_id}); masking would merge different payments into one id.</li>
 *   <li><b>Amount</b>: a value that is a card scheme's PAN is kept nowhere, not even as an amount —
 *       refused (422 {@code invalid_amount}) for an event that changes a payment, dropped from an ignored one.</li>
 *   <li><b>Customer email</b>: must be plausible and hold no card number ({@link Policy}); then it is
 *       sealed with envelope encryption — the stored event carries only the {@link SealedValue}.</li>
 *   <li><b>Customer id</b>: the identifier shape; card numbers and email addresses inside it are masked
 *       or the field dropped ({@link Policy}).</li>
 *   <li><b>Payment method</b>: at most brand and last 4 ({@link CardData#maskPaymentMethod}).</li>
 *   <li><b>Event type</b>: free text made safe ({@link CardData#scrubText}).</li>
 *   <li><b>Merchant</b>: an account id ({@link #isAcceptableMerchant}: {@value #MERCHANT_SHAPE}, not a card number — so
 *       never an email address either); anything else is dropped or refused ({@link Policy}: 400 {@code invalid_field}
 *       naming {@code merchant}). An event left without one gets its provider's configured label, else
 *       {@code default} ({@link MerchantLabels}): every stored event has a merchant.</li>
 * </ul>
 * Raw payloads are never kept, so nothing else of a payload survives. Every event of a delivery is
 * checked before any is sealed, and a failure stores nothing.
 */
public final class ProtectionGate {

    /** What the gate does with a personal-data field that is not what it claims to be. */
    public enum Policy {
        /**
         * The generic payhook format: the sender follows payhook's own contract, so a malformed customer id, a
         * customer email that is not an address (or holds a card number) or a merchant that is not an account id
         * refuses the delivery (400 {@code invalid_field}); card numbers and email addresses inside a customer id are
         * masked. (Standard Webhooks senders deliver every event of an application and disable an endpoint that
         * refuses them: DROP.)
         */
        REFUSE,
        /**
         * A provider's own format (Stripe, Adyen, ...): such a field is dropped and the event kept — a refused
         * delivery would be retried for days and then the endpoint disabled.
         */
        DROP
    }

    /** What a merchant may look like: an account id, as {@link #isAcceptableMerchant} checks it. */
    public static final String MERCHANT_SHAPE = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";
    private static final Pattern MERCHANT = Pattern.compile(MERCHANT_SHAPE);

    private final FieldCipher cipher;
    private final MerchantLabels merchants;

    /** A gate without merchant labels: an event that names no usable merchant belongs to {@link MerchantLabels#DEFAULT}. */
    public ProtectionGate(FieldCipher cipher) { this(cipher, MerchantLabels.NONE); }

    /** @param merchants the merchant of an event that names no usable one ({@link MerchantLabels#merchantOf}) */
    public ProtectionGate(FieldCipher cipher, MerchantLabels merchants) {
        this.cipher = cipher;
        this.merchants = Objects.requireNonNull(merchants, "merchants");
    }

    /**
     * Applies the rules to every event of one delivery, then seals personal data.
     *
     * @param receivedAt when payhook received the delivery (becomes each stored event's {@code received_at})
     * @throws PayhookException with a 400/422 code when an event must be refused; nothing is sealed then
     */
    public List<ProtectedEvent> protect(List<PaymentEvent> events, Policy policy, Instant receivedAt) {
        List<PaymentEvent> checked = new ArrayList<>(events.size());
        for (PaymentEvent e : events) checked.add(check(e, policy));
        List<ProtectedEvent> out = new ArrayList<>(checked.size());
        for (PaymentEvent e : checked) {
            SealedValue email = e.customerEmail() == null ? null
                    : cipher.seal(e.customerEmail(), FieldCipher.context(e.transactionId(), "customer_email"));
            out.add(new ProtectedEvent(StoredEvent.of(e, email, receivedAt, merchants.merchantOf(e.provider(), e.merchant()))));
        }
        return out;
    }

    /**
     * The event as it may be kept, personal data not yet sealed (see the class comment): what the gate
     * checks, without sealing — for tests and diagnostics; only {@link #protect} makes a storable event.
     */
    public static PaymentEvent check(PaymentEvent e, Policy policy) {
        refuseInId(e.eventId(), "event id");
        refuseInId(e.transactionId(), "transaction id");
        Money amount = e.amount();
        if (amount != null && CardData.isSchemePan(Long.toString(amount.minorUnits()))) {
            if (!e.ignored()) throw new PayhookException(ErrorCode.INVALID_AMOUNT, "The amount looks like a card number; it is refused.");
            amount = null;
        }
        String email = customerEmail(e.customerEmail(), policy);
        String customerId = customerId(e.customerId(), policy);
        String type = CardData.scrubText(e.type());
        String method = CardData.maskPaymentMethod(e.paymentMethod());
        return e.with(type, amount, customerId, email, method, merchant(e.merchant(), policy));
    }

    /**
     * Whether {@code merchant} may be kept as an event's merchant: an account id ({@value #MERCHANT_SHAPE}: no
     * {@code @}, so never an email address) that is not a card scheme's number. Also the rule for configured labels.
     */
    public static boolean isAcceptableMerchant(String merchant) {
        return merchant != null && MERCHANT.matcher(merchant).matches() && !CardData.containsSchemePan(merchant);
    }

    /**
     * Whether {@code id} may serve as an identifier: the identifier shape, and neither a card number
     * (scheme rule) nor an email address. A provider choosing among candidate references for an event
     * asks this, so that it picks one the gate accepts.
     */
    public static boolean isAcceptableId(String id) {
        return Ids.isValid(id) && !CardData.containsSchemePan(id) && !CardData.containsEmail(id);
    }

    private static void refuseInId(String id, String what) {
        if (CardData.containsSchemePan(id)) {
            throw new PayhookException(ErrorCode.INVALID_ID, "The " + what + " holds a card number; card numbers are not accepted as identifiers.");
        }
        if (CardData.containsEmail(id)) {
            throw new PayhookException(ErrorCode.INVALID_ID, "The " + what + " holds an email address; personal data is not accepted in identifiers.");
        }
    }

    private static String customerEmail(String email, Policy policy) {
        if (email == null) return null;
        boolean plausible = Emails.isPlausible(email);
        boolean pan = CardData.containsSchemePan(email);
        if (plausible && !pan) return email;
        if (policy == Policy.DROP) return null;
        throw new PayhookException(ErrorCode.INVALID_FIELD, pan
                ? "Field 'customer_email' holds a card number; it is refused."
                : "Field 'customer_email' is not an email address.");
    }

    private static String merchant(String merchant, Policy policy) {
        if (merchant == null || isAcceptableMerchant(merchant)) return merchant;
        if (policy == Policy.DROP) return null;
        throw new PayhookException(ErrorCode.INVALID_FIELD, CardData.containsSchemePan(merchant)
                ? "Field 'merchant' holds a card number; it is refused."
                : CardData.containsEmail(merchant) ? "Field 'merchant' holds an email address; a merchant is an account id."
                : "Field 'merchant' must be an account id: letters, digits and _ . : -, at most 64 characters.");
    }

    private static String customerId(String id, Policy policy) {
        if (id == null) return null;
        if (!Ids.isValid(id)) {
            if (policy == Policy.DROP) return null;
            throw new PayhookException(ErrorCode.INVALID_FIELD, "Field 'customer_id' is malformed.");
        }
        if (policy == Policy.DROP) return CardData.containsSchemePan(id) || CardData.containsEmail(id) ? null : id;
        return CardData.maskEmails(CardData.maskSchemePans(id));
    }
}

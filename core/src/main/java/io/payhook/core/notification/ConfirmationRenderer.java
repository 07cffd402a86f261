package io.payhook.core.notification;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.payhook.core.model.Notification;
import io.payhook.core.model.Status;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Notifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The customer confirmation of a transaction's current status, rendered from template files (Mustache,
 * {@code confirmation.txt.mustache} and {@code confirmation.html.mustache} beside this class) and the
 * wording per status ({@code messages.properties}: a subject and a headline per status — received,
 * failed, refunded, partially refunded, canceled; an authorisation is never worded as received). The
 * content: the amount in the currency's format ({@link MoneyFormat}), the masked payment method as
 * stored (brand and last 4 at most), the merchant's display name, the transaction id and the date.
 * Nothing secret and no card data can reach it: the transaction holds neither.
 */
public final class ConfirmationRenderer {

    /**
     * @param locale       how amounts and dates are written
     * @param merchantName the name the customer knows the merchant by (configuration)
     */
    public record Settings(Locale locale, String merchantName) {
        public Settings {
            Objects.requireNonNull(locale, "locale");
            if (merchantName == null || merchantName.isBlank()) throw new IllegalArgumentException("a merchant display name is needed");
            if (merchantName.chars().anyMatch(Character::isISOControl)) throw new IllegalArgumentException("the merchant name has control characters");
        }

        public static final Settings DEFAULT = new Settings(Locale.UK, "payhook");
    }

    private static final String BASE = "/io/payhook/core/notification/";
    private final Settings settings;
    private final Mustache text;
    private final Mustache html;
    private final Properties messages = new Properties();

    public ConfirmationRenderer(Settings settings) {
        this.settings = settings;
        // plain text: written as is; HTML: Mustache escapes every value
        this.text = new DefaultMustacheFactory() {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }.compile(reader("confirmation.txt.mustache"), "confirmation.txt");
        this.html = new DefaultMustacheFactory().compile(reader("confirmation.html.mustache"), "confirmation.html");
        try (InputStream in = ConfirmationRenderer.class.getResourceAsStream(BASE + "messages.properties")) {
            messages.load(new java.io.InputStreamReader(Objects.requireNonNull(in, "messages.properties"), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.io.Reader reader(String name) {
        InputStream in = ConfirmationRenderer.class.getResourceAsStream(BASE + name);
        return new java.io.InputStreamReader(Objects.requireNonNull(in, name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The confirmation of {@code t}'s current status for notification {@code n}, to {@code recipient}. */
    public Notifier.Confirmation render(Transaction t, Notification n, String recipient) {
        Status s = t.status();
        String key = s == null ? "UPDATE" : messages.containsKey("subject." + s.name()) ? s.name() : "UPDATE";
        Map<String, Object> scope = new LinkedHashMap<>();
        String amount = t.amount() == null ? messages.getProperty("amount.unknown") : MoneyFormat.format(t.amount(), settings.locale());
        scope.put("merchant", settings.merchantName());
        scope.put("amount", amount);
        scope.put("headline", fill(messages.getProperty("headline." + key), amount));
        scope.put("status", messages.getProperty("label." + (s == null ? "UPDATE" : s.name()), s == null ? "" : s.name()));
        scope.put("transactionId", t.transactionId());
        scope.put("paymentMethod", t.paymentMethod());
        scope.put("date", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(settings.locale())
                .withZone(ZoneOffset.UTC).format(t.updatedAt()) + " UTC");
        scope.put("notificationId", n.notificationId());
        String subject = fill(messages.getProperty("subject." + key), amount) + " — " + settings.merchantName();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("status", s == null ? "UNKNOWN" : s.name());
        attributes.put("provider", t.provider());
        if (t.amount() != null) attributes.put("currency", t.amount().currency());
        attributes.put("notification_id", n.notificationId());
        attributes.put("transaction_id", t.transactionId());
        return new Notifier.Confirmation(n.notificationId(), t.transactionId(), recipient, oneLine(subject),
                execute(text, scope), execute(html, scope), attributes);
    }

    private static String fill(String pattern, String amount) { return pattern.replace("{amount}", amount); }

    private static String oneLine(String s) { return s.replaceAll("[\\r\\n]+", " "); }

    private static String execute(Mustache m, Map<String, Object> scope) {
        StringWriter w = new StringWriter();
        m.execute(w, scope);
        return w.toString();
    }
}

package io.payhook.core.protection;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The merchant of an event that names no usable one: a label per provider from configuration
 * ({@code PAYHOOK_MERCHANTS=stripe=shop-eu,square=shop-us}), else {@link #DEFAULT}. This is the one place that
 * resolves an event's merchant ({@link #merchantOf}); the {@link ProtectionGate} asks it once per event, after it
 * has dropped a named merchant that is not an account id, so no provider ever applies a label itself.
 *
 * <p>The configuration is read once, by a composition root, and refused whole when an entry is wrong — the message
 * names the variable and the entry: an entry is {@code <provider>=<label>}, the provider a name of the provider
 * registry ({@code [a-z][a-z0-9_]{1,31}}, each at most once; {@link #requireProviders} checks it is one the registry
 * knows), the label a merchant id as the gate accepts it ({@link ProtectionGate#isAcceptableMerchant}).
 */
public final class MerchantLabels {
    /** The merchant of an event that names none, of a provider without a label. */
    public static final String DEFAULT = "default";

    /** No labels: every event that names no merchant belongs to {@link #DEFAULT}. */
    public static final MerchantLabels NONE = new MerchantLabels("merchant labels", Map.of(), List.of());

    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_]{1,31}");

    private final String source;
    private final Map<String, String> labels;
    /** The entries as written, in order, for messages. */
    private final List<String> entries;

    private MerchantLabels(String source, Map<String, String> labels, List<String> entries) {
        this.source = source;
        this.labels = Map.copyOf(labels);
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads {@code <provider>=<label>[,<provider>=<label>...]}; null or blank is {@link #NONE}.
     *
     * @param source what the value is, named in every message (the variable, e.g. {@code PAYHOOK_MERCHANTS})
     * @throws IllegalArgumentException an entry is not {@code name=label}, names a provider twice, or its name or label
     *                                  has the wrong shape; the message names {@code source} and the entry
     */
    public static MerchantLabels parse(String source, String value) {
        Objects.requireNonNull(source, "source");
        if (value == null || value.isBlank()) return new MerchantLabels(source, Map.of(), List.of());
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> entries = List.of(value.split(",", -1));
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            String at = source + " entry " + (i + 1) + " (" + quote(entry) + ")";
            int eq = entry.indexOf('=');
            if (eq < 0 || entry.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException(at + ": must be <provider>=<label>, e.g. stripe=shop-eu");
            }
            String provider = entry.substring(0, eq).strip();
            String label = entry.substring(eq + 1).strip();
            if (!PROVIDER.matcher(provider).matches()) {
                throw new IllegalArgumentException(at + ": the provider must be a provider's name (lower case, [a-z][a-z0-9_]{1,31})");
            }
            if (!ProtectionGate.isAcceptableMerchant(label)) {
                throw new IllegalArgumentException(at + ": the label must be a merchant id: " + ProtectionGate.MERCHANT_SHAPE
                        + ", not a card number");
            }
            if (labels.putIfAbsent(provider, label) != null) {
                throw new IllegalArgumentException(at + ": provider " + provider + " has a label already");
            }
        }
        return new MerchantLabels(source, labels, entries.stream().map(String::strip).toList());
    }

    /**
     * Refuses labels for a provider the system does not have (a typo would label nothing, silently).
     *
     * @param providers the names of every configured provider, built-in and custom
     * @throws IllegalArgumentException naming the source, the entry and the providers there are
     */
    public void requireProviders(Collection<String> providers) {
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String provider = entry.substring(0, entry.indexOf('=')).strip();
            if (!providers.contains(provider)) {
                throw new IllegalArgumentException(source + " entry " + (i + 1) + " (" + quote(entry)
                        + "): no provider is called " + provider + "; the providers are " + String.join(", ", providers));
            }
        }
    }

    /** The configured label of {@code provider}, else {@link #DEFAULT}. */
    public String labelOf(String provider) { return labels.getOrDefault(provider, DEFAULT); }

    /**
     * The merchant an event of {@code provider} belongs to: {@code named} — the merchant its payload names, already
     * checked by the gate (null when it names none or the gate dropped it) — else the provider's label.
     */
    public String merchantOf(String provider, String named) { return named != null ? named : labelOf(provider); }

    /** The configured labels by provider (empty for {@link #NONE}). */
    public Map<String, String> labels() { return labels; }

    /** An entry as echoed in a message: card numbers and email addresses masked, printable ASCII only, at most 64 characters. */
    private static String quote(String entry) {
        String s = CardData.scrubText(entry).replaceAll("[^\\x20-\\x7E]", "?");
        return "\"" + (s.length() <= 64 ? s : s.substring(0, 61) + "...") + "\"";
    }

    @Override
    public String toString() { return "MerchantLabels" + labels; }
}

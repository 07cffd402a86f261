package io.payhook.core.webhook.custom;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.core.json.Json;
import io.payhook.core.webhook.WebhookProvider;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The custom providers file (named by {@code PAYHOOK_CUSTOM_PROVIDERS_FILE}): a JSON array of sender descriptions,
 * read with the strict JSON reader (duplicate keys, trailing tokens refused) and validated as a whole before any
 * provider is built. A composition root reads the file once at start, {@link #parse}s it — a
 * {@link CustomProvidersException} stops the start with its message — builds the providers with {@link #providers}
 * and hands them to {@code Providers.Settings.custom()}, and answers {@code SecretSource.secrets(spec.name())} from
 * the variable {@code spec.secretsEnv()} ({@link #secretsVariables}).
 */
public final class CustomProviders {
    private CustomProviders() {}

    /** The message prefix of refusals that concern the file as a whole. */
    static final String FILE = "custom providers file";

    /**
     * Parses and validates the file's content.
     *
     * @return the senders in file order (an empty array gives none)
     * @throws CustomProvidersException naming the entry and the field, when anything does not validate
     */
    public static List<CustomProviderSpec> parse(byte[] json) {
        JsonNode root;
        try {
            root = Json.tree(json);
        } catch (StreamConstraintsException e) {
            throw new CustomProvidersException(FILE + ": exceeds a JSON limit (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new CustomProvidersException(FILE + ": not well-formed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CustomProvidersException(FILE + ": not readable as UTF-8 JSON: " + e.getMessage());
        }
        if (root == null) throw new CustomProvidersException(FILE + ": is empty; write [] for no custom providers");
        if (!root.isArray()) throw new CustomProvidersException(FILE + ": must be a JSON array of provider objects");
        List<CustomProviderSpec> specs = new ArrayList<>(root.size());
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> headers = new HashMap<>();
        Map<String, Integer> variables = new HashMap<>();
        int position = 0;
        for (JsonNode entry : root) {
            position++;
            CustomProviderSpec spec = SpecReader.read(entry, position);
            String label = SpecReader.label(position, spec.name());
            Integer first = names.putIfAbsent(spec.name(), position);
            if (first != null) {
                throw new CustomProvidersException(label + ": field 'name' " + SpecReader.quote(spec.name())
                        + " is already the name of custom provider " + first);
            }
            first = headers.putIfAbsent(spec.signatureHeader().toLowerCase(Locale.ROOT), position);
            if (first != null) {
                throw new CustomProvidersException(label + ": field 'signature_header' " + SpecReader.quote(spec.signatureHeader())
                        + " is already the signature header of " + SpecReader.label(first, specs.get(first - 1).name())
                        + " (header names are case-insensitive)");
            }
            first = variables.putIfAbsent(spec.secretsEnv(), position);
            if (first != null) {
                throw new CustomProvidersException(label + ": field 'secrets_env' " + SpecReader.quote(spec.secretsEnv())
                        + " is already the secrets variable of " + SpecReader.label(first, specs.get(first - 1).name())
                        + "; each sender has its own secrets");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /** One provider per spec, in the given order (for {@code Providers.Settings.custom()}). */
    public static List<WebhookProvider> providers(List<CustomProviderSpec> specs, Clock clock) {
        return specs.stream().<WebhookProvider>map(s -> new CustomProvider(s, clock)).toList();
    }

    /** Provider name → the variable holding its secrets, in file order (for a local composition root's secret source). */
    public static Map<String, String> secretsVariables(List<CustomProviderSpec> specs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (CustomProviderSpec s : specs) m.put(s.name(), s.secretsEnv());
        return java.util.Collections.unmodifiableMap(m);
    }
}

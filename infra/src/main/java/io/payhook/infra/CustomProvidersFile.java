package io.payhook.infra;

import io.payhook.core.json.Json;
import io.payhook.core.webhook.custom.CustomProviderSpec;
import io.payhook.core.webhook.custom.CustomProviders;
import io.payhook.core.webhook.custom.CustomProvidersException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The custom providers file of an environment, read and validated at synth: the functions get its JSON in
 * {@code PAYHOOK_CUSTOM_PROVIDERS} (compacted), and a file that does not validate fails the synth with the message of
 * the functions' own parser ({@link CustomProviders#parse}) instead of failing the ingest function's start after a
 * deployment.
 *
 * @param path  the file, resolved
 * @param names the custom providers' names, in file order (each gets its refused-delivery alarms)
 * @param json  the file's JSON without insignificant whitespace (what the ingest function receives)
 */
public record CustomProvidersFile(Path path, List<String> names, String json) {

    /**
     * Reads, validates and compacts {@code file} (absolute, or relative to {@code root}).
     *
     * @throws IllegalArgumentException naming the file: missing, unreadable, or the parser's message
     */
    public static CustomProvidersFile load(Path root, String file) {
        Path path = root.resolve(file).normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("custom providers file " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + "); give an existing file in EnvironmentConfig.webhooks or -c customProvidersFile=PATH (relative to the repository root)");
        }
        List<CustomProviderSpec> specs;
        try {
            specs = CustomProviders.parse(bytes);
        } catch (CustomProvidersException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        String compact;
        try {
            compact = Json.mapper().writeValueAsString(Json.tree(bytes)); // parse accepted it: the same reader succeeds
        } catch (IOException e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
        return new CustomProvidersFile(path, specs.stream().map(CustomProviderSpec::name).toList(), compact);
    }
}

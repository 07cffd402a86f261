package io.payhook.infra;

import io.payhook.core.json.Json;
import io.payhook.core.risk.RiskRules;
import io.payhook.core.risk.RiskRulesException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The risk rules of an environment, read and validated at synth: the risk function gets the file's JSON (compacted) in
 * {@code PAYHOOK_RISK_RULES}, and a file that does not validate fails the synth with the message of the functions' own
 * parser ({@link RiskRules#parse}) rather than the risk function's start after a deployment.
 *
 * @param path the file, resolved; null for the defaults
 * @param json the JSON the risk function receives ({@code {}}: the defaults)
 */
public record RiskRulesFile(Path path, String json) {
    /** The default rules: an empty rules object. */
    public static final RiskRulesFile DEFAULTS = new RiskRulesFile(null, "{}");

    /**
     * Reads, validates and compacts {@code file} (absolute, or relative to {@code root}); {@link #DEFAULTS} when null.
     *
     * @throws IllegalArgumentException naming the file: missing, unreadable, or the parser's message
     */
    public static RiskRulesFile load(Path root, String file) {
        if (file == null) return DEFAULTS;
        Path path = root.resolve(file).normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("risk rules file " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + "); give an existing file in EnvironmentConfig.riskRulesFile or -c riskRulesFile=PATH (relative to the repository root)");
        }
        try {
            RiskRules.parse(bytes);
        } catch (RiskRulesException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        try {
            return new RiskRulesFile(path, Json.mapper().writeValueAsString(Json.tree(bytes)));
        } catch (IOException e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }
}

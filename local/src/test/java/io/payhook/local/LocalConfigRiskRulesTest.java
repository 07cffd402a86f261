package io.payhook.local;

import io.payhook.core.risk.RiskRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code PAYHOOK_RISK_RULES_FILE} as {@code serve} reads it, and the examples of docs/RISK.md, which must parse. */
class LocalConfigRiskRulesTest {
    static LocalConfig config(Map<String, String> env) { return LocalConfig.fromEnvironment(env, 0, Path.of("unused")); }

    @Test
    void theFileIsReadOverTheDefaultsAndAWrongOneStopsTheStartNamingItsMember(@TempDir Path dir) throws IOException {
        assertThat(config(Map.of()).riskRules()).as("unset: the defaults").isEqualTo(RiskRules.defaults());
        RiskRules example = config(Map.of("PAYHOOK_RISK_RULES_FILE", Path.of("../docs/examples/risk-rules.json").toAbsolutePath().toString()))
                .riskRules();
        assertThat(example.failedVelocity()).isEqualTo(new RiskRules.FailedVelocity(70, 2, Duration.ofMinutes(30)));
        assertThat(example.largeAmount().threshold().minorUnits("JPY")).isEqualTo(1_200_000);
        assertThat(example.bankTransfer().points()).isZero();

        Path wrong = Files.writeString(dir.resolve("rules.json"), "{\"failed_velocity\": {\"window\": \"ten minutes\"}}");
        assertThatThrownBy(() -> config(Map.of("PAYHOOK_RISK_RULES_FILE", wrong.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PAYHOOK_RISK_RULES_FILE " + wrong + ": risk rules: 'failed_velocity.window'");
        assertThatThrownBy(() -> config(Map.of("PAYHOOK_RISK_RULES_FILE", dir.resolve("missing.json").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PAYHOOK_RISK_RULES_FILE: cannot read");
    }

    @Test
    void everyJsonExampleOfTheRiskDocumentParses() throws IOException {
        String doc = Files.readString(Path.of("../docs/RISK.md"));
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int rules = 0;
        while (m.find()) {
            String json = m.group(1).strip();
            if (json.startsWith("\"risk\"")) continue; // the answer's shape, not a rules file
            RiskRules.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            rules++;
        }
        assertThat(rules).isEqualTo(3);
    }
}

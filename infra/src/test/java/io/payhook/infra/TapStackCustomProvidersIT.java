package io.payhook.infra;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payhook.core.json.Json;
import io.payhook.core.webhook.custom.CustomProviders;
import io.payhook.core.webhook.custom.CustomProvidersException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.payhook.infra.Synthesized.props;
import static io.payhook.infra.Synthesized.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The providers' settings of an environment (EnvironmentConfig.webhooks, or {@code -c customProvidersFile=…}
 * {@code -c squareNotificationUrl=…}): the custom providers file is read and validated at synth with the functions'
 * own parser, and a file that does not validate — or does not fit Lambda's 4 KB of variables — fails the synth.
 */
class TapStackCustomProvidersIT {
    static final String EXAMPLE = "docs/examples/custom-providers.example.json";
    static final String SQUARE_URL = "https://payhook.example.com/webhooks/payment";
    static Template template;

    @BeforeAll
    static void synth() {
        App app = new App();
        EnvironmentConfig cfg = EnvironmentConfig.dev().withWebhooks(new EnvironmentConfig.Webhooks(SQUARE_URL, EXAMPLE));
        template = Template.fromStack(PayhookApp.addStack(app, "TapStack-dev", cfg, PayhookApp.lambdaAsset(app)));
    }

    @Test
    void onlyIngestGetsTheCustomProvidersJsonCompactedAndTheSquareUrl() throws Exception {
        byte[] file = Files.readAllBytes(PayhookApp.repoRoot().resolve(EXAMPLE));
        String compact = CustomProvidersFile.load(PayhookApp.repoRoot(), EXAMPLE).json();
        assertThat(compact.length()).isLessThan(file.length);
        assertThat(compact).doesNotContain("\n");
        assertThat(Json.tree(compact.getBytes(StandardCharsets.UTF_8))).isEqualTo(Json.tree(file)); // the same JSON
        assertThat(CustomProviders.parse(compact.getBytes(StandardCharsets.UTF_8))).hasSize(CustomProviders.parse(file).size());
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "payhook-ingest-dev",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "PAYHOOK_CUSTOM_PROVIDERS", compact, "PAYHOOK_SQUARE_NOTIFICATION_URL", SQUARE_URL)))));
        template.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("PAYHOOK_CUSTOM_PROVIDERS", Match.anyValue())))), 1);
        template.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("PAYHOOK_SQUARE_NOTIFICATION_URL", Match.anyValue())))), 1);
        // the searching functions learn the custom providers' names only (a search without a provider filter reads
        // their partitions): query, and notify-request for bulk re-notify
        for (String fn : List.of("query", "notify-request")) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "payhook-" + fn + "-dev",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("PAYHOOK_CUSTOM_PROVIDER_NAMES", "acme_pay,globex_billing")))));
        }
        template.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("PAYHOOK_CUSTOM_PROVIDER_NAMES", Match.anyValue())))), 2);
    }

    @Test
    void customProvidersGetTheirRefusedDeliveryAlarmsButNoSecretTemplateKey() {
        for (String p : List.of("acme_pay", "globex_billing")) {
            String n = p.replace('_', '-');
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-refused-" + n, "MetricName", "WebhooksReceived"));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-refused-" + n + "-signature-invalid"));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-refused-" + n + "-provider-not-configured"));
        }
        // a change of the secret's template would regenerate its value: custom providers' keys are added by hand (DEPLOY.md)
        var secret = props(resources(template, "AWS::SecretsManager::Secret").values().iterator().next());
        assertThat(String.valueOf(secret.get("GenerateSecretString"))).doesNotContain("acme_pay").contains(TapStack.SECRETS_TEMPLATE);
    }

    @Test
    void aFileThatDoesNotValidateFailsTheSynthWithTheParsersMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("custom.json");
        Files.writeString(bad, "[{\"name\": \"stripe\", \"signature_header\": \"X-Sig\"}]");
        String parsers = catchThrowable(() -> CustomProviders.parse(Files.readAllBytes(bad))).getMessage();
        assertThat(parsers).contains("custom provider 1");
        assertThatThrownBy(() -> stackWith(bad.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.toString()).hasMessageContaining(parsers)
                .hasCauseInstanceOf(CustomProvidersException.class);

        Files.writeString(bad, "[{\"name\": \"acme\",}]");
        assertThatThrownBy(() -> stackWith(bad.toString())).hasMessageContaining("custom providers file: not well-formed JSON at line 1");
        assertThatThrownBy(() -> stackWith(dir.resolve("missing.json").toString())).hasMessageContaining("missing.json")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void aFileThatDoesNotFitLambdasFourKilobytesFailsTheSynth(@TempDir Path dir) throws Exception {
        ObjectNode acme = (ObjectNode) Json.tree(Files.readAllBytes(PayhookApp.repoRoot().resolve(EXAMPLE))).get(0);
        ArrayNode many = Json.mapper().createArrayNode();
        for (int i = 0; i < 6; i++) {
            ObjectNode copy = acme.deepCopy();
            copy.put("name", "sender_" + i);
            copy.put("signature_header", "X-Sender-" + i + "-Signature");
            copy.put("secrets_env", "PAYHOOK_SENDER_" + i + "_SECRETS");
            many.add(copy);
        }
        Path big = dir.resolve("big.json");
        Files.writeString(big, many.toString());
        assertThat(CustomProviders.parse(Files.readAllBytes(big))).hasSize(6); // valid, only too large
        assertThatThrownBy(() -> stackWith(big.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(big.toString()).hasMessageContaining("PAYHOOK_CUSTOM_PROVIDERS")
                .hasMessageContaining("4 KB").hasMessageContaining("ingest");
    }

    @Test
    void theContextNamesTheFileAndTheSquareUrl() {
        App app = new App(software.amazon.awscdk.AppProps.builder().context(Map.of("customProvidersFile", EXAMPLE,
                "squareNotificationUrl", SQUARE_URL)).build());
        EnvironmentConfig cfg = PayhookApp.configure(app, EnvironmentConfig.prod());
        assertThat(cfg.webhooks()).isEqualTo(new EnvironmentConfig.Webhooks(SQUARE_URL, EXAMPLE));
        App none = new App(software.amazon.awscdk.AppProps.builder().context(Map.of("customProvidersFile", "")).build());
        assertThat(PayhookApp.configure(none, cfg).webhooks().customProvidersFile()).isNull();
    }

    private static void stackWith(String file) {
        App app = new App();
        PayhookApp.addStack(app, "TapStack-dev", EnvironmentConfig.dev().withWebhooks(new EnvironmentConfig.Webhooks(null, file)),
                PayhookApp.lambdaAsset(app));
    }
}

package io.payhook.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How the app picks environments, the Lambda jar and the AWS environment. */
class PayhookAppIT {

    static App app(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).build());
    }

    @Test
    void bothEnvironmentsByDefaultAndEnvironmentAgnosticWithoutAnAccount() {
        assumeTrue(System.getenv("CDK_DEFAULT_ACCOUNT") == null && System.getenv("CDK_DEFAULT_REGION") == null);
        Synthesized s = Synthesized.get();
        assertThat(s.dev.getStackName()).isEqualTo("TapStack-dev");
        assertThat(s.prod.getStackName()).isEqualTo("TapStack-prod");
        assertThat(Token.isUnresolved(s.dev.getAccount())).isTrue();
        assertThat(Token.isUnresolved(s.prod.getRegion())).isTrue();
        assertThat(PayhookApp.environment()).isNull();
    }

    @Test
    void envContextPicksOneStack() {
        App app = app(Map.of("env", "prod"));
        PayhookApp.build(app);
        assertThat(app.getNode().getChildren()).hasSize(1).allSatisfy(c -> assertThat(((Stack) c).getStackName()).isEqualTo("TapStack-prod"));
        assertThatThrownBy(() -> PayhookApp.build(app(Map.of("env", "staging")))).hasMessageContaining("unknown environment");
    }

    @Test
    void lambdaJarComesFromContextRelativeToTheRepositoryRoot() throws Exception {
        Path root = PayhookApp.repoRoot();
        assertThat(root.resolve("infra/pom.xml")).isRegularFile();
        Path jar = root.resolve("infra/target/test-lambda.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        var asset = PayhookApp.lambdaAsset(app(Map.of("lambdaJar", "infra/target/test-lambda.jar")));
        assertThat(asset.placeholder()).isFalse();
        assertThat(asset.path()).isEqualTo(jar);
        assertThat(PayhookApp.lambdaAsset(app(Map.of("lambdaJar", jar.toString()))).path()).isEqualTo(jar);
    }

    @Test
    void missingJarGivesThePlaceholderUnlessTheJarIsRequired() {
        var asset = PayhookApp.lambdaAsset(app(Map.of("lambdaJar", "no/such/lambda.jar")));
        assertThat(asset.placeholder()).isTrue();
        assertThat(asset.path()).isDirectory();
        assertThatThrownBy(() -> PayhookApp.lambdaAsset(app(Map.of("lambdaJar", "no/such/lambda.jar", "requireLambdaJar", "true"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no/such/lambda.jar");
        // cdk.json passes context values as JSON: a boolean true works as well as the string "true"
        assertThatThrownBy(() -> PayhookApp.lambdaAsset(app(Map.of("lambdaJar", "no/such/lambda.jar", "requireLambdaJar", true))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void contextReplacesTheExampleAddressesAndTheStackWarnsWhileTheyRemain() {
        EnvironmentConfig dev = EnvironmentConfig.dev();
        assertThat(dev.placeholderAddresses()).containsExactly("payhook-alarms-dev@example.com", "payhook-ops-dev@example.com",
                "payments-dev@example.com");
        App real = app(Map.of("alarmEmail", "alarms@payhook.test", "opsEmail", "ops@payhook.test",
                "confirmationEmails", "a@payhook.test, b@payhook.test", "sesFrom", "payments@payhook.test"));
        EnvironmentConfig configured = PayhookApp.configure(real, dev);
        assertThat(configured.alarmEmail()).isEqualTo("alarms@payhook.test");
        assertThat(configured.opsEmail()).isEqualTo("ops@payhook.test");
        assertThat(configured.confirmationEmails()).containsExactly("a@payhook.test", "b@payhook.test");
        // sesFrom alone: an address identity of its own, created by the stack
        assertThat(configured.email().sesIdentity()).isEqualTo("payments@payhook.test");
        assertThat(configured.email().createSesIdentity()).isTrue();
        assertThat(configured.placeholderAddresses()).isEmpty();
        assertThat(configured.withAddresses(dev.alarmEmail(), dev.opsEmail(), dev.confirmationEmails()).withEmail(dev.email())).isEqualTo(dev);
        assertThat(PayhookApp.addresses(app(Map.of("alarmEmail", "", "opsEmail", "")), dev).alarmEmail()).isNull();
        assertThat(PayhookApp.addresses(app(Map.of("opsEmail", "")), dev).opsEmail()).isNull();
        assertThat(PayhookApp.configure(app(Map.of()), dev)).isSameAs(dev);
        assertThatThrownBy(() -> PayhookApp.addresses(app(Map.of("alarmEmail", "not-an-address")), dev))
                .hasMessageContaining("alarm email is not an address");

        assertThat(warnings(Synthesized.get().dev)).anyMatch(w -> w.contains("example.com"));
        App other = app(Map.of());
        Stack withReal = PayhookApp.addStack(other, "TapStack-dev", configured, PayhookApp.lambdaAsset(other));
        assertThat(warnings(withReal)).noneMatch(w -> w.contains("example.com"));
    }

    @Test
    void contextChoosesTheNotifierAndTheSesSender() {
        EnvironmentConfig prod = EnvironmentConfig.prod();
        EnvironmentConfig sns = PayhookApp.configure(app(Map.of("notifier", "sns", "merchantName", "Shop", "locale", "de-DE")), prod);
        assertThat(sns.ses()).isFalse();
        assertThat(sns.email()).isEqualTo(EnvironmentConfig.Email.sns("Shop", "de-DE"));
        EnvironmentConfig existing = PayhookApp.configure(app(Map.of("sesIdentity", "shop.test", "sesFrom", "billing@shop.test",
                "sesIdentityExists", "true")), prod);
        assertThat(existing.email()).isEqualTo(new EnvironmentConfig.Email(EnvironmentConfig.Notifier.SES, "shop.test", false,
                "billing@shop.test", "payhook", "en-GB"));
        assertThatThrownBy(() -> PayhookApp.configure(app(Map.of("notifier", "smtp")), prod)).hasMessageContaining("-c notifier");
        // SES from an SNS configuration needs a sender
        assertThatThrownBy(() -> PayhookApp.configure(app(Map.of("notifier", "ses")), prod.withSns())).hasMessageContaining("sesIdentity");
    }

    private static java.util.List<String> warnings(Stack stack) {
        return stack.getNode().getMetadata().stream().filter(m -> m.getType().equals("aws:cdk:warning"))
                .map(m -> String.valueOf(m.getData())).toList();
    }

    @Test
    void theDefaultJarIsTheShadedFunctionsJar() {
        assertThat(PayhookApp.DEFAULT_JAR).isEqualTo("functions/target/payhook-functions-0.1.0-SNAPSHOT-lambda.jar");
        var asset = PayhookApp.lambdaAsset(app(Map.of()));
        assertThat(asset.placeholder()).isEqualTo(!Files.isRegularFile(PayhookApp.repoRoot().resolve(PayhookApp.DEFAULT_JAR)));
    }
}

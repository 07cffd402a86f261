package io.payhook.functions;

import io.payhook.aws.ses.TopicThenEmailNotifier;
import io.payhook.aws.sns.SnsNotifier;
import io.payhook.core.port.Alerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composition root's choices that no other test sees: channels, SnapStart restore, alerts that fail. */
class LambdaServicesTest {
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final AtomicInteger secretReads = new AtomicInteger();

    @BeforeEach
    void capture() { JsonLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8)); }

    @AfterEach
    void restore() { JsonLog.setOutput(System.out); }

    static Map<String, String> env(String... more) {
        Map<String, String> e = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "PAYHOOK_TABLE_NAME", "payment_transactions-test",
                "PAYHOOK_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/q", "PAYHOOK_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:c",
                "PAYHOOK_KMS_KEY_ARN", "arn:aws:kms:us-east-1:000000000000:key/k", "PAYHOOK_PROVIDER_SECRETS_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:s",
                "PAYHOOK_ADDRESS_KEY_ARN", "arn:aws:kms:us-east-1:000000000000:key/h", "PAYHOOK_OPS_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:ops"));
        for (int i = 0; i + 1 < more.length; i += 2) e.put(more[i], more[i + 1]);
        return e;
    }

    LambdaServices services(Map<String, String> env) {
        SecretsManagerClient sm = new SecretsManagerClient() {
            @Override public GetSecretValueResponse getSecretValue(GetSecretValueRequest r) {
                secretReads.incrementAndGet();
                return GetSecretValueResponse.builder().secretString("{\"generic\":[\"whsec_test_only\"]}").build();
            }
            @Override public String serviceName() { return "secretsmanager"; }
            @Override public void close() { }
        };
        return new LambdaServices(PayhookConfig.fromEnvironment(env), RoleCredentials.of(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")), s -> sm);
    }

    @Test
    void snsIsTheTopicAloneAndSesIsTheTopicThenTheCustomer() {
        var sns = services(env()).notifier();
        assertThat(sns).isInstanceOf(SnsNotifier.class);
        assertThat(sns.channel()).isEqualTo("sns");
        var ses = services(env("PAYHOOK_NOTIFIER", "ses", "PAYHOOK_SES_FROM", "Shop <payments@shop.example>",
                "PAYHOOK_SES_CONFIGURATION_SET", "payhook-test")).notifier();
        assertThat(ses).isInstanceOf(TopicThenEmailNotifier.class);
        assertThat(ses.channel()).isEqualTo("ses");
    }

    @Test
    void sesWithoutItsSenderOrConfigurationSetFailsTheSendersInitNamingTheVariable() {
        assertThatThrownBy(() -> services(env("PAYHOOK_NOTIFIER", "ses", "PAYHOOK_SES_CONFIGURATION_SET", "c")).delivery())
                .hasMessageContaining("PAYHOOK_SES_FROM");
        assertThatThrownBy(() -> services(env("PAYHOOK_NOTIFIER", "ses", "PAYHOOK_SES_FROM", "payments@shop.example")).delivery())
                .hasMessageContaining("PAYHOOK_SES_CONFIGURATION_SET");
        var noOps = env();
        noOps.remove("PAYHOOK_OPS_TOPIC_ARN");
        assertThatThrownBy(() -> services(noOps).ingest()).hasMessageContaining("PAYHOOK_OPS_TOPIC_ARN");
    }

    @Test
    void afterASnapStartRestoreNoProviderSecretIsServedFromTheSnapshot() {
        LambdaServices s = services(env());
        assertThat(s.secrets().secrets("generic")).containsExactly("whsec_test_only");
        s.secrets().secrets("generic");
        assertThat(secretReads).hasValue(1); // cached for the TTL
        assertThat(s.holdsProviderSecrets()).isTrue();

        Runnable hook = s::afterRestore;
        Priming.onRestore(hook);
        Priming.restoreNow(); // what SnapStart calls after restoring the snapshot
        assertThat(s.holdsProviderSecrets()).isFalse();
        assertThat(s.secrets().secrets("generic")).containsExactly("whsec_test_only");
        assertThat(secretReads).as("read again after the restore").hasValue(2);
    }

    @Test
    void primingReadsNoSecretCountsNothingAndStoresNothing() {
        LambdaServices s = services(env());
        Priming.primeIngestOnly(s); // the unsigned sample, refused at verification before any store call
        assertThat(secretReads).hasValue(0);
        assertThat(s.holdsProviderSecrets()).isFalse();
    }

    @Test
    void roleCredentialsComeFromTheEnvironmentOrWithSnapStartFromTheContainerAndAreForgottenOnRestore() {
        assertThat(RoleCredentials.of(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")).current()).isInstanceOf(EnvironmentVariableCredentialsProvider.class);
        RoleCredentials snapStart = RoleCredentials.of(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials"));
        var before = snapStart.current();
        assertThat(before).isInstanceOf(ContainerCredentialsProvider.class);
        snapStart.forget();
        assertThat(snapStart.current()).isInstanceOf(ContainerCredentialsProvider.class).isNotSameAs(before);
    }

    @Test
    void anAlertThatCannotBePublishedIsLoggedByClassNameAndPassedOn() {
        Alerts failing = a -> { throw new IllegalStateException("SNS said no to jane@example.com"); };
        var alert = new Alerts.Alert(Alerts.Kind.DISPUTE, "stripe", "pi_1", "evt_1", "dispute");
        assertThatThrownBy(() -> LambdaServices.logged(failing).raise(alert)).isInstanceOf(IllegalStateException.class);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("operations alert not published", "\"kind\":\"DISPUTE\"",
                "\"error\":\"IllegalStateException\"").doesNotContain("jane");
        // ThrottledAlerts, as the composition root wires it, swallows it: the work goes on
        var throttled = new io.payhook.core.usecase.ThrottledAlerts(LambdaServices.logged(failing),
                io.payhook.core.usecase.ThrottledAlerts.inMemory(), LambdaServices.ALERT_WINDOW, java.time.Clock.systemUTC());
        assertThat(throttled.raise(alert)).isFalse();
    }
}

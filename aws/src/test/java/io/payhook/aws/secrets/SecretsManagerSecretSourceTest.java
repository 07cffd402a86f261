package io.payhook.aws.secrets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsManagerSecretSourceTest {
    @Test
    void parsesListsAndCommaSeparatedStrings() {
        var m = SecretsManagerSecretSource.parse("{\"stripe\":[\"whsec_a\",\"whsec_b\"],\"generic\":\"x, y\",\"adyen\":[]}");
        assertThat(m.get("stripe")).containsExactly("whsec_a", "whsec_b");
        assertThat(m.get("generic")).containsExactly("x", "y");
        assertThat(m.get("adyen")).isEmpty();
        assertThatThrownBy(() -> SecretsManagerSecretSource.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forgetDropsTheCachedSecretsSoTheNextReadAsksAgain() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        var client = new software.amazon.awssdk.services.secretsmanager.SecretsManagerClient() {
            @Override
            public software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse getSecretValue(
                    software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest r) {
                return software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse.builder()
                        .secretString("{\"stripe\":[\"whsec_v" + reads.incrementAndGet() + "\"]}").build();
            }
            @Override public String serviceName() { return "secretsmanager"; }
            @Override public void close() { }
        };
        var source = new SecretsManagerSecretSource(client, "arn:s", java.time.Duration.ofMinutes(5), java.time.Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThat(source.holdsSecrets()).isFalse();
        org.assertj.core.api.Assertions.assertThat(source.secrets("stripe")).containsExactly("whsec_v1");
        org.assertj.core.api.Assertions.assertThat(source.secrets("stripe")).containsExactly("whsec_v1");
        source.forget();
        org.assertj.core.api.Assertions.assertThat(source.holdsSecrets()).isFalse();
        org.assertj.core.api.Assertions.assertThat(source.secrets("stripe")).containsExactly("whsec_v2");
    }
}

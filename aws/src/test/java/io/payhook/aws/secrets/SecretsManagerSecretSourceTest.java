package io.payhook.aws.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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
    void environmentSourceSplitsAndFailsClosed() {
        var s = new EnvironmentSecretSource(Map.of("PAYHOOK_STRIPE_SECRETS", "whsec_1, whsec_2,,"));
        assertThat(s.secrets("stripe")).isEqualTo(List.of("whsec_1", "whsec_2"));
        assertThat(s.secrets("adyen")).isEmpty();
        assertThat(s.secrets("nobody")).isEmpty();
    }
}

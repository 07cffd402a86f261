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
}

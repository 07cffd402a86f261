package io.payhook.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentSecretSourceTest {
    @Test
    void environmentSourceSplitsAndFailsClosed() {
        var s = new EnvironmentSecretSource(Map.of("PAYHOOK_STRIPE_SECRETS", "whsec_1, whsec_2,,"));
        assertThat(s.secrets("stripe")).isEqualTo(List.of("whsec_1", "whsec_2"));
        assertThat(s.secrets("adyen")).isEmpty();
        assertThat(s.secrets("nobody")).isEmpty();
    }
}

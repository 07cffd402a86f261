package io.payhook.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code PAYHOOK_MERCHANTS} as {@code serve} reads it: once, into the config, a wrong entry stopping the start. */
class LocalConfigMerchantsTest {
    static LocalConfig config(Map<String, String> env) { return LocalConfig.fromEnvironment(env, 0, Path.of("unused")); }

    @Test
    void theLabelsAreReadOnceIntoTheConfig() {
        var merchants = config(Map.of("PAYHOOK_MERCHANTS", "stripe=shop-eu,square=shop-us")).providers().merchants();
        assertThat(merchants.labelOf("stripe")).isEqualTo("shop-eu");
        assertThat(merchants.labelOf("square")).isEqualTo("shop-us");
        assertThat(merchants.labelOf("adyen")).isEqualTo("default");
        assertThat(config(Map.of()).providers().merchants().labels()).as("unset: none").isEmpty();
        assertThat(config(Map.of("PAYHOOK_MERCHANTS", " ")).providers().merchants().labels()).as("blank: none").isEmpty();
    }

    @Test
    void aWrongEntryStopsTheStartNamingTheVariableAndTheEntry() {
        assertThatThrownBy(() -> config(Map.of("PAYHOOK_MERCHANTS", "stripe=shop-eu,square=shop us")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PAYHOOK_MERCHANTS entry 2 (\"square=shop us\"): the label must be a merchant id");
        assertThatThrownBy(() -> config(Map.of("PAYHOOK_MERCHANTS", "stripe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PAYHOOK_MERCHANTS entry 1 (\"stripe\")");
    }
}

package io.payhook.local.console;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningForwarderTest {
    @Test
    void theApiUrlKeepsItsStageAndLosesItsDefaultPortAndTrailingSlash() {
        assertThat(SigningForwarder.normalise(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com:443/prod/")))
                .hasToString("https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
        assertThat(SigningForwarder.normalise(URI.create("http://127.0.0.1:8080"))).hasToString("http://127.0.0.1:8080");
        assertThat(SigningForwarder.normalise(URI.create("HTTPS://api.example.com/v1/payhook"))).hasToString("https://api.example.com/v1/payhook");
    }

    @Test
    void anythingButAnHttpUrlOfAHostIsRefused() {
        for (String bad : new String[] {"ftp://x.example", "file:///etc/passwd", "https://x.example/prod?x=1", "https://u:p@x.example", "/prod"}) {
            assertThatThrownBy(() -> SigningForwarder.normalise(URI.create(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

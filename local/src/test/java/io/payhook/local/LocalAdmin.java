package io.payhook.local;

import io.payhook.testkit.PayhookClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local server's {@code /_local/*} operations, as the ITs call them. */
final class LocalAdmin {
    private LocalAdmin() {}

    /**
     * A SigV4-signed POST to a {@code /_local/*} route, its streamed text answer as it is
     * ({@code progress N} lines, then {@code done N}); anything but 200 fails the test.
     */
    static String admin(PayhookClient client, String pathAndQuery) {
        StringBuilder lines = new StringBuilder();
        int status = client.withTimeout(Duration.ofSeconds(60)).stream("POST", pathAndQuery, Map.of(), new byte[0],
                line -> lines.append(line).append('\n'));
        assertThat(status).as(lines.toString()).isEqualTo(200);
        return lines.toString();
    }
}

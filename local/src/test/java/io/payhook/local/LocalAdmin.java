package io.payhook.local;

import io.payhook.testkit.PayhookClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local server's {@code /_local/*} operations and the redrive, as the ITs call them. */
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

    /**
     * {@code POST /notifications/redrive} (202, or the test fails), then {@code GET /notifications/redrive} until that
     * redrive is no longer running; returns its last state ({@code redrive_id}, {@code status}, {@code moved} ...).
     */
    static com.fasterxml.jackson.databind.JsonNode redrive(PayhookClient client, String body) {
        PayhookClient.Response started = client.postJson("/notifications/redrive", body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("redrive_id").asText();
        com.fasterxml.jackson.databind.JsonNode[] last = new com.fasterxml.jackson.databind.JsonNode[1];
        Eventually.await("redrive " + id + " ended", Duration.ofSeconds(60), () -> {
            PayhookClient.Response r = client.get("/notifications/redrive");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            last[0] = r.json();
            assertThat(last[0].get("redrive_id").asText()).isEqualTo(id);
            return !last[0].get("status").asText().equals("running");
        });
        return last[0];
    }
}

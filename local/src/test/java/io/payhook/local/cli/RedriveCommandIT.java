package io.payhook.local.cli;

import io.payhook.functions.JsonLog;
import io.payhook.local.LocalSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./payhook redrive} against a running local system: it starts a redrive through
 * {@code POST /notifications/redrive}, follows {@code GET /notifications/redrive} on one progress line until the
 * redrive ends, and follows the one already running instead of failing on its 409.
 */
class RedriveCommandIT {
    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.ERROR);

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int redrive() throws InterruptedException {
        return RedriveCommand.redrive(local.client(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Duration.ofMillis(100));
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }

    @Test
    void itStartsARedriveAndShowsItsProgressUntilItEnds() throws InterruptedException {
        awaitNoneRunning();
        assertThat(redrive()).isZero();
        assertThat(out()).startsWith("\rmoved 0 of 0 (running)").endsWith("\rmoved 0 of 0 (completed)" + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void itFollowsTheRedriveAlreadyRunning() throws InterruptedException {
        awaitNoneRunning();
        var started = local.client().postJson("/notifications/redrive", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        // the local move loop ends after two empty receives of 1 s each: the command finds it running
        assertThat(redrive()).isZero();
        assertThat(out()).startsWith("a redrive is running already: following it").contains("(completed)");
    }

    /** The other case of this class may have left one running. */
    static void awaitNoneRunning() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            var r = local.client().get("/notifications/redrive");
            if (r.status() == 404 || !r.json().get("status").asText().equals("running")) return;
            Thread.sleep(100);
        }
        throw new AssertionError("a redrive is still running after 60 s");
    }
}

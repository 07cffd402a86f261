package io.payhook.local.cli;

import io.payhook.testkit.PayhookClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A long local operation ({@code /_local/replay}) whose answer streams
 * {@code progress N} lines and a last {@code done N}: shown as one line that counts up.
 */
final class Progress {
    private Progress() {}

    /** @return 0 when the operation said {@code done}, 1 otherwise */
    static int run(PayhookClient client, String pathAndQuery, String noun, PrintStream out, PrintStream err) {
        List<String> other = new ArrayList<>();
        boolean[] done = {false};
        int status;
        try {
            status = client.stream("POST", pathAndQuery, Map.of(), new byte[0], line -> {
                if (line.startsWith("progress ")) {
                    out.print("\r" + noun + ": " + line.substring(9));
                    out.flush();
                } else if (line.startsWith("done ")) {
                    out.println("\r" + noun + ": " + line.substring(5) + " (done)");
                    done[0] = true;
                } else {
                    other.add(line);
                }
            });
        } catch (PayhookClient.NotReachableException e) {
            err.println("payhook: " + e.getMessage() + " — is `./payhook serve` running?");
            return 1;
        }
        if (status != 200) out.println("HTTP " + status);
        else if (!other.isEmpty()) out.println();
        other.forEach(out::println);
        return status == 200 && done[0] ? 0 : 1;
    }
}

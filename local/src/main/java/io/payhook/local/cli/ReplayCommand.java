package io.payhook.local.cli;

import io.payhook.testkit.PayhookClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./payhook replay --since T [filters] [--reason R]}: a bulk re-notify job through {@code POST /notifications/replay},
 * then its progress from {@code GET /notifications/replay/{job_id}} as one line that counts up.
 */
@Command(name = "replay", sortOptions = false, header = "Re-send the notifications of the transactions a search filter matches.",
        description = {"Creates a bulk re-notify job on a running server (POST /notifications/replay) for every transaction the "
                + "filters match, and shows its progress until every notification has been requested. At least one filter; "
                + "a job matching more than the server's PAYHOOK_REPLAY_MAX transactions is refused."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--since", paramLabel = "TIME", converter = Values.Since.class,
            description = "Transactions updated at or after: an ISO-8601 instant (2026-11-22T10:00:00Z) or a time ago (90s, 30m, 2h, 1d).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = Values.Since.class,
            description = "Transactions updated at or before (same forms as --since).")
    Instant until;

    @Option(names = "--merchant", paramLabel = "ACCOUNT", description = "Only this merchant account.")
    String merchant;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only transactions in this status (repeat it for several).")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider's transactions.")
    String provider;

    @Option(names = "--customer-id", paramLabel = "ID", description = "Only this customer's transactions.")
    String customerId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded on each notification and in the audit trail. "
            + "Default: \"re-sent with ./payhook replay\".")
    String reason = "re-sent with ./payhook replay";

    @Option(names = "--no-wait", description = "Print the job id and exit without following its progress.")
    boolean noWait;

    @Mixin
    UrlOption target;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (since == null && until == null && merchant == null && statuses.isEmpty() && provider == null && customerId == null) {
            // a job for every payment there is is refused by the server too: say so before calling it
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "replay needs at least one filter: --since, --until, --merchant, --status, --provider or --customer-id");
        }
        return run(LocalApi.fromEnvironment().client(target.url()).withTimeout(Duration.ofMinutes(2)), System.out, System.err);
    }

    int run(PayhookClient client, PrintStream out, PrintStream err) {
        Map<String, Object> filter = new LinkedHashMap<>();
        if (merchant != null) filter.put("merchant", merchant);
        if (!statuses.isEmpty()) filter.put("status", statuses);
        if (provider != null) filter.put("provider", provider);
        if (customerId != null) filter.put("customer_id", customerId);
        if (since != null) filter.put("updated_from", since.toString());
        if (until != null) filter.put("updated_to", until.toString());
        PayhookClient.Response created;
        try {
            created = client.postJson("/notifications/replay", io.payhook.functions.Http.write(Map.of("filter", filter, "reason", reason)));
        } catch (PayhookClient.NotReachableException e) {
            err.println("payhook: " + e.getMessage() + " — is `./payhook serve` running?");
            return 1;
        }
        if (created.status() != 202) return refused(created, err);
        String jobId = created.json().get("job_id").textValue();
        int matched = created.json().get("matched").intValue();
        out.println("replay job " + jobId + ": " + matched + " transaction" + (matched == 1 ? "" : "s") + " matched");
        if (noWait) return 0;
        while (true) {
            PayhookClient.Response r = client.get("/notifications/replay/" + jobId);
            if (r.status() != 200) {
                out.println();
                return refused(r, err);
            }
            int queued = r.json().get("queued").intValue();
            if (r.json().get("done").booleanValue()) {
                out.println("\rnotifications requested: " + queued + "/" + matched + " (done)");
                return 0;
            }
            out.print("\rnotifications requested: " + queued + "/" + matched);
            out.flush();
            try {
                Thread.sleep(RedriveCommand.POLL.toMillis()); // each read of the job is an audited call: as often as redrive follows its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    /** The API's own sentence for a refusal. */
    private static int refused(PayhookClient.Response r, PrintStream err) {
        String message = r.errorCode() == null ? r.body() : r.json().path("message").asText(r.errorCode());
        err.println("payhook: HTTP " + r.status() + (r.errorCode() == null ? "" : " " + r.errorCode()) + ": " + message);
        return 1;
    }
}

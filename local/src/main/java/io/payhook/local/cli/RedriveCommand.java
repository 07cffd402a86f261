package io.payhook.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.aws.sqs.SqsMoveTaskDeadLetterQueue;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.DeadLetterQueue;
import io.payhook.testkit.PayhookClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ./payhook redrive}: against the local system (or, with {@code --api}, a deployed stage, signed with the
 * operator's AWS credentials) it calls the SigV4-protected, audited {@code POST /notifications/redrive} and polls
 * {@code GET /notifications/redrive} for the progress (one line that counts up); with {@code --aws} it starts SQS's
 * own message move task with the operator's credentials and polls it, bypassing the API.
 */
@Command(name = "redrive", sortOptions = false, header = "Move dead-lettered notifications back to the queue, with progress.",
        description = {"Move dead-lettered notifications back to the notification queue, with progress: those of a "
                + "running local server, or with --api those of a deployed stage (POST /notifications/redrive, audited; "
                + "signed with your AWS credentials), or with --aws straight from a deployed stage's DLQ (SQS message move "
                + "task, default AWS credentials and region; not in payhook's audit trail). A redrive already running is followed."})
public final class RedriveCommand implements Callable<Integer> {
    /** How often the progress is read. */
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration AWS_POLL = Duration.ofSeconds(2);

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--url", paramLabel = "URL", converter = Values.BaseUrl.class,
                description = "A running local payhook. Default: " + LocalApi.DEFAULT_URL + ".")
        String url;

        @ArgGroup(exclusive = false)
        Api api;

        @ArgGroup(exclusive = false)
        Aws aws;
    }

    static final class Api {
        @Option(names = "--api", paramLabel = "URL", required = true, converter = Values.StageUrl.class,
                description = "A deployed stage's API, https://<api id>.execute-api.<region>.amazonaws.com/<env> (stack output ApiUrl), "
                        + "signed with your AWS credentials (execute-api:Invoke on /notifications/redrive).")
        String url;

        @Option(names = "--profile", paramLabel = "NAME", description = "With --api: the AWS profile to sign with (default: the default chain).")
        String profile;
    }

    static final class Aws {
        @Option(names = "--aws", required = true, description = "Redrive a deployed stage's dead-letter queue instead.")
        boolean aws;

        @Option(names = "--dlq-arn", paramLabel = "ARN", required = true,
                description = "With --aws: the DLQ, arn:aws:sqs:<region>:<account>:payhook-notifications-dlq-<env>.")
        String dlqArn;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (target != null && target.aws != null) return redriveAws(target.aws.dlqArn, System.out);
        if (target != null && target.api != null) {
            PayhookClient client;
            try {
                client = AwsApi.client(target.api.url, target.api.profile);
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                System.err.println("payhook: no AWS credentials to sign with: " + e.getMessage());
                return 1;
            }
            return redrive(client.withTimeout(Duration.ofMinutes(1)), System.out, System.err, AWS_POLL);
        }
        String url = target != null && target.url != null ? target.url : LocalApi.DEFAULT_URL;
        try {
            return redrive(LocalApi.fromEnvironment().client(url), System.out, System.err, POLL);
        } catch (PayhookClient.NotReachableException e) {
            System.err.println("payhook: " + e.getMessage() + " — is `./payhook serve` running?");
            return 1;
        }
    }

    /**
     * Starts a redrive through the API (or follows the one running: 409 {@code redrive_running}) and prints its
     * progress until it ends.
     *
     * @return 0 when it completed, 1 otherwise
     */
    static int redrive(PayhookClient client, PrintStream out, PrintStream err, Duration poll) throws InterruptedException {
        PayhookClient.Response started = client.postJson("/notifications/redrive", "{}");
        if (started.status() == 409 && "redrive_running".equals(started.errorCode())) {
            out.println("a redrive is running already: following it");
        } else if (started.status() != 202) {
            err.println("payhook: redrive refused: HTTP " + started.status() + " " + started.body());
            return 1;
        }
        while (true) {
            PayhookClient.Response r = client.get("/notifications/redrive");
            if (r.status() != 200) {
                out.println();
                err.println("payhook: redrive progress unavailable: HTTP " + r.status() + " " + r.body());
                return 1;
            }
            JsonNode n = r.json();
            String status = n.path("status").asText();
            out.print(line(n.path("moved").asLong(), n.hasNonNull("to_move") ? n.get("to_move").asLong() : null, status));
            out.flush();
            if (!"running".equals(status)) {
                out.println();
                if (n.hasNonNull("failure_reason")) err.println("payhook: redrive " + status + ": " + n.get("failure_reason").asText());
                return "completed".equals(status) ? 0 : 1;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** The progress line, rewritten in place: {@code moved 3 of 5 (running)}. */
    static String line(long moved, Long toMove, String status) {
        return "\rmoved " + moved + (toMove == null ? "" : " of " + toMove) + " (" + status + ")";
    }

    /** With the default AWS credentials and region: SQS's move task directly (the same adapter the API's function uses). */
    private static int redriveAws(String arn, PrintStream out) throws InterruptedException {
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            DeadLetterQueue dlq = new SqsMoveTaskDeadLetterQueue(sqs, arn);
            try {
                out.println("started redrive " + dlq.startRedrive().redriveId());
            } catch (PayhookException e) {
                if (!"redrive_running".equals(e.code().wireCode())) throw e;
                out.println("a redrive is running already: following it");
            }
            while (true) {
                DeadLetterQueue.Redrive t = dlq.latestRedrive().orElseThrow();
                out.print(line(t.moved(), t.toMove(), t.state().wire()));
                if (t.state() != DeadLetterQueue.State.RUNNING) {
                    out.println();
                    return t.state() == DeadLetterQueue.State.COMPLETED ? 0 : 1;
                }
                Thread.sleep(AWS_POLL.toMillis());
            }
        }
    }
}

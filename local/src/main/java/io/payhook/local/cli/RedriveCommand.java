package io.payhook.local.cli;

import io.payhook.aws.sqs.DeadLetterRedrive;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ./payhook redrive}: against the local system it calls its SigV4-protected
 * {@code /_local/redrive} and prints the progress it streams; with {@code --aws} it starts SQS's own
 * message move task and polls it.
 */
@Command(name = "redrive", sortOptions = false, header = "Move dead-lettered notifications back to the queue, with progress.",
        description = {"Move dead-lettered notifications back to the notification queue, with progress: those of a "
                + "running local server, or with --aws those of a deployed stage's DLQ (SQS message move task, "
                + "default AWS credentials and region)."})
public final class RedriveCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--url", paramLabel = "URL", converter = Values.BaseUrl.class,
                description = "A running local payhook. Default: " + LocalApi.DEFAULT_URL + ".")
        String url;

        @ArgGroup(exclusive = false)
        Aws aws;
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
        if (target != null && target.aws != null) return redriveAws(target.aws.dlqArn);
        String url = target != null && target.url != null ? target.url : LocalApi.DEFAULT_URL;
        return Progress.run(LocalApi.fromEnvironment().client(url).withTimeout(Duration.ofMinutes(30)),
                "/_local/redrive", "moved", System.out, System.err);
    }

    /** With the default AWS credentials and region. */
    private static int redriveAws(String arn) throws InterruptedException {
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            DeadLetterRedrive r = new DeadLetterRedrive(sqs);
            System.out.println("started move task " + r.startMoveTask(arn));
            while (true) {
                var t = r.latestTask(arn);
                System.out.print("\rmoved " + t.approximateNumberOfMessagesMoved() + " of " + t.approximateNumberOfMessagesToMove() + " (" + t.status() + ")");
                if (!"RUNNING".equals(t.status())) {
                    System.out.println();
                    return "COMPLETED".equals(t.status()) ? 0 : 1;
                }
                Thread.sleep(2_000);
            }
        }
    }
}

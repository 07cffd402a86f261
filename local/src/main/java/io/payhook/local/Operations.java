package io.payhook.local;

import io.payhook.aws.sqs.DeadLetterRedrive;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./payhook redrive} and {@code ./payhook replay --since T}. Against the local system they
 * call its SigV4-protected {@code /_local/*} routes and print the progress it streams; with
 * {@code --aws} redrive starts SQS's own message move task and polls it.
 */
final class Operations {
    private Operations() {}

    static int redrive(Cli.Args a) throws Exception {
        if (a.options().containsKey("aws")) return redriveAws(a);
        return stream(a, "/_local/redrive", "moved");
    }

    static int replay(Cli.Args a) throws Exception {
        String since = a.options().get("since");
        if (since == null) {
            System.err.println("usage: ./payhook replay --since <ISO-8601 time | duration like 2h> [--url URL]");
            return 2;
        }
        Instant t;
        try {
            t = parseSince(since, Instant.now());
        } catch (DateTimeParseException | NumberFormatException e) {
            System.err.println("payhook replay: --since must be an ISO-8601 instant (2026-11-22T10:00:00Z) or a duration ago (30m, 2h, 1d)");
            return 2;
        }
        return stream(a, "/_local/replay?since=" + t, "notifications requested");
    }

    /** An ISO-8601 instant, or a duration before {@code now}: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}. */
    static Instant parseSince(String since, Instant now) {
        var m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(since);
        if (!m.matches()) return Instant.parse(since);
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return now.minus(d);
    }

    private static int stream(Cli.Args a, String path, String noun) throws Exception {
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, a.dataDir());
        URI uri = URI.create(a.opt("url", "http://127.0.0.1:8080") + path);
        SigV4 sigv4 = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region(), Duration.ofMinutes(5), Clock.systemUTC());
        Map<String, String> h = new HashMap<>();
        h.put("Host", uri.getHost() + ":" + uri.getPort());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(30));
        sigv4.signHeaders("POST", uri, h, new byte[0]).forEach(b::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.util.stream.Stream<String>> r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                System.out.println("HTTP " + r.statusCode());
                r.body().forEach(System.out::println);
                return 1;
            }
            int[] code = {1};
            r.body().forEach(line -> {
                if (line.startsWith("progress ")) System.out.print("\r" + noun + ": " + line.substring(9));
                else if (line.startsWith("done ")) {
                    System.out.println("\r" + noun + ": " + line.substring(5) + " (done)");
                    code[0] = 0;
                } else System.out.println("\n" + line);
            });
            return code[0];
        } catch (java.net.ConnectException e) {
            System.err.println("payhook: cannot connect to " + uri + " — is `./payhook serve` running?");
            return 1;
        }
    }

    /** AWS: {@code ./payhook redrive --aws --dlq-arn ARN} with the default AWS credentials and region. */
    private static int redriveAws(Cli.Args a) throws InterruptedException {
        String arn = a.options().get("dlq-arn");
        if (arn == null) {
            System.err.println("usage: ./payhook redrive --aws --dlq-arn arn:aws:sqs:<region>:<account>:payhook-notifications-dlq-<env>");
            return 2;
        }
        try (SqsClient sqs = SqsClient.builder().httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
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

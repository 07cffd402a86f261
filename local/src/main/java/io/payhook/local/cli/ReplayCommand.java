package io.payhook.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code ./payhook replay --since T}: the running local system's {@code /_local/replay}, with its progress. */
@Command(name = "replay", sortOptions = false, header = "Re-send the notifications of transactions changed since a time.",
        description = {"Re-send the customer notifications of every transaction changed since a time, on a running "
                + "local server, with progress."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--since", paramLabel = "TIME", required = true, converter = Values.Since.class,
            description = "An ISO-8601 instant (2026-11-22T10:00:00Z) or a time ago (90s, 30m, 2h, 1d).")
    Instant since;

    @Mixin
    UrlOption target;

    @Override
    public Integer call() {
        return Progress.run(LocalApi.fromEnvironment().client(target.url()).withTimeout(Duration.ofMinutes(30)),
                "/_local/replay?since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8),
                "notifications requested", System.out, System.err);
    }
}

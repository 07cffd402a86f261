package io.payhook.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code ./payhook <command>}: the one entry point for people (SPEC §7b). */
public final class Cli {
    private Cli() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String command = args[0];
        Args a = Args.parse(Arrays.copyOfRange(args, 1, args.length));
        int code = switch (command) {
            case "serve" -> Serve.run(a);
            case "send" -> Send.run(a);
            case "redrive" -> Operations.redrive(a);
            case "replay" -> Operations.replay(a);
            case "check" -> InvariantChecker.run(a);
            case "bench" -> Bench.run(a);
            default -> {
                System.err.println("payhook: unknown command '" + command + "'");
                usage();
                yield 2;
            }
        };
        System.exit(code);
    }

    static void usage() {
        System.err.println("""
                usage: ./payhook <command> [options]
                  serve   [--port 8080] [--data-dir .payhook/data]     run the whole system locally
                  send    <provider> <event-type> [--url http://127.0.0.1:8080] [--amount 1234] [--currency EUR]
                          [--transaction ID] [--email ADDR] [--event-id ID]   a signed test delivery
                  redrive [--url URL] | --aws --dlq-arn ARN                move dead-lettered notifications back, with progress
                  replay  --since <2026-11-22T10:00:00Z | 2h> [--url URL]  re-send notifications of transactions changed since then
                  check   [--data-dir .payhook/data]                       invariants of a stopped system's data; exit 1 on a violation
                  bench   [--duration 30s] [--concurrency 50] [--json] [--url URL] [--providers generic,stripe]
                          [--duplicates 0.05] [--email-ratio 0] [--warmup 15s] [--warmup-max 120s] [--slices 3] [--pause-outbox] load test with a progress line and a floor
                  synth                                               CloudFormation for dev and prod into infra/cdk.out
                  test                                                build and run every test
                providers: stripe, adyen, standard_webhooks, generic""");
    }

    /** Positional arguments and {@code --name value} options. */
    record Args(List<String> positional, Map<String, String> options) {
        static Args parse(String[] args) {
            List<String> pos = new ArrayList<>();
            Map<String, String> opts = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String s = args[i];
                if (s.startsWith("--")) {
                    String name = s.substring(2);
                    int eq = name.indexOf('=');
                    if (eq >= 0) opts.put(name.substring(0, eq), name.substring(eq + 1));
                    else if (i + 1 < args.length && !args[i + 1].startsWith("--")) opts.put(name, args[++i]);
                    else opts.put(name, "true");
                } else {
                    pos.add(s);
                }
            }
            return new Args(pos, opts);
        }

        String opt(String name, String fallback) { return options.getOrDefault(name, fallback); }

        Path dataDir() { return Path.of(opt("data-dir", System.getenv().getOrDefault("PAYHOOK_DATA_DIR", ".payhook/data"))); }
    }
}

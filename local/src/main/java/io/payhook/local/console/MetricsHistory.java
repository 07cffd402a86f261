package io.payhook.local.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last hour of the local server's counters, for the console's overview and failures pages: every
 * {@link #INTERVAL} a sample of the Prometheus text of {@code GET /metrics} ({@code payhook_webhooks_received_total},
 * {@code payhook_webhooks_refused_total}, {@code payhook_notifications_total}) goes into a ring buffer of
 * {@link #WINDOW}; the answer is the increase of each counter per interval, and over the window. Held by the server
 * in memory: after a restart the history starts again.
 */
final class MetricsHistory {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofHours(1);
    static final int CAPACITY = (int) (WINDOW.toSeconds() / INTERVAL.toSeconds()) + 1;

    private static final Pattern LINE = Pattern.compile("^(payhook_webhooks_received_total|payhook_webhooks_refused_total|payhook_notifications_total)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One scrape: counter values by {@link Key}. */
    record Sample(Instant at, Map<Key, Double> values) {}

    /** A counter and its two labels: received (provider, outcome), refused (provider, reason), notified (channel, outcome). */
    record Key(String metric, String first, String second) {}

    private final Supplier<String> scrape;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    MetricsHistory(Supplier<String> scrape, Clock clock) {
        this.scrape = scrape;
        this.clock = clock;
    }

    /** Takes a sample now (the server's timer calls this every {@link #INTERVAL}); never throws. */
    void sample() {
        Sample s;
        try {
            s = new Sample(clock.instant(), parse(scrape.get()));
        } catch (RuntimeException e) {
            return;
        }
        synchronized (samples) {
            samples.addLast(s);
            while (samples.size() > CAPACITY) samples.removeFirst();
        }
    }

    /** The counters in the Prometheus text: our three, by their labels. */
    static Map<Key, Double> parse(String text) {
        Map<Key, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) continue;
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) labels.put(l.group(1), l.group(2));
            Key key = switch (m.group(1)) {
                case "payhook_webhooks_received_total" -> new Key("received", labels.get("provider"), labels.get("outcome"));
                case "payhook_webhooks_refused_total" -> new Key("refused", labels.get("provider"), labels.get("reason"));
                default -> new Key("notified", labels.get("channel"), labels.get("outcome"));
            };
            try {
                out.merge(key, Double.parseDouble(m.group(3)), Double::sum);
            } catch (NumberFormatException ignored) {
                // not a number: not ours to show
            }
        }
        return out;
    }

    /**
     * The overview as JSON-ready maps: {@code series} of per-interval increases (received per provider, refused per
     * provider, notifications per outcome), {@code refused_last_hour} by provider and reason, and
     * {@code notifications_last_hour} by channel and outcome. The last point is taken now, so a page shows what
     * just happened without waiting for the timer.
     */
    Map<String, Object> answer() {
        List<Sample> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        Sample now = new Sample(clock.instant(), parse(scrape.get()));
        all.add(now);
        // a server that has just started has one sample: count from zero (the counters start at zero with the process)
        if (all.size() == 1) all.addFirst(new Sample(now.at().minus(INTERVAL), Map.of()));
        Sample first = all.get(0);
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("received", series(all, "received", k -> !"refused".equals(k.second()), Key::first));
        series.put("refused", series(all, "refused", k -> true, Key::first));
        series.put("notified", series(all, "notified", k -> true, Key::second));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "local");
        out.put("source", "the local server's metrics, sampled every " + INTERVAL.toSeconds() + " s by the console since it started");
        out.put("interval_s", INTERVAL.toSeconds());
        out.put("from", first.at().toString());
        out.put("to", now.at().toString());
        out.put("times", all.subList(1, all.size()).stream().map(s -> s.at().toString()).toList());
        out.put("series", series);
        out.put("refused_last_hour", totals(first, now, "refused", "provider", "reason"));
        out.put("notifications_last_hour", totals(first, now, "notified", "channel", "outcome"));
        return out;
    }

    /** For each name {@code group} gives a key of {@code metric}: its increase per interval, summed over the keys of that name. */
    private static Map<String, List<Long>> series(List<Sample> all, String metric, java.util.function.Predicate<Key> include,
                                                 java.util.function.Function<Key, String> group) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (int i = 1; i < all.size(); i++) {
            Map<String, Long> step = new TreeMap<>();
            Map<Key, Double> before = all.get(i - 1).values();
            for (var e : all.get(i).values().entrySet()) {
                Key k = e.getKey();
                if (!k.metric().equals(metric) || !include.test(k)) continue;
                step.merge(group.apply(k), Math.max(0, Math.round(e.getValue() - before.getOrDefault(k, 0.0))), Long::sum);
            }
            int index = i - 1;
            step.forEach((name, v) -> out.computeIfAbsent(name, n -> new ArrayList<>(java.util.Collections.nCopies(all.size() - 1, 0L))).set(index, v));
        }
        return out;
    }

    private static List<Map<String, Object>> totals(Sample first, Sample last, String metric, String firstName, String secondName) {
        List<Map<String, Object>> out = new ArrayList<>();
        last.values().entrySet().stream()
                .filter(e -> e.getKey().metric().equals(metric))
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Key::first).thenComparing(Key::second)))
                .forEach(e -> {
                    long n = Math.max(0, Math.round(e.getValue() - first.values().getOrDefault(e.getKey(), 0.0)));
                    if (n == 0) return;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(firstName, e.getKey().first());
                    row.put(secondName, e.getKey().second());
                    row.put("count", n);
                    out.add(row);
                });
        return out;
    }
}

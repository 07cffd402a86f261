package io.payhook.local.console;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The overview of a deployed stack, for {@code ./payhook console}: the last hour of the functions' CloudWatch
 * metrics (namespace {@value #NAMESPACE}, written as EMF by {@code EmfMetrics}) — {@code WebhooksReceived}
 * (Provider, Outcome), {@code WebhooksRefused} (Provider, Reason), {@code Notifications} (Channel, Outcome) — summed
 * per minute, read with the operator's credentials ({@code cloudwatch:ListMetrics}, {@code cloudwatch:GetMetricData}),
 * in the same answer shape as the local {@link MetricsHistory}. Answers are kept {@link #CACHE} (the page refreshes
 * every 10 s; CloudWatch is billed per metric read).
 */
final class CloudWatchOverview implements Supplier<Map<String, Object>> {
    static final String NAMESPACE = "Payhook";
    static final Duration PERIOD = Duration.ofMinutes(1);
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration CACHE = Duration.ofSeconds(30);
    /** GetMetricData takes at most 500 queries per call. */
    static final int MAX_QUERIES = 500;

    /** One metric's per-period sums. */
    record Series(String metric, Map<String, String> dimensions, Map<Instant, Double> sums) {}

    /** Where the series come from (CloudWatch, or a test's). */
    interface Source {
        List<Series> fetch(Instant from, Instant to, Duration period);
    }

    private final Source source;
    private final Clock clock;
    private final String region;
    private Map<String, Object> cached;
    private Instant cachedAt;

    CloudWatchOverview(Source source, String region, Clock clock) {
        this.source = source;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public synchronized Map<String, Object> get() {
        Instant now = clock.instant();
        if (cached != null && cachedAt.plus(CACHE).isAfter(now)) return cached;
        Instant to = now.truncatedTo(ChronoUnit.MINUTES);
        Instant from = to.minus(WINDOW);
        cached = answer(source.fetch(from, to, PERIOD), from, to, PERIOD, region);
        cachedAt = now;
        return cached;
    }

    /** The answer for {@code series} between {@code from} and {@code to} (one point per period, ending at each period's end). */
    static Map<String, Object> answer(List<Series> series, Instant from, Instant to, Duration period, String region) {
        List<Instant> starts = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(period)) starts.add(t);
        Map<String, Object> grouped = new LinkedHashMap<>();
        grouped.put("received", group(series, starts, "WebhooksReceived", "Provider", s -> !"refused".equals(s.dimensions().get("Outcome"))));
        grouped.put("refused", group(series, starts, "WebhooksRefused", "Provider", s -> true));
        grouped.put("notified", group(series, starts, "Notifications", "Outcome", s -> true));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "proxy");
        out.put("source", "CloudWatch metrics of namespace " + NAMESPACE + " in " + region + ", summed per minute");
        out.put("interval_s", period.toSeconds());
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("times", starts.stream().map(t -> t.plus(period).toString()).toList());
        out.put("series", grouped);
        out.put("refused_last_hour", totals(series, "WebhooksRefused", "Provider", "Reason", "provider", "reason"));
        out.put("notifications_last_hour", totals(series, "Notifications", "Channel", "Outcome", "channel", "outcome"));
        return out;
    }

    private static Map<String, List<Long>> group(List<Series> series, List<Instant> starts, String metric, String by,
                                                 java.util.function.Predicate<Series> include) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Series s : series) {
            if (!s.metric().equals(metric) || !include.test(s)) continue;
            String name = s.dimensions().getOrDefault(by, "unknown");
            List<Long> points = out.computeIfAbsent(name, n -> new ArrayList<>(Collections.nCopies(starts.size(), 0L)));
            for (int i = 0; i < starts.size(); i++) {
                Double v = s.sums().get(starts.get(i));
                if (v != null) points.set(i, points.get(i) + Math.round(v));
            }
        }
        return out;
    }

    private static List<Map<String, Object>> totals(List<Series> series, String metric, String first, String second,
                                                    String firstName, String secondName) {
        Map<List<String>, Long> sums = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (Series s : series) {
            if (!s.metric().equals(metric)) continue;
            long n = Math.round(s.sums().values().stream().mapToDouble(Double::doubleValue).sum());
            if (n == 0) continue;
            sums.merge(List.of(s.dimensions().getOrDefault(first, "unknown"), s.dimensions().getOrDefault(second, "unknown")), n, Long::sum);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        sums.forEach((k, n) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(firstName, k.get(0));
            row.put(secondName, k.get(1));
            row.put("count", n);
            out.add(row);
        });
        return out;
    }

    /** The series from CloudWatch: every metric of ours with data (ListMetrics), then their sums (GetMetricData). */
    static Source of(CloudWatchClient cloudWatch) {
        return (from, to, period) -> {
            List<Metric> metrics = new ArrayList<>();
            for (String name : List.of("WebhooksReceived", "WebhooksRefused", "Notifications")) {
                cloudWatch.listMetricsPaginator(b -> b.namespace(NAMESPACE).metricName(name)).metrics().forEach(metrics::add);
            }
            List<Series> out = new ArrayList<>();
            for (int start = 0; start < metrics.size(); start += MAX_QUERIES) {
                List<Metric> batch = metrics.subList(start, Math.min(metrics.size(), start + MAX_QUERIES));
                List<MetricDataQuery> queries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    Metric m = batch.get(i);
                    queries.add(MetricDataQuery.builder().id("m" + i).returnData(true)
                            .metricStat(s -> s.metric(m).period((int) period.toSeconds()).stat("Sum")).build());
                }
                Map<String, Map<Instant, Double>> sums = new LinkedHashMap<>();
                for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(b -> b.startTime(from).endTime(to)
                        .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(queries))) {
                    for (MetricDataResult r : page.metricDataResults()) {
                        Map<Instant, Double> points = sums.computeIfAbsent(r.id(), id -> new TreeMap<>());
                        for (int j = 0; j < r.timestamps().size(); j++) points.merge(r.timestamps().get(j), r.values().get(j), Double::sum);
                    }
                }
                for (int i = 0; i < batch.size(); i++) {
                    Map<String, String> dims = new LinkedHashMap<>();
                    for (Dimension d : batch.get(i).dimensions()) dims.put(d.name(), d.value());
                    out.add(new Series(batch.get(i).metricName(), dims, sums.getOrDefault("m" + i, Map.of())));
                }
            }
            return out;
        };
    }
}

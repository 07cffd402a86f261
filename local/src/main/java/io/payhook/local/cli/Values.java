package io.payhook.local.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values the commands take, each parsed and checked once: a bad value is refused before
 * anything starts, with a message naming the option (picocli prefixes it) and exit code 2.
 */
public final class Values {
    private Values() {}

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhd])");

    /** A TCP port, 0 to 65535 (0: any free port). */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int p = Integer.parseInt(value.trim());
                if (p >= 0 && p <= 65535) return p;
            } catch (NumberFormatException ignored) {
                // refused below
            }
            throw new TypeConversionException("'" + value + "' is not a port (0 to 65535)");
        }
    }

    /** A whole number of at least 1. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // refused below
            }
            throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
        }
    }

    /** A fraction from 0 to 1. */
    public static final class Ratio implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double d = Double.parseDouble(value.trim());
                if (d >= 0 && d <= 1) return d;
            } catch (NumberFormatException ignored) {
                // refused below
            }
            throw new TypeConversionException("'" + value + "' is not a ratio from 0 to 1 (such as 0.05)");
        }
    }

    /** A duration: {@code 30s}, {@code 2m}, {@code 500ms}; a bare number is seconds. */
    public static final class DurationValue implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (such as 30s, 2m or 500ms)");
            }
        }
    }

    /** A point in time: an ISO-8601 instant, or a duration ago ({@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}). */
    public static final class Since implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return parseSince(value, Instant.now());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new TypeConversionException("'" + value
                        + "' is neither an ISO-8601 instant (2026-11-22T10:00:00Z) nor a time ago (30m, 2h, 1d)");
            }
        }
    }

    /** The base URL of a payhook API: {@code http(s)://host[:port][/stage]}, without a trailing slash. */
    public static final class BaseUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                URI u = new URI(value.trim());
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                        && u.getQuery() == null && u.getFragment() == null) {
                    String s = u.toString();
                    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
                }
            } catch (java.net.URISyntaxException ignored) {
                // refused below
            }
            throw new TypeConversionException("'" + value + "' is not an http(s) base URL (such as http://127.0.0.1:8080)");
        }
    }

    /** A deployed stage's URL, {@code https://<api id>.execute-api.<region>.amazonaws.com/<env>}: its region signs the calls. */
    public static final class StageUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String url = new BaseUrl().convert(value);
            if (AwsApi.region(url) == null) {
                throw new TypeConversionException("'" + value + "' is not an API Gateway stage URL (https://<api id>.execute-api.<region>.amazonaws.com/<env>)");
            }
            return url;
        }
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}, or a bare number of seconds. */
    public static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException("duration like 30s, 2m or 500ms: " + s);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** An ISO-8601 instant, or a duration before {@code now}: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}. */
    public static Instant parseSince(String since, Instant now) {
        Matcher m = AGO.matcher(since.trim());
        if (!m.matches()) return Instant.parse(since.trim());
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return now.minus(d);
    }
}

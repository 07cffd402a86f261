package io.payhook.functions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import io.payhook.core.protection.CardData;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One JSON object per log line on standard output (CloudWatch Logs in Lambda). Callers pass only
 * the fields the SPEC allows — ids, provider, codes — never a secret, signature, email or card
 * number. Every line written during a handler's invocation carries its {@code request_id} and X-Ray
 * {@code trace_id} ({@link Invocation}, per invocation; outside one, the Lambda runtime's current trace
 * header if any). The level threshold, the clock of the {@code timestamp} and the environment name
 * ({@code env} on every line, from {@code PAYHOOK_ENV}) are set once by the composition root.
 *
 * <p>Defence in depth, whatever a caller passes: before a line is written, the message and every
 * value are cleaned —
 * <ul>
 *   <li>a value under a key that names a secret ({@code secret}, {@code password}, {@code token},
 *       {@code signature}, {@code authorization}, {@code credential}, {@code cookie}, {@code api_key})
 *       becomes {@code [redacted]};</li>
 *   <li>email addresses become {@code [email]};</li>
 *   <li>card numbers are masked to BIN + last 4: in values of {@code *_id} keys by the card-scheme
 *       rule (the rule ids are checked with at ingest, so a logged id still matches the stored one),
 *       elsewhere any Luhn-valid 13–19 digit number ({@link CardData});</li>
 *   <li>values longer than {@value #MAX_VALUE} characters are cut (a hostile path cannot flood the log).</li>
 * </ul>
 */
public final class JsonLog {
    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    static final int MAX_VALUE = 256;
    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(secret|passw|token|signature|authorization|credential|cookie|api_?key|private_?key).*");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.out;
    private static volatile String environment;
    /** The system clock until a composition root sets its own (tests and tools that set none). */
    private static volatile Clock clock = Clock.systemUTC();

    private JsonLog() {}

    public static void setLevel(Level level) { threshold = level; }

    public static void setOutput(PrintStream stream) { out = stream; }

    /** The clock of every line's {@code timestamp}. */
    public static void setClock(Clock c) { clock = java.util.Objects.requireNonNull(c, "clock"); }

    /** The environment every line names ({@code dev}, {@code prod}, {@code local}); null writes no {@code env}. */
    public static void setEnvironment(String name) { environment = name; }

    public static boolean enabled(Level level) { return level.ordinal() >= threshold.ordinal() && level != Level.OFF; }

    /** Logs {@code message} with key/value pairs ({@code k1, v1, k2, v2, ...}); null values are skipped. */
    public static void log(Level level, String message, String... keyValues) {
        if (!enabled(level)) return;
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", clock.instant().toString());
            g.writeStringField("level", level.name());
            g.writeStringField("service", "payhook");
            String env = environment;
            if (env != null) g.writeStringField("env", env);
            g.writeStringField("message", clean("message", message));
            boolean requestIdGiven = false;
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                String key = keyValues[i] == null ? "field" : keyValues[i];
                if (keyValues[i + 1] != null) {
                    g.writeStringField(key, clean(key, keyValues[i + 1]));
                    requestIdGiven |= key.equals("request_id");
                }
            }
            Invocation invocation = Invocation.current();
            String requestId = invocation == null ? null : invocation.requestId();
            if (requestId != null && !requestIdGiven) g.writeStringField("request_id", clean("request_id", requestId));
            String trace = invocation != null ? invocation.traceId() : Invocation.rootOf(System.getProperty(Invocation.TRACE_HEADER_PROPERTY));
            if (trace != null) g.writeStringField("trace_id", trace);
            g.writeEndObject();
        } catch (IOException e) {
            return;
        }
        out.println(w);
    }

    /** A value as it may be written under {@code key} (see the class comment). */
    static String clean(String key, String value) {
        if (value == null) return null;
        String k = key.toLowerCase(Locale.ROOT);
        if (SECRET_KEY.matcher(k).matches()) return "[redacted]";
        String v = value.length() > 4 * MAX_VALUE ? value.substring(0, 4 * MAX_VALUE) : value;
        v = CardData.maskEmails(v);
        v = k.endsWith("_id") ? CardData.maskSchemePans(v) : CardData.maskPans(v);
        return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) + "…[truncated]" : v;
    }

    public static void info(String message, String... kv) { log(Level.INFO, message, kv); }

    public static void warn(String message, String... kv) { log(Level.WARN, message, kv); }

    public static void error(String message, String... kv) { log(Level.ERROR, message, kv); }
}

package io.payhook.functions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One JSON object per log line on standard output (CloudWatch Logs in Lambda). Callers pass only
 * the fields the SPEC allows — ids, provider, codes — never a secret, signature, email or card
 * number. The level threshold is set once by the composition root.
 */
public final class JsonLog {
    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static final JsonFactory FACTORY = new JsonFactory();
    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.out;

    private JsonLog() {}

    public static void setLevel(Level level) { threshold = level; }

    public static void setOutput(PrintStream stream) { out = stream; }

    public static boolean enabled(Level level) { return level.ordinal() >= threshold.ordinal() && level != Level.OFF; }

    /** Logs {@code message} with key/value pairs ({@code k1, v1, k2, v2, ...}); null values are skipped. */
    public static void log(Level level, String message, String... keyValues) {
        if (!enabled(level)) return;
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("level", level.name());
            g.writeStringField("service", "payhook");
            g.writeStringField("message", message);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                if (keyValues[i + 1] != null) g.writeStringField(keyValues[i], keyValues[i + 1]);
            }
            String trace = System.getenv("_X_AMZN_TRACE_ID");
            if (trace != null) g.writeStringField("trace_id", trace);
            g.writeEndObject();
        } catch (IOException e) {
            return;
        }
        out.println(w);
    }

    public static void info(String message, String... kv) { log(Level.INFO, message, kv); }

    public static void warn(String message, String... kv) { log(Level.WARN, message, kv); }

    public static void error(String message, String... kv) { log(Level.ERROR, message, kv); }
}

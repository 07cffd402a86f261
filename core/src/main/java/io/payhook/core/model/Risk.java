package io.payhook.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the risk screen ({@link io.payhook.core.usecase.ScreenRisk}) last found about a transaction: a level, the score it
 * came from and the reasons, stable codes ({@code amount_large}, {@code bank_transfer}, ... — docs/RISK.md).
 *
 * @param score      the sum of the points of every rule that fired
 * @param reasons    the codes of the rules that fired, in the rules' fixed order
 * @param version    how many times the screen changed it (1 for the first result): a newer result replaces an older one,
 *                   and the search projection keeps the one with the highest version
 * @param screenedAt when the screen wrote this result
 */
public record Risk(Level level, int score, List<String> reasons, long version, Instant screenedAt) {

    /** The levels, lowest first; written lower case on the wire ({@code low}, {@code elevated}, {@code high}). */
    public enum Level {
        LOW, ELEVATED, HIGH;

        /** The wire form: {@code low}, {@code elevated}, {@code high}. */
        public String wire() { return name().toLowerCase(Locale.ROOT); }

        /** A level from its wire form (case-insensitive), or empty. */
        public static Optional<Level> parse(String s) {
            if (s == null) return Optional.empty();
            for (Level l : values()) if (l.wire().equalsIgnoreCase(s.trim())) return Optional.of(l);
            return Optional.empty();
        }
    }

    public Risk {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(screenedAt, "screenedAt");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (score < 0) throw new IllegalArgumentException("score must not be negative");
        if (version < 1) throw new IllegalArgumentException("version starts at 1");
    }

    /** Whether {@code other} says the same (level, score and reasons), whatever its version and time. */
    public boolean sameFinding(Risk other) {
        return other != null && level == other.level && score == other.score && reasons.equals(other.reasons);
    }
}

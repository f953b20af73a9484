package com.capreport.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as admins write them in config and read them in JSON: {@code 500ms}, {@code 20s},
 * {@code 5m}, {@code 1h}, {@code 7d}; ISO-8601 ({@code PT20S}) is accepted on input too.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    public static final String ALLOWED = "a whole number with a unit ms, s, m, h or d, e.g. 500ms, 20s, 5m, 1h";

    private Durations() {
    }

    /** Parses a duration; the message of the exception says what is allowed. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration (" + ALLOWED + ")");
        }
        String t = text.trim();
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("'" + text + "' is negative (" + ALLOWED + ")");
                }
                return d;
            } catch (DateTimeParseException | ArithmeticException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (" + ALLOWED + ")");
    }

    /**
     * Parses a duration that must lie within {@code [min, max]}; the message names the bounds
     * ("'9999999999999d' is out of range: between 1s and 7d"), so a caller only prefixes its key.
     */
    public static Duration parseWithin(String text, Duration min, Duration max) {
        Duration d;
        try {
            d = parse(text);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().endsWith("is too large")) {
                throw new IllegalArgumentException(e.getMessage() + ": at most " + format(max));
            }
            throw e;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' is out of range: between " + format(min)
                    + " and " + format(max));
        }
        return d;
    }

    /** The shortest exact form: 60s → "1m", 1500ms → "1500ms". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}

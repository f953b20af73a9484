package com.capreport.dashboard.common;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Text for sizes (binary units), ages and absolute times, as an admin reads them. */
public final class Formats {
    private static final DateTimeFormatter ABSOLUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** "300 GiB", "1.2 TiB", "0 B": three significant digits at most. */
    public static String bytes(long bytes) {
        return com.capreport.model.Capacity.human(bytes);
    }

    /** "1,073,741,824,000 bytes", for tooltips. */
    public static String exactBytes(long bytes) {
        return NumberFormat.getIntegerInstance(Locale.US).format(bytes) + " bytes";
    }

    /**
     * What the views' ages count back from. While a snapshot file is shown, the views' "now" is the
     * moment it was taken; "3 min ago" would then read as three minutes before the admin looks, so
     * ages say "3 min before the snapshot". One display mode for the whole window, like a locale:
     * set by the dashboard when it changes source, read on the FX thread.
     */
    public enum AgeBasis { NOW, SNAPSHOT }

    private static volatile AgeBasis basis = AgeBasis.NOW;
    private static final long FUTURE_SLACK_SECONDS = 5;

    public static void ageBasis(AgeBasis b) {
        basis = b;
    }

    public static AgeBasis ageBasis() {
        return basis;
    }

    /** "10 s ago", or "10 s before the snapshot" while one is shown. */
    public static String ago(String span) {
        return span + (basis == AgeBasis.SNAPSHOT ? " before the snapshot" : " ago");
    }

    /**
     * "12 s ago", "4 min ago", "3 h ago", "2 d ago"; "in 5 s" for the future; "never" when absent.
     * While a snapshot is shown: "12 s before the snapshot", "5 s after the snapshot", "at the snapshot".
     */
    public static String age(Optional<Instant> at, Instant now) {
        return at.map(t -> age(t, now)).orElse("never");
    }

    public static String age(Instant at, Instant now) {
        return age(at, now, basis);
    }

    /**
     * An age on the wall clock whatever the views show: events, acknowledgements and alarms follow
     * the live etcd even while a snapshot is open.
     */
    public static String liveAge(Instant at, Instant now) {
        return age(at, now, AgeBasis.NOW);
    }

    /** {@link #clockAndAge} on the wall clock (see {@link #liveAge}). */
    public static String liveClockAndAge(Instant at, Instant now) {
        return clockAndAge(at, liveAge(at, now));
    }

    private static String age(Instant at, Instant now, AgeBasis basis) {
        if (at == null) {
            return "never";
        }
        Duration d = Duration.between(at, now);
        // A time a few seconds ahead is the writer's clock or the moment of the hand-off, not the
        // future: "since 16:34:01 (in 1 s)" reads as a bug. A larger skew is shown ("in 2 min").
        if (d.isNegative() && d.compareTo(Duration.ofSeconds(-FUTURE_SLACK_SECONDS)) > 0) {
            d = Duration.ZERO;
        }
        boolean future = d.isNegative();
        long s = Math.abs(d.getSeconds());
        String span;
        boolean snapshot = basis == AgeBasis.SNAPSHOT;
        if (s < 1) {
            return snapshot ? "at the snapshot" : "just now";
        } else if (s < 120) {
            span = s + " s";
        } else if (s < 2 * 3600) {
            span = s / 60 + " min";
        } else if (s < 2 * 86400) {
            span = s / 3600 + " h";
        } else {
            span = s / 86400 + " d";
        }
        if (snapshot) {
            return span + (future ? " after the snapshot" : " before the snapshot");
        }
        return future ? "in " + span : span + " ago";
    }

    /** A duration as "42 s", "3 min 5 s", "2 h 10 min". */
    public static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** "13:35:36": a moment of today's clock. */
    public static String clock(Instant at) {
        return CLOCK.format(at);
    }

    /** "13:35:36 (2 min)": a moment of today's clock with how long ago it was. */
    public static String clockAndAge(Instant at, Instant now) {
        return clockAndAge(at, age(at, now));
    }

    private static String clockAndAge(Instant at, String age) {
        // Live, "(2 min)" is short for "2 min ago"; in a snapshot the basis is said: "(2 min before the snapshot)".
        return CLOCK.format(at) + " (" + (age.endsWith(" ago") ? age.substring(0, age.length() - 4) : age) + ")";
    }

    /**
     * "since 13:35:36 (2 min)" when the change was seen or recorded; "since after its last
     * report 13:20:01 (17 min)" when only the last report is known (never "the dashboard": a snapshot has none).
     */
    public static String since(com.capreport.model.Since s, Instant now) {
        return switch (s.basis()) {
            case SEEN, RECORDED -> "since " + clockAndAge(s.at(), now);
            // True live and in a snapshot: the change came after the last report, when is not known.
            case LAST_REPORT -> "since after its last report " + clockAndAge(s.at(), now);
        };
    }

    /** "2026-03-01 12:19:45 UTC", for tooltips next to ages. */
    public static String absolute(Instant at) {
        return at == null ? "never" : ABSOLUTE.format(at);
    }
}

package com.capreport.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as admins read them in text that is made once and read later (reasons, events, refusals,
 * CLI lines): to the second, in UTC, and saying so — "2026-12-04 20:21:12 UTC". An instant's own
 * text ("2026-12-04T20:21:12.702542335Z") is the wire format, not something to show.
 */
public final class Instants {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Instants() {
    }

    /** "2026-12-04 20:21:12 UTC"; "?" when the time is not known. */
    public static String utc(Instant t) {
        return t == null ? "?" : UTC.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}

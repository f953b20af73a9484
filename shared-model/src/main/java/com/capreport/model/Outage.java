package com.capreport.model;

import java.time.Duration;
import java.time.Instant;

/**
 * An etcd outage the reader itself lived through: from when etcd stopped answering it to when it
 * answered again. Leases that expired in it are explained by it, not called crashes.
 */
public record Outage(Instant from, Instant to) {
    public Outage {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("outage ends before it starts: " + from + " → " + to);
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** "13:35:01–13:35:23 UTC": when, to the second (a reason is read later, so no age). */
    public String spanWords() {
        return CLOCK.format(from) + "–" + CLOCK.format(to) + " UTC";
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /** "22 s", "3 min 5 s": the measured length, rounded to the second. */
    public String lengthWords() {
        long s = Math.max(1, Math.round(length().toMillis() / 1000.0));
        return s < 120 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
}

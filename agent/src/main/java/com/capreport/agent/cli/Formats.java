package com.capreport.agent.cli;

import java.time.Duration;
import java.time.Instant;

/** Human formats: binary sizes, ages. */
final class Formats {
    private Formats() {
    }

    static String bytes(long b) {
        return com.capreport.model.Capacity.human(b);
    }

    static String age(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        if (s < 172_800) {
            return s / 3600 + " h ago";
        }
        return s / 86_400 + " d ago";
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}

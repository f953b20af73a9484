package com.capreport.dashboard.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How long an acknowledgement holds: a few fixed spans, or until the problem is resolved. */
public enum AckExpiry {
    ONE_HOUR("for 1 h", Duration.ofHours(1)),
    EIGHT_HOURS("for 8 h", Duration.ofHours(8)),
    ONE_DAY("for 24 h", Duration.ofHours(24)),
    UNTIL_RESOLVED("until resolved", null);

    private final String words;
    private final Duration span;

    AckExpiry(String words, Duration span) {
        this.words = words;
        this.span = span;
    }

    /** The ack's {@code expiresAt} when given at {@code now}; empty: until resolved. */
    public Optional<Instant> from(Instant now) {
        return Optional.ofNullable(span).map(now::plus);
    }

    @Override
    public String toString() {
        return words;
    }
}

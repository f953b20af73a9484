package com.capreport.model;

import java.time.Instant;
import java.util.Objects;

/**
 * When something entered its current state, and how that is known: an age that says what it means
 * ("dead since 13:35:36", "dead before the dashboard started; last report 13:20:01"), never the time
 * of the last value change passed off as the time of the change of state.
 */
public record Since(Instant at, Basis basis) {
    /** How {@code at} is known. */
    public enum Basis {
        /** The reader saw the change happen (the DELETE of {@code alive}, a loop key vanishing) at {@code at}. */
        SEEN,
        /** The dock recorded it itself ({@code alive.startedAt}, the spec's {@code stoppedAt}). */
        RECORDED,
        /**
         * It happened before the reader started watching: {@code at} is the last report (the newest pool
         * update), an upper bound of when it was last known alive, not the moment of the change.
         */
        LAST_REPORT
    }

    public Since {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(basis, "basis");
    }

    public static Since seen(Instant at) {
        return new Since(at, Basis.SEEN);
    }
}

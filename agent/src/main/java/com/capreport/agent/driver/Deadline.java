package com.capreport.agent.driver;

import java.time.Duration;

/** The time left for one listing, shared by the commands it runs. */
public final class Deadline {
    private final long endNanos;
    private final Duration total;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    public static Deadline in(Duration total) {
        return new Deadline(total);
    }

    /** What is left, at least 1 ms (so a command still gets a chance to fail cleanly). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(1_000_000L, endNanos - System.nanoTime()));
    }

    public Duration total() {
        return total;
    }
}

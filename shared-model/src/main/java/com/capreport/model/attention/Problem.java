package com.capreport.model.attention;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that is wrong now: its kind (and so its severity), what it is about, one line saying
 * what ({@code "dock node-2 is dead"}) and one saying why, in the backend's or the matcher's words.
 * {@code sinceAt} (null when unknown) is qualified by {@code sinceWhat}: {@code "since"} when the
 * problem started then, {@code "last report"} when that is only the last sign of life.
 */
public record Problem(Kind kind, Target target, String what, String why, Instant sinceAt, String sinceWhat) {
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        what = what == null ? "" : what;
        why = why == null ? "" : why;
        sinceWhat = sinceWhat == null ? "" : sinceWhat;
    }

    public Severity severity() {
        return kind.severity();
    }

    public Optional<Instant> since() {
        return Optional.ofNullable(sinceAt);
    }

    /** The same problem with another start (a watcher saw it begin). */
    public Problem startedAt(Instant at) {
        return new Problem(kind, target, what, why, at, "since");
    }
}

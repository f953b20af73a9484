package com.capreport.agent.bench;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of the bench table: a distribution (median, p99, max of {@code count} samples) or a single
 * value, its unit, and the goal it is held against (if any) with the verdict.
 *
 * @param section  which part of the run measured it ("writes", "latency", "liveness", "ingest", …)
 * @param name     what was measured, in an admin's words
 * @param unit     "ms", "s", "writes/s", "MiB", …
 * @param stats    present for a distribution
 * @param value    present for a single value (NaN when it could not be measured; see note)
 * @param goal     the goal in words ("≤ 11 s", "0"), empty when there is none
 * @param verdict  whether the goal is met
 * @param note     how it was measured or why it could not be; one line
 */
public record Figure(String section, String name, String unit, Optional<Samples.Stats> stats, double value,
                     String goal, Verdict verdict, String note) {

    /** Goal met, missed, or no goal for this figure. */
    public enum Verdict { MET, MISSED, NO_GOAL }

    public Figure {
        Objects.requireNonNull(section);
        Objects.requireNonNull(name);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(stats);
        goal = goal == null ? "" : goal;
        note = note == null ? "" : note;
        Objects.requireNonNull(verdict);
    }

    public static Figure distribution(String section, String name, String unit, Samples.Stats stats, String note) {
        return new Figure(section, name, unit, Optional.of(stats), Double.NaN, "", Verdict.NO_GOAL, note);
    }

    public static Figure single(String section, String name, String unit, double value, String note) {
        return new Figure(section, name, unit, Optional.empty(), value, "", Verdict.NO_GOAL, note);
    }

    /** The same figure held against a goal: {@code met} decides the verdict. */
    public Figure against(String goalWords, boolean met) {
        return new Figure(section, name, unit, stats, value, goalWords, met ? Verdict.MET : Verdict.MISSED, note);
    }
}

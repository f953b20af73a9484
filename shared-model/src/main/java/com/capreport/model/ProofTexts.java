package com.capreport.model;

/** The words readers (CLI, dashboard, Attention) use for an unverified dock, in one place. */
public final class ProofTexts {
    private ProofTexts() {
    }

    /**
     * "no proof of life written since 2026-12-07 17:00:00 UTC (period 5m) — its lease may be kept alive
     * by someone else", or "no proof of life written at all (…)" when the key is missing.
     */
    public static String unverifiedDetail(Estate.DockView d) {
        String period = d.alive().flatMap(DockAlive::proof).map(Durations::format).orElse("?");
        String since = d.proof().map(DockProof::at).filter(java.util.Objects::nonNull)
                .map(t -> "since " + Instants.utc(t)).orElse("at all");
        return "no proof of life written " + since + " (period " + period + ", judged after two) — its lease may be"
                + " kept alive by someone else";
    }

    /** "alive (unverified: no proof of life written since … — its lease may be kept alive by someone else)". */
    public static String unverifiedLine(Estate.DockView d) {
        return "alive (unverified: " + unverifiedDetail(d) + ")";
    }
}

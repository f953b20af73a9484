package com.capreport.dashboard.attention;

import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.attention.Problem;
import com.capreport.model.attention.Severity;
import com.capreport.model.attention.Target;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of the Attention list: the model's problem, and when this dashboard saw it begin
 * ({@code noticedAt}, null when it was already so when the dashboard started); {@code presentAtStart}
 * is when the dashboard first looked, for a problem already there (null otherwise): it began then
 * or earlier, and the row says so rather than pretend to know.
 */
public record AttentionRow(Problem problem, Instant noticedAt, Instant presentAtStart) {
    public AttentionRow(Problem problem, Instant noticedAt) {
        this(problem, noticedAt, null);
    }

    public Tone tone() {
        return problem.severity() == Severity.ERROR ? Tone.ERROR : Tone.WARNING;
    }

    public String severityWord() {
        return problem.severity().words();
    }

    public Optional<Instant> noticed() {
        return Optional.ofNullable(noticedAt);
    }

    /** "since 13:35:36 (2 min ago) · last report 13:30:02 (7 min ago)", or "—". */
    public String sinceText(Instant now) {
        StringBuilder b = new StringBuilder();
        noticed().ifPresent(t -> b.append("since ").append(clock(t)).append(" (").append(Formats.age(t, now))
                .append(")"));
        if (presentAtStart != null) {
            if (Formats.ageBasis() == Formats.AgeBasis.SNAPSHOT) {
                // A snapshot has no history: the problem was there when it was taken, since when is not known.
                b.append("already so when the snapshot was taken");
            } else {
                // "(≥ 1 s)" right after a start reads as "it just happened": the lower bound is said once it says something.
                java.time.Duration seen = java.time.Duration.between(presentAtStart, now);
                b.append("since dashboard start ").append(clock(presentAtStart)).append(" or earlier")
                        .append(seen.toMinutes() < 1 ? "" : " (≥ " + Formats.span(seen) + ")");
            }
        }
        problem.since().ifPresent(t -> {
            String what = problem.sinceWhat().isEmpty() ? "since" : problem.sinceWhat();
            if (what.equals("since") && noticed().map(n -> clock(n).equals(clock(t))).orElse(false)) {
                return; // the model's start and this dashboard's sighting are the same second: say it once
            }
            if (!b.isEmpty()) {
                b.append(" · ");
            }
            b.append(what).append(" ").append(clock(t))
                    .append(" (").append(Formats.age(t, now)).append(")");
        });
        return b.isEmpty() ? "—" : b.toString();
    }

    /** The view the "Show" button opens. */
    public String targetView() {
        Target t = problem.target();
        if (t instanceof Target.Dock || t instanceof Target.Loop || t instanceof Target.Etcd) {
            return "Docks";
        } else if (t instanceof Target.Pool) {
            return "Pools";
        } else if (t instanceof Target.Profile) {
            return "Profiles";
        }
        return "Invalid entries";
    }

    private static String clock(Instant t) {
        return Formats.absolute(t).substring(11, 19);
    }
}

package com.capreport.dashboard.profiles;

import com.capreport.model.EstateEvents;
import com.capreport.model.match.ProfileChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A profile crossed its threshold: down (matches fell to zero or below {@code minMatches}) or
 * back up. Carries the change's cause lines and suggestion, and reads as a notification and as an
 * event.
 */
public record ProfileAlert(ProfileChange change, boolean recovery, Instant at) {
    /** At most this many cause lines in a notification; the event keeps them all. */
    static final int NOTIFY_CAUSES = 3;

    public String profileId() {
        return change.profile().id();
    }

    public String title() {
        String name = change.profile().name();
        if (recovery) {
            return "Profile " + name + " recovered: " + ProfileTexts.plural(change.after(), "matching pool",
                    "matching pools");
        }
        return "Profile " + name + ": " + (change.after() == 0 ? "no pool matches any more"
                : "only " + ProfileTexts.plural(change.after(), "pool matches", "pools match") + " (needs "
                + change.profile().threshold() + ")");
    }

    /** Which change caused it, then the suggestion: what the admin reads in the popup. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(change.before()).append(" → ").append(change.after()).append(" matching pools");
        List<String> causes = change.causes();
        if (!causes.isEmpty()) {
            b.append(recovery ? ", after:" : ", because:");
            causes.stream().limit(NOTIFY_CAUSES).forEach(c -> b.append("\n• ").append(c));
            if (causes.size() > NOTIFY_CAUSES) {
                b.append("\n• … and ").append(causes.size() - NOTIFY_CAUSES).append(" more (see Events)");
            }
        }
        suggestion().ifPresent(s -> b.append("\nSuggestion: ").append(s));
        return b.toString();
    }

    public Optional<String> suggestion() {
        return recovery ? Optional.empty() : change.suggestion().map(s -> s.message());
    }

    /** The same news as an Events row ("Where" = profile:id). */
    public EstateEvents.Event event() {
        StringBuilder m = new StringBuilder();
        m.append(change.profile().name()).append(": ").append(change.before()).append(" → ").append(change.after())
                .append(" matching pools (needs ").append(change.profile().threshold()).append(")");
        if (!change.causes().isEmpty()) {
            m.append("; ").append(String.join("; ", change.causes()));
        }
        suggestion().ifPresent(s -> m.append("; suggestion: ").append(s));
        if (!recovery && change.outageOnly()) {
            // Not a real loss: the agents re-register on their own, and the pools come back with them.
            m.append(" — only because leases expired during an etcd outage; expected back when the agents re-register");
        }
        EstateEvents.Severity sev = recovery ? EstateEvents.Severity.INFO
                : change.after() == 0 && !change.outageOnly() ? EstateEvents.Severity.ERROR : EstateEvents.Severity.WARNING;
        return new EstateEvents.Event(at, sev, recovery ? "profile-recovered" : "profile-at-risk",
                "profile:" + change.profile().id(), "", m.toString());
    }
}

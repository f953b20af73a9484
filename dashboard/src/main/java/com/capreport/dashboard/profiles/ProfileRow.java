package com.capreport.dashboard.profiles;

import com.capreport.model.ProfileSpec;
import com.capreport.model.UnreadableProfile;
import com.capreport.model.match.ProfileReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the profiles table, read from the profile's latest report; or a profile key that
 * holds no readable profile ({@code unreadable}): an admin wrote a profile there, so it is a row
 * of its own, INVALID like a profile whose requirements do not parse, never only an anonymous
 * invalid entry. Its report is a stand-in (the key's id, no requirements, the read error) that
 * nothing matches against.
 */
public record ProfileRow(ProfileReport report, Optional<UnreadableProfile> unreadable) {
    public ProfileRow(ProfileReport report) {
        this(report, Optional.empty());
    }

    public ProfileRow {
        java.util.Objects.requireNonNull(report, "report");
        java.util.Objects.requireNonNull(unreadable, "unreadable");
    }

    /** The row of a profile key whose value is not a profile. */
    public static ProfileRow of(UnreadableProfile u) {
        ProfileSpec stand = new ProfileSpec(u.id(), u.id(), "", null, null, Map.of());
        return new ProfileRow(new ProfileReport(stand, List.of(u.error()), List.of(), List.of(), Optional.empty(),
                List.of()), Optional.of(u));
    }
    /** How a profile stands: enough matches, fewer than its threshold, none at all, or unparsable. */
    public enum Standing { OK, BELOW, ZERO, INVALID }

    public ProfileSpec profile() {
        return report.profile();
    }

    public String id() {
        return report.profile().id();
    }

    public int matches() {
        return report.matches().size();
    }

    public int threshold() {
        return report.profile().threshold();
    }

    public Standing standing() {
        if (!report.errors().isEmpty()) {
            return Standing.INVALID;
        }
        if (matches() == 0 && threshold() > 0) {
            return Standing.ZERO;
        }
        return report.atRisk() ? Standing.BELOW : Standing.OK;
    }

    /** "3 pools", "1 pool (needs 2)", "0 pools", "invalid": the word that goes with the colour. */
    public String matchText() {
        if (standing() == Standing.INVALID) {
            return "invalid";
        }
        String n = matches() + (matches() == 1 ? " pool" : " pools");
        return standing() == Standing.BELOW ? n + " (needs " + threshold() + ")" : n;
    }

    /** "MaxIOPS >= 5000 keeps 4 pools out", or empty. */
    public String blockerText() {
        if (unreadable.isPresent()) {
            // The row already names the key's id; the details pane shows the full key.
            String e = unreadable.get().error();
            String key = unreadable.get().key() + ": ";
            return "unreadable: " + (e.startsWith(key) ? e.substring(key.length()) : e);
        }
        if (!report.errors().isEmpty()) {
            // Every error: the row is the one place the table says why it cannot be used.
            return String.join("; ", report.errors());
        }
        return report.blocker().map(b -> ProfileTexts.shortPath(b.path()) + " " + b.expression().trim() + " keeps "
                + b.pools() + (b.pools() == 1 ? " pool" : " pools") + " out").orElse("");
    }
}

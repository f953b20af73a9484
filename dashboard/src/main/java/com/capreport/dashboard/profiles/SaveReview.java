package com.capreport.dashboard.profiles;

import com.capreport.model.ProfileSpec;
import com.capreport.model.match.ProfileDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * What pressing Save would write, against the stored revision the editor opened: the changed
 * fields and requirements, the match count before and after (both on the same estate), and the
 * red flags that make the editor ask before writing: fewer pools match, or a requirement on a
 * number-only path lost its operator.
 *
 * @param before the stored profile's matches, or -1 when nothing is stored (a new profile)
 */
public record SaveReview(ProfileSpec spec, boolean create, long expectedRevision, ProfileDiff diff, int before,
                         int after, List<ProfileDiff.RequirementChange> bareOnNumbers) {
    public SaveReview {
        bareOnNumbers = List.copyOf(bareOnNumbers);
    }

    /** Nothing differs from the stored revision: there is nothing to write. */
    public boolean unchanged() {
        return !create && diff.isEmpty();
    }

    public boolean dropsMatches() {
        return before >= 0 && after < before;
    }

    public boolean needsConfirmation() {
        return dropsMatches() || !bareOnNumbers.isEmpty();
    }

    /** One line per change: "freeCapacity: >= 500 GiB → 600 GiB", "Description: "" → "thin pools"". */
    public List<String> changeLines() {
        List<String> out = new ArrayList<>();
        for (ProfileDiff.FieldChange f : diff.fields()) {
            out.add(fieldName(f.field()) + ": " + quoted(f.before()) + " → " + quoted(f.after()));
        }
        for (ProfileDiff.RequirementChange c : diff.requirements()) {
            out.add(switch (c.kind()) {
                case ADDED -> "+ " + c.path() + ": " + quoted(c.after()) + " (added)";
                case REMOVED -> "− " + c.path() + ": " + quoted(c.before()) + " (removed)";
                case CHANGED -> c.path() + ": " + quoted(c.before()) + " → " + quoted(c.after());
            });
        }
        return out;
    }

    /** "Matches: 3 → 0 pools", or for a new profile "Would match 2 pools". */
    public String effect() {
        return before < 0 ? "Would match " + ProfileTexts.plural(after, "pool", "pools")
                : "Matches: " + before + " → " + ProfileTexts.plural(after, "pool", "pools");
    }

    /** Why the editor asks before writing, one sentence each. */
    public List<String> concerns() {
        List<String> out = new ArrayList<>();
        if (dropsMatches()) {
            out.add("Fewer pools would match: " + before + " → " + after + (after == 0 ? " (none)." : "."));
        }
        for (ProfileDiff.RequirementChange c : bareOnNumbers) {
            out.add(c.path() + ": " + quoted(c.after()) + " has no operator, but pools report " + c.path()
                    + " as a number; a bare value is compared as text and matches no pool (did you mean '>= "
                    + c.after().trim() + "'?).");
        }
        return out;
    }

    private static String quoted(String s) {
        return s == null || s.isEmpty() ? "(none)" : "'" + s + "'";
    }

    private static String fieldName(ProfileDiff.Field f) {
        return switch (f) {
            case NAME -> "Name";
            case DESCRIPTION -> "Description";
            case STORAGE_TYPE -> "Storage type";
            case MIN_MATCHES -> "Min. matches";
        };
    }
}

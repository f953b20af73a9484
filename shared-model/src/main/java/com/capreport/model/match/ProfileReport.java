package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.List;
import java.util.Optional;

/**
 * How one profile stands against the estate: the matching pools ranked by free capacity (most
 * first), every other pool with its reasons, the requirement that blocks the most pools, and
 * suggestions. {@code errors} non-empty means the profile does not parse and matches nothing.
 *
 * <p>When no pool serves a valid profile: {@code excludingAll} names every requirement that every
 * usable pool fails (each alone excludes them all; {@link Blocker#pools} is how many), and
 * {@code closest} the usable pools with the fewest failing requirements, with what each lacks.
 * Both are empty for a profile some pool serves, and for an invalid one.
 */
public record ProfileReport(ProfileSpec profile, List<String> errors, List<PoolSpec> matches,
                            List<NonMatch> nonMatches, Optional<Blocker> blocker, List<Suggestion> suggestions,
                            List<Blocker> excludingAll, List<NearMiss> closest) {
    public ProfileReport {
        errors = List.copyOf(errors);
        excludingAll = List.copyOf(excludingAll);
        // Worked out when first read, and only for a profile no pool serves (see MatchBook).
        closest = closest instanceof SlotLists.Lazy ? closest : List.copyOf(closest);
        // The book's lists are immutable views (matches), written only when read (reasons) or
        // worked out when first read (suggestions): copying them would do all that work here.
        matches = matches instanceof SlotLists.OfPools ? matches : List.copyOf(matches);
        nonMatches = nonMatches instanceof MatchBook.NonMatches ? nonMatches : List.copyOf(nonMatches);
        suggestions = suggestions instanceof SlotLists.Lazy ? suggestions : List.copyOf(suggestions);
    }

    /** A report without the unsatisfiable profile's explanation (no pool excluded by all, none closest). */
    public ProfileReport(ProfileSpec profile, List<String> errors, List<PoolSpec> matches, List<NonMatch> nonMatches,
                         Optional<Blocker> blocker, List<Suggestion> suggestions) {
        this(profile, errors, matches, nonMatches, blocker, suggestions, List.of(), List.of());
    }

    public boolean satisfiable() {
        return !matches.isEmpty();
    }

    /** Below the profile's threshold ({@code minMatches}, default 1). */
    public boolean atRisk() {
        return matches.size() < profile.threshold();
    }

    public List<String> matchIds() {
        return matches.stream().map(PoolSpec::id).toList();
    }

    public long staleCount() {
        return nonMatches.stream().filter(n -> n.cell() == Cell.STALE).count();
    }
}

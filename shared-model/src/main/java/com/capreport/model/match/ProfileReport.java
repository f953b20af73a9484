package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.List;
import java.util.Optional;

/**
 * How one profile stands against the estate: the matching pools ranked by free capacity (most
 * first), every other pool with its reasons, the requirement that blocks the most pools, and
 * suggestions. {@code errors} non-empty means the profile does not parse and matches nothing.
 */
public record ProfileReport(ProfileSpec profile, List<String> errors, List<PoolSpec> matches,
                            List<NonMatch> nonMatches, Optional<Blocker> blocker, List<Suggestion> suggestions) {
    public ProfileReport {
        errors = List.copyOf(errors);
        // The book's lists are immutable views (matches), written only when read (reasons) or
        // worked out when first read (suggestions): copying them would do all that work here.
        matches = matches instanceof SlotLists.OfPools ? matches : List.copyOf(matches);
        nonMatches = nonMatches instanceof MatchBook.NonMatches ? nonMatches : List.copyOf(nonMatches);
        suggestions = suggestions instanceof SlotLists.Lazy ? suggestions : List.copyOf(suggestions);
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

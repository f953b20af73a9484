package com.capreport.dashboard.profiles;

import com.capreport.model.Estate;
import com.capreport.model.match.Cell;
import com.capreport.model.match.NonMatch;
import com.capreport.model.match.ProfileChange;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.Reason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the matching worker hands to the FX thread: the estate it evaluated, one report per
 * profile (in id order), the cell index the gap matrix reads, and the count changes of this sync.
 * Immutable; {@code first} marks the baseline (no notifications for what was already so).
 */
public record MatchState(Estate estate, List<ProfileReport> reports, Map<String, Index> index,
                         List<ProfileChange> changes, boolean first, long syncNanos) {
    public MatchState {
        reports = List.copyOf(reports);
        index = Map.copyOf(index);
        changes = List.copyOf(changes);
    }

    static MatchState empty() {
        return new MatchState(new Estate(0, List.of(), List.of(), List.of(), List.of()), List.of(), Map.of(),
                List.of(), true, 0);
    }

    /** A copy carrying the changes collected since the previous hand-off. */
    MatchState withChanges(List<ProfileChange> all) {
        return new MatchState(estate, reports, index, all, first, syncNanos);
    }

    /** The gap-matrix cell of a pool for a profile. A pool the profile has not seen yet fails. */
    public Cell cell(String profileId, String poolId) {
        Index i = index.get(profileId);
        return i == null ? Cell.FAILS : i.cell(poolId);
    }

    /** The reasons a pool does not serve a profile (empty for a match). */
    public List<Reason> reasons(String profileId, String poolId) {
        Index i = index.get(profileId);
        return i == null ? List.of() : i.reasons(poolId);
    }

    /**
     * One report's lookups by pool id. Matches and stale pools are sets (cheap to build per sync);
     * the reasons of the failing pools are written out only when a cell or tooltip first asks,
     * because the book produces them on demand and most of 10,000 rows are never on screen.
     */
    public static final class Index {
        private final ProfileReport report;
        private final Set<String> matches;
        private final Set<String> stale;
        private Map<String, NonMatch> nonMatches;

        Index(ProfileReport r, Set<String> stale) {
            this.report = r;
            this.matches = new HashSet<>(r.matchIds());
            this.stale = stale;
        }

        public Cell cell(String poolId) {
            if (matches.contains(poolId)) {
                return Cell.MATCH;
            }
            return stale.contains(poolId) ? Cell.STALE : Cell.FAILS;
        }

        /** FX thread (the index is read by the views only). */
        public List<Reason> reasons(String poolId) {
            if (matches.contains(poolId)) {
                return List.of();
            }
            if (nonMatches == null) {
                Map<String, NonMatch> m = new HashMap<>(report.nonMatches().size() * 2);
                report.nonMatches().forEach(n -> m.put(n.pool().id(), n));
                nonMatches = m;
            }
            NonMatch n = nonMatches.get(poolId);
            return n == null ? List.of() : n.reasons();
        }
    }
}

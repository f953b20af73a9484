package com.capreport.model.match;

import com.capreport.model.ProfileSpec;
import java.util.List;
import java.util.Optional;

/**
 * A profile whose match count changed in one {@link MatchBook#sync}: the counts, one line per pool
 * whose cell changed (what caused it), and — when the profile fell below its threshold — the best
 * suggestion to get pools back.
 */
public record ProfileChange(ProfileSpec profile, int before, int after, List<String> causes,
                            Optional<Suggestion> suggestion, boolean outageOnly) {
    public ProfileChange {
        causes = List.copyOf(causes);
    }

    public ProfileChange(ProfileSpec profile, int before, int after, List<String> causes,
                         Optional<Suggestion> suggestion) {
        this(profile, before, after, causes, suggestion, false);
    }

    /*
     * outageOnly: every match this change lost went stale because its dock's leases expired in an
     * etcd outage the reader lived through (the agents re-register on their own): a reader may say
     * so more quietly than a real loss, and wait a little for the recovery.
     */

    /** Crossed from at/above the threshold to below it (including the drop to zero). */
    public boolean fellBelowThreshold() {
        return before >= profile.threshold() && after < profile.threshold();
    }

    /** Crossed back to at/above the threshold. */
    public boolean recovered() {
        return before < profile.threshold() && after >= profile.threshold();
    }
}

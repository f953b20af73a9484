package com.capreport.dashboard.profiles;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Cell;
import com.capreport.model.match.MatchBook;
import com.capreport.model.match.ProfileChange;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.Standing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The worker side of {@link MatchFeed}: one {@link MatchBook} brought to each estate, and the
 * immutable {@link MatchState} the views read. Single-threaded (the book is); public so the
 * benchmark can time it without a UI.
 */
public final class MatchSync {
    private final MatchBook book = new MatchBook();
    private boolean synced;

    /** Syncs the book and snapshots every profile's report. */
    public MatchState sync(Estate estate) {
        long t0 = System.nanoTime();
        List<ProfileChange> changes = book.sync(estate);
        boolean first = !synced;
        synced = true;
        // Stale pools are the same for every profile: one pass, shared by all the matrix columns.
        Function<PoolSpec, Standing> standing = Standing.resolver(estate);
        Set<String> stale = new HashSet<>();
        for (PoolSpec p : estate.pools()) {
            if (standing.apply(p).cell() == Cell.STALE) {
                stale.add(p.id());
            }
        }
        List<ProfileReport> reports = new ArrayList<>();
        Map<String, MatchState.Index> index = new LinkedHashMap<>();
        for (ProfileSpec p : estate.profiles()) {
            ProfileReport r = book.report(p.id());
            reports.add(r);
            index.put(p.id(), new MatchState.Index(r, stale));
        }
        return new MatchState(estate, reports, index, first ? List.of() : changes, first, System.nanoTime() - t0);
    }
}

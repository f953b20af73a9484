package com.capreport.dashboard.profiles;

import com.capreport.dashboard.common.LatestOnly;
import com.capreport.model.Estate;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.MatchBook;
import com.capreport.model.match.ProfileChange;
import com.capreport.model.match.ProfileReport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Keeps a {@link MatchBook} in step with the estate, on its own thread: {@code sync} walks every
 * pool whose record or standing changed, which at 10,000 pools does not belong on the FX thread
 * (figures in docs/dashboard.md). The book is touched by the worker only. Each estate hand-off
 * {@link #offer}s the estate; the FX thread gets the latest {@link MatchState} in one coalesced
 * hand-off, with every {@link ProfileChange} since the previous one (none is lost to coalescing).
 */
public final class MatchFeed implements AutoCloseable {
    private final MatchBook book = new MatchBook();
    private final ConcurrentLinkedQueue<ProfileChange> unpublished = new ConcurrentLinkedQueue<>();
    private final LatestOnly<Estate, MatchState> worker;
    /** Worker-only: the index of each report, kept while the book returns the same report object. */
    private Map<ProfileReport, MatchState.Index> indexes = new IdentityHashMap<>();
    private boolean synced;
    /** FX thread only: the estate last offered, so the 1 s ticker's re-offers cost nothing. */
    private Estate offered;

    public MatchFeed(Executor fx, Consumer<MatchState> onFx) {
        this.worker = new LatestOnly<>("profiles-match", this::sync, fx, s -> {
            List<ProfileChange> all = new ArrayList<>();
            for (ProfileChange c; (c = unpublished.poll()) != null; ) {
                all.add(c);
            }
            onFx.accept(s.withChanges(all));
        });
    }

    /** Called with every estate hand-off; re-offering the same estate is free. */
    public void offer(Estate estate) {
        if (estate != offered) {
            offered = estate;
            worker.submit(estate);
        }
    }

    /** Runs {@code fxTask} on the FX thread once every estate offered so far is evaluated and handed over. */
    public void whenIdle(Runnable fxTask) {
        worker.whenIdle(fxTask);
    }

    private MatchState sync(Estate estate) {
        long t0 = System.nanoTime();
        List<ProfileChange> changes = book.sync(estate);
        boolean first = !synced;
        synced = true;
        List<ProfileReport> reports = new ArrayList<>();
        Map<String, MatchState.Index> index = new LinkedHashMap<>();
        Map<ProfileReport, MatchState.Index> nextIndexes = new IdentityHashMap<>();
        for (ProfileSpec p : estate.profiles()) {
            ProfileReport r = book.report(p.id());
            if (r == null) {
                continue;
            }
            reports.add(r);
            MatchState.Index i = indexes.get(r);
            if (i == null) {
                i = new MatchState.Index(r);
            }
            nextIndexes.put(r, i);
            index.put(p.id(), i);
        }
        indexes = nextIndexes;
        if (!first) {
            unpublished.addAll(changes);
        }
        return new MatchState(estate, reports, index, List.of(), first, System.nanoTime() - t0);
    }

    @Override
    public void close() {
        worker.close();
    }
}

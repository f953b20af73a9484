package com.capreport.dashboard.profiles;

import com.capreport.dashboard.common.LatestOnly;
import com.capreport.model.Estate;
import com.capreport.model.match.ProfileChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Keeps a {@link MatchBook} in step with the estate, on its own thread: {@code sync} walks every
 * pool whose record or standing changed, which at 10,000 pools does not belong on the FX thread
 * (figures in docs/dashboard.md). The book ({@link MatchSync}) is touched by the worker only. Each estate hand-off
 * {@link #offer}s the estate; the FX thread gets the latest {@link MatchState} in one coalesced
 * hand-off, with every {@link ProfileChange} since the previous one (none is lost to coalescing).
 */
public final class MatchFeed implements AutoCloseable {
    private final MatchSync sync = new MatchSync();
    private final ConcurrentLinkedQueue<ProfileChange> unpublished = new ConcurrentLinkedQueue<>();
    private final LatestOnly<Estate, MatchState> worker;
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
        MatchState s = sync.sync(estate);
        unpublished.addAll(s.changes());
        return s;
    }

    @Override
    public void close() {
        worker.close();
    }
}

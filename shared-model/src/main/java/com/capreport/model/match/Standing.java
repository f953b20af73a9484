package com.capreport.model.match;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a pool can serve anything at all, before its capabilities are looked at: a pool in
 * {@code error} or {@code unavailable} fails every profile; a pool nobody reports any more (dock
 * dead or stopped, loop dead) is stale and never matches. {@code cell} is MATCH for a usable pool.
 */
public record Standing(Cell cell, String why) {
    public static final Standing USABLE = new Standing(Cell.MATCH, "");

    public boolean usable() {
        return cell == Cell.MATCH;
    }

    public Reason reason() {
        return new Reason(cell == Cell.STALE ? "dock" : "status",
                cell == Cell.STALE ? Reason.Kind.STALE : Reason.Kind.POOL_STATUS, why);
    }

    public static Standing of(Estate estate, PoolSpec pool) {
        return resolver(estate).apply(pool);
    }

    /**
     * Standing for many pools of one estate: each dock's liveness and loop health is worked out
     * once, not once per pool (10,000 pools on 1,000 docks).
     */
    public static Function<PoolSpec, Standing> resolver(Estate estate) {
        Map<String, DockState> docks = new HashMap<>();
        // Pools arrive grouped by dock: the previous pool's dock is usually this one's.
        Object[] last = new Object[2];
        return pool -> {
            DockState d;
            if (pool.dockId().equals(last[0])) {
                d = (DockState) last[1];
            } else {
                d = docks.computeIfAbsent(pool.dockId(), id -> DockState.of(estate, id));
                last[0] = pool.dockId();
                last[1] = d;
            }
            if (d.stale() != null) {
                return d.stale();
            }
            Estate.LoopHealth h = d.health().getOrDefault(pool.backend(), Estate.LoopHealth.DEAD_THREAD);
            if (h == Estate.LoopHealth.DEAD_THREAD) {
                return new Standing(Cell.STALE, "the report loop of backend " + pool.backend() + " on dock "
                        + pool.dockId() + " is dead; values are not live");
            }
            if (pool.status() == PoolStatus.ERROR) {
                return new Standing(Cell.FAILS, "pool is in error (its backend " + pool.backend() + " is failing)");
            }
            if (pool.status() == PoolStatus.UNAVAILABLE) {
                return new Standing(Cell.FAILS, "pool is unavailable (missing from its backend's last listing)");
            }
            return USABLE;
        };
    }

    /** One dock, worked out once per resolver: stale (with why), or its loops' health. */
    private record DockState(Standing stale, Map<String, Estate.LoopHealth> health) {
        static DockState of(Estate estate, String dockId) {
            Optional<Estate.DockView> dock = estate.dock(dockId);
            if (dock.isEmpty() || dock.get().liveness() != Estate.Liveness.ALIVE) {
                String state = dock.map(d -> d.liveness() == Estate.Liveness.STOPPED ? "stopped" : "dead")
                        .orElse("unknown");
                String last = estate.lastReportedAt(dockId).map(t -> "; last report " + t).orElse("");
                return new DockState(new Standing(Cell.STALE, "dock " + dockId + " is " + state + last), Map.of());
            }
            return new DockState(null, dock.get().loopHealth());
        }
    }
}

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
        Map<String, Map<String, Estate.LoopHealth>> health = new HashMap<>();
        Map<String, Standing> staleDock = new HashMap<>();
        return pool -> {
            Optional<Estate.DockView> dock = estate.dock(pool.dockId());
            if (dock.isEmpty() || dock.get().liveness() != Estate.Liveness.ALIVE) {
                return staleDock.computeIfAbsent(pool.dockId(), id -> {
                    String state = dock.map(d -> d.liveness() == Estate.Liveness.STOPPED ? "stopped" : "dead")
                            .orElse("unknown");
                    String last = estate.lastReportedAt(id).map(t -> "; last report " + t).orElse("");
                    return new Standing(Cell.STALE, "dock " + id + " is " + state + last);
                });
            }
            Estate.LoopHealth h = health.computeIfAbsent(pool.dockId(), id -> dock.get().loopHealth())
                    .getOrDefault(pool.backend(), Estate.LoopHealth.DEAD_THREAD);
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
}

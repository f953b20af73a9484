package com.capreport.model.match;

import com.capreport.model.Estate;
import com.capreport.model.Instants;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStanding;
import com.capreport.model.Since;
import java.time.Instant;
import java.util.function.Function;

/**
 * Whether a pool can serve anything at all, before its capabilities are looked at: the matching
 * side of {@link PoolStanding}. A pool in {@code error} or {@code unavailable} fails every profile;
 * a pool nobody reports any more (dock dead or stopped, loop dead, leases lost in an etcd outage) is
 * stale and never matches. {@code cell} is MATCH for a usable pool; {@code why} names the cause
 * (the dead dock, the dead loop) for explanations and profile alerts.
 */
public record Standing(Cell cell, PoolStanding.Kind kind, String why) {
    public static final Standing USABLE = new Standing(Cell.MATCH, PoolStanding.Kind.AVAILABLE, "");
    private static final Standing DEGRADED = new Standing(Cell.MATCH, PoolStanding.Kind.DEGRADED, "");

    public boolean usable() {
        return cell == Cell.MATCH;
    }

    public Reason reason() {
        return new Reason(cell == Cell.STALE ? "dock" : "status",
                cell == Cell.STALE ? Reason.Kind.STALE : Reason.Kind.POOL_STATUS, why);
    }

    public static Standing of(Estate estate, PoolSpec pool) {
        return of(estate.standing(pool), estate);
    }

    /** The matching view of a pool's standing; {@code estate} supplies a dead dock's last report. */
    public static Standing of(PoolStanding s, Estate estate) {
        return switch (s.kind()) {
            case AVAILABLE -> USABLE;
            case DEGRADED -> DEGRADED;
            case ERROR, UNAVAILABLE -> new Standing(Cell.FAILS, s.kind(), s.reason());
            case STALE_LOOP_DEAD, NOT_CURRENT_ETCD_ALARM, NOT_CURRENT_DOCK_UNVERIFIED -> new Standing(Cell.STALE, s.kind(),
                    s.reason() + since(s)
                    + "; values are not live");
            default -> new Standing(Cell.STALE, s.kind(), s.reason() + since(s) + estate.lastReportedAt(s.dockId())
                    .map(t -> "; last report " + at(t)).orElse(""));
        };
    }

    /** " since T" when the change was seen or recorded; nothing when only the last report tells. */
    private static String since(PoolStanding s) {
        return s.since().filter(x -> x.basis() != Since.Basis.LAST_REPORT).map(x -> " since " + at(x.at())).orElse("");
    }

    /**
     * A time in a reason: to the second, in UTC, and saying so. The reason is made once per change and
     * read later (a card, an event, the CLI), so it carries no age; an instant's own text
     * ("2026-12-04T20:21:12.702542335Z") is the wire format, not something to show.
     */
    static String at(Instant t) {
        return Instants.utc(t);
    }

    /**
     * Standing for many pools of one estate: each dock's liveness and loop health is worked out
     * once, not once per pool (10,000 pools on 1,000 docks).
     */
    public static Function<PoolSpec, Standing> resolver(Estate estate) {
        Function<PoolSpec, PoolStanding> standing = PoolStanding.resolver(estate);
        return pool -> of(standing.apply(pool), estate);
    }
}

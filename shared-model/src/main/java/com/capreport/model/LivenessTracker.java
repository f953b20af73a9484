package com.capreport.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows the estate over time and decides what one revision cannot: since when each dock is in its
 * liveness, whether a vanished loop key is a dead thread or the first sign of a dead process, and
 * whether leases expired because etcd itself was out. Pure and clock-free: the caller passes the
 * time with each estate (the dashboard's feed on every hand-off and its 1 s tick), so tests step
 * time instead of sleeping. Thread-safe ({@link #observe} is synchronized).
 *
 * <p>Why a grace period for loop keys: an agent's process lease ({@code alive}) and its loop
 * leases have the same TTL but are renewed on their own schedules (every TTL/3, the loops only
 * between cycles). After a {@code kill -9} each expires on its own, so for up to a TTL the estate
 * can show a live dock with missing loop keys. A missing key is therefore "silent" for one lease
 * TTL (plus {@link #MARGIN} for etcd's expiry sweep and the watch), and a dead thread only if
 * {@code alive} outlives that: a dead process's {@code alive} expires at most one TTL after its
 * last renewal, which came before its loop keys vanished.
 */
public final class LivenessTracker {
    /** Used when the dock's {@code alive} does not carry its lease TTL (older agents): the agent's default. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** etcd revokes expired leases in a sweep (every 500 ms) and the watch delivers after that. */
    public static final Duration MARGIN = Duration.ofSeconds(1);
    /** The shortest time a dock has after an etcd outage to re-register before it counts as dead. */
    public static final Duration MIN_REREGISTER = Duration.ofSeconds(10);

    private boolean baselined;
    private final Map<String, Tracked> docks = new HashMap<>();
    /** While etcd does not answer: since when. */
    private Instant downFrom;
    /** The last outage, once etcd answered again. */
    private Outage lastOutage;
    private Estate lastRaw;
    private Estate lastOut;
    private Map<String, DockHistory> lastHistories = Map.of();
    private Map<String, Estate.ProofOfLife> lastVerdicts = Map.of();
    /**
     * During an outage, when etcd evidently answered again: the watch delivered expiries before the
     * probe said so. The outage ends there, so every text says the same length.
     */
    private Instant answeredAt;
    /** The time of the observation under way. */
    private Instant lastNow;

    /** What is remembered of a dock between two observations. */
    private record Tracked(Estate.Liveness liveness, DockAlive alive, Optional<Since> since,
                           Optional<DockHistory.LeaseLoss> loss, Instant lossUntil,
                           Map<String, DockHistory.LoopGap> gaps, Set<String> keys) {
    }

    /**
     * The estate {@code raw} with each dock's history, as of {@code now}. {@code reachable} and
     * {@code unreachableSince} are the reader's own connection to etcd. Returns the previous result
     * when nothing changed, so identity checks downstream stay cheap.
     */
    public synchronized Estate observe(Estate raw, boolean reachable, Optional<Instant> unreachableSince, Instant now) {
        lastNow = now;
        if (!reachable) {
            if (downFrom == null) {
                downFrom = unreachableSince.orElse(now);
            }
        } else if (downFrom != null) {
            lastOutage = new Outage(downFrom, later(downFrom, answeredAt != null ? answeredAt : now));
            downFrom = null;
            answeredAt = null;
        }
        Map<String, DockHistory> histories = new HashMap<>();
        Map<String, Tracked> next = new HashMap<>();
        for (Estate.DockView d : raw.docks()) {
            Tracked prev = baselined ? docks.get(d.dockId()) : null;
            Tracked t = track(raw, d, prev, baselined && prev == null, now);
            next.put(d.dockId(), t);
            DockHistory h = new DockHistory(t.since(), t.loss(), t.gaps());
            if (!h.equals(DockHistory.NONE)) {
                histories.put(d.dockId(), h);
            }
        }
        docks.clear();
        docks.putAll(next);
        baselined = true;
        // Proof of life ages without any key changing: judged on every observation (the 1 s tick).
        Map<String, Estate.ProofOfLife> verdicts = new HashMap<>();
        for (Estate.DockView d : raw.docks()) {
            Estate.ProofOfLife v = d.judgeProof(now);
            if (v != Estate.ProofOfLife.NOT_JUDGED) {
                verdicts.put(d.dockId(), v);
            }
        }
        if (raw == lastRaw && histories.equals(lastHistories) && verdicts.equals(lastVerdicts)) {
            return lastOut;
        }
        lastRaw = raw;
        lastHistories = histories;
        lastVerdicts = verdicts;
        lastOut = raw.withHistories(histories).withProofsJudged(now);
        return lastOut;
    }

    /** The loop grace of a dock held by {@code alive}: its lease TTL plus {@link #MARGIN}. */
    public static Duration grace(DockAlive alive) {
        return ttl(alive).plus(MARGIN);
    }

    private static Duration ttl(DockAlive alive) {
        return alive == null ? DEFAULT_TTL : alive.lease().filter(x -> !x.isZero() && !x.isNegative()).orElse(DEFAULT_TTL);
    }

    /** {@code fresh}: a dock first seen after the baseline (it registered while the reader watched). */
    private Tracked track(Estate raw, Estate.DockView d, Tracked prev, boolean fresh, Instant now) {
        Estate.Liveness live = d.liveness();
        DockAlive alive = d.alive().orElse(null);
        boolean sameHolder = prev != null && prev.liveness() == live
                && (live != Estate.Liveness.ALIVE || alive.sameProcessAs(prev.alive()));
        Optional<Since> since;
        if (prev == null) {
            since = recorded(raw, d);
        } else if (!sameHolder) {
            since = Optional.of(Since.seen(now));
        } else {
            since = prev.since();
        }

        Optional<DockHistory.LeaseLoss> loss = Optional.empty();
        Instant lossUntil = null;
        if (live == Estate.Liveness.DEAD && prev != null) {
            if (prev.liveness() == Estate.Liveness.ALIVE) {
                Outage o = outageExplaining(prev.alive(), now);
                if (o != null) {
                    loss = Optional.of(new DockHistory.LeaseLoss(o, false));
                    lossUntil = later(now, o.to()).plus(reregister(prev.alive()));
                }
            } else if (prev.loss().isPresent()) {
                Outage o = current(prev.loss().get().outage());
                loss = Optional.of(new DockHistory.LeaseLoss(o, prev.loss().get().settled()));
                lossUntil = later(prev.lossUntil(), o.to().plus(MIN_REREGISTER)); // an outage that went on
                if (!loss.get().settled() && now.isAfter(lossUntil)) {
                    loss = Optional.of(new DockHistory.LeaseLoss(loss.get().outage(), true));
                }
            }
        }

        Map<String, DockHistory.LoopGap> gaps = new HashMap<>();
        Set<String> keys = new TreeSet<>(d.loops().keySet());
        if (live == Estate.Liveness.ALIVE && (prev != null || fresh)) {
            Set<String> backends = new TreeSet<>(keys);
            d.spec().ifPresent(s -> s.backends().forEach(b -> backends.add(b.name())));
            Duration grace = grace(alive);
            for (String b : backends) {
                if (keys.contains(b)) {
                    continue;
                }
                DockHistory.LoopGap old = sameHolder ? prev.gaps().get(b) : null;
                DockHistory.LoopGap gap;
                if (old != null) {
                    Optional<Outage> o = old.outage().map(this::current);
                    // A key lost in an outage is rewritten after the loop's next cycle once etcd answers:
                    // it has the dock's time to re-register, counted from the outage's end.
                    Instant deadline = o.map(x -> later(old.since(), x.to()).plus(reregister(alive)))
                            .orElse(old.since().plus(grace));
                    gap = new DockHistory.LoopGap(old.since(), old.phase() != DockHistory.Phase.DEAD
                            && now.isAfter(deadline) ? DockHistory.Phase.DEAD : old.phase(), o);
                } else if (!sameHolder) {
                    // Re-registered after its leases expired in an outage: the first report is awaited for that reason.
                    Optional<Outage> o = prev == null ? Optional.empty() : prev.loss().filter(l -> !l.settled())
                            .map(l -> current(l.outage()));
                    gap = new DockHistory.LoopGap(now, DockHistory.Phase.AWAITING_FIRST_REPORT, o);
                } else if (prev.keys().contains(b)) {
                    // The process lease may have been renewed in time, or the agent re-registered before
                    // this reader saw the dock dead: the loop key alone tells of the outage.
                    gap = new DockHistory.LoopGap(now, DockHistory.Phase.SILENT,
                            Optional.ofNullable(outageExplaining(alive, now)));
                } else {
                    continue; // missing since the baseline: a dead thread of unknown age
                }
                gaps.put(b, gap);
            }
        }
        return new Tracked(live, alive, since, loss, lossUntil, gaps, keys);
    }

    /**
     * How long a dock (and each of its loops) has after an outage to write its keys again: two lease
     * TTLs (the keep-alive notices the lost lease, then a loop's next cycle), at least
     * {@link #MIN_REREGISTER}.
     */
    static Duration reregister(DockAlive alive) {
        Duration window = ttl(alive).multipliedBy(2);
        return window.compareTo(MIN_REREGISTER) < 0 ? MIN_REREGISTER : window;
    }

    /** {@code o} as known now: an outage recorded while it lasted ends now, or when etcd answered again. */
    private Outage current(Outage o) {
        if (downFrom != null && downFrom.equals(o.from())) {
            return new Outage(downFrom, later(downFrom, answeredAt != null ? answeredAt : lastNow));
        }
        if (lastOutage != null && lastOutage.from().equals(o.from())) {
            return lastOutage;
        }
        return o;
    }

    /** The outage that explains leases expiring now, if the reader is or just was cut off from etcd. */
    private Outage outageExplaining(DockAlive alive, Instant now) {
        if (downFrom != null) {
            // The watch delivers the expiries as etcd answers again, a moment before the probe says so.
            if (answeredAt == null) {
                answeredAt = now;
            }
            return new Outage(downFrom, later(downFrom, answeredAt));
        }
        // A lease the outage kept from being renewed expires at the latest one TTL after etcd answers again.
        if (lastOutage != null && !now.isAfter(lastOutage.to().plus(grace(alive)))) {
            return lastOutage;
        }
        return null;
    }

    /** Since when a dock first seen is in its state: its own record, else (dead) its last report. */
    private static Optional<Since> recorded(Estate raw, Estate.DockView d) {
        return switch (d.liveness()) {
            case ALIVE -> d.alive().map(DockAlive::startedAt).map(t -> new Since(t, Since.Basis.RECORDED));
            case STOPPED -> d.spec().map(DockSpec::stoppedAt).map(t -> new Since(t, Since.Basis.RECORDED));
            case DEAD -> raw.lastReportedAt(d.dockId()).map(t -> new Since(t, Since.Basis.LAST_REPORT));
            // etcd keeps no time for a value; the garbage may be older or newer than the last report.
            case UNKNOWN -> Optional.empty();
        };
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

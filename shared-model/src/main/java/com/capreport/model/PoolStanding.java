package com.capreport.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an admin should believe about a pool, decided once from the estate: its own status while its
 * dock and loop report, otherwise why its values are stale. Views, matching ({@code Standing}) and
 * the CLI share it; {@link #words()} is for display only and is never parsed back.
 *
 * @param kind    the verdict
 * @param dockId  the pool's dock
 * @param backend the pool's backend
 * @param since   for a stale pool: since when (the dock's death or stop, the loop key's expiry, its alive
 *                turning unreadable)
 * @param outage  for {@link Kind#STALE_ETCD_OUTAGE}: the outage its dock's leases expired in
 * @param alarm   for {@link Kind#NOT_CURRENT_ETCD_ALARM}: the etcd alarm that refuses its dock's writes
 */
public record PoolStanding(Kind kind, String dockId, String backend, Optional<Since> since, Optional<Outage> outage,
                           Optional<EtcdAlarm> alarm) {

    /** The verdict. The first four are the pool's own {@link PoolStatus}; the others say why nobody reports it. */
    public enum Kind {
        AVAILABLE, DEGRADED, ERROR, UNAVAILABLE,
        /** Its dock's {@code alive} expired without a stop. */
        STALE_DOCK_DEAD,
        /** Its dock was stopped gracefully. */
        STALE_DOCK_STOPPED,
        /** Pools of a dock the estate does not know at all. */
        STALE_DOCK_UNKNOWN,
        /** Its dock is alive but its backend's report loop is dead (a hung thread or backend call). */
        STALE_LOOP_DEAD,
        /** Its dock's leases expired while etcd itself did not answer; the dock may yet re-register. */
        STALE_ETCD_OUTAGE,
        /**
         * Its dock is alive but etcd has an alarm raised (NOSPACE, CORRUPT) and refuses writes: the
         * dock's updates (its loop statuses too) cannot reach etcd, so the values may be frozen.
         */
        NOT_CURRENT_ETCD_ALARM,
        /**
         * Its dock's {@code alive} key exists but is unreadable ({@link Estate.Liveness#UNKNOWN}): the
         * dock is not known dead, nor known alive, so nobody vouches for the values. Not "stale
         * because the dock died", and never available.
         */
        DOCK_LIVENESS_UNKNOWN,
        /**
         * Its dock's {@code alive} lives but its proof of life is missing or older than two periods
         * ({@link Estate.ProofOfLife}): a lease anyone authenticated may keep alive holds it, and
         * nothing RBAC checks says the agent still reports. Not current, never available.
         */
        NOT_CURRENT_DOCK_UNVERIFIED;

        /** Whether the pool's values are not known to be live (nobody is known to report them). */
        public boolean stale() {
            return ordinal() >= STALE_DOCK_DEAD.ordinal();
        }

        /** Whether the pool can serve profiles at all (capabilities decide the rest). */
        public boolean usable() {
            return this == AVAILABLE || this == DEGRADED;
        }

        /** "available", "stale (dock dead)", …: the status column's words. */
        public String words() {
            return switch (this) {
                case STALE_DOCK_DEAD -> "stale (dock dead)";
                case STALE_DOCK_STOPPED -> "stale (dock stopped)";
                case STALE_DOCK_UNKNOWN -> "stale (dock unknown)";
                case STALE_LOOP_DEAD -> "stale (loop dead)";
                case STALE_ETCD_OUTAGE -> "stale (etcd outage)";
                case NOT_CURRENT_ETCD_ALARM -> "not current (etcd alarm)";
                case DOCK_LIVENESS_UNKNOWN -> "unknown (dock liveness unknown)";
                case NOT_CURRENT_DOCK_UNVERIFIED -> "not current (dock unverified)";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }

        static Kind of(PoolStatus s) {
            return switch (s) {
                case AVAILABLE -> AVAILABLE;
                case DEGRADED -> DEGRADED;
                case ERROR -> ERROR;
                case UNAVAILABLE -> UNAVAILABLE;
            };
        }
    }

    public PoolStanding {
        since = since == null ? Optional.empty() : since;
        outage = outage == null ? Optional.empty() : outage;
        alarm = alarm == null ? Optional.empty() : alarm;
    }

    public PoolStanding(Kind kind, String dockId, String backend, Optional<Since> since, Optional<Outage> outage) {
        this(kind, dockId, backend, since, outage, Optional.empty());
    }

    public String words() {
        return kind.words();
    }

    public boolean stale() {
        return kind.stale();
    }

    public boolean usable() {
        return kind.usable();
    }

    /**
     * One sentence on why (no times formatted: the edge adds "since 13:35:36 (2 min)" from
     * {@link #since}); empty for a pool that reports normally.
     */
    public String reason() {
        return switch (kind) {
            case AVAILABLE, DEGRADED -> "";
            case ERROR -> "pool is in error (its backend " + backend + " is failing)";
            case UNAVAILABLE -> "pool is unavailable (missing from its backend's last listing)";
            case STALE_DOCK_DEAD -> "dock " + dockId + " is dead";
            case STALE_DOCK_STOPPED -> "dock " + dockId + " is stopped";
            case STALE_DOCK_UNKNOWN -> "dock " + dockId + " is unknown";
            case STALE_LOOP_DEAD -> "the report loop of backend " + backend + " on dock " + dockId + " is dead";
            case STALE_ETCD_OUTAGE -> "the leases of dock " + dockId + " expired during an etcd outage of "
                    + outage.map(Outage::lengthWords).orElse("unknown length");
            case DOCK_LIVENESS_UNKNOWN -> "the alive key of dock " + dockId + " is unreadable: whether its agent"
                    + " still reports is unknown";
            case NOT_CURRENT_DOCK_UNVERIFIED -> "dock " + dockId + " is alive (unverified): its agent wrote no proof of"
                    + " life for two periods, its lease may be kept alive by someone else";
            case NOT_CURRENT_ETCD_ALARM -> "etcd refuses writes (" + alarm.map(a -> a.kind().name()).orElse("alarm")
                    + "): the values of dock " + dockId + " may be frozen";
        };
    }

    public static PoolStanding of(Estate estate, PoolSpec pool) {
        return resolver(estate).apply(pool);
    }

    /** Standing for many pools of one estate: each dock is worked out once (10,000 pools on 1,000 docks). */
    public static Function<PoolSpec, PoolStanding> resolver(Estate estate) {
        Map<String, DockVerdict> docks = new HashMap<>();
        return pool -> {
            DockVerdict d = docks.computeIfAbsent(pool.dockId(), id -> DockVerdict.of(estate, id));
            if (d.kind != null) {
                return new PoolStanding(d.kind, pool.dockId(), pool.backend(), d.since, d.outage);
            }
            if (!estate.alarms().isEmpty()) {
                // Its dock is alive, but nothing it writes reaches etcd: not even its loop status says so.
                EtcdAlarm a = estate.alarms().get(0);
                Optional<Since> since = a.since().map(Since::seen)
                        .or(() -> estate.lastReportedAt(pool.dockId()).map(t -> new Since(t, Since.Basis.LAST_REPORT)));
                return new PoolStanding(Kind.NOT_CURRENT_ETCD_ALARM, pool.dockId(), pool.backend(), since,
                        Optional.empty(), Optional.of(a));
            }
            Estate.LoopHealth h = d.health.getOrDefault(pool.backend(), Estate.LoopHealth.DEAD_THREAD);
            if (h == Estate.LoopHealth.DEAD_THREAD) {
                Optional<Since> since = Optional.ofNullable(d.gaps.get(pool.backend())).map(g -> Since.seen(g.since()));
                return new PoolStanding(Kind.STALE_LOOP_DEAD, pool.dockId(), pool.backend(), since, Optional.empty());
            }
            // SILENT keeps the pool's own status: no verdict until the dock's lease TTL has passed.
            return new PoolStanding(Kind.of(pool.status()), pool.dockId(), pool.backend(), Optional.empty(),
                    Optional.empty());
        };
    }

    /** A dock, worked out once: a stale kind for all its pools, or its loops' health. */
    private record DockVerdict(Kind kind, Optional<Since> since, Optional<Outage> outage,
                               Map<String, Estate.LoopHealth> health, Map<String, DockHistory.LoopGap> gaps) {
        static DockVerdict of(Estate estate, String dockId) {
            Optional<Estate.DockView> dock = estate.dock(dockId);
            if (dock.isEmpty()) {
                return new DockVerdict(Kind.STALE_DOCK_UNKNOWN, lastReport(estate, dockId), Optional.empty(), Map.of(),
                        Map.of());
            }
            Estate.DockView d = dock.get();
            Optional<Since> since = d.since().or(() -> lastReport(estate, dockId));
            return switch (d.liveness()) {
                case ALIVE -> d.unverified()
                        ? new DockVerdict(Kind.NOT_CURRENT_DOCK_UNVERIFIED, d.proof().filter(p -> p.at() != null)
                                .map(p -> new Since(p.at(), Since.Basis.RECORDED))
                                .or(() -> lastReport(estate, dockId)), Optional.empty(), Map.of(), Map.of())
                        : new DockVerdict(null, Optional.empty(), Optional.empty(), d.loopHealth(),
                        d.history().gaps());
                case UNKNOWN -> new DockVerdict(Kind.DOCK_LIVENESS_UNKNOWN, since, Optional.empty(), Map.of(), Map.of());
                case STOPPED -> new DockVerdict(Kind.STALE_DOCK_STOPPED, d.since().or(() -> d.spec()
                        .map(DockSpec::stoppedAt).map(t -> new Since(t, Since.Basis.RECORDED))), Optional.empty(),
                        Map.of(), Map.of());
                case DEAD -> d.history().outage().filter(l -> !l.settled())
                        .map(l -> new DockVerdict(Kind.STALE_ETCD_OUTAGE, since, Optional.of(l.outage()), Map.of(),
                                Map.<String, DockHistory.LoopGap>of()))
                        .orElseGet(() -> new DockVerdict(Kind.STALE_DOCK_DEAD, since, Optional.empty(), Map.of(), Map.of()));
            };
        }

        private static Optional<Since> lastReport(Estate estate, String dockId) {
            return estate.lastReportedAt(dockId).map(t -> new Since(t, Since.Basis.LAST_REPORT));
        }
    }
}

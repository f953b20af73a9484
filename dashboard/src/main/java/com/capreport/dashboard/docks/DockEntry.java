package com.capreport.dashboard.docks;

import com.capreport.dashboard.common.Tone;
import com.capreport.model.DockAlive;
import com.capreport.model.DockHistory;
import com.capreport.model.Estate;
import com.capreport.model.Since;
import java.time.Duration;
import com.capreport.model.LoopStatus;
import com.capreport.model.Outage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A line of the docks tree: a dock, or one of its report loops. */
public sealed interface DockEntry permits DockEntry.Dock, DockEntry.Loop {
    String key();

    String dockId();

    Tone tone();

    String word();

    /** A dock with its liveness and loops. */
    record Dock(String dockId, String name, String host, String endpoint, String availabilityZone, String version,
                Estate.Liveness liveness, Optional<Instant> startedAt, Optional<Instant> lastReportedAt,
                List<Loop> loops, Optional<Since> since, Optional<DockHistory.LeaseLoss> leaseLoss,
                Optional<Duration> leaseTtl, Optional<Estate.InvalidEntry> unreadableAlive,
                Optional<String> unverified) implements DockEntry {
        public Dock {
            loops = List.copyOf(loops);
            unverified = unverified == null ? Optional.empty() : unverified;
        }

        public Dock(String dockId, String name, String host, String endpoint, String availabilityZone, String version,
                    Estate.Liveness liveness, Optional<Instant> startedAt, Optional<Instant> lastReportedAt,
                    List<Loop> loops, Optional<Since> since, Optional<DockHistory.LeaseLoss> leaseLoss,
                    Optional<Duration> leaseTtl, Optional<Estate.InvalidEntry> unreadableAlive) {
            this(dockId, name, host, endpoint, availabilityZone, version, liveness, startedAt, lastReportedAt, loops,
                    since, leaseLoss, leaseTtl, unreadableAlive, Optional.empty());
        }

        @Override
        public String key() {
            return dockId;
        }

        @Override
        public Tone tone() {
            // Alive (unverified): its lease lives, but nothing RBAC checks says the agent does. Never green.
            return unverified.isPresent() ? Tone.WARNING : Tone.of(liveness);
        }

        @Override
        public String word() {
            // The State column is narrow: "unknown", with the why in Last error ("liveness un…" says less).
            return liveness == Estate.Liveness.UNKNOWN ? "unknown" : liveness.words();
        }

        public static Dock of(Estate.DockView d, Estate estate) {
            List<Loop> loops = new ArrayList<>();
            for (Map.Entry<String, Estate.LoopHealth> e : d.loopHealth().entrySet()) {
                LoopStatus s = d.loops().get(e.getKey());
                String driver = s != null ? s.driver() : d.spec().flatMap(sp -> sp.backends().stream()
                        .filter(b -> b.name().equals(e.getKey())).findFirst()).map(b -> b.driver()).orElse("");
                Optional<DockHistory.LoopGap> gap = s != null ? Optional.empty()
                        : Optional.ofNullable(d.history().gaps().get(e.getKey()));
                Optional<Instant> gone = gap.map(DockHistory.LoopGap::since);
                loops.add(new Loop(d.dockId(), e.getKey(), driver, e.getValue(),
                        Optional.ofNullable(s).map(LoopStatus::lastSuccessAt),
                        Optional.ofNullable(s).map(LoopStatus::lastError).filter(x -> !x.isBlank()),
                        Optional.ofNullable(s).map(LoopStatus::since),
                        s == null ? 0 : s.consecutiveFailures(), s == null ? -1 : s.poolCount(), gone,
                        d.alive().flatMap(DockAlive::lease), d.since(), gap.flatMap(DockHistory.LoopGap::outage)));
            }
            return new Dock(d.dockId(), d.spec().map(s -> s.name()).orElse(d.dockId()),
                    d.alive().map(a -> a.host()).or(() -> d.spec().map(s -> s.host())).orElse(""),
                    d.alive().map(a -> a.endpoint()).filter(x -> !x.isEmpty())
                            .or(() -> d.spec().map(s -> s.endpoint())).orElse(""),
                    d.spec().map(s -> s.availabilityZone()).orElse(""),
                    d.alive().map(a -> a.version()).or(() -> d.spec().map(s -> s.agentVersion())).orElse(""),
                    d.liveness(), d.alive().map(a -> a.startedAt()).or(() -> d.spec().map(s -> s.startedAt())),
                    estate.lastReportedAt(d.dockId()), loops, d.since()
                            .or(() -> d.liveness() == Estate.Liveness.DEAD ? estate.lastReportedAt(d.dockId())
                                    .map(t -> new Since(t, Since.Basis.LAST_REPORT)) : Optional.empty()),
                    d.liveness() == Estate.Liveness.DEAD ? d.history().outage() : Optional.empty(),
                    d.alive().flatMap(DockAlive::lease), d.unreadableAlive(),
                    d.unverified() ? Optional.of(com.capreport.model.ProofTexts.unverifiedDetail(d)) : Optional.empty());
        }
    }

    /**
     * One backend's report loop. {@code poolCount} is -1 when the loop key is gone; {@code keyGoneAt}
     * is when the dashboard saw it go; {@code leaseTtl} bounds how long ago a present key was renewed;
     * {@code dockSince} is since when the dock is in its liveness (for "dock down since …");
     * {@code keyLostIn} is the etcd outage, seen by this dashboard, in which the missing key's lease expired.
     */
    record Loop(String dockId, String backend, String driver, Estate.LoopHealth health,
                Optional<Instant> lastSuccessAt, Optional<String> lastError, Optional<Instant> since,
                int consecutiveFailures, int poolCount, Optional<Instant> keyGoneAt, Optional<Duration> leaseTtl,
                Optional<Since> dockSince, Optional<Outage> keyLostIn) implements DockEntry {
        public Loop {
            keyLostIn = keyLostIn == null ? Optional.empty() : keyLostIn;
        }

        public Loop(String dockId, String backend, String driver, Estate.LoopHealth health,
                    Optional<Instant> lastSuccessAt, Optional<String> lastError, Optional<Instant> since,
                    int consecutiveFailures, int poolCount, Optional<Instant> keyGoneAt, Optional<Duration> leaseTtl,
                    Optional<Since> dockSince) {
            this(dockId, backend, driver, health, lastSuccessAt, lastError, since, consecutiveFailures, poolCount,
                    keyGoneAt, leaseTtl, dockSince, Optional.empty());
        }

        @Override
        public String key() {
            return dockId + "/" + backend;
        }

        /** A key lost in an etcd outage is the outage's doing until the loop had time to write it again. */
        private boolean lostInOutage() {
            return health == Estate.LoopHealth.SILENT && keyLostIn.isPresent();
        }

        @Override
        public Tone tone() {
            return lostInOutage() ? Tone.INFO : Tone.of(health);
        }

        @Override
        public String word() {
            return lostInOutage() ? "etcd outage"
                    : health == Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN ? "unknown" : health.words();
        }
    }
}

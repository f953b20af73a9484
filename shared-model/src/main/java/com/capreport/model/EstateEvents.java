package com.capreport.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What changed between two estates that an admin must hear about: docks dying, stopping and coming
 * back, a dock's alive key turning unreadable (liveness unknown, not a death), report loops dying
 * (dead thread), backends failing and recovering. Pure: the dashboard
 * turns these into notifications and its events panel; a CLI could print them.
 */
public final class EstateEvents {
    private EstateEvents() {
    }

    /** How loud an event is. */
    public enum Severity { INFO, WARNING, ERROR }

    /** One event; {@code backend} is empty for dock events. */
    public record Event(Instant at, Severity severity, String kind, String dockId, String backend, String message) {
    }

    /**
     * The events from {@code before} to {@code after}. Estates that carry a {@link DockHistory} (from
     * a {@link LivenessTracker}) are told apart better: a loop key that vanished is "silent" until the
     * dock's lease TTL passed (no event: after a kill the loop keys may expire before {@code alive});
     * a loop's first report after a registration is no recovery; leases that expired during an etcd
     * outage the reader saw give one explanation per outage instead of one crash per dock, and a
     * crash only for a dock that did not re-register in time.
     */
    public static List<Event> between(Estate before, Estate after, Instant now) {
        List<Event> out = new ArrayList<>();
        // By the outage's start: while it lasts its end moves, the outage is the same.
        Map<Instant, Expired> expired = new LinkedHashMap<>();
        Set<Instant> explained = new HashSet<>();
        before.docks().forEach(d -> outagesOf(d).forEach(o -> explained.add(o.from())));
        for (Estate.DockView d : after.docks()) {
            Optional<Estate.DockView> was = before.dock(d.dockId());
            Estate.Liveness then = was.map(Estate.DockView::liveness).orElse(null);
            Estate.Liveness live = d.liveness();
            Optional<DockHistory.LeaseLoss> lossNow = pendingLoss(d);
            boolean lostThen = was.flatMap(EstateEvents::pendingLoss).isPresent();
            if (then != live) {
                if (lossNow.isPresent()) {
                    Outage o = lossNow.get().outage();
                    expired.computeIfAbsent(o.from(), x -> new Expired(o)).docks.add(d.dockId());
                } else if (!(lostThen && live == Estate.Liveness.ALIVE)) { // back after the outage: as expected
                    dockEvent(d, then, live, now).ifPresent(out::add);
                }
            } else if (live == Estate.Liveness.DEAD && lostThen && lossNow.isEmpty()) {
                Outage outage = was.flatMap(EstateEvents::pendingLoss).get().outage();
                out.add(new Event(now, Severity.ERROR, "dock-dead", d.dockId(), "", "dock " + d.dockId()
                        + " did not re-register after the etcd outage of " + outage.lengthWords()
                        + ": its agent is down (crash, kill, host or network down)"));
            }
            if (live != Estate.Liveness.ALIVE || then != Estate.Liveness.ALIVE) {
                continue; // a dock going down or coming up speaks for its loops
            }
            Map<String, DockHistory.LoopGap> oldGaps = was.get().history().gaps();
            d.history().gaps().forEach((backend, gap) -> gap.outage().ifPresent(o -> {
                DockHistory.LoopGap old = oldGaps.get(backend);
                if (old == null || old.outage().isEmpty()) {
                    expired.computeIfAbsent(o.from(), x -> new Expired(o)).loops
                            .computeIfAbsent(d.dockId(), x -> new ArrayList<>()).add(backend);
                }
            }));
            Map<String, Estate.LoopHealth> oldLoops = was.get().loopHealth();
            d.loopHealth().forEach((backend, health) -> {
                Estate.LoopHealth old = oldLoops.get(backend);
                if (old != null && old != health) {
                    loopEvent(d, backend, old, health, now).ifPresent(out::add);
                }
            });
        }
        expired.forEach((from, x) -> {
            if (explained.add(from)) {
                out.add(x.event(now));
            }
        });
        return out;
    }

    /**
     * The leases one etcd outage took: docks whose {@code alive} expired, and loops of live docks
     * whose key expired (the agent kept or renewed its process lease, or re-registered before the
     * reader saw the dock dead). One event per outage, whatever it took.
     */
    private static final class Expired {
        final Outage outage;
        final List<String> docks = new ArrayList<>();
        final Map<String, List<String>> loops = new LinkedHashMap<>();

        Expired(Outage outage) {
            this.outage = outage;
        }

        Event event(Instant now) {
            List<String> what = new ArrayList<>();
            if (!docks.isEmpty()) {
                what.add(docks.size() == 1 ? "dock " + docks.get(0)
                        : docks.size() + " docks (" + String.join(", ", docks) + ")");
            }
            loops.forEach((dock, backends) -> what.add((backends.size() == 1 ? "the report loop " + backends.get(0)
                    : backends.size() + " report loops (" + String.join(", ", backends) + ")") + " of dock " + dock));
            String where = docks.size() + loops.size() == 1
                    ? docks.isEmpty() ? loops.keySet().iterator().next() : docks.get(0) : "";
            // A dock whose alive expired has stale pools until it re-registers; loop keys alone change nothing yet.
            Severity sev = docks.isEmpty() ? Severity.INFO : Severity.WARNING;
            return new Event(now, sev, "etcd-outage", where, "", "etcd unreachable for " + outage.lengthWords() + " ("
                    + outage.spanWords() + "); leases expired during the etcd outage: " + String.join("; ", what)
                    + " — etcd did not answer, so no agent could renew its leases; not a crash. Agents re-register"
                    + " on their own; a dock still dead afterwards is reported dead, a loop still silent a dead thread.");
        }
    }

    /** The outages a dock's history explains now: a dead dock's pending lease loss, its loops' keys lost in one. */
    private static Set<Outage> outagesOf(Estate.DockView d) {
        Set<Outage> out = new HashSet<>();
        pendingLoss(d).ifPresent(l -> out.add(l.outage()));
        if (d.liveness() == Estate.Liveness.ALIVE) {
            d.history().gaps().values().forEach(g -> g.outage().ifPresent(out::add));
        }
        return out;
    }

    /** The outage a dead dock's leases expired in, while the dock may still re-register. */
    private static Optional<DockHistory.LeaseLoss> pendingLoss(Estate.DockView d) {
        return d.liveness() == Estate.Liveness.DEAD ? d.history().outage().filter(l -> !l.settled()) : Optional.empty();
    }


    private static Optional<Event> dockEvent(Estate.DockView d, Estate.Liveness then, Estate.Liveness live, Instant now) {
        String id = d.dockId();
        return Optional.ofNullable(switch (live) {
            case DEAD -> then == null ? null : new Event(now, Severity.ERROR, "dock-dead", id, "",
                    "dock " + id + " died: its alive key expired without a stop (crash, kill, host or network down)");
            case STOPPED -> then == null ? null : new Event(now, Severity.WARNING, "dock-stopped", id, "",
                    "dock " + id + " was stopped");
            // Garbage over a live dock's alive key is no death: one warning, not "died".
            case UNKNOWN -> then == null ? null : new Event(now, Severity.WARNING, "dock-liveness-unknown", id, "",
                    "dock " + id + ": its alive key " + d.unreadableAlive().map(Estate.InvalidEntry::key).orElse("")
                            + " became unreadable, liveness unknown (the key exists, so the dock is not known dead; a"
                            + " running agent re-claims it within a heartbeat)");
            case ALIVE -> new Event(now, Severity.INFO, then == null ? "dock-new" : "dock-alive", id, "",
                    "dock " + id + (then == null ? " registered" : then == Estate.Liveness.UNKNOWN
                            ? ": its alive key is readable again, alive" : " is alive again") + d.alive()
                            .map(a -> " (" + a.describe() + ")").orElse(""));
        });
    }

    private static Optional<Event> loopEvent(Estate.DockView d, String backend, Estate.LoopHealth old,
                                             Estate.LoopHealth now, Instant at) {
        String where = d.dockId() + "/" + backend;
        LoopStatus s = d.loops().get(backend);
        return Optional.ofNullable(switch (now) {
            case DEAD_THREAD -> new Event(at, Severity.ERROR, "loop-dead", d.dockId(), backend, "report loop " + where
                    + " stopped reporting: its key expired while the dock is alive (hung backend call or thread)");
            case ERROR -> new Event(at, Severity.ERROR, "backend-error", d.dockId(), backend, "backend " + where
                    + " failed: " + (s == null || s.lastError() == null ? "no reason given" : s.lastError()));
            // A first report (STARTING: after a registration) or a key back within its grace (SILENT) is no recovery.
            case RUNNING -> old == Estate.LoopHealth.STARTING || old == Estate.LoopHealth.SILENT ? null : new Event(at, Severity.INFO, "loop-recovered",
                    d.dockId(), backend, "backend " + where + " reports again (was " + old.words() + ")");
            case BACKING_OFF -> new Event(at, Severity.WARNING, "loop-backing-off", d.dockId(), backend,
                    "report loop " + where + " cannot write to etcd and is backing off");
            default -> null;
        });
    }
}

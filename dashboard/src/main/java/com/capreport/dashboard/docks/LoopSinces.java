package com.capreport.dashboard.docks;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loops' "State since" across reloads, for the dashboard's lifetime: a loop seen in the same
 * health, held by the same agent process, keeps the earliest since it showed, though in between
 * it could not be seen (its dock's leases expired during an etcd outage: dock down, then the first
 * report after re-registering) and the agent restarted its own since after backing off. A loop
 * seen in another health starts a new since. No JavaFX.
 */
final class LoopSinces {
    private record Seen(Estate.LoopHealth health, Optional<Instant> process, Instant since) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    DockEntry.Dock keep(DockEntry.Dock d) {
        List<DockEntry.Loop> loops = new ArrayList<>();
        boolean changed = false;
        for (DockEntry.Loop l : d.loops()) {
            DockEntry.Loop shown = keep(l, d.startedAt());
            changed |= shown != l;
            loops.add(shown);
        }
        if (!changed) {
            return d;
        }
        return new DockEntry.Dock(d.dockId(), d.name(), d.host(), d.endpoint(), d.availabilityZone(), d.version(),
                d.liveness(), d.startedAt(), d.lastReportedAt(), loops, d.since(), d.leaseLoss(), d.leaseTtl(),
                d.unreadableAlive(), d.unverified());
    }

    private DockEntry.Loop keep(DockEntry.Loop l, Optional<Instant> process) {
        Estate.LoopHealth h = l.health();
        if (h == Estate.LoopHealth.DOCK_DOWN || h == Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN
                || h == Estate.LoopHealth.STARTING || h == Estate.LoopHealth.SILENT
                || l.since().isEmpty()) {
            return l; // not seen in a state of its own: what was remembered stays
        }
        Instant since = l.since().get();
        Seen old = seen.get(l.key());
        if (old != null && old.health() == h && old.process().equals(process)) {
            if (!old.since().isAfter(since)) {
                return old.since().equals(since) ? l : with(l, old.since());
            }
        }
        seen.put(l.key(), new Seen(h, process, since));
        return l;
    }

    private static DockEntry.Loop with(DockEntry.Loop l, Instant since) {
        return new DockEntry.Loop(l.dockId(), l.backend(), l.driver(), l.health(), l.lastSuccessAt(), l.lastError(),
                Optional.of(since), l.consecutiveFailures(), l.poolCount(), l.keyGoneAt(), l.leaseTtl(), l.dockSince(),
                l.keyLostIn());
    }
}

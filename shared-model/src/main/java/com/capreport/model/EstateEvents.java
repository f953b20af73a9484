package com.capreport.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What changed between two estates that an admin must hear about: docks dying, stopping and coming
 * back, report loops dying (dead thread), backends failing and recovering. Pure: the dashboard
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

    public static List<Event> between(Estate before, Estate after, Instant now) {
        List<Event> out = new ArrayList<>();
        for (Estate.DockView d : after.docks()) {
            Optional<Estate.DockView> was = before.dock(d.dockId());
            Estate.Liveness then = was.map(Estate.DockView::liveness).orElse(null);
            Estate.Liveness live = d.liveness();
            if (then != live) {
                dockEvent(d, then, live, now).ifPresent(out::add);
            }
            if (live != Estate.Liveness.ALIVE || then != Estate.Liveness.ALIVE) {
                continue; // a dock going down or coming up speaks for its loops
            }
            Map<String, Estate.LoopHealth> oldLoops = was.get().loopHealth();
            d.loopHealth().forEach((backend, health) -> {
                Estate.LoopHealth old = oldLoops.get(backend);
                if (old != null && old != health) {
                    loopEvent(d, backend, old, health, now).ifPresent(out::add);
                }
            });
        }
        return out;
    }

    private static Optional<Event> dockEvent(Estate.DockView d, Estate.Liveness then, Estate.Liveness live, Instant now) {
        String id = d.dockId();
        return Optional.ofNullable(switch (live) {
            case DEAD -> then == null ? null : new Event(now, Severity.ERROR, "dock-dead", id, "",
                    "dock " + id + " died: its alive key expired without a stop (crash, kill, host or network down)");
            case STOPPED -> then == null ? null : new Event(now, Severity.WARNING, "dock-stopped", id, "",
                    "dock " + id + " was stopped");
            case ALIVE -> new Event(now, Severity.INFO, then == null ? "dock-new" : "dock-alive", id, "",
                    "dock " + id + (then == null ? " registered" : " is alive again") + d.alive()
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
            case RUNNING -> old == Estate.LoopHealth.STARTING ? null : new Event(at, Severity.INFO, "loop-recovered",
                    d.dockId(), backend, "backend " + where + " reports again (was " + old.words() + ")");
            case BACKING_OFF -> new Event(at, Severity.WARNING, "loop-backing-off", d.dockId(), backend,
                    "report loop " + where + " cannot write to etcd and is backing off");
            default -> null;
        });
    }
}

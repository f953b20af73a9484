package com.capreport.dashboard.events;

import com.capreport.dashboard.profiles.ProfileRow;
import com.capreport.model.AckTarget;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents.Severity;
import com.capreport.model.LoopStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems an estate and the profiles' standing show now: dead docks, docks whose alive key is
 * unreadable (liveness unknown), report loops with a dead
 * thread, backends in error or backing off, profiles below their threshold. A stopped dock is not a
 * problem (someone stopped it); a dead dock speaks for its loops. Worst first.
 */
public final class OpenProblems {
    private OpenProblems() {
    }

    public static List<Problem> of(Estate estate, List<ProfileRow> profiles) {
        List<Problem> out = new ArrayList<>();
        for (Estate.DockView d : estate.docks()) {
            if (d.liveness() == Estate.Liveness.DEAD) {
                out.add(new Problem(new AckTarget.Dock(d.dockId()), Problem.Kind.DOCK_DEAD, Severity.ERROR,
                        "dock " + d.dockId() + " is dead: its alive key expired without a stop"));
                continue;
            }
            if (d.liveness() == Estate.Liveness.UNKNOWN) {
                // Not known dead: a warning naming the key, and it speaks for its loops.
                out.add(new Problem(new AckTarget.Dock(d.dockId()), Problem.Kind.DOCK_LIVENESS_UNKNOWN, Severity.WARNING,
                        "dock " + d.dockId() + ": alive key " + d.unreadableAlive().map(Estate.InvalidEntry::key).orElse("")
                                + " unreadable, liveness unknown"));
                continue;
            }
            if (d.liveness() != Estate.Liveness.ALIVE) {
                continue;
            }
            d.loopHealth().forEach((backend, h) -> {
                AckTarget t = new AckTarget.Loop(d.dockId(), backend);
                String where = d.dockId() + "/" + backend;
                LoopStatus s = d.loops().get(backend);
                switch (h) {
                    case DEAD_THREAD -> out.add(new Problem(t, Problem.Kind.LOOP_DEAD, Severity.ERROR,
                            "report loop " + where + " stopped reporting while its dock is alive"));
                    case ERROR -> out.add(new Problem(t, Problem.Kind.BACKEND_ERROR, Severity.ERROR, "backend " + where
                            + " fails: " + (s == null || s.lastError() == null ? "no reason given" : s.lastError())));
                    case BACKING_OFF -> out.add(new Problem(t, Problem.Kind.BACKING_OFF, Severity.WARNING,
                            "report loop " + where + " cannot write to etcd and is backing off"));
                    default -> {
                    }
                }
            });
        }
        for (ProfileRow r : profiles) {
            AckTarget t = new AckTarget.Profile(r.id());
            String name = r.profile().name();
            switch (r.standing()) {
                case ZERO -> out.add(new Problem(t, Problem.Kind.PROFILE_ZERO, Severity.ERROR,
                        "profile " + name + ": no pool matches (needs " + r.threshold() + ")"));
                case BELOW -> out.add(new Problem(t, Problem.Kind.PROFILE_BELOW, Severity.WARNING,
                        "profile " + name + ": " + r.matchText()));
                case INVALID -> out.add(new Problem(t, Problem.Kind.PROFILE_INVALID, Severity.ERROR,
                        "profile " + name + " is invalid: " + r.blockerText()));
                default -> {
                }
            }
        }
        out.sort(Comparator.comparing(Problem::severity).reversed());
        return out;
    }
}

package com.capreport.dashboard.docks;

import com.capreport.dashboard.common.Formats;
import com.capreport.model.Estate;
import com.capreport.model.LivenessTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The words of the Docks view for liveness: since when a dock or loop is in its state, and what a
 * loop key proves. Made from the typed entries at the edge, never parsed back. No JavaFX.
 */
final class LivenessTexts {
    private LivenessTexts() {
    }

    /** "started 09:12:03 (4 h)", "dead since 13:35:36 (2 min)", "dead since after its last report 13:20:01 (17 min)". */
    static String dockSince(DockEntry.Dock d, Instant now) {
        return switch (d.liveness()) {
            case ALIVE -> d.startedAt().map(t -> "started " + Formats.clockAndAge(t, now)).orElse("");
            case DEAD -> d.since().map(s -> "dead " + Formats.since(s, now)).orElse("dead · never reported");
            case STOPPED -> d.since().map(s -> "stopped " + Formats.since(s, now)).orElse("stopped");
            case UNKNOWN -> d.since().map(s -> "unknown " + Formats.since(s, now)).orElse("unknown");
        };
    }

    /**
     * What the loop key proves. The agent rewrites a loop's status only when it changes, so its
     * {@code lastSuccessAt} is as old as the last change; but it renews the key's lease after each
     * finished cycle, so a RUNNING key that exists was renewed at most one lease TTL ago.
     */
    static String reporting(DockEntry.Loop l, Instant now, Optional<Instant> blindSince) {
        return switch (l.health()) {
            case RUNNING -> blindSince.map(t -> "last seen reporting " + Formats.clockAndAge(t, now))
                    .orElse("reporting · lease renewed " + ttlBound(l.leaseTtl()));
            case STARTING -> l.keyLostIn().map(o -> "starting after the " + o.lengthWords() + " etcd outage")
                    .orElse(l.poolCount() < 0 ? "starting · no report yet" : "starting · first cycle running");
            case SILENT -> l.keyLostIn().map(o -> "key lost in the " + o.lengthWords() + " etcd outage")
                    .orElseGet(() -> "silent · key expired "
                    + l.keyGoneAt().map(t -> Formats.age(t, now)).orElse("just now"));
            case DEAD_THREAD -> "not reporting · key expired "
                    + l.keyGoneAt().map(t -> Formats.clockAndAge(t, now)).orElse("before it was first seen")
                    + l.keyLostIn().map(o -> " in the etcd outage of " + o.lengthWords()).orElse("");
            case ERROR, BACKING_OFF -> l.lastSuccessAt().map(t -> "last success " + Formats.clockAndAge(t, now))
                    .orElse("no success yet");
            case DOCK_DOWN -> l.dockSince().map(s -> "dock down " + Formats.since(s, now)).orElse("dock down");
            case DOCK_LIVENESS_UNKNOWN -> "key missing · dock liveness unknown";
            case STOPPED -> "stopped";
        };
    }

    /**
     * An alive dock: its lease was renewed at most one TTL ago; while this dashboard cannot reach
     * etcd, it was last seen alive when etcd stopped answering, and nothing newer is known.
     */
    static String dockReporting(DockEntry.Dock d, Instant now, Optional<Instant> blindSince) {
        if (d.liveness() != Estate.Liveness.ALIVE) {
            return "last report " + d.lastReportedAt().map(t -> Formats.clockAndAge(t, now)).orElse("never");
        }
        if (d.unverified().isPresent()) {
            return "alive (unverified) · lease renewed " + ttlBound(d.leaseTtl()) + ", no recent proof of life";
        }
        return blindSince.map(t -> "last seen alive " + Formats.clockAndAge(t, now))
                .orElse("alive · lease renewed " + ttlBound(d.leaseTtl()));
    }

    /** "≤ 10 s ago", or "within its lease TTL" when the agent did not say its TTL. */
    static String ttlBound(Optional<Duration> ttl) {
        return ttl.map(t -> "≤ " + Formats.ago(Formats.span(t))).orElse("within its lease TTL");
    }

    static String dockError(DockEntry.Dock d) {
        if (d.unverified().isPresent()) {
            return "alive (unverified): " + d.unverified().get();
        }
        if (d.liveness() == Estate.Liveness.UNKNOWN) {
            return "alive key unreadable, liveness unknown (not known dead)" + d.unreadableAlive()
                    .map(b -> ": " + b.key()).orElse("");
        }
        if (d.liveness() != Estate.Liveness.DEAD) {
            return "";
        }
        return d.leaseLoss().map(l -> l.settled()
                ? "did not re-register after its leases expired during an etcd outage of " + l.outage().lengthWords()
                        + ": process or host down"
                : "leases expired during an etcd outage of " + l.outage().lengthWords()
                        + " (not a crash): waiting for it to re-register")
                .orElse("alive key expired: process or host down");
    }

    static String loopError(DockEntry.Loop l, Instant now) {
        return switch (l.health()) {
            case DEAD_THREAD -> l.keyLostIn().map(o -> "loop key not written again since the etcd outage of "
                    + o.lengthWords() + " while the dock is alive: hung backend call or thread")
                    .orElse("loop key expired while the dock is alive: hung backend call or thread");
            case SILENT -> l.keyLostIn().isPresent() ? "lease expired during an etcd outage of "
                    + l.keyLostIn().get().lengthWords() + " (not a crash, not a dead thread): the loop writes it"
                    + " again after its next cycle"
                    : "loop key expired while the dock is alive: a dead thread if the dock is still alive "
                    + l.keyGoneAt().map(t -> Formats.age(t.plus(l.leaseTtl().orElse(LivenessTracker.DEFAULT_TTL))
                    .plus(LivenessTracker.MARGIN), now)).orElse("after one lease TTL")
                    + " (after a kill, alive can expire a little after the loop keys)";
            default -> l.lastError().map(x -> x + (l.consecutiveFailures() > 0 ? " (" + l.consecutiveFailures()
                    + " failures in a row)" : "")).orElse("");
        };
    }
}

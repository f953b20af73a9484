package com.capreport.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a reader that watched a dock over time knows and a single revision cannot tell: since when
 * the dock is in its liveness, whether its leases expired in an etcd outage the reader saw, and
 * which loop keys are missing and for how long. Made by {@link LivenessTracker}; {@link #NONE} for
 * an estate read once (the CLI, a snapshot), where every missing loop key of a live dock is a dead
 * thread and ages fall back to the last report.
 *
 * @param since  when the dock entered its current {@link Estate.Liveness}
 * @param outage set while the dock is dead because its leases expired during {@link LeaseLoss#outage()}
 * @param gaps   backends of a live dock whose loop key is missing, by backend
 */
public record DockHistory(Optional<Since> since, Optional<LeaseLoss> outage, Map<String, LoopGap> gaps) {
    public static final DockHistory NONE = new DockHistory(Optional.empty(), Optional.empty(), Map.of());

    public DockHistory {
        gaps = java.util.Collections.unmodifiableMap(new TreeMap<>(gaps));
    }

    /**
     * The dock's leases expired during an etcd outage. {@code settled} is false while the dock still
     * has time to re-register (the reader says "expired during an etcd outage of 22 s"); true once
     * that time passed and the dock stayed dead (then it is dead like any other).
     */
    public record LeaseLoss(Outage outage, boolean settled) {
    }

    /**
     * A live dock's loop whose key is missing, since when (seen by the reader), and what that means so
     * far. {@code outage} is set when the key's lease expired in an etcd outage the reader lived
     * through: etcd did not answer, so nothing could renew it; the loop writes its key again after
     * its next cycle, and is a dead thread only if it does not within the time to re-register.
     */
    public record LoopGap(java.time.Instant since, Phase phase, Optional<Outage> outage) {
        public LoopGap {
            outage = outage == null ? Optional.empty() : outage;
        }

        public LoopGap(java.time.Instant since, Phase phase) {
            this(since, phase, Optional.empty());
        }
    }

    /** What a missing loop key means, as time passes. */
    public enum Phase {
        /** The dock (re-)registered and this loop has not written its first status yet. */
        AWAITING_FIRST_REPORT,
        /**
         * The key vanished less than a lease TTL (plus a margin) ago: the process may have died and its
         * {@code alive} (renewed on another schedule) not expired yet, so no verdict yet.
         */
        SILENT,
        /** The key stayed missing longer than the dock's lease TTL while {@code alive} lived: a dead thread. */
        DEAD
    }
}

package com.capreport.agent.discovery;

import com.capreport.model.Json;
import com.capreport.model.PoolSpec;

/**
 * Whether a pool's report changed enough to be written. Timestamps never count; a change of free
 * capacity smaller than {@code threshold} × total capacity does not count either (0 = every byte).
 */
final class PoolChanges {
    private PoolChanges() {
    }

    static boolean differs(PoolSpec known, PoolSpec fresh, double threshold) {
        if (known == null) {
            return true;
        }
        long delta = Math.abs(known.freeCapacityBytes() - fresh.freeCapacityBytes());
        boolean capacityMoved = delta > 0 && (threshold == 0 || delta >= threshold * fresh.totalCapacityBytes()
                || fresh.freeCapacityBytes() == 0 || known.totalCapacityBytes() != fresh.totalCapacityBytes());
        if (capacityMoved) {
            return true;
        }
        PoolSpec a = normalize(known, known.freeCapacityBytes());
        PoolSpec b = normalize(fresh, known.freeCapacityBytes());
        return !Json.tree(a).equals(Json.tree(b));
    }

    /** Timestamps cleared and free capacity pinned, so only the other fields are compared. */
    private static PoolSpec normalize(PoolSpec p, long free) {
        return new PoolSpec(p.id(), null, null, p.name(), p.storageType(), p.description(), p.status(),
                p.availabilityZone(), p.totalCapacity(), com.capreport.model.Capacity.toGiB(free), p.dockId(),
                p.backend(), p.driver(), p.nativeId(), p.totalCapacityBytes(), free, p.extras(),
                p.capabilitySources(), p.statusReason());
    }
}

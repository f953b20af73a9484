package com.capreport.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a pool changed enough to count: the agent's rule for writing a pool (docs/agent.md,
 * {@code discovery.capacityThreshold}) and the dashboard's for flashing its row. Timestamps never
 * count. A move of free (or reserved) capacity smaller than {@code threshold} × total capacity does
 * not count either (0 = every byte), unless the pool became full or its total changed; any other
 * field (status, capabilities, names) counts however small.
 */
public final class PoolDelta {
    private PoolDelta() {
    }

    public static boolean significant(PoolSpec known, PoolSpec fresh, double threshold) {
        if (known == null) {
            return true;
        }
        long delta = Math.max(Math.abs(known.freeCapacityBytes() - fresh.freeCapacityBytes()),
                Math.abs(reported(known) - reported(fresh)));
        boolean capacityMoved = delta > 0 && (threshold == 0 || delta >= threshold * fresh.totalCapacityBytes()
                || fresh.freeCapacityBytes() == 0 || known.totalCapacityBytes() != fresh.totalCapacityBytes());
        if (capacityMoved) {
            return true;
        }
        PoolSpec a = normalize(known, known);
        PoolSpec b = normalize(fresh, known);
        return !Json.tree(a).equals(Json.tree(b));
    }

    /** The reserved bytes as reported (not clamped): what {@link #normalize} pins. */
    private static long reported(PoolSpec p) {
        return p.extras().get("advanced") instanceof Map<?, ?> m && m.get(Capacity.RESERVED_KEY) instanceof Number n
                ? n.longValue() : 0;
    }

    /** Timestamps cleared, free and reserved capacity pinned to {@code pin}'s, so only the other fields compare. */
    private static PoolSpec normalize(PoolSpec p, PoolSpec pin) {
        long free = pin.freeCapacityBytes();
        Map<String, Object> extras = p.extras();
        if (extras.get("advanced") instanceof Map<?, ?> adv && adv.containsKey(Capacity.RESERVED_KEY)
                && pin.extras().get("advanced") instanceof Map<?, ?> pinned && pinned.containsKey(Capacity.RESERVED_KEY)) {
            Map<String, Object> a = new LinkedHashMap<>();
            adv.forEach((k, v) -> a.put(String.valueOf(k), v));
            a.put(Capacity.RESERVED_KEY, pinned.get(Capacity.RESERVED_KEY));
            extras = new LinkedHashMap<>(extras);
            extras.put("advanced", a);
        }
        return new PoolSpec(p.id(), null, null, p.name(), p.storageType(), p.description(), p.status(),
                p.availabilityZone(), p.totalCapacity(), Capacity.toGiB(free), p.dockId(), p.backend(), p.driver(),
                p.nativeId(), p.totalCapacityBytes(), free, extras, p.capabilitySources(), p.statusReason());
    }
}

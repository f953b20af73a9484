package com.capreport.model.match;

import com.capreport.model.Extras;
import com.capreport.model.PoolSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Capability paths of a pool: its own fields by name ({@code freeCapacity}, {@code availabilityZone},
 * {@code driver}, …) and everything under {@code extras.} by dotted path.
 */
public final class PoolValues {
    private PoolValues() {
    }

    /** The value at {@code path}; empty when the pool does not report it (a present null is reported). */
    public static Optional<Extras.Reported> lookup(PoolSpec pool, String path) {
        switch (path) {
            case "id": return reported(pool.id());
            case "name": return reported(pool.name());
            case "storageType": return reported(pool.storageType());
            case "description": return reported(pool.description());
            case "status": return reported(pool.status().wire());
            case "availabilityZone": return pool.availabilityZone().isEmpty() ? Optional.empty()
                    : reported(pool.availabilityZone());
            case "totalCapacity": return reported(pool.totalCapacity());
            case "freeCapacity": return reported(pool.freeCapacity());
            case "totalCapacityBytes": return reported(pool.totalCapacityBytes());
            case "freeCapacityBytes": return reported(pool.freeCapacityBytes());
            case "dockId": return reported(pool.dockId());
            case "backend": return reported(pool.backend());
            case "driver": return pool.driver().isEmpty() ? Optional.empty() : reported(pool.driver());
            case "nativeId": return reported(pool.nativeId());
            default:
                if (path.startsWith("extras.")) {
                    return Extras.lookup(pool.extras(), path.substring("extras.".length()));
                }
                return Optional.empty();
        }
    }

    private static Optional<Extras.Reported> reported(Object v) {
        return Optional.of(new Extras.Reported(v));
    }

    /** Every leaf path the pool reports, with its value, in a stable order. */
    public static Map<String, Object> all(PoolSpec pool) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", pool.id());
        out.put("name", pool.name());
        out.put("nativeId", pool.nativeId());
        if (!pool.description().isEmpty()) {
            out.put("description", pool.description());
        }
        out.put("storageType", pool.storageType());
        out.put("status", pool.status().wire());
        if (!pool.availabilityZone().isEmpty()) {
            out.put("availabilityZone", pool.availabilityZone());
        }
        out.put("totalCapacity", pool.totalCapacity());
        out.put("freeCapacity", pool.freeCapacity());
        out.put("totalCapacityBytes", pool.totalCapacityBytes());
        out.put("freeCapacityBytes", pool.freeCapacityBytes());
        out.put("dockId", pool.dockId());
        out.put("backend", pool.backend());
        if (!pool.driver().isEmpty()) {
            out.put("driver", pool.driver());
        }
        for (String leaf : Extras.leafPaths(pool.extras())) {
            Extras.lookup(pool.extras(), leaf).ifPresent(r -> out.put("extras." + leaf, r.value()));
        }
        return out;
    }
}

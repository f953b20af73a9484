package com.capreport.model.match;

import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Builds realistic pools and estates for matcher tests (docks alive, loops running unless told). */
final class Pools {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final long GIB = 1L << 30;

    private Pools() {
    }

    /** A pool on {@code dock}, backend {@code backend}, with {@code freeGiB} free of 2×. */
    static PoolSpec pool(String dock, String backend, String name, long freeGiB, Map<String, Object> extras) {
        return pool(dock, backend, name, freeGiB, PoolStatus.AVAILABLE, extras);
    }

    static PoolSpec pool(String dock, String backend, String name, long freeGiB, PoolStatus status,
                         Map<String, Object> extras) {
        return new PoolSpec(PoolIds.poolId(dock, backend, name), T0, T0, name, "block", "", status, "az01",
                freeGiB * 2, freeGiB, dock, backend, backend.startsWith("ceph") ? "ceph" : "lvm", name,
                freeGiB * 2 * GIB, freeGiB * GIB, extras, Map.of());
    }

    /** Extras shaped like the LVM/Ceph drivers' output. */
    static Map<String, Object> extras(String provisioning, boolean spaceEfficient, int recoverable, String protocol,
                                      Integer maxIops, List<String> replicaTypes, String geo) {
        return SyntheticWorkload.extras(provisioning, spaceEfficient, recoverable, protocol, maxIops, replicaTypes, geo);
    }

    static ProfileSpec profile(String id, Map<String, String> requirements) {
        return new ProfileSpec(id, id, "", null, requirements);
    }

    static ProfileSpec profile(String id, String... pathsAndExpressions) {
        Map<String, String> req = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndExpressions.length; i += 2) {
            req.put(pathsAndExpressions[i], pathsAndExpressions[i + 1]);
        }
        return profile(id, req);
    }

    /** An estate where every dock of the pools is alive with running loops, except {@code deadDocks}. */
    static Estate estate(List<PoolSpec> pools, Set<String> deadDocks, List<ProfileSpec> profiles) {
        Map<String, Map<String, LoopStatus>> loops = new TreeMap<>();
        for (PoolSpec p : pools) {
            loops.computeIfAbsent(p.dockId(), x -> new TreeMap<>()).put(p.backend(), new LoopStatus(p.dockId(),
                    p.backend(), p.driver(), LoopState.RUNNING, T0, 1, T0, null, 0, Duration.ofSeconds(60), 1, null));
        }
        List<Estate.DockView> docks = new ArrayList<>();
        loops.forEach((dock, l) -> {
            List<BackendRef> backends = l.keySet().stream().map(b -> new BackendRef(b, "lvm")).toList();
            DockSpec spec = new DockSpec(dock, dock, "storage-" + dock, "127.0.0.1:50051", "az01", backends, "0.1.0",
                    T0, null, T0, T0);
            boolean dead = deadDocks.contains(dock);
            docks.add(new Estate.DockView(dock, Optional.of(spec),
                    dead ? Optional.empty() : Optional.of(new DockAlive("storage-" + dock, 42, T0, "0.1.0", "", "m")),
                    dead ? Map.of() : l));
        });
        return new Estate(7, docks, pools, profiles, List.of());
    }

    static Estate estate(List<PoolSpec> pools, ProfileSpec... profiles) {
        return estate(pools, Set.of(), List.of(profiles));
    }
}

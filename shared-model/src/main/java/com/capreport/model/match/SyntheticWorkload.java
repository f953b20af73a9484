package com.capreport.model.match;

import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The capabilities and service profiles every benchmark uses (JMH {@code MatchBench}, the load
 * harness {@code capreport bench}), so their figures describe the same work.
 *
 * <p>Capabilities are shaped like the LVM and Ceph drivers' output (Swordfish lines of service,
 * one pool in ten without MaxIOPS); profiles mix every operator family, capacity thresholds and a
 * path nobody reports, so matches, non-matches, blockers and suggestions are all exercised.
 * Deterministic for a given {@link Random} seed.
 */
public final class SyntheticWorkload {
    private static final String[] PROTOCOLS = {"iSCSI", "RBD", "NVMeoF", "FC"};
    private static final String[] GEO = {"Rack", "Row", "Server", "Datacenter"};

    private SyntheticWorkload() {
    }

    private static final long GIB = 1L << 30;

    /**
     * {@code n} pools, ten per dock ("node-0" …), two thirds LVM volume groups and one third Ceph RBD
     * pools, 3 % in error and 5 % degraded, updated at {@code at}; the same list for the same seed.
     */
    public static List<PoolSpec> pools(int n, long seed, Instant at) {
        Random random = new Random(seed);
        List<PoolSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pool(random, i, at));
        }
        return out;
    }

    /** Pool number {@code i} of a synthetic estate (see {@link #pools}). */
    public static PoolSpec pool(Random random, int i, Instant at) {
        boolean ceph = random.nextInt(3) == 0;
        PoolStatus status = random.nextInt(100) < 3 ? PoolStatus.ERROR : random.nextInt(100) < 5 ? PoolStatus.DEGRADED
                : PoolStatus.AVAILABLE;
        String dock = "node-" + (i / 10);
        String backend = ceph ? "ceph-1" : "lvm-1";
        String name = (ceph ? "rbd-" : "vg") + i;
        long freeGiB = 50L + random.nextInt(8000);
        return new PoolSpec(PoolIds.poolId(dock, backend, name), at, at, name, "block", "", status, "az01",
                freeGiB * 2, freeGiB, dock, backend, ceph ? "ceph" : "lvm", name, freeGiB * 2 * GIB, freeGiB * GIB,
                extras(random, ceph), java.util.Map.of());
    }

    /** A pool's extras: a Ceph RBD pool or an LVM volume group. */
    public static Map<String, Object> extras(Random random, boolean ceph) {
        Integer iops = random.nextInt(10) == 0 ? null : 500 * (1 + random.nextInt(40));
        List<String> replicas = random.nextBoolean() ? List.of("Snapshot", "Clone") : List.of("Snapshot");
        return extras(ceph || random.nextBoolean() ? "Thin" : "Fixed", random.nextBoolean(), random.nextInt(3),
                ceph ? "RBD" : PROTOCOLS[random.nextInt(PROTOCOLS.length)], iops, replicas,
                GEO[random.nextInt(GEO.length)]);
    }

    /** Extras shaped like the drivers' output. */
    public static Map<String, Object> extras(String provisioning, boolean spaceEfficient, int recoverable,
                                             String protocol, Integer maxIops, List<String> replicaTypes, String geo) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("ProvisioningPolicy", provisioning);
        storage.put("IsSpaceEfficient", spaceEfficient);
        storage.put("RecoverableCapacitySourceCount", recoverable);
        Map<String, Object> io = new LinkedHashMap<>();
        io.put("AccessProtocol", protocol);
        if (maxIops != null) {
            io.put("MaxIOPS", maxIops);
        }
        Map<String, Object> protection = new LinkedHashMap<>();
        protection.put("ReplicaType", replicaTypes);
        protection.put("RecoveryGeographicObjective", geo);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DataStorageLineOfService", storage);
        out.put("IOConnectivityLineOfService", io);
        out.put("DataProtectionLineOfService", protection);
        return out;
    }

    /** {@code count} profiles ("profile-0" …) of one to ten requirements each. */
    public static List<ProfileSpec> profiles(Random random, int count) {
        List<ProfileSpec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> req = new LinkedHashMap<>();
            req.put("freeCapacity", ">= " + (100 * random.nextInt(60)));
            if (random.nextBoolean()) {
                req.put("extras.IOConnectivityLineOfService.MaxIOPS", ">= " + (1000 * random.nextInt(20)));
            }
            if (random.nextBoolean()) {
                req.put("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin");
            }
            if (random.nextInt(3) == 0) {
                req.put("extras.IOConnectivityLineOfService.AccessProtocol", "<or> iSCSI <or> RBD");
            }
            if (random.nextInt(3) == 0) {
                req.put("extras.DataStorageLineOfService.IsSpaceEfficient", "<is> True");
            }
            if (random.nextInt(3) == 0) {
                req.put("extras.DataProtectionLineOfService.ReplicaType", "<all-in> Snapshot Clone");
            }
            if (random.nextInt(4) == 0) {
                req.put("extras.DataProtectionLineOfService.RecoveryGeographicObjective", "s!= Server");
            }
            if (random.nextInt(4) == 0) {
                req.put("extras.DataStorageLineOfService.RecoverableCapacitySourceCount", ">= " + random.nextInt(3));
            }
            if (random.nextInt(10) == 0) {
                req.put("extras.DataProtectionLineOfService.RecoveryPointObjectiveTime", "<= 60");
            }
            if (random.nextInt(5) == 0) {
                req.put("availabilityZone", "az01");
            }
            out.add(new ProfileSpec("profile-" + i, "Profile " + i, "", "block", 1 + random.nextInt(5), req));
        }
        return out;
    }
}

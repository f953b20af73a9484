package com.capreport.dashboard.bench;

import com.capreport.dashboard.profiles.GapMatrixViewModel;
import com.capreport.dashboard.profiles.MatchState;
import com.capreport.dashboard.profiles.MatchSync;
import com.capreport.dashboard.profiles.ProfilesViewModel;
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
import com.capreport.model.match.CapabilityCatalog;
import com.capreport.model.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the profiles feature spends its time with N pools and P profiles, without a UI: the
 * worker's sync (MatchBook + reports + indexes), the same after one pool changed, the FX-thread
 * part (view-models), the editor's preview (one profile evaluated fresh) and the path catalog.
 * Not a test: {@code java -cp … com.capreport.dashboard.bench.ProfilesBench 10000 20}.
 */
public final class ProfilesBench {
    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int p = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<PoolSpec> pools = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pools.add(pool("node-" + (i / 10), "lvm-1", "vg-" + i, 100 + (i * 37L) % 4000, i));
        }
        List<ProfileSpec> profiles = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            Map<String, String> req = new LinkedHashMap<>();
            req.put("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin");
            req.put("extras.IOConnectivityLineOfService.MaxIOPS", ">= " + (1000 + i * 400));
            req.put("freeCapacity", ">= " + (200 + i * 50));
            if (i % 2 == 0) {
                req.put("extras.IOConnectivityLineOfService.AccessProtocol", "iSCSI");
            }
            profiles.add(new ProfileSpec("p" + i, "Profile " + i, "", null, 1 + i % 3, req));
        }
        Estate e1 = estate(pools, profiles);
        List<PoolSpec> changed = new ArrayList<>(pools);
        PoolSpec one = pools.get(n / 2);
        changed.set(n / 2, pool(one.dockId(), one.backend(), one.name(), 1, 999));
        Estate e2 = estate(changed, profiles);

        for (int round = 0; round < 3; round++) {
            MatchSync sync = new MatchSync();
            long t0 = System.nanoTime();
            MatchState s1 = sync.sync(e1);
            long t1 = System.nanoTime();
            MatchState s2 = sync.sync(e2);
            long t2 = System.nanoTime();
            ProfilesViewModel vm = new ProfilesViewModel();
            GapMatrixViewModel gaps = new GapMatrixViewModel();
            vm.apply(s1, T0);
            gaps.apply(s1);
            long t3 = System.nanoTime();
            vm.apply(s2, T0);
            vm.select("p3");
            gaps.apply(s2);
            long t4 = System.nanoTime();
            gaps.reasons("p3", gaps.rows().get(0));
            long t5 = System.nanoTime();
            Matcher.evaluate(profiles.get(3), e2);
            long t6 = System.nanoTime();
            CapabilityCatalog.of(e2.pools());
            long t7 = System.nanoTime();
            com.capreport.model.match.MatchBook book = new com.capreport.model.match.MatchBook();
            book.sync(e1);
            long b0 = System.nanoTime();
            book.sync(e2);
            long b1 = System.nanoTime();
            for (ProfileSpec x : profiles) {
                book.report(x.id());
            }
            long b2 = System.nanoTime();
            System.out.printf("  book.sync after 1 change %s, %d reports %s%n", ms(b1 - b0), profiles.size(), ms(b2 - b1));
            System.out.printf("%,d pools × %d profiles: first sync %s, sync after 1 pool changed %s (%d changes); "
                    + "FX part: first %s, update + select %s; first reasons lookup %s; editor preview %s; "
                    + "catalog %s%n", n, p, ms(t1 - t0), ms(t2 - t1), s2.changes().size(), ms(t3 - t2), ms(t4 - t3),
                    ms(t5 - t4), ms(t6 - t5), ms(t7 - t6));
        }
    }

    private static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static PoolSpec pool(String dock, String backend, String name, long freeGiB, int i) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("ProvisioningPolicy", i % 3 == 0 ? List.of("Thick") : List.of("Thin", "Fixed"));
        storage.put("IsSpaceEfficient", i % 2 == 0);
        storage.put("RecoverableCapacitySourceCount", 1 + i % 3);
        Map<String, Object> io = new LinkedHashMap<>();
        io.put("AccessProtocol", i % 4 == 0 ? "RBD" : "iSCSI");
        io.put("MaxIOPS", 500 + (i * 131) % 9000);
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("DataStorageLineOfService", storage);
        extras.put("IOConnectivityLineOfService", io);
        return new PoolSpec(PoolIds.poolId(dock, backend, name), T0, T0, name, "block", "", PoolStatus.AVAILABLE,
                "az01", freeGiB * 2, freeGiB, dock, backend, "lvm", name, freeGiB * 2 * GIB, freeGiB * GIB, extras,
                Map.of());
    }

    private static Estate estate(List<PoolSpec> pools, List<ProfileSpec> profiles) {
        Map<String, Estate.DockView> docks = new LinkedHashMap<>();
        for (PoolSpec p : pools) {
            docks.computeIfAbsent(p.dockId(), d -> new Estate.DockView(d, Optional.of(new DockSpec(d, d, "h-" + d,
                    "127.0.0.1:50051", "az01", List.of(new BackendRef("lvm-1", "lvm")), "0.1.0", T0, null, T0, T0)),
                    Optional.of(new DockAlive("h-" + d, 42, T0, "0.1.0", "", "m")), Map.of("lvm-1",
                    new LoopStatus(d, "lvm-1", "lvm", LoopState.RUNNING, T0, 1, T0, null, 0, Duration.ofSeconds(60), 1,
                            null))));
        }
        return new Estate(7, new ArrayList<>(docks.values()), pools, profiles, List.of());
    }

}

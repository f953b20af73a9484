package com.capreport.model.attention;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.capreport.model.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttentionTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final long GIB = 1L << 30;

    private static PoolSpec pool(String dock, String backend, String name, PoolStatus status, String reason, int iops) {
        return new PoolSpec(PoolIds.poolId(dock, backend, name), T0, T0.plusSeconds(name.length()), name, "block", "",
                status, "az1", 200, 100, dock, backend, backend.startsWith("ceph") ? "ceph" : "lvm", name, 200 * GIB,
                100 * GIB, Map.of("IOConnectivityLineOfService", Map.of("MaxIOPS", iops)), Map.of(), reason);
    }

    private static LoopStatus loop(String dock, String backend, LoopState state, String error) {
        return new LoopStatus(dock, backend, "sim", state, T0.plusSeconds(30), 3, T0, error, error == null ? 0 : 4,
                Duration.ofSeconds(60), 1, null);
    }

    private static Estate.DockView dock(String id, boolean alive, Map<String, LoopStatus> loops, String... backends) {
        DockSpec spec = new DockSpec(id, id, "host-" + id, "", "az1",
                java.util.Arrays.stream(backends).map(b -> new BackendRef(b, "sim")).toList(), "0.1", T0, null, T0, T0);
        return new Estate.DockView(id, Optional.of(spec),
                alive ? Optional.of(new DockAlive("host-" + id, 1, T0, "0.1", "", "m")) : Optional.empty(), loops);
    }

    private static final ProfileSpec FAST = new ProfileSpec("fast", "fast", "", null,
            Map.of("extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000"));
    private static final ProfileSpec ANY = new ProfileSpec("any", "any", "", null,
            Map.of("extras.IOConnectivityLineOfService.MaxIOPS", ">= 1"));

    @Test
    void listsWhatIsWrongWorstFirstWithTheReasons() {
        List<PoolSpec> pools = List.of(
                pool("node-1", "lvm-1", "vg-gold", PoolStatus.AVAILABLE, "", 3000),
                pool("node-1", "lvm-1", "vg-deg", PoolStatus.DEGRADED, "1 of 2 physical volumes missing", 3000),
                pool("node-1", "ceph-1", "rbd", PoolStatus.ERROR, "", 3000),
                pool("node-2", "lvm-2", "vg-dead", PoolStatus.AVAILABLE, "", 3000),
                pool("node-3", "hung", "vg-hung", PoolStatus.AVAILABLE, "", 3000));
        Estate e = new Estate(9, List.of(
                dock("node-1", true, Map.of("lvm-1", loop("node-1", "lvm-1", LoopState.RUNNING, null),
                        "ceph-1", loop("node-1", "ceph-1", LoopState.ERROR, "ceph: HEALTH_ERR 2 osds down")),
                        "lvm-1", "ceph-1"),
                dock("node-2", false, Map.of(), "lvm-2"),
                dock("node-3", true, Map.of(), "hung")),
                pools, List.of(FAST, ANY), List.of(new Estate.InvalidEntry("/p/docks/x/pools/g", "not valid JSON")));

        Attention a = Attention.of(e, Matcher.evaluate(List.of(FAST, ANY), e));

        assertThat(a.problems()).extracting(Problem::kind).containsExactly(Kind.DOCK_DEAD, Kind.LOOP_DEAD,
                Kind.POOL_ERROR, Kind.PROFILE_UNMET, Kind.POOL_DEGRADED, Kind.INVALID_ENTRY);
        Problem dead = a.problems().get(0);
        assertThat(dead.what()).isEqualTo("dock node-2 on host host-node-2 is dead");
        assertThat(dead.why()).endsWith("1 pool stale");
        assertThat(dead.since()).contains(T0.plusSeconds("vg-dead".length()));
        assertThat(dead.sinceWhat()).isEqualTo("last report");
        assertThat(dead.target()).isEqualTo(new Target.Dock("node-2"));
        assertThat(a.problems().get(1).target()).isEqualTo(new Target.Loop("node-3", "hung"));
        Problem error = a.problems().get(2);
        assertThat(error.why()).isEqualTo("backend ceph-1 is failing: ceph: HEALTH_ERR 2 osds down (4 failures in a row)");
        assertThat(error.since()).contains(T0.plusSeconds(30));
        Problem unmet = a.problems().get(3);
        assertThat(unmet.what()).isEqualTo("profile fast: no pool serves it");
        assertThat(unmet.why()).contains("blocker: extras.IOConnectivityLineOfService.MaxIOPS >= 5000 keeps")
                .contains("best suggestion: ");
        assertThat(a.problems().get(4).why()).isEqualTo("1 of 2 physical volumes missing");
        assertThat(a.problems().get(5).why()).isEqualTo("not valid JSON");
        assertThat(a.problems()).extracting(Problem::severity).isSortedAccordingTo(Enum::compareTo);
        assertThat(a.profilesMet()).isEqualTo(1);
        assertThat(Attention.poolCounts(e)).isEqualTo(new Attention.PoolCounts(1, 1));
    }

    @Test
    void aDockWhoseAliveKeyIsUnreadableIsOneLineWithTheKeyNotADeathAndItsPoolsServeNothing() {
        String key = "/p/docks/node-2/alive";
        Estate.InvalidEntry bad = new Estate.InvalidEntry(key, key + ": Unrecognized token 'not'");
        Estate.DockView d = dock("node-2", false, Map.of(), "lvm-2");
        Estate.DockView unknown = new Estate.DockView(d.dockId(), d.spec(), d.alive(), d.loops(),
                com.capreport.model.DockHistory.NONE, Optional.of(bad));
        List<PoolSpec> pools = List.of(pool("node-2", "lvm-2", "vg-a", PoolStatus.AVAILABLE, "", 6000),
                pool("node-2", "lvm-2", "vg-b", PoolStatus.DEGRADED, "1 PV missing", 6000));
        Estate e = new Estate(4, List.of(unknown), pools, List.of(ANY), List.of(bad));

        Attention a = Attention.of(e, Matcher.evaluate(List.of(ANY), e));

        assertThat(a.problems()).extracting(Problem::kind).as("the dock line stands for its invalid entry and pools")
                .containsExactly(Kind.PROFILE_UNMET, Kind.DOCK_LIVENESS_UNKNOWN);
        Problem p = a.problems().get(1);
        assertThat(p.severity()).isEqualTo(Severity.WARNING);
        assertThat(p.what()).isEqualTo("dock node-2 on host host-node-2: alive key unreadable, liveness unknown")
                .doesNotContain("dead");
        assertThat(p.why()).startsWith(bad.error()).contains("not known dead").endsWith("2 pools not current");
        assertThat(p.target()).isEqualTo(new Target.Dock("node-2"));
        assertThat(a.docksAlive()).isZero();
        assertThat(a.poolsReporting()).isZero();
        assertThat(Attention.poolCounts(e)).as("a degraded pool nobody vouches for is not counted live")
                .isEqualTo(new Attention.PoolCounts(0, 0));
    }

    @Test
    void aCleanEstateSaysSoPlainly() {
        List<PoolSpec> pools = List.of(pool("node-1", "lvm-1", "vg-gold", PoolStatus.AVAILABLE, "", 6000));
        Estate e = new Estate(3, List.of(dock("node-1", true,
                Map.of("lvm-1", loop("node-1", "lvm-1", LoopState.RUNNING, null)), "lvm-1")), pools,
                List.of(FAST), List.of());

        Attention a = Attention.of(e, Matcher.evaluate(List.of(FAST), e));

        assertThat(a.clear()).isTrue();
        assertThat(a.allClear()).isEqualTo("Nothing needs attention: 1 dock alive, 1 pool reporting, 1 profile met");
    }

    @Test
    void poolsRankErrorDegradedStaleUnavailableAvailable() {
        assertThat(List.of(Attention.poolRank(PoolStatus.ERROR, false), Attention.poolRank(PoolStatus.DEGRADED, false),
                Attention.poolRank(PoolStatus.AVAILABLE, true), Attention.poolRank(PoolStatus.UNAVAILABLE, false),
                Attention.poolRank(PoolStatus.AVAILABLE, false))).isSorted().doesNotHaveDuplicates();
    }
}

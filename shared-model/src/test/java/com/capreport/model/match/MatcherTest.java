package com.capreport.model.match;

import static com.capreport.model.match.Pools.estate;
import static com.capreport.model.match.Pools.extras;
import static com.capreport.model.match.Pools.pool;
import static com.capreport.model.match.Pools.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatcherTest {
    private static final ProfileSpec GOLD = profile("gold",
            "freeCapacity", ">= 500",
            "extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin",
            "extras.IOConnectivityLineOfService.AccessProtocol", "<or> iSCSI <or> RBD",
            "extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000",
            "extras.DataProtectionLineOfService.RecoveryGeographicObjective", "s!= Server");

    private static PoolSpec thin(String dock, String name, long freeGiB, Integer iops) {
        return pool(dock, "lvm-1", name, freeGiB, extras("Thin", true, 1, "iSCSI", iops, List.of("Snapshot"), "Rack"));
    }

    @Test
    void matchesAreRankedByFreeCapacityMostFirst() {
        PoolSpec small = thin("node-1", "small", 600, 9000);
        PoolSpec big = thin("node-2", "big", 4000, 9000);
        PoolSpec mid = thin("node-3", "mid", 1200, 9000);

        ProfileReport r = Matcher.evaluate(GOLD, estate(List.of(small, big, mid)));

        assertThat(r.matches()).extracting(PoolSpec::name).containsExactly("big", "mid", "small");
        assertThat(r.nonMatches()).isEmpty();
        assertThat(r.blocker()).isEmpty();
        assertThat(r.suggestions()).isEmpty();
        assertThat(r.satisfiable()).isTrue();
    }

    @Test
    void everyFailingRequirementGivesItsOwnReason() {
        PoolSpec fixed = pool("node-1", "lvm-1", "vg0", 300,
                extras("Fixed", false, 0, "iSCSI", 3000, List.of(), "Server"));

        ProfileReport r = Matcher.evaluate(GOLD, estate(List.of(fixed)));

        assertThat(r.matches()).isEmpty();
        NonMatch n = r.nonMatches().get(0);
        assertThat(n.cell()).isEqualTo(Cell.FAILS);
        assertThat(n.reasons()).extracting(Reason::message).containsExactly(
                "freeCapacity reports 300 GiB, needs >= 500 GiB",
                "DataStorageLineOfService.ProvisioningPolicy reports \"Fixed\", needs <in> Thin",
                "IOConnectivityLineOfService.MaxIOPS reports 3000, needs >= 5000",
                "DataProtectionLineOfService.RecoveryGeographicObjective reports \"Server\", needs s!= Server");
        assertThat(n.reasons()).extracting(Reason::kind).containsOnly(Reason.Kind.FAILS);
    }

    @Test
    void aPoolThatDoesNotReportAPathSaysSoInsteadOfAValue() {
        PoolSpec noIops = thin("node-1", "vg0", 900, null);

        ProfileReport r = Matcher.evaluate(GOLD, estate(List.of(noIops)));

        assertThat(r.nonMatches().get(0).reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.kind()).isEqualTo(Reason.Kind.NOT_REPORTED);
            assertThat(reason.message()).isEqualTo("does not report IOConnectivityLineOfService.MaxIOPS");
            assertThat(reason.path()).isEqualTo("extras.IOConnectivityLineOfService.MaxIOPS");
        });
    }

    @Test
    void errorUnavailableAndStalePoolsNeverMatchAndSaySo() {
        PoolSpec error = thin("node-1", "err", 900, 9000).withStatus(PoolStatus.ERROR, Pools.T0);
        PoolSpec gone = thin("node-1", "gone", 900, 9000).withStatus(PoolStatus.UNAVAILABLE, Pools.T0);
        PoolSpec degraded = thin("node-1", "deg", 900, 9000).withStatus(PoolStatus.DEGRADED, Pools.T0);
        PoolSpec onDeadDock = thin("node-2", "dead", 5000, 9000);

        ProfileReport r = Matcher.evaluate(GOLD, estate(List.of(error, gone, degraded, onDeadDock), Set.of("node-2"),
                List.of()));

        assertThat(r.matches()).extracting(PoolSpec::name).containsExactly("deg");
        Map<String, NonMatch> byName = new LinkedHashMap<>();
        r.nonMatches().forEach(n -> byName.put(n.pool().name(), n));
        assertThat(byName.get("err").cell()).isEqualTo(Cell.FAILS);
        assertThat(byName.get("err").reasons().get(0).message()).isEqualTo("pool is in error (its backend lvm-1 is failing)");
        assertThat(byName.get("gone").reasons().get(0).kind()).isEqualTo(Reason.Kind.POOL_STATUS);
        assertThat(byName.get("dead").cell()).isEqualTo(Cell.STALE);
        assertThat(byName.get("dead").reasons().get(0).message()).startsWith("dock node-2 is dead; last report ");
        assertThat(r.staleCount()).isEqualTo(1);
        // Pools that cannot serve anything do not make a requirement "the blocker", nor a suggestion.
        assertThat(r.blocker()).isEmpty();
        assertThat(r.suggestions()).isEmpty();
    }

    @Test
    void aStalePoolsReasonSaysItsTimesToTheSecondInUtcNotAsRawInstants() {
        // The reason reaches notifications, Events and the Profiles view as it is: an admin read
        // "dead since 2026-12-04T20:21:12.702542335Z; last report 2026-12-04T20:20:47.416Z" there.
        PoolSpec onDeadDock = thin("node-2", "dead", 5000, 9000).withTimestamps(Pools.T0, Pools.T0.plusNanos(416_000_123));

        NonMatch n = Matcher.evaluate(GOLD, estate(List.of(onDeadDock), Set.of("node-2"), List.of()))
                .nonMatches().get(0);

        assertThat(n.reasons().get(0).message()).isEqualTo("dock node-2 is dead; last report 2026-11-25 10:00:00 UTC");
    }

    @Test
    void aDeadReportLoopMakesItsPoolsStaleWhileTheDockLives() {
        PoolSpec p = thin("node-1", "vg0", 900, 9000);
        Estate live = estate(List.of(p));
        Estate.DockView d = live.dock("node-1").orElseThrow();
        Estate loopGone = new Estate(8, List.of(new Estate.DockView("node-1", d.spec(), d.alive(), Map.of())),
                List.of(p), List.of(), List.of());

        NonMatch n = Matcher.evaluate(GOLD, loopGone).nonMatches().get(0);

        assertThat(n.cell()).isEqualTo(Cell.STALE);
        assertThat(n.reasons().get(0).message()).contains("report loop of backend lvm-1 on dock node-1 is dead");
    }

    @Test
    void theBlockerIsTheRequirementFailingTheMostPoolsAndRelaxingItIsSuggested() {
        List<PoolSpec> pools = new ArrayList<>();
        pools.add(thin("node-1", "a", 800, 3000));
        pools.add(thin("node-2", "b", 700, 3000));
        pools.add(thin("node-3", "c", 900, 4000));
        pools.add(thin("node-4", "d", 600, 1000));
        pools.add(thin("node-5", "e", 100, 9000)); // fails only freeCapacity

        ProfileReport r = Matcher.evaluate(GOLD, estate(pools));

        assertThat(r.matches()).isEmpty();
        assertThat(r.blocker()).contains(new Blocker("extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000", 4));
        assertThat(r.suggestions()).extracting(Suggestion::message).containsExactly(
                "IOConnectivityLineOfService.MaxIOPS >= 5000 → >= 1000 admits 4 pools: node-3/c, node-1/a, node-2/b, +1 more",
                "freeCapacity >= 500 → >= 100 GiB admits 1 pool: node-5/e",
                "IOConnectivityLineOfService.MaxIOPS >= 5000 → >= 4000 admits 1 pool: node-3/c");
        Suggestion nearest = r.suggestions().get(2);
        assertThat(nearest.to()).isEqualTo(">= 4000");
        assertThat(nearest.poolIds()).containsExactly(pools.get(2).id());
        // Applying the suggestion really admits the pools it names.
        Map<String, String> relaxed = new LinkedHashMap<>(GOLD.requirements());
        relaxed.put(nearest.path(), nearest.to());
        assertThat(Matcher.evaluate(GOLD.withRequirements(relaxed), estate(pools)).matchIds())
                .containsExactlyElementsOf(nearest.poolIds());
    }

    @Test
    void anEqualityRequirementIsRelaxedByAddingTheValueTheCandidatesReport() {
        List<PoolSpec> pools = List.of(
                pool("node-1", "ceph-1", "rbd", 900, extras("Thin", true, 2, "RBD", 9000, List.of(), "Rack")),
                pool("node-2", "ceph-1", "nvme", 800, extras("Thin", true, 2, "NVMeoF", 9000, List.of(), "Rack")),
                pool("node-3", "ceph-1", "nvme2", 700, extras("Thin", true, 2, "NVMeoF", 9000, List.of(), "Rack")));
        ProfileSpec iscsiOnly = profile("iscsi", "extras.IOConnectivityLineOfService.AccessProtocol", "<or> iSCSI <or> RBD");

        ProfileReport r = Matcher.evaluate(iscsiOnly, estate(pools));

        assertThat(r.suggestions()).extracting(Suggestion::message).first().isEqualTo(
                "IOConnectivityLineOfService.AccessProtocol <or> iSCSI <or> RBD → <or> iSCSI <or> RBD <or> NVMeoF"
                        + " admits 2 pools: node-2/nvme, node-3/nvme2");
    }

    @Test
    void aProfileThatDoesNotParseMatchesNothingAndSaysWhy() {
        ProfileSpec broken = profile("broken", "extras.IOConnectivityLineOfService.MaxIOPS", ">= fast");

        ProfileReport r = Matcher.evaluate(broken, estate(List.of(thin("node-1", "vg0", 900, 9000))));

        assertThat(r.matches()).isEmpty();
        assertThat(r.errors()).containsExactly(
                "extras.IOConnectivityLineOfService.MaxIOPS: '>=' needs a number, found 'fast' (at position 4)");
    }

    @Test
    void theProfilesStorageTypeIsARequirementToo() {
        PoolSpec block = thin("node-1", "vg0", 900, 9000);
        ProfileSpec file = new ProfileSpec("nfs", "nfs", "", "file", Map.of());

        ProfileReport r = Matcher.evaluate(file, estate(List.of(block)));

        assertThat(r.nonMatches().get(0).reasons()).extracting(Reason::message)
                .containsExactly("storageType reports \"block\", needs file");
    }

    @Test
    void theOfflineEstateOfASnapshotKeepsTheDocksLiveness() {
        PoolSpec alive = thin("node-1", "a", 900, 9000);
        PoolSpec dead = thin("node-2", "b", 900, 9000);
        Estate live = estate(List.of(alive, dead), Set.of("node-2"), List.of(GOLD));
        com.capreport.model.Snapshot snapshot = new com.capreport.model.Snapshot(1, Pools.T0,
                new com.capreport.model.Snapshot.Source(List.of("http://127.0.0.1:2379"), "/capreport/v1", 7),
                live.docks().stream().map(d -> new com.capreport.model.Snapshot.DockEntry(d.spec().orElseThrow(),
                        d.alive().isPresent(), d.alive().orElse(null))).toList(),
                live.docks().stream().flatMap(d -> d.loops().values().stream()).toList(),
                live.pools(), live.profiles(), List.of(), List.of());

        Estate offline = Estate.fromSnapshot(snapshot);

        assertThat(Matcher.evaluate(GOLD, offline).matchIds()).containsExactly(alive.id());
        assertThat(Matcher.evaluate(GOLD, offline).nonMatches().get(0).cell()).isEqualTo(Cell.STALE);
        assertThat(offline.profiles()).containsExactly(GOLD);
    }

    @Test
    void droppingARequirementIsSuggestedWhenPoolsDoNotReportIt() {
        List<PoolSpec> pools = List.of(thin("node-1", "a", 900, null), thin("node-2", "b", 800, null));

        ProfileReport r = Matcher.evaluate(GOLD, estate(pools));

        assertThat(r.suggestions()).extracting(Suggestion::message).containsExactly(
                "without IOConnectivityLineOfService.MaxIOPS >= 5000: admits 2 pools: node-1/a, node-2/b");
        assertThat(r.suggestions().get(0).drops()).isTrue();
    }

    @Test
    void anExplicitNullIsAReportedValueAndADottedVendorKeyIsFound() {
        Map<String, Object> extras = new LinkedHashMap<>(extras("Thin", true, 1, "iSCSI", null, List.of(), "Rack"));
        Map<String, Object> io = new LinkedHashMap<>();
        io.put("MaxIOPS", null);
        extras.put("IOConnectivityLineOfService", io);
        extras.put("advanced", Map.of("lvm.vgAttr", "wz--n-"));
        PoolSpec p = pool("node-1", "lvm-1", "vg0", 900, extras);
        ProfileSpec profile = profile("p", "extras.IOConnectivityLineOfService.MaxIOPS", ">= 1",
                "extras.advanced.lvm.vgAttr", "<in> wz", "extras.advanced.missing", "x");

        ProfileReport r = Matcher.evaluate(profile, estate(List.of(p)));

        assertThat(r.nonMatches().get(0).reasons()).extracting(Reason::message).containsExactly(
                "IOConnectivityLineOfService.MaxIOPS reports null (no value), needs >= 1",
                "does not report advanced.missing");
    }

    @Test
    void aBooleanRequirementIsRelaxedByDroppingItNotByAllowingBothValues() {
        PoolSpec plain = pool("node-1", "lvm-1", "vg0", 900, extras("Thin", false, 1, "iSCSI", 9000, List.of(), "Rack"));
        ProfileSpec efficient = profile("eff", "extras.DataStorageLineOfService.IsSpaceEfficient", "True");

        ProfileReport r = Matcher.evaluate(efficient, estate(List.of(plain)));

        assertThat(r.suggestions()).extracting(Suggestion::message).containsExactly(
                "without DataStorageLineOfService.IsSpaceEfficient True: admits 1 pool: node-1/vg0");
    }

    @Test
    void capacityInGibIsComparedExactlyNotAsTheRoundedDownField() {
        PoolSpec p = pool("node-1", "lvm-1", "vg0", 1, extras("Thin", true, 1, "iSCSI", 9000, List.of(), "Rack"));
        PoolSpec almostTwo = new PoolSpec(p.id(), p.createdAt(), p.updatedAt(), p.name(), p.storageType(), p.description(),
                p.status(), p.availabilityZone(), 4, 1, p.dockId(), p.backend(), p.driver(), p.nativeId(), 4L << 30,
                (long) (1.9 * (1L << 30)), p.extras(), p.capabilitySources());

        ProfileReport atLeast = Matcher.evaluate(profile("a", "freeCapacity", ">= 1536 MiB"), estate(List.of(almostTwo)));
        ProfileReport atMost = Matcher.evaluate(profile("b", "freeCapacity", "<= 1"), estate(List.of(almostTwo)));

        assertThat(atLeast.matches()).hasSize(1);
        assertThat(atMost.nonMatches().get(0).reasons()).extracting(Reason::message)
                .containsExactly("freeCapacity reports 1.9 GiB, needs <= 1 GiB");
        assertThat(atMost.suggestions()).extracting(Suggestion::to).contains("<= 1.9 GiB");
    }

    @Test
    void aNoBreakSpaceSeparatesWordsAsInPython() throws Exception {
        assertThat(Requirement.parse("p", "<in>\u00a0Thin").operator()).isEqualTo(Operator.IN);
    }
}

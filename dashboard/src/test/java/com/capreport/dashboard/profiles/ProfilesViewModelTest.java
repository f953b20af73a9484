package com.capreport.dashboard.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Cell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The profiles view-models on estates built in memory: which count changes are news, cells, editor rows. */
class ProfilesViewModelTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final String IOPS = "extras.IOConnectivityLineOfService.MaxIOPS";

    static PoolSpec pool(String dock, String name, int iops) {
        Map<String, Object> io = new LinkedHashMap<>();
        io.put("AccessProtocol", "iSCSI");
        io.put("MaxIOPS", iops);
        return new PoolSpec(PoolIds.poolId(dock, "lvm-1", name), T0, T0, name, "block", "", PoolStatus.AVAILABLE, "az01",
                2000, 1000, dock, "lvm-1", "lvm", name, 2000L << 30, 1000L << 30, Map.of("IOConnectivityLineOfService", io),
                Map.of());
    }

    static Estate estate(List<PoolSpec> pools, Set<String> deadDocks, ProfileSpec... profiles) {
        Map<String, Estate.DockView> docks = new LinkedHashMap<>();
        for (PoolSpec p : pools) {
            String d = p.dockId();
            boolean dead = deadDocks.contains(d);
            docks.computeIfAbsent(d, x -> new Estate.DockView(d, Optional.of(new DockSpec(d, d, "h-" + d,
                    "127.0.0.1:50051", "az01", List.of(new BackendRef("lvm-1", "lvm")), "0.1.0", T0, null, T0, T0)),
                    dead ? Optional.empty() : Optional.of(new DockAlive("h-" + d, 42, T0, "0.1.0", "", "m")),
                    dead ? Map.of() : Map.of("lvm-1", new LoopStatus(d, "lvm-1", "lvm", LoopState.RUNNING, T0, 1, T0,
                            null, 0, Duration.ofSeconds(60), 1, null))));
        }
        return new Estate(7, new ArrayList<>(docks.values()), pools, List.of(profiles), List.of());
    }

    static ProfileSpec fast(Integer minMatches) {
        return new ProfileSpec("fast", "Fast", "", null, minMatches, Map.of(IOPS, ">= 5000"));
    }

    @Test
    void fallingBelowTheThresholdAlertsOnceAndOnlyAnAlertedProfileGetsARecoveryNote() {
        MatchSync sync = new MatchSync();
        ProfilesViewModel vm = new ProfilesViewModel();
        PoolSpec a = pool("node-1", "vg-a", 8000);
        PoolSpec b = pool("node-1", "vg-b", 6000);
        ProfileSpec fast = fast(2);
        ProfileSpec slow = new ProfileSpec("slow", "Slow", "", null, null, Map.of(IOPS, "<= 100"));

        assertThat(vm.apply(sync.sync(estate(List.of(a, b), Set.of(), fast, slow)), T0))
                .as("the first estate is the baseline, even with a profile at zero").isEmpty();
        assertThat(vm.atRisk().get()).isEqualTo(1);

        List<ProfileAlert> down = vm.apply(sync.sync(estate(List.of(a, pool("node-1", "vg-b", 3000)), Set.of(),
                fast, slow)), T0);
        assertThat(down).singleElement().satisfies(x -> {
            assertThat(x.recovery()).isFalse();
            assertThat(x.title()).isEqualTo("Profile Fast: only 1 pool matches (needs 2)");
            assertThat(x.text()).contains("2 → 1 matching pools").contains("vg-b");
            assertThat(x.event().severity()).isEqualTo(EstateEvents.Severity.WARNING);
            assertThat(x.event().dockId()).isEqualTo("profile:fast");
        });
        assertThat(vm.rows()).filteredOn(r -> r.id().equals("fast")).singleElement()
                .satisfies(r -> assertThat(r.standing()).isEqualTo(ProfileRow.Standing.BELOW));
        assertThat(vm.atRisk().get()).isEqualTo(2);

        List<ProfileAlert> up = vm.apply(sync.sync(estate(List.of(a, b), Set.of(), fast, slow)), T0);
        assertThat(up).singleElement().satisfies(x -> {
            assertThat(x.recovery()).isTrue();
            assertThat(x.event().severity()).isEqualTo(EstateEvents.Severity.INFO);
            assertThat(x.suggestion()).isEmpty();
        });
        // "slow" gaining a pool it never had enough of is not a recovery: nobody was told it was down.
        assertThat(vm.apply(sync.sync(estate(List.of(a, b, pool("node-1", "vg-c", 50)), Set.of(), fast, slow)), T0))
                .isEmpty();
    }

    @Test
    void anInvalidProfileSaysOnlyThatItIsInvalidAndWhyNeverThatEveryOrNoPoolServesIt() {
        ProfilesViewModel vm = new ProfilesViewModel();
        ProfileSpec broken = new ProfileSpec("broken", "Broken", "", null, null, Map.of(IOPS, ">= fast"));
        vm.apply(new MatchSync().sync(estate(List.of(pool("node-1", "vg-a", 8000)), Set.of(), broken)), T0);

        vm.select("broken");

        assertThat(vm.invalid().get()).isTrue();
        assertThat(vm.blocker().get()).startsWith("Invalid: ").contains("'>=' needs a number");
        assertThat(vm.summary().get()).isEqualTo("invalid · not matched against any pool");
        assertThat(vm.matches()).isEmpty();
        assertThat(vm.nonMatches()).isEmpty();
        assertThat(vm.unsatisfied()).isEmpty();
        assertThat(vm.suggestions()).isEmpty();
    }

    @Test
    void anUnsatisfiableProfileListsEveryRequirementExcludingAllPoolsAndTheClosestPools() {
        ProfilesViewModel vm = new ProfilesViewModel();
        ProfileSpec tough = new ProfileSpec("tough", "Tough", "", null, null,
                Map.of(IOPS, ">= 50000", "extras.IOConnectivityLineOfService.AccessProtocol", "FC"));
        vm.apply(new MatchSync().sync(estate(List.of(pool("node-1", "vg-a", 8000), pool("node-1", "vg-b", 9000)),
                Set.of(), tough, fast(null))), T0);

        vm.select("tough");

        assertThat(vm.invalid().get()).isFalse();
        assertThat(vm.unsatisfied()).containsExactlyInAnyOrder(
                "Excludes every usable pool: IOConnectivityLineOfService.MaxIOPS >= 50000 (all 2 fail it)",
                "Excludes every usable pool: IOConnectivityLineOfService.AccessProtocol FC (all 2 fail it)",
                "Closest pools (fewest failing requirements):",
                "• node-1/vg-a lacks: " + String.join(", ", lacks(tough, 8000)),
                "• node-1/vg-b lacks: " + String.join(", ", lacks(tough, 9000)));
        assertThat(vm.noMatchesText().get()).isEqualTo("No pool serves this profile");
        vm.select("fast");
        assertThat(vm.unsatisfied()).isEmpty();
    }

    /** The profile's requirements in its own order, as each pool lacks them. */
    private static List<String> lacks(ProfileSpec p, int iops) {
        return p.requirements().keySet().stream().map(k -> k.equals(IOPS) ? "MaxIOPS " + iops + " needs >= 50000"
                : "AccessProtocol \"iSCSI\" needs FC").toList();
    }

    @Test
    void poolsOfADeadDockAreStaleCellsWithTheReasonAndTheSelectionShowsRankedMatches() {
        MatchSync sync = new MatchSync();
        GapMatrixViewModel gaps = new GapMatrixViewModel();
        ProfilesViewModel vm = new ProfilesViewModel();
        MatchState s = sync.sync(estate(List.of(pool("node-1", "vg-a", 8000), pool("node-2", "vg-z", 9000),
                pool("node-1", "vg-slow", 1000)), Set.of("node-2"), fast(null)));
        gaps.apply(s);
        vm.apply(s, T0);
        GapMatrixViewModel.PoolLine z = gaps.rows().stream().filter(l -> l.pool().name().equals("vg-z"))
                .findFirst().orElseThrow();
        assertThat(gaps.cell("fast", z)).isEqualTo(Cell.STALE);
        assertThat(gaps.tooltip("fast", z)).contains("stale").contains("node-2");
        GapMatrixViewModel.PoolLine slow = gaps.rows().stream().filter(l -> l.pool().name().equals("vg-slow"))
                .findFirst().orElseThrow();
        assertThat(gaps.cellText("fast", slow))
                .isEqualTo("fails: MaxIOPS");
        gaps.select(slow.pool().id(), "fast");
        assertThat(gaps.details().get()).contains("1000").contains("5000");

        vm.select("fast");
        assertThat(vm.matches()).extracting(m -> m.pool().name()).containsExactly("vg-a");
        assertThat(vm.nonMatches()).extracting(g -> g.nonMatch().pool().name()).containsExactlyInAnyOrder("vg-z",
                "vg-slow");
    }

    @Test
    void aStoredExpressionSplitsIntoTheOperatorTheEditorOffersAndBackUnchanged() {
        for (String e : List.of(">= 5000", "<in> Thin", "<or> iSCSI <or> FC", "iSCSI", "s>= abc", "<is> True",
                "<all-in> Thin Fixed", "= 100")) {
            RequirementRow r = new RequirementRow("p", e);
            assertThat(r.expression()).as(e).isEqualTo(e);
        }
        RequirementRow or = new RequirementRow("p", "<or> iSCSI <or> FC");
        assertThat(or.operator().get().token()).isEqualTo("<or>");
        assertThat(or.value().get()).isEqualTo("iSCSI <or> FC");
        RequirementRow bare = new RequirementRow("p", "iSCSI");
        assertThat(bare.operator().get().token()).isEmpty();
        assertThat(new RequirementRow("p", "s>= abc").operator().get().token()).isEqualTo("s>=");
    }
}

package com.capreport.dashboard.attention;

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
import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Target;
import com.capreport.model.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Attention view-model headless: what it lists, when it says a problem began, where it leads. */
class AttentionViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final ProfileSpec FAST = new ProfileSpec("fast", "fast", "", null,
            Map.of("extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000"));

    private static PoolSpec pool(String name, PoolStatus status, String reason) {
        return new PoolSpec(PoolIds.poolId("node-1", "lvm-1", name), T0, T0, name, "block", "", status, "az1", 2, 1,
                "node-1", "lvm-1", "lvm", name, 2L << 30, 1L << 30,
                Map.of("IOConnectivityLineOfService", Map.of("MaxIOPS", 1000)), Map.of(), reason);
    }

    private static Estate estate(boolean alive, PoolSpec... pools) {
        DockSpec spec = new DockSpec("node-1", "node-1", "h1", "", "az1", List.of(new BackendRef("lvm-1", "lvm")), "0.1",
                T0, null, T0, T0);
        Map<String, LoopStatus> loops = alive ? Map.of("lvm-1", new LoopStatus("node-1", "lvm-1", "lvm",
                LoopState.RUNNING, T0, 1, T0, null, 0, Duration.ofSeconds(60), pools.length, null)) : Map.of();
        return new Estate(1, List.of(new Estate.DockView("node-1", Optional.of(spec),
                alive ? Optional.of(new DockAlive("h1", 1, T0, "0.1", "", "m")) : Optional.empty(), loops)),
                List.of(pools), List.of(FAST), List.of());
    }

    @Test
    void aProblemAlreadyThereAtStartHasNoNoticedTimeOneThatAppearsLaterHas() {
        AttentionViewModel vm = new AttentionViewModel();
        Estate first = estate(true, pool("vg-a", PoolStatus.DEGRADED, "1 of 2 physical volumes missing"));
        vm.apply(first, T0);
        vm.profiles(Matcher.evaluate(List.of(FAST), first), T0);
        assertThat(vm.rows()).extracting(r -> r.problem().kind()).containsExactly(Kind.PROFILE_UNMET, Kind.POOL_DEGRADED);
        assertThat(vm.rows()).allMatch(r -> r.noticed().isEmpty());

        Instant later = T0.plusSeconds(90);
        vm.apply(estate(false, pool("vg-a", PoolStatus.DEGRADED, "1 of 2 physical volumes missing")), later);

        AttentionRow dead = vm.rows().get(0);
        assertThat(dead.problem().kind()).isEqualTo(Kind.DOCK_DEAD);
        assertThat(dead.noticed()).contains(later);
        assertThat(dead.tone()).isEqualTo(com.capreport.dashboard.common.Tone.ERROR);
        assertThat(vm.degradedCount().get()).as("a dead dock's pools are stale, not counted degraded").isZero();
    }

    /**
     * While etcd does not answer, what is known is as of its last answer: etcd's own row goes first and
     * the headline says "as of"; when etcd answers again both go.
     */
    @Test
    void whileEtcdDoesNotAnswerItsRowGoesFirstAndTheHeadlineSaysAsOf() {
        AttentionViewModel vm = new AttentionViewModel();
        Estate e = estate(true, pool("vg-a", PoolStatus.DEGRADED, "1 of 2 physical volumes missing"));
        vm.apply(e, T0);
        vm.connection(true, Optional.empty(), 328, "", "etcd", T0);
        assertThat(vm.rows()).extracting(r -> r.problem().kind()).containsExactly(Kind.POOL_DEGRADED);

        Instant down = T0.plusSeconds(10);
        vm.connection(false, Optional.of(down), 328, "etcd did not answer within 5s", "etcd", down.plusSeconds(21));
        assertThat(vm.rows()).extracting(r -> r.problem().kind())
                .containsExactly(Kind.ETCD_UNREACHABLE, Kind.POOL_DEGRADED);
        AttentionRow etcd = vm.rows().get(0);
        String clock = com.capreport.dashboard.common.Formats.clock(down);
        assertThat(etcd.problem().what()).isEqualTo("etcd unreachable since " + clock + " (21 s)");
        assertThat(etcd.problem().why()).contains("etcd did not answer within 5s", "as of revision 328");
        assertThat(etcd.tone()).isEqualTo(com.capreport.dashboard.common.Tone.ERROR);
        assertThat(vm.headline().get()).startsWith("1 error, 1 warning — worst first. As of revision 328, " + clock
                + " (before etcd stopped answering): 1 of 1 docks alive");
        assertThat(vm.clear().get()).isFalse();
        // the 1 s tick moves the length on
        vm.connection(false, Optional.of(down), 328, "etcd did not answer within 5s", "etcd", down.plusSeconds(22));
        assertThat(vm.rows().get(0).problem().what()).endsWith("(22 s)");

        vm.connection(true, Optional.empty(), 340, "", "etcd", down.plusSeconds(23));
        assertThat(vm.rows()).extracting(r -> r.problem().kind()).containsExactly(Kind.POOL_DEGRADED);
        assertThat(vm.headline().get()).doesNotContain("as of", "As of");
    }

    /** A reload after an etcd outage: the dock's leases expired, its pools went stale, then it re-registered. */
    @Test
    void aProblemThatPersistsAcrossAReloadKeepsItsSinceOneThatClearsAndComesBackGetsANewOne() {
        AttentionViewModel vm = new AttentionViewModel();
        PoolSpec ok = pool("vg-a", PoolStatus.AVAILABLE, "");
        PoolSpec degraded = pool("vg-a", PoolStatus.DEGRADED, "1 of 2 physical volumes missing");
        vm.apply(estate(true, ok), T0);
        vm.profiles(Matcher.evaluate(List.of(FAST), estate(true, ok)), T0);
        // The profile was unmet from the start: said so honestly, not as if it began at the start.
        AttentionRow unmet = vm.rows().get(0);
        assertThat(unmet.problem().kind()).isEqualTo(Kind.PROFILE_UNMET);
        assertThat(unmet.noticed()).isEmpty();
        assertThat(unmet.sinceText(T0.plusSeconds(300))).startsWith("since dashboard start ")
                .endsWith(" or earlier (≥ 5 min 0 s)");

        Instant began = T0.plusSeconds(60);
        vm.apply(estate(true, degraded), began);
        assertThat(degradedRow(vm).noticed()).contains(began);

        // The outage and reload: the dock is dead (its pools stale, the problem hidden), then alive again.
        vm.apply(estate(false, degraded), T0.plusSeconds(3600));
        vm.profiles(List.of(), T0.plusSeconds(3600)); // profiles being matched again
        assertThat(vm.rows()).noneMatch(r -> r.problem().kind() == Kind.POOL_DEGRADED);
        vm.apply(estate(true, degraded), T0.plusSeconds(3620));
        vm.profiles(Matcher.evaluate(List.of(FAST), estate(true, degraded)), T0.plusSeconds(3620));
        assertThat(degradedRow(vm).noticed()).as("the hour-old problem keeps its since").contains(began);
        assertThat(vm.rows().stream().filter(r -> r.problem().kind() == Kind.PROFILE_UNMET).findFirst().orElseThrow()
                .noticed()).as("still the one from the start").isEmpty();

        // Seen fine, then degraded again: a new problem, a new since.
        vm.apply(estate(true, ok), T0.plusSeconds(3700));
        Instant again = T0.plusSeconds(3710);
        vm.apply(estate(true, degraded), again);
        assertThat(degradedRow(vm).noticed()).contains(again);
    }

    private static AttentionRow degradedRow(AttentionViewModel vm) {
        return vm.rows().stream().filter(r -> r.problem().kind() == Kind.POOL_DEGRADED).findFirst().orElseThrow();
    }

    @Test
    void aRowOpensItsTargetAndTheCountsOpenTheFilteredViews() {
        AttentionViewModel vm = new AttentionViewModel();
        List<Object> opened = new ArrayList<>();
        vm.navigator(new Navigator() {
            @Override
            public void open(Target target) {
                opened.add(target);
            }

            @Override
            public void pools(PoolStatus status) {
                opened.add(status);
            }

            @Override
            public void invalidEntries() {
                opened.add("invalid");
            }
        });
        PoolSpec bad = pool("vg-b", PoolStatus.ERROR, "");
        vm.apply(estate(true, bad), T0);
        assertThat(vm.errorCount().get()).isEqualTo(1);
        vm.open(vm.rows().get(0));
        vm.openPools(PoolStatus.ERROR);
        vm.openInvalid();
        assertThat(opened).containsExactly(new Target.Pool(bad.id()), PoolStatus.ERROR, "invalid");
        assertThat(vm.headline().get()).startsWith("1 error — worst first.");
    }

    @Test
    void nothingWrongIsSaidPlainly() {
        AttentionViewModel vm = new AttentionViewModel();
        Estate e = estate(true, pool("vg-c", PoolStatus.AVAILABLE, ""));
        vm.apply(e, T0);
        vm.profiles(List.of(), T0);
        assertThat(vm.clear().get()).isTrue();
        assertThat(vm.headline().get()).isEqualTo("Nothing needs attention: 1 dock alive, 1 pool reporting, 0 profiles met");
    }
}

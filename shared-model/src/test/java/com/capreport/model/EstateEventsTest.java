package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.match.MatchBook;
import com.capreport.model.match.ProfileChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The events an admin hears about, derived from estates as the dashboard's feed sees them (through a
 * {@link LivenessTracker}, time stepped by the test): a killed agent is one dead dock, a hung loop
 * a dead thread only after its lease TTL, a first registration no recovery, an etcd outage one
 * explanation.
 */
class EstateEventsTest {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);
    private static final Instant T0 = Instant.parse("2026-12-04T13:35:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final List<String> BACKENDS = List.of("lvm-1", "ceph-1", "exports");

    private final Map<String, byte[]> entries = new HashMap<>();
    private final LivenessTracker tracker = new LivenessTracker();
    private final List<EstateEvents.Event> events = new ArrayList<>();
    private Estate last;
    private long revision;

    @Test
    void killedAgentWhoseLoopKeysExpireBeforeItsAliveIsOneDeadDockAndNoDeadLoop() {
        register("node-1");
        observe(T0, true);

        // kill -9: the loop leases were renewed a little earlier than the process lease, so they go first
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        observe(T0.plusSeconds(2), true);
        assertThat(last.dock("node-1").orElseThrow().loopHealth()).as("no verdict within the lease TTL")
                .containsOnlyKeys(BACKENDS).allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.SILENT));
        assertThat(events).isEmpty();
        assertThat(PoolStanding.of(last, pool("node-1", "lvm-1")).kind()).as("silent loop keeps the pool's status")
                .isEqualTo(PoolStanding.Kind.AVAILABLE);

        remove(LAYOUT.alive("node-1"));
        observe(T0.plusSeconds(8), true);
        for (int s = 9; s < 60; s++) {
            observe(T0.plusSeconds(s), true); // the dashboard's 1 s tick
        }

        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("dock-dead");
        Estate.DockView dock = last.dock("node-1").orElseThrow();
        assertThat(dock.loopHealth()).allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.DOCK_DOWN));
        assertThat(dock.since()).contains(Since.seen(T0.plusSeconds(8)));
        PoolStanding standing = PoolStanding.of(last, pool("node-1", "lvm-1"));
        assertThat(standing.kind()).isEqualTo(PoolStanding.Kind.STALE_DOCK_DEAD);
        assertThat(standing.since()).as("stale since the dock died, not since the last value change")
                .contains(Since.seen(T0.plusSeconds(8)));
    }

    @Test
    void profileThatLosesThePoolsOfAKilledDockNamesTheDeadDock() {
        register("node-1");
        put(LAYOUT.profile("thin"), Json.encode(new ProfileSpec("thin", "Thin", "", "block", Map.of(
                "extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin"))));
        MatchBook book = new MatchBook();
        book.sync(observe(T0, true));

        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        List<ProfileChange> whileSilent = book.sync(observe(T0.plusSeconds(2), true));
        remove(LAYOUT.alive("node-1"));
        List<ProfileChange> afterDeath = book.sync(observe(T0.plusSeconds(8), true));

        assertThat(whileSilent).as("no verdict while the loop keys are silent").isEmpty();
        assertThat(afterDeath).singleElement().satisfies(c -> {
            assertThat(c.after()).isZero();
            assertThat(c.causes()).isNotEmpty().allSatisfy(line -> assertThat(line).contains("dock node-1 is dead")
                    .doesNotContain("report loop"));
        });
    }

    @Test
    void profileThatLosesItsPoolsOnlyToAnEtcdOutageSaysSo() {
        register("node-1");
        put(LAYOUT.profile("thin"), Json.encode(new ProfileSpec("thin", "Thin", "", "block", Map.of(
                "extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin"))));
        MatchBook book = new MatchBook();
        book.sync(observe(T0, true));

        observe(T0.plusSeconds(6), false, T0.plusSeconds(1));
        remove(LAYOUT.alive("node-1"));
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        List<ProfileChange> inOutage = book.sync(observe(T0.plusSeconds(23), true));
        assertThat(inOutage).singleElement().satisfies(c -> {
            assertThat(c.after()).isZero();
            assertThat(c.outageOnly()).isTrue();
            assertThat(c.causes()).allSatisfy(line -> assertThat(line).contains("expired during an etcd outage of 22 s"));
        });

        // The dock re-registers, then is killed: that loss is real.
        put(LAYOUT.alive("node-1"), Json.encode(alive("node-1", 4711)));
        BACKENDS.forEach(b -> putLoop("node-1", b, LoopState.RUNNING));
        assertThat(book.sync(observe(T0.plusSeconds(26), true))).singleElement()
                .satisfies(c -> assertThat(c.after()).isEqualTo(3));
        remove(LAYOUT.alive("node-1"));
        assertThat(book.sync(observe(T0.plusSeconds(90), true))).singleElement().satisfies(c -> {
            assertThat(c.after()).isZero();
            assertThat(c.outageOnly()).isFalse();
        });
    }

    @Test
    void loopKeyMissingWhileTheDockStaysAliveIsADeadThreadAfterTheLeaseTtl() {
        register("node-1");
        observe(T0, true);

        remove(LAYOUT.loop("node-1", "ceph-1"));
        for (int s = 1; s <= 10; s++) {
            observe(T0.plusSeconds(s), true);
        }
        assertThat(events).as("within the lease TTL and its margin: silent").isEmpty();
        for (int s = 11; s <= 20; s++) {
            observe(T0.plusSeconds(s), true);
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("loop-dead");
            assertThat(e.backend()).isEqualTo("ceph-1");
        });
        assertThat(PoolStanding.of(last, pool("node-1", "ceph-1")).kind()).isEqualTo(PoolStanding.Kind.STALE_LOOP_DEAD);
        assertThat(PoolStanding.of(last, pool("node-1", "lvm-1")).kind()).isEqualTo(PoolStanding.Kind.AVAILABLE);
    }

    @Test
    void dockRegisteringForTheFirstTimeRaisesNoRecoveredEvent() {
        register("node-1");
        observe(T0, true); // the baseline: nothing to tell

        put(LAYOUT.dockSpec("node-2"), Json.encode(spec("node-2")));
        put(LAYOUT.alive("node-2"), Json.encode(alive("node-2", 77)));
        observe(T0.plusSeconds(1), true);
        assertThat(last.dock("node-2").orElseThrow().loopHealth()).as("no report yet is not a dead thread")
                .allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.STARTING));
        BACKENDS.forEach(b -> putLoop("node-2", b, LoopState.RUNNING));
        observe(T0.plusSeconds(3), true);
        for (int s = 4; s < 30; s++) {
            observe(T0.plusSeconds(s), true);
        }

        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("dock-new");
        assertThat(events.get(0).message()).contains("registered").doesNotContain("again");
    }

    @Test
    void dockPresentAtTheBaselineRaisesNothing() {
        register("node-1");
        put(LAYOUT.dockSpec("node-9"), Json.encode(spec("node-9"))); // died before the reader started
        put(LAYOUT.pool("node-9", pool("node-9", "lvm-1").id()), Json.encode(pool("node-9", "lvm-1")));
        observe(T0, true);
        for (int s = 1; s < 30; s++) {
            observe(T0.plusSeconds(s), true);
        }

        assertThat(events).isEmpty();
        assertThat(last.dock("node-9").orElseThrow().since()).as("dead before the baseline: only the last report")
                .contains(new Since(pool("node-9", "lvm-1").updatedAt(), Since.Basis.LAST_REPORT));
    }

    @Test
    void leasesExpiringDuringAnEtcdOutageGiveOneExplanationAndNoCrash() {
        register("node-1");
        register("node-2");
        observe(T0, true);

        // etcd stops answering at T0+1 (the probe notices at T0+6); it answers again at T0+23, and the
        // leases the outage kept from being renewed expire at once
        observe(T0.plusSeconds(6), false, T0.plusSeconds(1));
        for (String dock : List.of("node-1", "node-2")) {
            remove(LAYOUT.alive(dock));
            BACKENDS.forEach(b -> remove(LAYOUT.loop(dock, b)));
        }
        observe(T0.plusSeconds(23), false, T0.plusSeconds(1));
        observe(T0.plusSeconds(24), true);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("etcd-outage");
            assertThat(e.severity()).isEqualTo(EstateEvents.Severity.WARNING);
            assertThat(e.message()).startsWith("etcd unreachable for 22 s (13:35:01–13:35:23 UTC)")
                    .contains("leases expired during the etcd outage: 2 docks (node-1, node-2)", "not a crash");
        });
        PoolStanding standing = PoolStanding.of(last, pool("node-2", "lvm-1"));
        assertThat(standing.kind()).isEqualTo(PoolStanding.Kind.STALE_ETCD_OUTAGE);
        assertThat(standing.reason()).contains("expired during an etcd outage of 22 s");

        // node-1 re-registers as agents do after an outage: expected, no news
        put(LAYOUT.alive("node-1"), Json.encode(alive("node-1", 4711)));
        BACKENDS.forEach(b -> putLoop("node-1", b, LoopState.RUNNING));
        for (int s = 25; s <= 43; s++) { // two lease TTLs after etcd answered again
            observe(T0.plusSeconds(s), true);
        }
        assertThat(events).hasSize(1);

        // node-2 never comes back: after its time to re-register it is dead like any other, said once
        for (int s = 44; s < 80; s++) {
            observe(T0.plusSeconds(s), true);
        }
        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("etcd-outage", "dock-dead");
        assertThat(events.get(1).dockId()).isEqualTo("node-2");
        assertThat(events.get(1).message()).contains("did not re-register after the etcd outage of 22 s");
    }

    /**
     * The walkthrough's first pause: the agent kept (or at once renewed) its process lease, so the
     * reader never saw the dock dead, but every loop key expired. That is the outage, not three
     * silent loops about to be called dead threads, and it is one entry in the history.
     */
    @Test
    void loopKeysLostInAnOutageOfADockThatStayedAliveAreTheOutagesDoing() {
        register("node-1");
        observe(T0, true);

        observe(T0.plusSeconds(6), false, T0.plusSeconds(1));
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        observe(T0.plusSeconds(23), true);

        Estate.DockView dock = last.dock("node-1").orElseThrow();
        assertThat(dock.loopHealth()).allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.SILENT));
        assertThat(dock.history().gaps()).allSatisfy((b, g) -> assertThat(g.outage())
                .contains(new Outage(T0.plusSeconds(1), T0.plusSeconds(23))));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("etcd-outage");
            assertThat(e.severity()).as("the dock stayed alive: nothing went stale").isEqualTo(EstateEvents.Severity.INFO);
            assertThat(e.message()).startsWith("etcd unreachable for 22 s")
                    .contains("3 report loops (ceph-1, exports, lvm-1) of dock node-1", "not a crash");
        });

        // The loops write their keys again after their next cycle, later than one lease TTL: no verdict meanwhile.
        for (int s = 24; s <= 38; s++) {
            observe(T0.plusSeconds(s), true);
        }
        assertThat(last.dock("node-1").orElseThrow().loopHealth()).containsValue(Estate.LoopHealth.SILENT)
                .doesNotContainValue(Estate.LoopHealth.DEAD_THREAD);
        BACKENDS.forEach(b -> putLoop("node-1", b, LoopState.RUNNING));
        for (int s = 39; s < 80; s++) {
            observe(T0.plusSeconds(s), true);
        }
        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("etcd-outage");
        assertThat(last.dock("node-1").orElseThrow().loopHealth())
                .allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.RUNNING));
    }

    /** The watch delivers the expiries a moment before the probe says etcd answers: the same, one outage. */
    @Test
    void loopKeysLostBeforeTheProbeNoticedEtcdAnswersAreTheSameOutage() {
        register("node-1");
        observe(T0, true);
        observe(T0.plusSeconds(6), false, T0.plusSeconds(1));
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        observe(T0.plusSeconds(22), false, T0.plusSeconds(1));
        observe(T0.plusSeconds(23), true);
        observe(T0.plusSeconds(24), true);

        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("etcd-outage");
        assertThat(events.get(0).message()).startsWith("etcd unreachable for 21 s");
        assertThat(last.dock("node-1").orElseThrow().history().gaps()).allSatisfy((b, g) -> assertThat(g.outage())
                .as("etcd answered when the watch delivered the expiries, a moment before the probe said so:"
                        + " the outage ends there, in every text")
                .contains(new Outage(T0.plusSeconds(1), T0.plusSeconds(22))));
    }

    /** A loop that does not write its key again after the outage is a dead thread, once its time is up. */
    @Test
    void aLoopSilentLongAfterTheOutageIsADeadThread() {
        register("node-1");
        observe(T0, true);
        observe(T0.plusSeconds(6), false, T0.plusSeconds(1));
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        observe(T0.plusSeconds(23), true);
        putLoop("node-1", "lvm-1", LoopState.RUNNING);
        putLoop("node-1", "exports", LoopState.RUNNING);
        for (int s = 24; s < 60; s++) {
            observe(T0.plusSeconds(s), true);
        }

        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("etcd-outage", "loop-dead");
        assertThat(events.get(1).backend()).isEqualTo("ceph-1");
        assertThat(events.get(1).at()).as("two lease TTLs after etcd answered").isAfter(T0.plusSeconds(43));
    }

    @Test
    void aCrashOutsideAnyOutageIsACrash() {
        register("node-1");
        observe(T0, true);
        observe(T0.plusSeconds(6), false, T0.plusSeconds(1));
        observe(T0.plusSeconds(23), true);

        remove(LAYOUT.alive("node-1"));
        observe(T0.plusSeconds(90), true);

        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("dock-dead");
    }

    @Test
    void garbageOverALiveDocksAliveIsOneLivenessUnknownEventNotADeathAndHealingIsNoRecoveryOfALoop() {
        register("node-1");
        observe(T0, true);

        // etcdctl put /capreport/v1/docks/node-1/alive 'not json'
        put(LAYOUT.alive("node-1"), "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        observe(T0.plusSeconds(1), true);
        for (int s = 2; s < 60; s++) {
            observe(T0.plusSeconds(s), true); // nobody heals it: a dead agent's garbage
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("dock-liveness-unknown");
            assertThat(e.severity()).isEqualTo(EstateEvents.Severity.WARNING);
            assertThat(e.dockId()).isEqualTo("node-1");
            assertThat(e.message()).contains(LAYOUT.alive("node-1")).contains("liveness unknown")
                    .doesNotContain("died");
        });
        Estate.DockView dock = last.dock("node-1").orElseThrow();
        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
        assertThat(dock.since()).as("since the dashboard saw the garbage").contains(Since.seen(T0.plusSeconds(1)));
        assertThat(dock.loopHealth()).as("the loop keys still say what the loops do").containsOnlyKeys(BACKENDS)
                .allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.RUNNING));
        PoolStanding standing = PoolStanding.of(last, pool("node-1", "lvm-1"));
        assertThat(standing.kind()).isEqualTo(PoolStanding.Kind.DOCK_LIVENESS_UNKNOWN);
        assertThat(standing.usable()).isFalse();
        assertThat(standing.since()).contains(Since.seen(T0.plusSeconds(1)));
        assertThat(standing.reason()).contains("alive key of dock node-1 is unreadable").doesNotContain("dead");

        // The loop keys of the dead agent expire: "dock liveness unknown", never a dead thread.
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        for (int s = 60; s < 90; s++) {
            observe(T0.plusSeconds(s), true);
        }
        assertThat(last.dock("node-1").orElseThrow().loopHealth())
                .allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN));
        assertThat(events).hasSize(1);

        // The heartbeat re-claims it (another process here): one "alive again", no loop event.
        put(LAYOUT.alive("node-1"), Json.encode(alive("node-1", 4712)));
        observe(T0.plusSeconds(90), true);
        BACKENDS.forEach(b -> putLoop("node-1", b, LoopState.RUNNING));
        observe(T0.plusSeconds(95), true);
        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("dock-liveness-unknown", "dock-alive");
        assertThat(events.get(1).message()).contains("readable again");
        assertThat(PoolStanding.of(last, pool("node-1", "lvm-1")).kind()).isEqualTo(PoolStanding.Kind.AVAILABLE);
    }

    @Test
    void profileThatLosesThePoolsOfADockWithAGarbageAliveNamesTheUnreadableKeyNotADeath() {
        register("node-1");
        put(LAYOUT.profile("thin"), Json.encode(new ProfileSpec("thin", "Thin", "", "block", Map.of(
                "extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin"))));
        MatchBook book = new MatchBook();
        book.sync(observe(T0, true));

        put(LAYOUT.alive("node-1"), "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<ProfileChange> changes = book.sync(observe(T0.plusSeconds(1), true));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.after()).isZero();
            assertThat(c.causes()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .contains("alive key of dock node-1 is unreadable").doesNotContain("is dead"));
        });
    }

    @Test
    void garbageAliveOfADeadDockIsLivenessUnknownAndItsDisappearanceADeath() {
        register("node-1");
        remove(LAYOUT.alive("node-1"));
        BACKENDS.forEach(b -> remove(LAYOUT.loop("node-1", b)));
        observe(T0, true);
        assertThat(last.dock("node-1").orElseThrow().liveness()).isEqualTo(Estate.Liveness.DEAD);

        put(LAYOUT.alive("node-1"), new byte[0]);
        observe(T0.plusSeconds(1), true);
        assertThat(last.dock("node-1").orElseThrow().liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
        assertThat(PoolStanding.of(last, pool("node-1", "lvm-1")).kind())
                .as("not stale because the dock died").isEqualTo(PoolStanding.Kind.DOCK_LIVENESS_UNKNOWN);

        remove(LAYOUT.alive("node-1"));
        observe(T0.plusSeconds(2), true);
        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("dock-liveness-unknown", "dock-dead");
    }

    private Estate observe(Instant now, boolean reachable) {
        return observe(now, reachable, null);
    }

    private Estate observe(Instant now, boolean reachable, Instant downSince) {
        Estate raw = Estate.fromEntries(++revision, entries, LAYOUT);
        Estate e = tracker.observe(raw, reachable, Optional.ofNullable(downSince), now);
        if (last != null) {
            events.addAll(EstateEvents.between(last, e, now));
        }
        last = e;
        return e;
    }

    private void register(String dock) {
        put(LAYOUT.dockSpec(dock), Json.encode(spec(dock)));
        put(LAYOUT.alive(dock), Json.encode(alive(dock, 4711)));
        BACKENDS.forEach(b -> putLoop(dock, b, LoopState.RUNNING));
        BACKENDS.forEach(b -> put(LAYOUT.pool(dock, pool(dock, b).id()), Json.encode(pool(dock, b))));
    }

    private void put(String key, byte[] value) {
        entries.put(key, value);
    }

    private void remove(String key) {
        entries.remove(key);
    }

    private void putLoop(String dock, String backend, LoopState state) {
        put(LAYOUT.loop(dock, backend), Json.encode(new LoopStatus(dock, backend, "sim", state, T0.minusSeconds(600), 3,
                T0.minusSeconds(600), null, 0, Duration.ofSeconds(5), 1, null)));
    }

    private static DockAlive alive(String dock, long pid) {
        return new DockAlive("storage-" + dock, pid, T0.minusSeconds(3600), "0.1.0", "", "machine-" + dock, TTL);
    }

    private static DockSpec spec(String dock) {
        return new DockSpec(dock, dock, "storage-" + dock, "", "az01",
                BACKENDS.stream().map(b -> new BackendRef(b, "sim")).toList(), "0.1.0", T0.minusSeconds(3600), null,
                T0.minusSeconds(3600), T0.minusSeconds(3600));
    }

    private static PoolSpec pool(String dock, String backend) {
        return new PoolSpec(PoolIds.poolId(dock, backend, "p-" + backend), T0.minusSeconds(3600), T0.minusSeconds(600),
                "p-" + backend, "block", "", PoolStatus.AVAILABLE, "az01", 1000, 600, dock, backend, "sim",
                "p-" + backend, 1000 * Capacity.GIB, 600 * Capacity.GIB,
                Map.of("DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin"))), Map.of());
    }
}

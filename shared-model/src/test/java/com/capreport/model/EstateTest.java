package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstateTest {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);
    private static final String DOCK = "node-1";
    private static final Instant STARTED = Instant.parse("2026-01-15T12:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-15T12:10:00Z");

    private final Map<String, byte[]> entries = new HashMap<>();

    @Test
    void aliveDockWithRunningAndFailingLoops() {
        putSpec(DOCK, spec(DOCK, null));
        putAlive(DOCK);
        putLoop(DOCK, "lvm-1", LoopState.RUNNING);
        putLoop(DOCK, "ceph-1", LoopState.ERROR);

        Estate estate = Estate.fromEntries(42, entries, LAYOUT);

        assertThat(estate.revision()).isEqualTo(42);
        assertThat(estate.invalid()).isEmpty();
        Estate.DockView dock = estate.dock(DOCK).orElseThrow();
        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.ALIVE);
        assertThat(dock.spec()).isPresent();
        assertThat(dock.alive()).hasValueSatisfying(a -> assertThat(a.pid()).isEqualTo(4711));
        assertThat(dock.loopHealth()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lvm-1", Estate.LoopHealth.RUNNING,
                "ceph-1", Estate.LoopHealth.ERROR,
                "exports", Estate.LoopHealth.DEAD_THREAD));
    }

    @Test
    void backendOfTheSpecWithoutALoopKeyIsADeadThreadWhileTheDockIsAlive() {
        putSpec(DOCK, spec(DOCK, null));
        putAlive(DOCK);
        putLoop(DOCK, "lvm-1", LoopState.RUNNING);
        putLoop(DOCK, "ceph-1", LoopState.BACKING_OFF);

        Estate.DockView dock = Estate.fromEntries(1, entries, LAYOUT).dock(DOCK).orElseThrow();

        assertThat(dock.loopHealth()).containsEntry("exports", Estate.LoopHealth.DEAD_THREAD)
                .containsEntry("ceph-1", Estate.LoopHealth.BACKING_OFF);
        assertThat(Estate.LoopHealth.DEAD_THREAD.words()).isEqualTo("dead thread");
    }

    @Test
    void loopKeyForABackendTheSpecDoesNotNameIsStillShown() {
        putSpec(DOCK, spec(DOCK, null));
        putAlive(DOCK);
        putLoop(DOCK, "lab", LoopState.STARTING);

        Estate.DockView dock = Estate.fromEntries(1, entries, LAYOUT).dock(DOCK).orElseThrow();

        assertThat(dock.loopHealth()).containsEntry("lab", Estate.LoopHealth.STARTING);
    }

    @Test
    void deadDockWithoutAliveOrStoppedAtIsDeadAndItsLoopsAreDockDown() {
        putSpec(DOCK, spec(DOCK, null));
        putLoop(DOCK, "lvm-1", LoopState.RUNNING);

        Estate.DockView dock = Estate.fromEntries(1, entries, LAYOUT).dock(DOCK).orElseThrow();

        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.DEAD);
        assertThat(dock.loopHealth()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lvm-1", Estate.LoopHealth.DOCK_DOWN,
                "ceph-1", Estate.LoopHealth.DOCK_DOWN,
                "exports", Estate.LoopHealth.DOCK_DOWN));
    }

    @Test
    void dockWithStoppedAtAndNoAliveIsStopped() {
        putSpec(DOCK, spec(DOCK, null).stopped(NOW));

        Estate.DockView dock = Estate.fromEntries(1, entries, LAYOUT).dock(DOCK).orElseThrow();

        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.STOPPED);
        assertThat(dock.loopHealth()).containsOnly(
                Map.entry("lvm-1", Estate.LoopHealth.DOCK_DOWN),
                Map.entry("ceph-1", Estate.LoopHealth.DOCK_DOWN),
                Map.entry("exports", Estate.LoopHealth.DOCK_DOWN));
    }

    @Test
    void aliveWinsOverAStaleStoppedAt() {
        putSpec(DOCK, spec(DOCK, null).stopped(NOW));
        putAlive(DOCK);

        assertThat(Estate.fromEntries(1, entries, LAYOUT).dock(DOCK).orElseThrow().liveness())
                .isEqualTo(Estate.Liveness.ALIVE);
    }

    @Test
    void dockKnownOnlyByItsAliveKeyIsAlive() {
        putAlive("node-9");

        Estate.DockView dock = Estate.fromEntries(1, entries, LAYOUT).dock("node-9").orElseThrow();

        assertThat(dock.spec()).isEmpty();
        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.ALIVE);
    }

    @Test
    void effectiveStatusIsThePoolsOwnWhileItsDockAndLoopReport() {
        putSpec(DOCK, spec(DOCK, null));
        putAlive(DOCK);
        putLoop(DOCK, "lvm-1", LoopState.RUNNING);
        putLoop(DOCK, "ceph-1", LoopState.ERROR);
        PoolSpec vg0 = pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE);
        PoolSpec rbd = pool(DOCK, "ceph-1", "rbd", PoolStatus.ERROR);
        PoolSpec share = pool(DOCK, "exports", "/srv/a", PoolStatus.AVAILABLE);
        putPool(vg0);
        putPool(rbd);
        putPool(share);

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.pools()).hasSize(3);
        assertThat(estate.effectiveStatus(vg0)).isEqualTo("available");
        assertThat(estate.effectiveStatus(rbd)).isEqualTo("error");
        assertThat(estate.effectiveStatus(share)).isEqualTo("stale (loop dead)");
    }

    @Test
    void effectiveStatusOfADeadDocksPoolIsStaleNeverAvailable() {
        putSpec(DOCK, spec(DOCK, null));
        PoolSpec vg0 = pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE);
        putPool(vg0);

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.effectiveStatus(vg0)).isEqualTo("stale (dock dead)");
        assertThat(estate.lastReportedAt(DOCK)).contains(NOW);
    }

    @Test
    void aDeadDocksLastReportIsItsLastStartWhenItsPoolsDidNotChangeSince() {
        // The pool was last rewritten at NOW; the agent was restarted an hour later and its pool
        // did not change, so it was not rewritten: the dock's last report is its start, not NOW.
        Instant restarted = NOW.plus(Duration.ofHours(1));
        DockSpec s = spec(DOCK, null);
        putSpec(DOCK, new DockSpec(s.id(), s.name(), s.host(), s.endpoint(), s.availabilityZone(), s.backends(),
                s.agentVersion(), restarted, null, s.createdAt(), restarted));
        putPool(pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE));

        assertThat(Estate.fromEntries(1, entries, LAYOUT).lastReportedAt(DOCK)).contains(restarted);
    }

    @Test
    void effectiveStatusOfAStoppedDocksPoolSaysStopped() {
        putSpec(DOCK, spec(DOCK, null).stopped(NOW));
        PoolSpec vg0 = pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE);
        putPool(vg0);

        assertThat(Estate.fromEntries(1, entries, LAYOUT).effectiveStatus(vg0)).isEqualTo("stale (dock stopped)");
    }

    @Test
    void profilesAreReadAndSortedById() {
        put(LAYOUT.profile("silver"), Json.encode(new ProfileSpec("silver", null, "", "block",
                Map.of("freeCapacity", ">= 100"))));
        put(LAYOUT.profile("gold-thin-iscsi"), Json.encode(new ProfileSpec("gold-thin-iscsi", "Gold", "", "block",
                Map.of("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin"))));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.profiles()).extracting(ProfileSpec::id).containsExactly("gold-thin-iscsi", "silver");
        assertThat(estate.profiles().get(0).requirements())
                .containsEntry("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin");
        assertThat(estate.invalid()).isEmpty();
    }

    @Test
    void garbageInAPoolKeyIsListedAsInvalidWithItsKey() {
        putSpec(DOCK, spec(DOCK, null));
        putAlive(DOCK);
        PoolSpec good = pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE);
        putPool(good);
        String garbageKey = LAYOUT.pool(DOCK, PoolIds.poolId(DOCK, "lvm-1", "vg1"));
        put(garbageKey, "{\"id\": \"oops\",\n  \"name\": ".getBytes(StandardCharsets.UTF_8));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.pools()).containsExactly(good);
        assertThat(estate.invalid()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(garbageKey);
            assertOneLine(e.error());
            assertThat(e.error()).contains(garbageKey);
        });
    }

    @Test
    void poolWhoseIdDisagreesWithItsKeyIsInvalid() {
        PoolSpec vg0 = pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE);
        String wrongKey = LAYOUT.pool(DOCK, PoolIds.poolId(DOCK, "lvm-1", "vg1"));
        put(wrongKey, Json.encode(vg0));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.pools()).isEmpty();
        assertThat(estate.invalid()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(wrongKey);
            assertOneLine(e.error());
            assertThat(e.error()).contains(vg0.id());
        });
    }

    @Test
    void poolFiledUnderAnotherDockIsInvalid() {
        PoolSpec vg0 = pool(DOCK, "lvm-1", "vg0", PoolStatus.AVAILABLE);
        String otherDock = LAYOUT.pool("node-2", vg0.id());
        put(otherDock, Json.encode(vg0));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.pools()).isEmpty();
        assertThat(estate.invalid()).extracting(Estate.InvalidEntry::key).containsExactly(otherDock);
    }

    @Test
    void poolWhoseIdIsNotTheNameBasedIdOfItsDockBackendAndNativeIdIsInvalid() {
        // Another dock's pool, copied under this dock with its dock id changed but its id kept (issue 13).
        PoolSpec theirs = pool("node-2", "lvm-1", "vg0", PoolStatus.AVAILABLE);
        PoolSpec copy = new PoolSpec(theirs.id(), STARTED, NOW, "vg0", "block", "", PoolStatus.AVAILABLE, "az01", 1000,
                600, DOCK, "lvm-1", "lvm", "vg0", 1000 * Capacity.GIB, 600 * Capacity.GIB, Map.of(), Map.of());
        putPool(theirs);
        putPool(copy);
        PoolSpec mine = pool(DOCK, "lvm-1", "vg1", PoolStatus.AVAILABLE);
        putPool(mine);

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.pools()).containsExactlyInAnyOrder(theirs, mine);
        String expected = PoolIds.poolId(DOCK, "lvm-1", "vg0");
        assertThat(estate.invalid()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(LAYOUT.pool(DOCK, theirs.id()));
            assertOneLine(e.error());
            assertThat(e.error()).contains("expected " + expected).contains("found " + theirs.id());
        });
    }

    @Test
    void unknownKeyUnderDocksIsInvalidAndAKeyOutsideThePrefixIsIgnored() {
        putSpec(DOCK, spec(DOCK, null));
        String stray = LAYOUT.dockPrefix(DOCK) + "notes";
        put(stray, "hello".getBytes(StandardCharsets.UTF_8));
        put("/other-app/config", "x".getBytes(StandardCharsets.UTF_8));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.invalid()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(stray);
            assertOneLine(e.error());
            assertThat(e.error()).isNotBlank();
        });
        assertThat(estate.docks()).extracting(Estate.DockView::dockId).containsExactly(DOCK);
    }

    @Test
    void everyKindOfBrokenValueIsCollectedAndNothingThrows() {
        put(LAYOUT.dockSpec("node-2"), "not json".getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.alive("node-3"), new byte[0]);
        put(LAYOUT.loop(DOCK, "lvm-1"), "{\"dockId\":\"node-1\",\"backend\":\"lvm-1\",\"state\":\"DANCING\"}"
                .getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.pool(DOCK, PoolIds.poolId(DOCK, "lvm-1", "vg0")), "null".getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.pool(DOCK, PoolIds.poolId(DOCK, "lvm-1", "vg1")), "[1,2]".getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.pool(DOCK, PoolIds.poolId(DOCK, "lvm-1", "vg2")), "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.profile("gold"), "{\"id\":\"silver\"}".getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.profilesPrefix() + "bad/nested", "{}".getBytes(StandardCharsets.UTF_8));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        assertThat(estate.invalid()).extracting(Estate.InvalidEntry::key)
                .containsExactlyInAnyOrderElementsOf(entries.keySet());
        assertThat(estate.invalid()).allSatisfy(e -> assertOneLine(e.error()));
        assertThat(estate.pools()).isEmpty();
        assertThat(estate.profiles()).isEmpty();
    }

    @Test
    void anAliveKeyHoldingGarbageMakesTheDockOfUnknownLivenessNotDead() {
        putSpec(DOCK, spec(DOCK, null));
        put(LAYOUT.alive(DOCK), "not json".getBytes(StandardCharsets.UTF_8));
        putLoop(DOCK, "lvm-1", LoopState.RUNNING);
        String ghost = LAYOUT.alive("node-ghost");
        put(ghost, "{\"x\":".getBytes(StandardCharsets.UTF_8));

        Estate estate = Estate.fromEntries(1, entries, LAYOUT);

        Estate.DockView dock = estate.dock(DOCK).orElseThrow();
        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
        assertThat(dock.unreadableAlive()).hasValueSatisfying(b -> {
            assertThat(b.key()).isEqualTo(LAYOUT.alive(DOCK));
            assertOneLine(b.error());
        });
        assertThat(dock.loopHealth()).as("a loop key is its own evidence; a missing one is no dead thread")
                .containsEntry("lvm-1", Estate.LoopHealth.RUNNING)
                .containsEntry("ceph-1", Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN)
                .containsEntry("exports", Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN);
        assertThat(estate.invalid()).extracting(Estate.InvalidEntry::key)
                .containsExactlyInAnyOrder(LAYOUT.alive(DOCK), ghost);
        assertThat(estate.dock("node-ghost")).as("an alive key that exists names its dock")
                .hasValueSatisfying(d -> {
                    assertThat(d.liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
                    assertThat(d.spec()).isEmpty();
                });
        assertThat(Estate.Liveness.UNKNOWN.words()).isEqualTo("liveness unknown");
    }

    @Test
    void anUnreadableAliveOutranksARecordedStopAndAnOversizedOneIsUnreadableToo() {
        putSpec(DOCK, spec(DOCK, STARTED.plusSeconds(60)));
        put(LAYOUT.alive(DOCK), new byte[Estate.MAX_DOCUMENT_BYTES + 1]);

        Estate.DockView dock = Estate.fromEntries(1, entries, LAYOUT).dock(DOCK).orElseThrow();

        assertThat(dock.liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
        assertThat(dock.unreadableAlive().orElseThrow().error()).contains("not read");
        // A reader that could not even fetch the value (larger than a gRPC answer) says the same.
        entries.remove(LAYOUT.alive(DOCK));
        Estate unread = Estate.fromEntries(1, entries, LAYOUT, List.of(Estate.oversized(LAYOUT.alive(DOCK), -1)));
        assertThat(unread.dock(DOCK).orElseThrow().liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
        assertThat(Estate.unreadable(new Estate.InvalidEntry(LAYOUT.dockSpec(DOCK), "x"), LAYOUT))
                .isInstanceOf(Estate.Bad.class);
    }

    @Test
    void aSnapshotKeepsAnUnreadableAliveAsUnknownLiveness() throws Exception {
        putSpec(DOCK, spec(DOCK, null));
        put(LAYOUT.alive(DOCK), "garbage".getBytes(StandardCharsets.UTF_8));
        put(LAYOUT.alive("node-ghost"), "garbage".getBytes(StandardCharsets.UTF_8));
        Estate live = Estate.fromEntries(7, entries, LAYOUT);

        Snapshot snap = com.capreport.model.snapshot.Snapshots.of(live, List.of("http://127.0.0.1:2379"),
                KeyLayout.DEFAULT_PREFIX, NOW);
        Estate offline = Estate.fromSnapshot(Json.decode(Json.encode(snap), Snapshot.class, "snap"));

        assertThat(offline.dock(DOCK).orElseThrow().liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
        assertThat(offline.dock(DOCK).orElseThrow().unreadableAlive()).isEqualTo(live.dock(DOCK).orElseThrow()
                .unreadableAlive());
        assertThat(offline.dock("node-ghost").orElseThrow().liveness()).isEqualTo(Estate.Liveness.UNKNOWN);
    }

    private static void assertOneLine(String error) {
        assertThat(error).isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }

    private void put(String key, byte[] value) {
        entries.put(key, value);
    }

    private void putSpec(String dock, DockSpec spec) {
        put(LAYOUT.dockSpec(dock), Json.encode(spec));
    }

    private void putAlive(String dock) {
        put(LAYOUT.alive(dock), Json.encode(new DockAlive("storage-" + dock, 4711, STARTED, "0.1.0",
                "127.0.0.1:50051", "machine-1")));
    }

    private void putLoop(String dock, String backend, LoopState state) {
        put(LAYOUT.loop(dock, backend), Json.encode(new LoopStatus(dock, backend, "lvm", state, STARTED, 3,
                state == LoopState.RUNNING ? NOW : null, state == LoopState.ERROR ? "lvm-1: vgs exited 5" : null,
                state == LoopState.ERROR ? 2 : 0, Duration.ofSeconds(60), 1, NOW.plusSeconds(60))));
    }

    private void putPool(PoolSpec p) {
        put(LAYOUT.pool(p.dockId(), p.id()), Json.encode(p));
    }

    private static DockSpec spec(String dock, Instant stoppedAt) {
        return new DockSpec(dock, dock, "storage-" + dock, "127.0.0.1:50051", "az01",
                List.of(new BackendRef("lvm-1", "lvm"), new BackendRef("ceph-1", "ceph"),
                        new BackendRef("exports", "filesystem")),
                "0.1.0", STARTED, stoppedAt, STARTED, STARTED);
    }

    private static PoolSpec pool(String dock, String backend, String nativeId, PoolStatus status) {
        return new PoolSpec(PoolIds.poolId(dock, backend, nativeId), STARTED, NOW, nativeId, "block", "", status,
                "az01", 1000, 600, dock, backend, "lvm", nativeId, 1000 * Capacity.GIB, 600 * Capacity.GIB,
                Map.of("DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin"))),
                Map.of("DataStorageLineOfService.ProvisioningPolicy", "discovered"));
    }
}

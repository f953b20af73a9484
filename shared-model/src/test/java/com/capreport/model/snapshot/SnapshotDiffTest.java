package com.capreport.model.snapshot;

import static com.capreport.model.snapshot.SnapshotsTest.GOLD;
import static com.capreport.model.snapshot.SnapshotsTest.estate;
import static com.capreport.model.snapshot.SnapshotsTest.pool;
import static com.capreport.model.snapshot.SnapshotsTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
    private static final PoolSpec A = pool("node-1", "vg0", 900, "Thin", null);
    private static final PoolSpec B = pool("node-2", "vg1", 800, "Thin", null);
    private static final Snapshot BASE = snapshot(estate(List.of(A, B), Set.of(), List.of(GOLD)));

    @Test
    void aSnapshotEqualsItself() {
        SnapshotDiff d = SnapshotDiff.between(BASE, BASE);

        assertThat(d.identical()).isTrue();
        assertThat(DiffText.lines(d)).containsExactly("identical: same pools, capabilities, docks and profile matches");
    }

    @Test
    void aRemovedPoolIsListedAndTheProfileLosesIt() {
        Snapshot newer = snapshot(estate(List.of(A), Set.of(), List.of(GOLD)));

        SnapshotDiff d = SnapshotDiff.between(BASE, newer);

        assertThat(d.poolsRemoved()).containsExactly(new SnapshotDiff.PoolRef(B.id(), "node-2/vg1"));
        assertThat(d.poolsAdded()).isEmpty();
        assertThat(d.docks()).containsExactly(new SnapshotDiff.DockChange("node-2", SnapshotDiff.DockEvent.DISAPPEARED));
        assertThat(d.profiles()).singleElement().satisfies(p -> {
            assertThat(p.event()).isEqualTo(SnapshotDiff.ProfileEvent.MATCHES_CHANGED);
            assertThat(p.before()).isEqualTo(2);
            assertThat(p.after()).isEqualTo(1);
            assertThat(p.lost()).extracting(SnapshotDiff.PoolRef::name).containsExactly("node-2/vg1");
        });
        assertThat(DiffText.lines(d)).contains("  - node-2/vg1  (" + B.id() + ")",
                "  gold matches changed: 2 → 1 matching pools; lost node-2/vg1");
    }

    @Test
    void aChangedCapabilityShowsOldAndNewAndCapacityItsDelta() {
        PoolSpec changed = pool("node-1", "vg0", 600, "Fixed", null);
        Snapshot newer = snapshot(estate(List.of(changed, B), Set.of(), List.of(GOLD)));

        SnapshotDiff d = SnapshotDiff.between(BASE, newer);

        assertThat(d.poolsChanged()).singleElement().satisfies(c -> {
            assertThat(c.pool().name()).isEqualTo("node-1/vg0");
            assertThat(c.changes()).extracting(SnapshotDiff.ValueChange::path).containsExactly(
                    "totalCapacityBytes", "freeCapacityBytes", "extras.DataStorageLineOfService.ProvisioningPolicy");
            SnapshotDiff.ValueChange free = c.changes().get(1);
            assertThat(free.deltaBytes()).isEqualTo(-300L << 30);
            assertThat(free.deltaPercent()).isEqualTo(-33.3);
        });
        assertThat(DiffText.lines(d)).contains(
                "      freeCapacityBytes: 900 GiB → 600 GiB, \u2212300 GiB (\u221233.3 %)",
                "      extras.DataStorageLineOfService.ProvisioningPolicy: \"Thin\" → \"Fixed\"",
                "  gold matches changed: 2 → 1 matching pools; lost node-1/vg0");
    }

    @Test
    void freeCapacityFallingIsANegativeDeltaAndRisingAPositiveOne() {
        Snapshot hundred = snapshot(estate(List.of(pool("node-1", "vg0", 100, "Thin", null)), Set.of(), List.of()));
        Snapshot eighty = snapshot(estate(List.of(pool("node-1", "vg0", 80, "Thin", null)), Set.of(), List.of()));

        SnapshotDiff down = SnapshotDiff.between(hundred, eighty);
        SnapshotDiff up = SnapshotDiff.between(eighty, hundred);

        SnapshotDiff.ValueChange fell = free(down);
        assertThat(fell.deltaBytes()).isEqualTo(-(20L << 30));
        assertThat(fell.deltaPercent()).isEqualTo(-20.0);
        assertThat(DiffText.change(fell)).isEqualTo("freeCapacityBytes: 100 GiB → 80 GiB, \u221220 GiB (\u221220 %)");
        SnapshotDiff.ValueChange rose = free(up);
        assertThat(rose.deltaBytes()).isEqualTo(20L << 30);
        assertThat(rose.deltaPercent()).isEqualTo(25.0);
        assertThat(DiffText.change(rose)).isEqualTo("freeCapacityBytes: 80 GiB → 100 GiB, +20 GiB (+25 %)");
        assertThat(DiffText.lines(down)).anySatisfy(l -> assertThat(l).endsWith("\u221220 GiB (\u221220 %)"));
    }

    private static SnapshotDiff.ValueChange free(SnapshotDiff d) {
        return d.poolsChanged().get(0).changes().stream().filter(v -> v.path().equals("freeCapacityBytes"))
                .findFirst().orElseThrow();
    }

    @Test
    void aDockThatDiedIsReportedAndItsPoolsLeaveTheMatches() {
        Snapshot newer = snapshot(estate(List.of(A, B), Set.of("node-2"), List.of(GOLD)));

        SnapshotDiff d = SnapshotDiff.between(BASE, newer);

        assertThat(d.poolsChanged()).isEmpty();
        assertThat(d.docks()).containsExactly(new SnapshotDiff.DockChange("node-2", SnapshotDiff.DockEvent.DIED));
        assertThat(d.profiles()).singleElement().satisfies(p -> assertThat(p.lost())
                .extracting(SnapshotDiff.PoolRef::name).containsExactly("node-2/vg1"));
        assertThat(DiffText.lines(d)).contains("docks:", "  node-2 died");
        assertThat(SnapshotDiff.between(newer, BASE).docks())
                .containsExactly(new SnapshotDiff.DockChange("node-2", SnapshotDiff.DockEvent.CAME_BACK));
    }

    @Test
    void addedPoolsDocksAndEditedProfilesAreListed() {
        PoolSpec c = pool("node-3", "vg2", 700, "Thin", null);
        Snapshot newer = snapshot(estate(List.of(A, B, c), Set.of(), List.of(GOLD.withRequirements(
                java.util.Map.of("freeCapacity", ">= 850")))));

        SnapshotDiff d = SnapshotDiff.between(BASE, newer);

        assertThat(d.poolsAdded()).extracting(SnapshotDiff.PoolRef::name).containsExactly("node-3/vg2");
        assertThat(d.docks()).containsExactly(new SnapshotDiff.DockChange("node-3", SnapshotDiff.DockEvent.APPEARED));
        assertThat(d.profiles()).singleElement().satisfies(p -> {
            assertThat(p.event()).isEqualTo(SnapshotDiff.ProfileEvent.EDITED);
            assertThat(p.after()).isEqualTo(1);
        });
    }

    @Test
    void whereAValueCameFromAndAReportedNullAreChangesToo() {
        PoolSpec sourced = new PoolSpec(A.id(), A.createdAt(), A.updatedAt(), A.name(), A.storageType(), "moved to rack 4",
                A.status(), A.availabilityZone(), A.totalCapacity(), A.freeCapacity(), A.dockId(), A.backend(), A.driver(),
                A.nativeId(), A.totalCapacityBytes(), A.freeCapacityBytes(), A.extras(),
                java.util.Map.of("DataStorageLineOfService.ProvisioningPolicy", "configured"));
        java.util.Map<String, Object> extras = new java.util.LinkedHashMap<>(B.extras());
        extras.put("advanced", java.util.Collections.singletonMap("note", null));
        PoolSpec withNull = new PoolSpec(B.id(), B.createdAt(), B.updatedAt(), B.name(), B.storageType(), B.description(),
                B.status(), B.availabilityZone(), B.totalCapacity(), B.freeCapacity(), B.dockId(), B.backend(), B.driver(),
                B.nativeId(), B.totalCapacityBytes(), B.freeCapacityBytes(), extras, B.capabilitySources());

        SnapshotDiff d = SnapshotDiff.between(BASE, snapshot(estate(List.of(sourced, withNull), Set.of(), List.of(GOLD))));

        assertThat(d.identical()).isFalse();
        assertThat(DiffText.lines(d)).contains(
                "      description: (not reported) → \"moved to rack 4\"",
                "      capabilitySources.DataStorageLineOfService.ProvisioningPolicy: (not reported) → \"configured\"",
                "      extras.advanced.note: (not reported) → null");
    }
}

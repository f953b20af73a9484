package com.capreport.dashboard.pools;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.BackendRef;
import com.capreport.model.Capacity;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pools view-model headless: which updates make a row flash, and the capacity words of a row. */
class PoolsViewModelTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final long TOTAL = 1000L << 30;

    static PoolSpec pool(long freeBytes, PoolStatus status, String policy, Instant updated) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("ProvisioningPolicy", policy);
        return new PoolSpec(PoolIds.poolId("node-1", "lvm-1", "vg0"), T0, updated, "vg0", "block", "", status, "az01",
                Capacity.toGiB(TOTAL), Capacity.toGiB(freeBytes), "node-1", "lvm-1", "lvm", "vg0", TOTAL, freeBytes,
                Map.of("DataStorageLineOfService", storage), Map.of());
    }

    static Estate estate(long revision, PoolSpec... pools) {
        Estate.DockView dock = new Estate.DockView("node-1", Optional.of(new DockSpec("node-1", "node-1", "h", "", "az01",
                List.of(new BackendRef("lvm-1", "lvm")), "0.1.0", T0, null, T0, T0)),
                Optional.of(new DockAlive("h", 42, T0, "0.1.0", "", "m")),
                Map.of("lvm-1", new LoopStatus("node-1", "lvm-1", "lvm", LoopState.RUNNING, T0, 1, T0, null, 0,
                        Duration.ofSeconds(60), 1, null)));
        return new Estate(revision, List.of(dock), List.of(pools), List.of(), List.of());
    }

    @Test
    void aNewTimestampOrACapacityWiggleBelowTheThresholdUpdatesTheRowWithoutAFlash() {
        PoolsViewModel vm = new PoolsViewModel();
        vm.apply(estate(1, pool(500L << 30, PoolStatus.AVAILABLE, "Thin", T0)), T0);
        long wiggle = (long) (PoolsViewModel.FLASH_CAPACITY_THRESHOLD * TOTAL) - 1;

        var flashed = vm.apply(estate(2, pool((500L << 30) - wiggle, PoolStatus.AVAILABLE, "Thin", T0.plusSeconds(5))),
                T0.plusSeconds(5));

        assertThat(flashed).isEmpty();
        assertThat(vm.changed()).isEmpty();
        // The row itself shows the new values.
        assertThat(vm.rows().get(0).pool().freeCapacityBytes()).isEqualTo((500L << 30) - wiggle);
    }

    @Test
    void aMoveBeyondTheThresholdAStatusChangeOrACapabilityChangeFlashes() {
        PoolsViewModel vm = new PoolsViewModel();
        PoolSpec base = pool(500L << 30, PoolStatus.AVAILABLE, "Thin", T0);
        vm.apply(estate(1, base), T0);
        String id = base.id();
        long step = (long) (PoolsViewModel.FLASH_CAPACITY_THRESHOLD * TOTAL);

        assertThat(vm.apply(estate(2, pool((500L << 30) - step, PoolStatus.AVAILABLE, "Thin", T0)), T0.plusSeconds(1)))
                .containsExactly(id);
        vm.expireChanges(T0.plusSeconds(10), 2000);
        assertThat(vm.changed()).isEmpty();
        assertThat(vm.apply(estate(3, pool((500L << 30) - step, PoolStatus.DEGRADED, "Thin", T0)), T0.plusSeconds(11)))
                .containsExactly(id);
        vm.expireChanges(T0.plusSeconds(20), 2000);
        assertThat(vm.apply(estate(4, pool((500L << 30) - step, PoolStatus.DEGRADED, "Thick", T0)), T0.plusSeconds(21)))
                .containsExactly(id);
        assertThat(vm.changed()).containsKey(id);
    }

    @Test
    void theCapacityWordsSayReservedAndTheUsedPercentIsDfs() {
        long block = 4096;
        long total = 66_053_021L * block;
        long bfree = 60_290_789L * block;
        long bavail = 20_835_496L * block;
        PoolSpec root = new PoolSpec("id", T0, T0, "/", "file", "", PoolStatus.AVAILABLE, "", Capacity.toGiB(total),
                Capacity.toGiB(bavail), "demo-node", "local-fs", "filesystem", "/", total, bavail,
                Map.of("advanced", Map.of(Capacity.RESERVED_KEY, bfree - bavail)), Map.of());

        assertThat(CapacityText.percent(root)).isEqualTo("22%");
        assertThat(CapacityText.breakdown(root)).isEqualTo("22 GiB used · 151 GiB reserved · 79.5 GiB free of 252 GiB");
        assertThat(CapacityText.tooltip(root)).contains("reserved: blocks the file system keeps for root");
        PoolSpec plain = pool(250L << 30, PoolStatus.AVAILABLE, "Thin", T0);
        assertThat(CapacityText.breakdown(plain)).isEqualTo("750 GiB used · 250 GiB free of 1000 GiB");
        assertThat(CapacityText.percent(plain)).isEqualTo("75%");
    }
}

package com.capreport.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.Capacity;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolChangesTest {
    private static final long TOTAL = 1000 * Capacity.GIB;
    private static final long FREE = 600 * Capacity.GIB;
    private static final Instant T0 = Instant.parse("2026-01-15T12:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-15T12:01:00Z");
    private static final Map<String, Object> EXTRAS = Map.of(
            "DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin"), "IsSpaceEfficient", true),
            "IOConnectivityLineOfService", Map.of("AccessProtocol", "iSCSI", "MaxIOPS", 5000));
    private static final Map<String, String> SOURCES = Map.of(
            "DataStorageLineOfService.ProvisioningPolicy", "discovered",
            "DataStorageLineOfService.IsSpaceEfficient", "discovered",
            "IOConnectivityLineOfService.AccessProtocol", "configured",
            "IOConnectivityLineOfService.MaxIOPS", "configured");

    private final PoolSpec known = pool(T0, T0, PoolStatus.AVAILABLE, TOTAL, FREE, EXTRAS);

    @Test
    void aPoolNotKnownYetIsAChange() {
        assertThat(PoolChanges.differs(null, known, 0)).isTrue();
    }

    @Test
    void identicalReportIsNoChange() {
        assertThat(PoolChanges.differs(known, pool(T0, T0, PoolStatus.AVAILABLE, TOTAL, FREE, EXTRAS), 0)).isFalse();
    }

    @Test
    void timestampsAloneAreNoChange() {
        PoolSpec fresh = pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE, EXTRAS);

        assertThat(PoolChanges.differs(known, fresh, 0)).isFalse();
        assertThat(PoolChanges.differs(known, known.withTimestamps(null, null), 0)).isFalse();
    }

    @Test
    void capabilityChangeIsAChange() {
        Map<String, Object> thick = Map.of(
                "DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Fixed"), "IsSpaceEfficient", true),
                "IOConnectivityLineOfService", Map.of("AccessProtocol", "iSCSI", "MaxIOPS", 5000));

        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE, thick), 0.05)).isTrue();
    }

    @Test
    void newCapabilityIsAChange() {
        Map<String, Object> more = new LinkedHashMap<>(EXTRAS);
        more.put("advanced", Map.of("lvm.vgAttr", "wz--n-"));

        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE, more), 0.05)).isTrue();
    }

    @Test
    void statusChangeIsAChange() {
        assertThat(PoolChanges.differs(known, known.withStatus(PoolStatus.DEGRADED, T1), 0.05)).isTrue();
        assertThat(PoolChanges.differs(known, known.withStatus(PoolStatus.ERROR, T1), 0.05)).isTrue();
    }

    @Test
    void freeCapacityChangeBelowTheThresholdIsNoChange() {
        long justBelow = (long) (0.01 * TOTAL) - 1;
        PoolSpec fresh = pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE - justBelow, EXTRAS);

        assertThat(fresh.freeCapacity()).as("even the GiB field moved").isNotEqualTo(known.freeCapacity());
        assertThat(PoolChanges.differs(known, fresh, 0.01)).isFalse();
    }

    @Test
    void freeCapacityChangeAboveTheThresholdIsAChange() {
        long justAbove = (long) (0.01 * TOTAL) + 1;

        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE - justAbove, EXTRAS),
                0.01)).isTrue();
        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE + justAbove, EXTRAS),
                0.01)).isTrue();
    }

    @Test
    void thresholdZeroCountsEveryByte() {
        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE - 1, EXTRAS), 0)).isTrue();
    }

    @Test
    void poolRunningFullIsAlwaysAChange() {
        PoolSpec almostFull = pool(T0, T0, PoolStatus.AVAILABLE, TOTAL, 1024, EXTRAS);

        assertThat(PoolChanges.differs(almostFull, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, 0, EXTRAS), 0.1)).isTrue();
    }

    @Test
    void totalCapacityChangeIsAChangeEvenWithASmallFreeDelta() {
        PoolSpec grown = pool(T1, T1, PoolStatus.AVAILABLE, TOTAL + Capacity.GIB, FREE + 1, EXTRAS);

        assertThat(PoolChanges.differs(known, grown, 0.1)).isTrue();
    }

    @Test
    void integerAndLongOfTheSameValueAreNoChange() {
        Map<String, Object> asLong = Map.of(
                "DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin"), "IsSpaceEfficient", true),
                "IOConnectivityLineOfService", Map.of("AccessProtocol", "iSCSI", "MaxIOPS", 5000L));

        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE, asLong), 0)).isFalse();
    }

    @Test
    void keyOrderOfExtrasIsNoChange() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("IOConnectivityLineOfService", Map.of("MaxIOPS", 5000, "AccessProtocol", "iSCSI"));
        reordered.put("DataStorageLineOfService", Map.of("IsSpaceEfficient", true, "ProvisioningPolicy", List.of("Thin")));

        assertThat(PoolChanges.differs(known, pool(T1, T1, PoolStatus.AVAILABLE, TOTAL, FREE, reordered), 0)).isFalse();
    }

    @Test
    void changedCapabilitySourceIsAChange() {
        Map<String, String> sources = new LinkedHashMap<>(SOURCES);
        sources.put("IOConnectivityLineOfService.MaxIOPS", "discovered");
        PoolSpec fresh = new PoolSpec(known.id(), T1, T1, known.name(), known.storageType(), known.description(),
                known.status(), known.availabilityZone(), known.totalCapacity(), known.freeCapacity(), known.dockId(),
                known.backend(), known.driver(), known.nativeId(), TOTAL, FREE, EXTRAS, sources);

        assertThat(PoolChanges.differs(known, fresh, 0)).isTrue();
    }

    private static PoolSpec pool(Instant created, Instant updated, PoolStatus status, long total, long free,
                                 Map<String, Object> extras) {
        return new PoolSpec(PoolIds.poolId("node-1", "lvm-1", "vg0"), created, updated, "vg0", "block", "", status,
                "az01", Capacity.toGiB(total), Capacity.toGiB(free), "node-1", "lvm-1", "lvm", "vg0", total, free,
                extras, SOURCES);
    }
}

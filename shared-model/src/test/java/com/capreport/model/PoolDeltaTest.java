package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "changed enough" rule of the agent's writes and the dashboard's row highlight. */
class PoolDeltaTest {
    static PoolSpec pool(long freeBytes, long reservedBytes, PoolStatus status, String policy, Instant at) {
        return new PoolSpec("id", at, at, "/", "file", "", status, "", 1000, Capacity.toGiB(freeBytes), "n", "fs",
                "filesystem", "/", 1000L << 30, freeBytes,
                Map.of("advanced", Map.of(Capacity.RESERVED_KEY, reservedBytes), "DataStorageLineOfService",
                        Map.of("ProvisioningPolicy", policy)), Map.of());
    }

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aWiggleBelowTheThresholdAndANewTimestampDoNotCount() {
        PoolSpec before = pool(500L << 30, 50L << 30, PoolStatus.AVAILABLE, "Thin", T0);
        PoolSpec after = pool((500L << 30) - (9L << 30), (50L << 30) + (1L << 20), PoolStatus.AVAILABLE, "Thin",
                T0.plusSeconds(60));

        assertThat(PoolDelta.significant(before, after, 0.01)).isFalse();
        assertThat(PoolDelta.significant(before, after, 0)).isTrue();
    }

    @Test
    void aMoveBeyondTheThresholdAStatusOrACapabilityCounts() {
        PoolSpec before = pool(500L << 30, 50L << 30, PoolStatus.AVAILABLE, "Thin", T0);

        assertThat(PoolDelta.significant(before, pool(489L << 30, 50L << 30, PoolStatus.AVAILABLE, "Thin", T0), 0.01))
                .isTrue();
        assertThat(PoolDelta.significant(before, pool(500L << 30, 70L << 30, PoolStatus.AVAILABLE, "Thin", T0), 0.01))
                .isTrue();
        assertThat(PoolDelta.significant(before, pool(500L << 30, 50L << 30, PoolStatus.DEGRADED, "Thin", T0), 0.01))
                .isTrue();
        assertThat(PoolDelta.significant(before, pool(500L << 30, 50L << 30, PoolStatus.AVAILABLE, "Thick", T0), 0.01))
                .isTrue();
        assertThat(PoolDelta.significant(before, pool(0, 50L << 30, PoolStatus.AVAILABLE, "Thin", T0), 0.9)).isTrue();
    }
}

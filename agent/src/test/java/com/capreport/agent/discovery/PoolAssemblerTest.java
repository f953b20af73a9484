package com.capreport.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.model.Capacity;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolAssemblerTest {
    private static final Instant CREATED = Instant.parse("2026-01-15T12:19:45.505Z");
    private static final Instant UPDATED = Instant.parse("2026-01-15T12:29:45Z");

    /** What an LVM-like driver discovers for vg0. */
    private static final DiscoveredPool VG0 = new DiscoveredPool("vg0", "vg0", "block", "volume group vg0",
            1000 * Capacity.GIB, 699 * Capacity.GIB + 12345, PoolStatus.AVAILABLE, Map.of(
                    "DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin"),
                            "IsSpaceEfficient", true),
                    "advanced", Map.of("lvm.vgAttr", "wz--n-")));

    @Test
    void idIsTheStablePoolIdOfDockBackendAndNativeId() {
        PoolAssembler assembler = new PoolAssembler("node-1", "az01", backend(Map.of(), Map.of()));

        PoolSpec spec = assembler.assemble(VG0, CREATED, UPDATED);

        assertThat(spec.id()).isEqualTo(PoolIds.poolId("node-1", "lvm-1", "vg0"))
                .isEqualTo(assembler.poolId(VG0));
        assertThat(spec.id()).isNotEqualTo(PoolIds.poolId("node-2", "lvm-1", "vg0"));
    }

    @Test
    void carriesTheDockBackendSizesAndTimestamps() {
        PoolSpec spec = new PoolAssembler("node-1", "az01", backend(Map.of(), Map.of())).assemble(VG0, CREATED, UPDATED);

        assertThat(spec.createdAt()).isEqualTo(CREATED);
        assertThat(spec.updatedAt()).isEqualTo(UPDATED);
        assertThat(spec.name()).isEqualTo("vg0");
        assertThat(spec.nativeId()).isEqualTo("vg0");
        assertThat(spec.storageType()).isEqualTo("block");
        assertThat(spec.description()).isEqualTo("volume group vg0");
        assertThat(spec.status()).isEqualTo(PoolStatus.AVAILABLE);
        assertThat(spec.availabilityZone()).isEqualTo("az01");
        assertThat(spec.dockId()).isEqualTo("node-1");
        assertThat(spec.backend()).isEqualTo("lvm-1");
        assertThat(spec.driver()).isEqualTo("lvm");
        assertThat(spec.totalCapacityBytes()).isEqualTo(1000 * Capacity.GIB);
        assertThat(spec.freeCapacityBytes()).isEqualTo(699 * Capacity.GIB + 12345);
        assertThat(spec.totalCapacity()).isEqualTo(1000);
        assertThat(spec.freeCapacity()).as("whole GiB, rounded down").isEqualTo(699);
    }

    @Test
    void withoutConfiguredExtrasEveryLeafIsDiscovered() {
        PoolSpec spec = new PoolAssembler("node-1", "az01", backend(Map.of(), Map.of())).assemble(VG0, CREATED, UPDATED);

        assertThat(spec.extras()).isEqualTo(VG0.capabilities());
        assertThat(spec.capabilitySources()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DataStorageLineOfService.ProvisioningPolicy", "discovered",
                "DataStorageLineOfService.IsSpaceEfficient", "discovered",
                "advanced.lvm.vgAttr", "discovered"));
    }

    @Test
    void backendExtrasAndPoolExtrasOverlayDiscoveredCapabilities() {
        Map<String, Object> extras = Map.of(
                "IOConnectivityLineOfService", Map.of("AccessProtocol", "iSCSI"),
                "DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin", "Fixed")));
        Map<String, Map<String, Object>> poolExtras = Map.of(
                "vg0", Map.of("DataProtectionLineOfService", Map.of("ReplicaType", List.of("Snapshot"))),
                "vg9", Map.of("DataProtectionLineOfService", Map.of("IsIsolated", true)));

        PoolSpec spec = new PoolAssembler("node-1", "az01", backend(extras, poolExtras)).assemble(VG0, CREATED, UPDATED);

        assertThat(spec.extras()).isEqualTo(Map.of(
                "DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin", "Fixed"),
                        "IsSpaceEfficient", true),
                "advanced", Map.of("lvm.vgAttr", "wz--n-"),
                "IOConnectivityLineOfService", Map.of("AccessProtocol", "iSCSI"),
                "DataProtectionLineOfService", Map.of("ReplicaType", List.of("Snapshot"))));
        assertThat(spec.capabilitySources()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DataStorageLineOfService.ProvisioningPolicy", "configured",
                "DataStorageLineOfService.IsSpaceEfficient", "discovered",
                "advanced.lvm.vgAttr", "discovered",
                "IOConnectivityLineOfService.AccessProtocol", "configured",
                "DataProtectionLineOfService.ReplicaType", "configured"));
    }

    @Test
    void poolExtrasOverrideBackendExtras() {
        Map<String, Object> extras = Map.of("IOConnectivityLineOfService", Map.of("AccessProtocol", "iSCSI"));
        Map<String, Map<String, Object>> poolExtras = Map.of(
                "vg0", Map.of("IOConnectivityLineOfService", Map.of("AccessProtocol", "FC")));

        PoolSpec spec = new PoolAssembler("node-1", "az01", backend(extras, poolExtras)).assemble(VG0, CREATED, UPDATED);

        assertThat(spec.extras()).containsEntry("IOConnectivityLineOfService", Map.of("AccessProtocol", "FC"));
        assertThat(spec.capabilitySources()).containsEntry("IOConnectivityLineOfService.AccessProtocol", "configured");
    }

    @Test
    void poolExtrasMayBeKeyedByThePoolsNameWhenItsNativeIdIsAPath() {
        DiscoveredPool export = new DiscoveredPool("/srv/exports/a", "a", "file", null, 10 * Capacity.GIB,
                Capacity.GIB, PoolStatus.AVAILABLE, Map.of("advanced", Map.of("fs.type", "ext4")));
        AgentConfig.Backend exports = new AgentConfig.Backend("exports", "filesystem", Duration.ofSeconds(60),
                Duration.ofSeconds(20), Map.of(), Map.of("a", Map.of("IOConnectivityLineOfService",
                        Map.of("AccessProtocol", "NFS"))), null);

        PoolSpec spec = new PoolAssembler("node-1", "az01", exports).assemble(export, CREATED, UPDATED);

        assertThat(spec.id()).isEqualTo(PoolIds.poolId("node-1", "exports", "/srv/exports/a"));
        assertThat(spec.extras()).containsEntry("IOConnectivityLineOfService", Map.of("AccessProtocol", "NFS"));
        assertThat(spec.capabilitySources())
                .containsEntry("IOConnectivityLineOfService.AccessProtocol", "configured")
                .containsEntry("advanced.fs.type", "discovered");
    }

    @Test
    void configuredValueThatEqualsTheDiscoveredOneIsStillMarkedConfigured() {
        Map<String, Object> extras = Map.of("DataStorageLineOfService", Map.of("IsSpaceEfficient", true));

        PoolSpec spec = new PoolAssembler("node-1", "az01", backend(extras, Map.of())).assemble(VG0, CREATED, UPDATED);

        assertThat(spec.capabilitySources()).containsEntry("DataStorageLineOfService.IsSpaceEfficient", "configured");
        assertThat(spec.extras()).isEqualTo(VG0.capabilities());
    }

    @Test
    void aConfiguredValueContradictingADiscoveredOneWinsAndIsLoggedOnce() {
        // VG0 discovered IsSpaceEfficient true; the admin says false.
        Map<String, Object> extras = Map.of("DataStorageLineOfService", Map.of("IsSpaceEfficient", false));
        PoolAssembler assembler = new PoolAssembler("node-1", "az01", backend(extras, Map.of()));
        String log;
        PoolSpec spec;
        try (com.capreport.agent.testing.StderrCapture err = new com.capreport.agent.testing.StderrCapture()) {
            spec = assembler.assemble(VG0, CREATED, UPDATED);
            assembler.assemble(VG0, CREATED, UPDATED);
            assembler.assemble(VG0, CREATED, UPDATED);
            log = err.text();
        }
        assertThat(com.capreport.model.Extras.lookup(spec.extras(), "DataStorageLineOfService.IsSpaceEfficient")
                .orElseThrow().value()).isEqualTo(false);
        assertThat(log.lines().filter(l -> l.contains("overrides the discovered value")).count()).isEqualTo(1);
        assertThat(log).contains("DataStorageLineOfService.IsSpaceEfficient = false overrides the discovered value true");
    }

    @Test
    void extrasReadFromTheConfigFileOverlayLikeHandBuiltOnes() throws Exception {
        AgentConfig config = new ConfigLoader(DriverRegistry.builtIn()).parse("agent.yaml", """
                dock: { id: node-1, availabilityZone: az01 }
                etcd: { endpoints: [http://127.0.0.1:2379] }
                backends:
                  - name: lab
                    driver: sim
                    pools: [{ name: gold-1, totalCapacity: 10 }]
                    extras: { IOConnectivityLineOfService: { AccessProtocol: iSCSI, MaxIOPS: 5000 } }
                    poolExtras: { gold-1: { DataProtectionLineOfService: { IsIsolated: false } } }
                """);
        DiscoveredPool gold = new DiscoveredPool("gold-1", "gold-1", "block", null, 10 * Capacity.GIB,
                10 * Capacity.GIB, PoolStatus.AVAILABLE, Map.of("advanced", Map.of("sim", true)));

        PoolSpec spec = new PoolAssembler("node-1", "az01", config.backends().get(0)).assemble(gold, CREATED, UPDATED);

        assertThat(spec.driver()).isEqualTo("sim");
        assertThat(spec.capabilitySources()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "advanced.sim", "discovered",
                "IOConnectivityLineOfService.AccessProtocol", "configured",
                "IOConnectivityLineOfService.MaxIOPS", "configured",
                "DataProtectionLineOfService.IsIsolated", "configured"));
        assertThat(spec.extras()).containsEntry("DataProtectionLineOfService", Map.of("IsIsolated", false));
    }

    private static AgentConfig.Backend backend(Map<String, Object> extras, Map<String, Map<String, Object>> poolExtras) {
        return new AgentConfig.Backend("lvm-1", "lvm", Duration.ofSeconds(60), Duration.ofSeconds(20), extras,
                poolExtras, null);
    }
}

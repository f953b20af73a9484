package com.capreport.dashboard;

import com.capreport.agent.Agent;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.ManagedEtcd;

/** Real agents with simulated backends, configured by the YAML an admin would write. */
final class TestEstate {
    private TestEstate() {
    }

    static Agent startAgent(ManagedEtcd etcd, String prefix, String dockId, String discovery, String backends)
            throws Exception {
        String yaml = "dock: { id: " + dockId + ", availabilityZone: az1, grpc: \"127.0.0.1:0\" }\n"
                + "etcd: { endpoints: [\"" + etcd.endpoint() + "\"], prefix: \"" + prefix + "\" }\n"
                + "discovery: { " + discovery + " }\n"
                + "backends:\n" + backends;
        return Agent.start(new ConfigLoader(DriverRegistry.builtIn()).parse("t.yaml", yaml));
    }

    /** A sim backend with LVM-like pools and varied capabilities. */
    static String lvmLike(String name) {
        return "  - name: " + name + "\n    driver: sim\n    pools:\n"
                + "      - { name: vg-gold, totalCapacity: 4096, freeCapacity: 1200, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Thin, Fixed], IsSpaceEfficient: true, "
                + "RecoverableCapacitySourceCount: 1 }, IOConnectivityLineOfService: { AccessProtocol: iSCSI }, "
                + "DataProtectionLineOfService: { RecoveryGeographicObjective: Server } } }\n"
                + "      - { name: vg-silver, totalCapacity: 1000, freeCapacity: 400, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Thin] } } }\n"
                + "      - { name: vg-archive, totalCapacity: 20480, freeCapacity: 1024, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Fixed], IsSpaceEfficient: false }, "
                + "IOConnectivityLineOfService: { AccessProtocol: NVMeOverFabrics } } }\n";
    }

    static String cephLike(String name) {
        return "  - name: " + name + "\n    driver: sim\n    pools:\n"
                + "      - { name: rbd-gold, totalCapacity: 51200, freeCapacity: 20000, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Thin], RecoverableCapacitySourceCount: 2 }, "
                + "IOConnectivityLineOfService: { AccessProtocol: RBD }, "
                + "DataProtectionLineOfService: { RecoveryGeographicObjective: Rack } } }\n";
    }

    /** A Ceph-like sim backend with one healthy and one degraded pool, degraded for a named health check. */
    static String cephDegraded(String name) {
        return "  - name: " + name + "\n    driver: sim\n    pools:\n"
                + "      - { name: rbd-ok, totalCapacity: 3072, freeCapacity: 1900, extras: { "
                + "DataStorageLineOfService: { RecoverableCapacitySourceCount: 2 } } }\n"
                + "      - { name: rbd-archive, totalCapacity: 40960, freeCapacity: 4100, status: degraded, "
                + "statusReason: \"PG_DEGRADED: Degraded data redundancy: 18/82 objects degraded (21.951%), 11 pgs "
                + "degraded\", extras: { DataStorageLineOfService: { RecoverableCapacitySourceCount: 2 } } }\n";
    }

    static SimDriver sim(Agent agent, String backend) {
        return (SimDriver) agent.loop(backend).orElseThrow().driver();
    }
}

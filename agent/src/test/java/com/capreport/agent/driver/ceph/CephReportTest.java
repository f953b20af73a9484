package com.capreport.agent.driver.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.testing.Fixtures;
import com.capreport.model.Extras;
import com.capreport.model.PoolStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Ceph parser on real Ceph 16.2.15 output: a 3-OSD single-host cluster and a 6-host, 3-rack one. */
class CephReportTest {

    private static Map<String, DiscoveredPool> parse(String df, String osdDump, String rules, String health)
            throws DriverException {
        return CephReport.pools("ceph-1", Fixtures.read("ceph/" + df), Fixtures.read("ceph/" + osdDump),
                        Fixtures.read("ceph/" + rules), Fixtures.read("ceph/" + health), Set.of()).stream()
                .collect(Collectors.toMap(DiscoveredPool::nativeId, Function.identity()));
    }

    private static Map<String, DiscoveredPool> state(String cluster, String state) throws DriverException {
        String s = state.isEmpty() ? cluster : cluster + "-" + state;
        return parse(s + "-df.json", s + "-osd-dump.json", cluster + "-crush-rule-dump.json", s + "-health-detail.json");
    }

    private static Object cap(DiscoveredPool p, String path) {
        return Extras.lookup(p.capabilities(), path).map(Extras.Reported::value).orElse(null);
    }

    @Test
    void replicatedRbdPoolOnOneHost() throws Exception {
        DiscoveredPool p = state("pacific-3osd", "").get("rbd-rep");
        assertThat(p.storageType()).isEqualTo("block");
        // df: stored 41943168, max_avail 5074508800
        assertThat(p.totalBytes()).isEqualTo(41_943_168L + 5_074_508_800L);
        assertThat(p.freeBytes()).isEqualTo(5_074_508_800L);
        assertThat(p.status()).isEqualTo(PoolStatus.AVAILABLE);
        assertThat(cap(p, "IOConnectivityLineOfService.AccessProtocol")).isEqualTo("RBD");
        assertThat(cap(p, "DataStorageLineOfService.ProvisioningPolicy")).isEqualTo(List.of("Thin"));
        assertThat(cap(p, "DataStorageLineOfService.RecoverableCapacitySourceCount")).isEqualTo(0);
        assertThat(cap(p, "DataProtectionLineOfService.ReplicaType")).isEqualTo(List.of("Snapshot", "Clone"));
        // An osd failure domain has no true Swordfish value: none is reported, the domain is in advanced.
        assertThat(Extras.lookup(p.capabilities(), "DataProtectionLineOfService.RecoveryGeographicObjective")).isEmpty();
        assertThat(cap(p, "advanced.ceph.failureDomain")).isEqualTo("osd");
        assertThat(cap(p, "advanced.ceph.size")).isEqualTo(1L);
        // size 1: nothing can be lost, and no failure leaves I/O running.
        assertThat(Extras.lookup(p.capabilities(), "DataStorageLineOfService.RecoveryTimeObjective")).isEmpty();
        assertThat(cap(p, "advanced.ceph.crushRoot")).isEqualTo("default");
    }

    @Test
    void erasureCodedPoolToleratesLosingMChunks() throws Exception {
        DiscoveredPool p = state("pacific-3osd", "").get("ec-data");
        assertThat(cap(p, "advanced.ceph.type")).isEqualTo("erasure");
        assertThat(cap(p, "advanced.ceph.k")).isEqualTo(2L);
        assertThat(cap(p, "advanced.ceph.m")).isEqualTo(1L);
        assertThat(cap(p, "DataStorageLineOfService.RecoverableCapacitySourceCount")).isEqualTo(1);
        assertThat(cap(p, "DataStorageLineOfService.RecoveryTimeObjective")).isEqualTo("OnlineActive");
        assertThat(cap(p, "advanced.ceph.erasureCodeProfile")).isEqualTo("ecp");
    }

    @Test
    void compressionMakesAPoolSpaceEfficientAndItsApplicationItsType() throws Exception {
        DiscoveredPool comp = state("pacific-3osd", "").get("comp");
        assertThat(cap(comp, "DataStorageLineOfService.IsSpaceEfficient")).isEqualTo(true);
        assertThat(cap(comp, "advanced.ceph.compressionAlgorithm")).isEqualTo("snappy");
        assertThat(comp.storageType()).isEqualTo("object");
        assertThat(Extras.lookup(comp.capabilities(), "IOConnectivityLineOfService.AccessProtocol")).isEmpty();
        assertThat(cap(state("pacific-3osd", "").get("rbd-rep"), "DataStorageLineOfService.IsSpaceEfficient"))
                .isEqualTo(false);
    }

    @Test
    void aQuotaCapsTotalAndFreeCapacity() throws Exception {
        DiscoveredPool q = state("pacific-3osd", "").get("quota-pool");
        assertThat(q.totalBytes()).isEqualTo(104_857_600L);
        assertThat(q.freeBytes()).isEqualTo(104_857_600L - 8_388_608L);
        assertThat(cap(q, "advanced.ceph.quotaMaxBytes")).isEqualTo(104_857_600L);
    }

    @Test
    void aQuotaAboveMaxAvailLeavesMaxAvailAsFree() throws Exception {
        DiscoveredPool q = parse("pacific-6osd-racks-df.json", "handmade-6osd-racks-quota-above-max-avail-osd-dump.json",
                "pacific-6osd-racks-crush-rule-dump.json", "pacific-6osd-racks-health-detail.json").get("quota-small");
        assertThat(q.freeBytes()).isEqualTo(3_399_144_192L);
        assertThat(q.totalBytes()).isEqualTo(8_388_627L + 3_399_144_192L);
    }

    @Test
    void theMgrsOwnPoolIsNotReported() throws Exception {
        assertThat(state("pacific-3osd", "")).containsOnlyKeys("rbd-rep", "ec-data", "comp", "quota-pool");
    }

    @Test
    void crushFailureDomainsGiveTheGeographicObjective() throws Exception {
        Map<String, DiscoveredPool> pools = state("pacific-6osd-racks", "");
        assertThat(pools).containsOnlyKeys("rbd-rep3", "rep-host", "ec42", "ec21-rack", "quota-small");
        DiscoveredPool rep3 = pools.get("rbd-rep3");
        assertThat(cap(rep3, "DataProtectionLineOfService.RecoveryGeographicObjective")).isEqualTo("Rack");
        assertThat(cap(rep3, "DataStorageLineOfService.RecoverableCapacitySourceCount")).isEqualTo(2);
        assertThat(cap(rep3, "advanced.ceph.crushRule")).isEqualTo("replicated_rack");
        DiscoveredPool ec42 = pools.get("ec42");
        assertThat(cap(ec42, "DataProtectionLineOfService.RecoveryGeographicObjective")).isEqualTo("Server");
        assertThat(cap(ec42, "DataStorageLineOfService.RecoverableCapacitySourceCount")).isEqualTo(2);
        assertThat(cap(ec42, "DataStorageLineOfService.IsSpaceEfficient")).isEqualTo(true); // compression force
        // RBD on an EC pool only works as a --data-pool: no access protocol of its own.
        assertThat(Extras.lookup(ec42.capabilities(), "IOConnectivityLineOfService.AccessProtocol")).isEmpty();
        assertThat(cap(ec42, "advanced.ceph.rbdDataPoolOnly")).isEqualTo(true);
        DiscoveredPool ec21 = pools.get("ec21-rack");
        assertThat(cap(ec21, "DataProtectionLineOfService.RecoveryGeographicObjective")).isEqualTo("Rack");
        assertThat(ec21.storageType()).isEqualTo("file");
        DiscoveredPool repHost = pools.get("rep-host");
        assertThat(cap(repHost, "DataStorageLineOfService.IsSpaceEfficient")).isEqualTo(false); // passive
        assertThat(repHost.storageType()).isEqualTo("object");
        assertThat(cap(repHost, "DataProtectionLineOfService.RecoveryGeographicObjective")).isEqualTo("Server");
    }

    @Test
    void failureDomainNamesMapToTheLargestSwordfishUnitTheyGuarantee() {
        Map<String, String> expected = Map.ofEntries(Map.entry("host", "Server"), Map.entry("chassis", "Server"),
                Map.entry("rack", "Rack"), Map.entry("row", "Row"), Map.entry("pdu", "Row"), Map.entry("pod", "Row"),
                Map.entry("room", "Row"), Map.entry("datacenter", "Datacenter"), Map.entry("zone", "Datacenter"),
                Map.entry("region", "Region"));
        expected.forEach((fd, objective) -> assertThat(CephReport.geographicObjective(fd)).as(fd).hasValue(objective));
        assertThat(CephReport.geographicObjective("osd")).isEmpty();
    }

    @Test
    void clusterWideWarningsDegradeEveryPoolAndErrorsMakeThemError() throws Exception {
        assertThat(state("pacific-3osd", "osd2-down").values()).extracting(DiscoveredPool::status)
                .containsOnly(PoolStatus.DEGRADED);
        Map<String, DiscoveredPool> full = state("pacific-3osd", "osd-full");
        assertThat(full.values()).extracting(DiscoveredPool::status).containsOnly(PoolStatus.ERROR);
        assertThat(cap(full.get("rbd-rep"), "advanced.ceph.healthChecks")).asList().contains("OSD_FULL");
    }

    @Test
    void aCheckNamingAPoolOrItsPlacementGroupsOnlyTouchesThatPool() throws Exception {
        Map<String, DiscoveredPool> quotaFull = state("pacific-3osd", "quota-full");
        assertThat(quotaFull.get("quota-pool").status()).isEqualTo(PoolStatus.DEGRADED);
        assertThat(cap(quotaFull.get("quota-pool"), "advanced.ceph.healthChecks")).isEqualTo(List.of("POOL_FULL"));
        assertThat(quotaFull.get("rbd-rep").status()).isEqualTo(PoolStatus.AVAILABLE);
        // PG_DAMAGED names pg 2.5: pool 2 (rbd-rep3) is in error, the others are fine.
        Map<String, DiscoveredPool> damaged = parse("pacific-6osd-racks-df.json", "pacific-6osd-racks-osd-dump.json",
                "pacific-6osd-racks-crush-rule-dump.json", "handmade-6osd-racks-pg-damaged-health-detail.json");
        assertThat(damaged.get("rbd-rep3").status()).isEqualTo(PoolStatus.ERROR);
        assertThat(damaged.get("ec42").status()).isEqualTo(PoolStatus.AVAILABLE);
    }

    @Test
    void theMgrBeingDownDegradesEveryPool() throws Exception {
        assertThat(state("pacific-3osd", "mgr-down").values()).extracting(DiscoveredPool::status)
                .containsOnly(PoolStatus.DEGRADED);
    }

    @Test
    void aStateWithOneRackDownStillParses() throws Exception {
        Map<String, DiscoveredPool> pools = state("pacific-6osd-racks", "rack-r1-down");
        assertThat(pools).isNotEmpty();
        assertThat(pools.values()).extracting(DiscoveredPool::status).containsOnly(PoolStatus.DEGRADED);
    }

    @Test
    void theRestrictedReadOnlyUsersOutputParses() throws Exception {
        Map<String, DiscoveredPool> pools = parse("pacific-1osd-cephx-capreport-df.json",
                "pacific-1osd-cephx-capreport-osd-dump.json", "pacific-1osd-cephx-capreport-crush-rule-dump.json",
                "pacific-1osd-cephx-capreport-health.json");
        assertThat(pools).isNotEmpty();
    }

    @Test
    void garbageIsABackendErrorNamingTheCommand() {
        assertThatThrownBy(() -> CephReport.pools("ceph-1", "{\"pools\": [", "{}", "[]", "{}", Set.of()))
                .isInstanceOf(DriverException.class).hasMessageStartingWith("ceph-1: ceph df printed invalid JSON")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> CephReport.pools("ceph-1", "{}", "{}", "[]", "{}", Set.of()))
                .isInstanceOf(DriverException.class).hasMessageContaining("ceph df JSON has no pools list");
    }

    @Test
    void onlyTheConfiguredPoolsAreReported() throws Exception {
        assertThat(CephReport.pools("ceph-1", Fixtures.read("ceph/pacific-3osd-df.json"),
                Fixtures.read("ceph/pacific-3osd-osd-dump.json"), Fixtures.read("ceph/pacific-3osd-crush-rule-dump.json"),
                Fixtures.read("ceph/pacific-3osd-health.json"), Set.of("comp"))).extracting(DiscoveredPool::nativeId)
                .containsExactly("comp");
    }

    @Test
    void aDegradedPoolNamesTheHealthChecksThatDegradeIt() throws Exception {
        // osd.2 down: OSD_DOWN names no pool (cluster-wide), PG_DEGRADED names pgs 3.x (ec-data only).
        Map<String, DiscoveredPool> down = state("pacific-3osd", "osd2-down");
        assertThat(down.get("ec-data").statusReason()).isEqualTo("OSD_DOWN: 1 osds down; PG_DEGRADED: Degraded data "
                + "redundancy: 18/82 objects degraded (21.951%), 11 pgs degraded");
        assertThat(down.get("rbd-rep").statusReason()).isEqualTo("OSD_DOWN: 1 osds down");
        // A check about one pool says it in that pool's own detail line.
        Map<String, DiscoveredPool> quotaFull = state("pacific-3osd", "quota-full");
        assertThat(quotaFull.get("quota-pool").statusReason())
                .isEqualTo("POOL_FULL: pool 'quota-pool' is full (running out of quota)");
        assertThat(quotaFull.get("rbd-rep").statusReason()).as("available: no reason").isEmpty();
        // Errors first; OSD_SCRUB_ERRORS says nothing about the data and is left out.
        Map<String, DiscoveredPool> damaged = parse("pacific-6osd-racks-df.json", "pacific-6osd-racks-osd-dump.json",
                "pacific-6osd-racks-crush-rule-dump.json", "handmade-6osd-racks-pg-damaged-health-detail.json");
        assertThat(damaged.get("rbd-rep3").statusReason()).isEqualTo("PG_DAMAGED: Possible data damage: 1 pg inconsistent");
        assertThat(state("pacific-3osd", "osd-full").get("rbd-rep").statusReason()).contains("OSD_FULL: ");
    }
}

package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.discovery.CycleResult;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.CephCluster;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Extras;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopState;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The ceph driver against a real single-host Ceph 16 cluster (1 mon, 3 memstore OSDs, 1 mgr)
 * started by the test, through a real agent reporting to a real etcd.
 */
@Tag("ceph")
@Timeout(300)
class CephDriverIT {
    private static CephCluster ceph;
    private Client client;
    private String prefix;
    private Agent agent;
    private boolean monStopped;

    @BeforeAll
    static void startCluster() throws Exception {
        Assumptions.assumeTrue(CephCluster.unavailableReason().isEmpty(),
                () -> "Ceph cannot run here: " + CephCluster.unavailableReason().orElse(""));
        ceph = CephCluster.start(3, false);
        ceph.createReplicatedPool("rbd-rep", 8);
        ceph.enableApplication("rbd-rep", "rbd");
        ceph.createErasurePool("ec-data", "ec21", 2, 1);
        ceph.enableApplication("ec-data", "rgw");
        ceph.createReplicatedPool("comp", 8);
        ceph.enableApplication("comp", "rgw");
        ceph.setCompression("comp", "aggressive");
        ceph.createReplicatedPool("quota", 8);
        ceph.enableApplication("quota", "rbd");
        ceph.setQuota("quota", 100L << 20);
        ceph.writeObject("rbd-rep", "obj1", 4 << 20);
    }

    @AfterAll
    static void stopCluster() {
        if (ceph != null) {
            ceph.close();
        }
    }

    @BeforeEach
    void setUp(TestInfo info) {
        client = TestEtcd.client();
        prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        client.close();
        if (monStopped) {
            ceph.startMon();
        }
    }

    private void start(String discovery) throws Exception {
        agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "ceph-node", discovery,
                "  - name: ceph-1\n    driver: ceph\n    conf: \"" + ceph.conf() + "\"\n    connectTimeout: 3s\n")));
    }

    private CycleResult discover() throws Exception {
        return agent.discoverNow(Optional.of("ceph-1")).get(60, TimeUnit.SECONDS).get(0);
    }

    private Map<String, PoolSpec> pools() throws Exception {
        KeyLayout layout = new KeyLayout(prefix);
        Map<String, PoolSpec> out = new TreeMap<>();
        for (var kv : client.getKVClient().get(EtcdClients.bytes(layout.poolsPrefix("ceph-node")),
                GetOption.builder().isPrefix(true).build()).get().getKvs()) {
            PoolSpec p = Json.decode(kv.getValue().getBytes(), PoolSpec.class, "pool");
            out.put(p.name(), p);
        }
        return out;
    }

    private static Object cap(PoolSpec p, String path) {
        return Extras.lookup(p.extras(), path).map(Extras.Reported::value).orElse(null);
    }

    @Test
    void everyPoolIsReportedWithWhatTheClusterSaysItCanDo() throws Exception {
        start("interval: 60s, timeout: 15s, leaseTtl: 20s");
        CycleResult r = discover();
        assertThat(r.ok()).as(r.error().orElse("")).isTrue();
        System.out.printf("FIGURE ceph discovery cycle against a real Ceph 16 cluster (4 pools, 4 ceph CLI calls): %d ms%n",
                r.took().toMillis());
        Map<String, PoolSpec> pools = pools();
        assertThat(pools).containsOnlyKeys("rbd-rep", "ec-data", "comp", "quota");
        System.out.printf("FIGURE ceph line-of-service fields marked discovered: %s%n", DiscoveredShare.of(pools.values()));

        PoolSpec rbd = pools.get("rbd-rep");
        String df = ceph.ceph("df", "-f", "json");
        var stats = Json.mapper().readTree(df).path("pools");
        long maxAvail = -1;
        for (var p : stats) {
            if (p.path("name").asText().equals("rbd-rep")) {
                maxAvail = p.path("stats").path("max_avail").asLong();
            }
        }
        assertThat(rbd.freeCapacityBytes()).as("free = max_avail").isCloseTo(maxAvail,
                org.assertj.core.data.Offset.offset(64L << 20));
        assertThat(rbd.storageType()).isEqualTo("block");
        assertThat(cap(rbd, "IOConnectivityLineOfService.AccessProtocol")).isEqualTo("RBD");
        assertThat(rbd.capabilitySources()).containsEntry("IOConnectivityLineOfService.AccessProtocol", "discovered");
        assertThat(rbd.driver()).isEqualTo("ceph");

        PoolSpec ec = pools.get("ec-data");
        assertThat(cap(ec, "DataStorageLineOfService.RecoverableCapacitySourceCount")).isEqualTo(1);
        assertThat(cap(ec, "advanced.ceph.k")).isEqualTo(2);
        assertThat(cap(ec, "advanced.ceph.failureDomain")).isEqualTo("osd");
        assertThat(ec.storageType()).isEqualTo("object");

        assertThat(cap(pools.get("comp"), "DataStorageLineOfService.IsSpaceEfficient")).isEqualTo(true);
        PoolSpec quota = pools.get("quota");
        assertThat(quota.totalCapacityBytes()).isEqualTo(100L << 20);
        assertThat(cap(quota, "advanced.ceph.quotaMaxBytes")).isEqualTo(100 << 20);
        assertThat(pools.values()).extracting(PoolSpec::status).containsOnly(PoolStatus.AVAILABLE);
        assertThat(cap(rbd, "DataStorageLineOfService.ProvisioningPolicy")).isEqualTo(List.of("Thin"));
    }

    @Test
    void aReadOnlyCephxUserWithItsKeyringIsEnough() throws Exception {
        try (CephCluster secured = CephCluster.start(1, true)) {
            secured.createReplicatedPool("rbd-x", 8);
            secured.enableApplication("rbd-x", "rbd");
            String backend = "  - name: ceph-1\n    driver: ceph\n    conf: \"" + secured.conf() + "\"\n"
                    + "    user: client." + secured.user() + "\n    keyring: \"" + secured.keyring() + "\"\n"
                    + "    connectTimeout: 3s\n";
            agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "ceph-node",
                    "interval: 60s, timeout: 15s, leaseTtl: 20s", backend)));
            CycleResult r = discover();
            assertThat(r.ok()).as(r.error().orElse("")).isTrue();
            assertThat(pools()).containsOnlyKeys("rbd-x");

            // The same user without its keyring is refused by the cluster: a backend error, one line.
            agent.close();
            agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "ceph-node",
                    "interval: 60s, timeout: 15s, leaseTtl: 20s", "  - name: ceph-1\n    driver: ceph\n    conf: \""
                            + secured.conf() + "\"\n    user: nobody\n    connectTimeout: 3s\n")));
            CycleResult refused = discover();
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).startsWith("ceph-1: ").doesNotContain("\n"));
            agent.close();
            agent = null;
        }
    }

    @Test
    void monitorStoppedMidRunMakesTheBackendFailAndItsRestartRecovers() throws Exception {
        start("interval: 2s, timeout: 8s, leaseTtl: 20s");
        assertThat(discover().ok()).isTrue();
        ceph.stopMon();
        monStopped = true;
        long t0 = System.nanoTime();
        CycleResult failed = discover();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).startsWith("ceph-1: ").doesNotContain("\n"));
        assertThat(ms).as("the connect timeout cuts it, not a hang").isLessThan(9000);
        assertThat(pools().values()).extracting(PoolSpec::status).containsOnly(PoolStatus.ERROR);
        assertThat(agent.loop("ceph-1").orElseThrow().status().state()).isEqualTo(LoopState.ERROR);

        ceph.startMon();
        monStopped = false;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(agent.loop("ceph-1").orElseThrow().status().state()).isEqualTo(LoopState.RUNNING);
            assertThat(pools().values()).extracting(PoolSpec::status).containsOnly(PoolStatus.AVAILABLE);
        });
    }
}

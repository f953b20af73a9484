package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.discovery.CycleResult;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.LvmLoopDevices;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Extras;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopState;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lvm driver against real volume groups on loop devices (lvm2 metadata-only on this kernel),
 * through a real agent reporting to a real etcd.
 */
@Tag("lvm")
@Timeout(120)
class LvmDriverIT {
    private static final long MIB = 1L << 20;
    @TempDir
    Path temp;
    private LvmLoopDevices lvm;
    private Client client;
    private String prefix;
    private Agent agent;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        Assumptions.assumeTrue(LvmLoopDevices.unavailableReason().isEmpty(),
                () -> "LVM on loop devices is unavailable here: " + LvmLoopDevices.unavailableReason().orElse(""));
        lvm = LvmLoopDevices.create(temp);
        client = TestEtcd.client();
        prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (client != null) {
            client.close();
        }
        if (lvm != null) {
            lvm.close();
        }
    }

    private Agent start(String extraOptions) throws Exception {
        agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "lvm-node",
                "interval: 60s, timeout: 20s, leaseTtl: 5s",
                "  - name: lvm-1\n    driver: lvm\n    systemDir: \"" + lvm.systemDir() + "\"\n" + extraOptions
                        + "    extras: { IOConnectivityLineOfService: { AccessProtocol: iSCSI } }\n")));
        return agent;
    }

    private CycleResult discover() throws Exception {
        return agent.discoverNow(Optional.of("lvm-1")).get(60, TimeUnit.SECONDS).get(0);
    }

    private Map<String, PoolSpec> pools() throws Exception {
        KeyLayout layout = new KeyLayout(prefix);
        Map<String, PoolSpec> out = new TreeMap<>();
        for (var kv : client.getKVClient().get(EtcdClients.bytes(layout.poolsPrefix("lvm-node")),
                GetOption.builder().isPrefix(true).build()).get().getKvs()) {
            PoolSpec p = Json.decode(kv.getValue().getBytes(), PoolSpec.class, "pool");
            out.put(p.name(), p);
        }
        return out;
    }

    @Test
    void realVolumeGroupsAreReportedWithDiscoveredCapabilitiesAndFollowChanges() throws Exception {
        String d1 = lvm.addDisk("d1", 256 * MIB);
        String d2 = lvm.addDisk("d2", 128 * MIB);
        lvm.createVg("vgdata", d1, d2);
        lvm.createLv("vgdata", "lv1", 64 * MIB);
        String d3 = lvm.addDisk("d3", 64 * MIB);
        lvm.createVg("vgsmall", d3);
        start("");
        CycleResult first = discover();
        assertThat(first.ok()).as(first.error().orElse("")).isTrue();
        System.out.printf("FIGURE lvm discovery cycle against real lvm2 (2 VGs, loop devices): %d ms%n",
                first.took().toMillis());

        Map<String, PoolSpec> pools = pools();
        assertThat(pools).containsOnlyKeys("vgdata", "vgsmall");
        PoolSpec data = pools.get("vgdata");
        String vgs = lvm.run("vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "vg_size,vg_free",
                "vgdata");
        var row = Json.mapper().readTree(vgs).path("report").get(0).path("vg").get(0);
        assertThat(data.totalCapacityBytes()).isEqualTo(row.path("vg_size").asLong());
        assertThat(data.freeCapacityBytes()).isEqualTo(row.path("vg_free").asLong());
        assertThat(data.driver()).isEqualTo("lvm");
        assertThat(data.status()).isEqualTo(PoolStatus.AVAILABLE);
        assertThat(Extras.lookup(data.extras(), "DataStorageLineOfService.ProvisioningPolicy").orElseThrow().value())
                .isEqualTo(java.util.List.of("Fixed"));
        assertThat(data.capabilitySources()).containsEntry("DataStorageLineOfService.ProvisioningPolicy", "discovered")
                .containsEntry("IOConnectivityLineOfService.AccessProtocol", "configured")
                .containsEntry("advanced.lvm.vgAttr", "discovered");
        System.out.printf("FIGURE lvm line-of-service fields marked discovered: %s%n", DiscoveredShare.of(pools.values()));

        // A new LV takes space: only that VG's pool is written again.
        lvm.createLv("vgdata", "lv2", 32 * MIB);
        CycleResult second = discover();
        assertThat(second.changed()).containsExactly(data.id());
        assertThat(pools().get("vgdata").freeCapacityBytes()).isEqualTo(data.freeCapacityBytes() - 32 * MIB);
    }

    @Test
    void aVolumeGroupThatDisappearsBetweenCyclesTurnsUnavailable() throws Exception {
        lvm.createVg("vgkeep", lvm.addDisk("k", 64 * MIB));
        lvm.createVg("vggone", lvm.addDisk("g", 64 * MIB));
        start("");
        discover();
        assertThat(pools()).containsOnlyKeys("vgkeep", "vggone");
        lvm.removeVg("vggone");
        CycleResult r = discover();
        assertThat(r.ok()).isTrue();
        assertThat(pools().get("vggone").status()).isEqualTo(PoolStatus.UNAVAILABLE);
        assertThat(pools().get("vgkeep").status()).isEqualTo(PoolStatus.AVAILABLE);
    }

    @Test
    void aVolumeGroupThatLosesAPhysicalVolumeIsDegraded() throws Exception {
        String a = lvm.addDisk("a", 64 * MIB);
        String b = lvm.addDisk("b", 64 * MIB);
        lvm.createVg("vgpart", a, b);
        start("");
        discover();
        assertThat(pools().get("vgpart").status()).isEqualTo(PoolStatus.AVAILABLE);
        lvm.detach(b);
        discover();
        PoolSpec p = pools().get("vgpart");
        assertThat(p.status()).isEqualTo(PoolStatus.DEGRADED);
        assertThat(Extras.lookup(p.extras(), "advanced.lvm.missingPvCount").orElseThrow().value()).isEqualTo(1);
    }

    @Test
    void onlyTheConfiguredVolumeGroupsAreReported() throws Exception {
        lvm.createVg("vgyes", lvm.addDisk("y", 64 * MIB));
        lvm.createVg("vgno", lvm.addDisk("n", 64 * MIB));
        start("    volumeGroups: [vgyes]\n");
        discover();
        assertThat(pools()).containsOnlyKeys("vgyes");
    }

    @Test
    void failingLvmCommandsPutTheLoopInErrorWithTheReason() throws Exception {
        lvm.createVg("vgx", lvm.addDisk("x", 64 * MIB));
        start("    commandPrefix: [\"/bin/false\"]\n");
        CycleResult r = discover();
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).startsWith("lvm-1: /bin/false env ").contains(" vgs ").contains("exited 1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.loop("lvm-1").orElseThrow().status().state()
                == LoopState.ERROR);
    }
}

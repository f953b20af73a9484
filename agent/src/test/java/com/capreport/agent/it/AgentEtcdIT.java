package com.capreport.agent.it;

import static com.capreport.agent.testing.TestEtcd.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.discovery.CycleResult;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.KeyWatch;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Capacity;
import com.capreport.model.DockSpec;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent in-process against a real etcd: what it writes, when, and what it never writes. */
@Timeout(60)
class AgentEtcdIT {
    private Client client;
    private String prefix;
    private KeyLayout layout;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        client = TestEtcd.client();
        prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
    }

    @AfterEach
    void tearDown() {
        agents.forEach(Agent::close);
        client.close();
    }

    private Agent start(String dockId, String discovery, String backends) throws Exception {
        AgentConfig cfg = Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, dockId, discovery, backends));
        Agent a = Agent.start(cfg);
        agents.add(a);
        return a;
    }

    private static final String ON_DEMAND = "interval: 60s, timeout: 5s, leaseTtl: 2s";

    private List<CycleResult> discover(Agent a) throws Exception {
        return a.discoverNow(Optional.empty()).get(30, TimeUnit.SECONDS);
    }

    private Map<String, PoolSpec> pools(String dockId) throws Exception {
        var r = client.getKVClient().get(EtcdClients.bytes(layout.poolsPrefix(dockId)),
                GetOption.builder().isPrefix(true).build()).get();
        Map<String, PoolSpec> out = new TreeMap<>();
        for (var kv : r.getKvs()) {
            PoolSpec p = Json.decode(kv.getValue().getBytes(), PoolSpec.class, "test");
            out.put(p.name(), p);
        }
        return out;
    }

    private LoopStatus loop(String dockId, String backend) throws Exception {
        String v = get(client, layout.loop(dockId, backend));
        return v == null ? null : Json.decode(v, LoopStatus.class, "loop");
    }

    private static SimDriver sim(Agent a, String backend) {
        return (SimDriver) a.loop(backend).orElseThrow().driver();
    }

    @Test
    void agentReportsSpecAliveLoopAndPoolsUnderStableIds() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "gold-1", "silver-1"));
        discover(a);

        DockSpec spec = Json.decode(get(client, layout.dockSpec("node-1")), DockSpec.class, "spec");
        assertThat(spec.backends()).extracting(b -> b.name() + "/" + b.driver()).containsExactly("lab/sim");
        assertThat(spec.endpoint()).isEqualTo(a.grpcEndpoint());
        assertThat(spec.stoppedAt()).isNull();
        assertThat(get(client, layout.alive("node-1"))).contains("\"pid\":" + ProcessHandle.current().pid());
        assertThat(loop("node-1", "lab").state()).isEqualTo(LoopState.RUNNING);
        assertThat(loop("node-1", "lab").poolCount()).isEqualTo(2);

        Map<String, PoolSpec> pools = pools("node-1");
        assertThat(pools).containsOnlyKeys("gold-1", "silver-1");
        PoolSpec gold = pools.get("gold-1");
        assertThat(gold.id()).isEqualTo(PoolIds.poolId("node-1", "lab", "gold-1"));
        assertThat(get(client, layout.pool("node-1", gold.id()))).isNotNull();
        assertThat(gold.status()).isEqualTo(PoolStatus.AVAILABLE);
        assertThat(gold.totalCapacityBytes()).isEqualTo(Capacity.fromGiB(1000));
        assertThat(gold.freeCapacity()).isEqualTo(400);
        assertThat(gold.availabilityZone()).isEqualTo("az1");
        assertThat(gold.capabilitySources()).containsEntry("DataStorageLineOfService.ProvisioningPolicy", "discovered");
    }

    @Test
    void unchangedCycleWritesNoPoolAndNoLoopStatus() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1", "p2", "p3"));
        discover(a);
        try (KeyWatch watch = new KeyWatch(client, prefix)) {
            long putsBefore = a.loop("lab").orElseThrow().metrics().poolPuts.get();
            for (int i = 0; i < 5; i++) {
                List<CycleResult> r = discover(a);
                assertThat(r.get(0).unchanged()).isTrue();
            }
            // A marker write after the cycles: once the watch has seen it, it has seen everything before it.
            client.getKVClient().put(EtcdClients.bytes(prefix + "/marker"), EtcdClients.bytes("x")).get();
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.count(WatchEvent.EventType.PUT, "/marker") == 1);
            assertThat(watch.count(WatchEvent.EventType.PUT, "/pools/")).isZero();
            assertThat(watch.count(WatchEvent.EventType.PUT, "/loops/")).isZero();
            assertThat(a.loop("lab").orElseThrow().metrics().poolPuts.get()).isEqualTo(putsBefore);
        }
    }

    @Test
    void capacityChangeRewritesOnlyThatPool() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1", "p2"));
        discover(a);
        PoolSpec before = pools("node-1").get("p1");
        try (KeyWatch watch = new KeyWatch(client, layout.poolsPrefix("node-1"))) {
            sim(a, "lab").setFreeBytes("p1", Capacity.fromGiB(123));
            CycleResult r = discover(a).get(0);
            assertThat(r.changed()).containsExactly(before.id());
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.count(WatchEvent.EventType.PUT, before.id()) == 1);
            assertThat(watch.events()).hasSize(1);
        }
        PoolSpec after = pools("node-1").get("p1");
        assertThat(after.freeCapacity()).isEqualTo(123);
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isAfterOrEqualTo(before.updatedAt());
    }

    @Test
    void failingBackendMarksItsPoolsErrorOnceKeepsValuesAndRecovers() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1", "p2"));
        discover(a);
        sim(a, "lab").setMode(SimDriver.Mode.FAIL, "array controller offline");

        CycleResult failed = discover(a).get(0);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("array controller offline"));
        Map<String, PoolSpec> pools = pools("node-1");
        assertThat(pools.values()).extracting(PoolSpec::status).containsOnly(PoolStatus.ERROR);
        assertThat(pools.get("p1").freeCapacity()).isEqualTo(400);
        LoopStatus status = loop("node-1", "lab");
        assertThat(status.state()).isEqualTo(LoopState.ERROR);
        assertThat(status.lastError()).contains("array controller offline");
        assertThat(status.consecutiveFailures()).isEqualTo(1);

        try (KeyWatch watch = new KeyWatch(client, layout.poolsPrefix("node-1"))) {
            discover(a);
            client.getKVClient().put(EtcdClients.bytes(layout.poolsPrefix("node-1") + "zz-marker"),
                    EtcdClients.bytes("x")).get();
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.count(WatchEvent.EventType.PUT, "zz-marker") == 1);
            assertThat(watch.events()).hasSize(1); // only the marker: the pools were marked error once
            client.getKVClient().delete(EtcdClients.bytes(layout.poolsPrefix("node-1") + "zz-marker")).get();
        }
        assertThat(loop("node-1", "lab").consecutiveFailures()).isEqualTo(2);

        sim(a, "lab").setMode(SimDriver.Mode.OK, null);
        CycleResult recovered = discover(a).get(0);
        assertThat(recovered.ok()).isTrue();
        assertThat(pools("node-1").values()).extracting(PoolSpec::status).containsOnly(PoolStatus.AVAILABLE);
        assertThat(loop("node-1", "lab").state()).isEqualTo(LoopState.RUNNING);
        assertThat(loop("node-1", "lab").consecutiveFailures()).isZero();
    }

    @Test
    void failingBackendIsRetriedWithBackoffAndRecoversByItself() throws Exception {
        Agent a = start("node-1", "interval: 4s, timeout: 2s, leaseTtl: 2s", Configs.simBackend("lab", "p1"));
        discover(a);
        sim(a, "lab").setMode(SimDriver.Mode.FAIL, "flapping link");
        // Backoff 1 s, 2 s, 4 s (capped at the interval): three failures well before 3 intervals.
        await().atMost(Duration.ofSeconds(9)).until(() -> a.loop("lab").orElseThrow().status().consecutiveFailures() >= 3);
        assertThat(loop("node-1", "lab").state()).isEqualTo(LoopState.ERROR);
        sim(a, "lab").setMode(SimDriver.Mode.OK, null);
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(loop("node-1", "lab").state()).isEqualTo(LoopState.RUNNING);
            assertThat(pools("node-1").get("p1").status()).isEqualTo(PoolStatus.AVAILABLE);
        });
    }

    @Test
    void hangingBackendLetsItsLoopKeyExpireWhileTheDockAndOtherBackendsGoOn() throws Exception {
        Agent a = start("node-1", "interval: 1s, timeout: 7s, leaseTtl: 2s",
                Configs.simBackend("stuck", "s1") + Configs.simBackend("healthy", "h1"));
        discover(a);
        sim(a, "stuck").setMode(SimDriver.Mode.HANG, null);
        a.loop("stuck").orElseThrow().discoverNow();

        await().atMost(Duration.ofSeconds(5)).until(() -> get(client, layout.loop("node-1", "stuck")) == null);
        assertThat(get(client, layout.alive("node-1"))).isNotNull();
        assertThat(get(client, layout.loop("node-1", "healthy"))).isNotNull();
        sim(a, "healthy").setFreeBytes("h1", Capacity.fromGiB(77));
        await().atMost(Duration.ofSeconds(4)).until(() -> pools("node-1").get("h1").freeCapacity() == 77);

        // The timeout cuts the hung call: the loop reports again, in ERROR, with the reason.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            LoopStatus s = loop("node-1", "stuck");
            assertThat(s).isNotNull();
            assertThat(s.state()).isEqualTo(LoopState.ERROR);
            assertThat(s.lastError()).contains("no answer within the timeout of 7s");
        });
        assertThat(pools("node-1").get("s1").status()).isEqualTo(PoolStatus.ERROR);
    }

    @Test
    void poolMissingFromAListingTurnsUnavailableThenIsDeletedAfterRetention(@TempDir Path dir) throws Exception {
        Path a1 = Files.createDirectory(dir.resolve("a"));
        Path b1 = Files.createDirectory(dir.resolve("b"));
        Agent a = start("node-1", "interval: 60s, timeout: 5s, leaseTtl: 2s, retention: 1s",
                "  - name: files\n    driver: filesystem\n    paths: [\"" + a1 + "\", \"" + b1 + "\"]\n");
        discover(a);
        assertThat(pools("node-1")).containsOnlyKeys("a", "b");
        assertThat(pools("node-1").get("a").storageType()).isEqualTo("file");

        Files.delete(b1);
        CycleResult r = discover(a).get(0);
        assertThat(r.removed()).containsExactly(PoolIds.poolId("node-1", "files", b1.toString()));
        assertThat(pools("node-1").get("b").status()).isEqualTo(PoolStatus.UNAVAILABLE);
        assertThat(pools("node-1").get("a").status()).isEqualTo(PoolStatus.AVAILABLE);

        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            discover(a);
            assertThat(pools("node-1")).containsOnlyKeys("a");
        });
    }

    @Test
    void secondAgentWithTheSameDockIdIsRefusedNamingTheHolder() throws Exception {
        start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1"));
        assertThatThrownBy(() -> start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1")))
                .isInstanceOf(Agent.StartException.class)
                .satisfies(e -> assertThat(((Agent.StartException) e).kind()).isEqualTo(Agent.StartException.Kind.DOCK_HELD))
                .hasMessageContaining("dock 'node-1' is already held by host")
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .hasMessageNotContaining("\n");
        assertThat(get(client, layout.alive("node-1"))).isNotNull();
    }

    @Test
    void gracefulStopRecordsTheStopAndRemovesAliveAndLoopKeysButKeepsPools() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1"));
        discover(a);
        a.close();
        assertThat(get(client, layout.alive("node-1"))).isNull();
        assertThat(get(client, layout.loop("node-1", "lab"))).isNull();
        assertThat(Json.decode(get(client, layout.dockSpec("node-1")), DockSpec.class, "spec").stoppedAt()).isNotNull();
        assertThat(pools("node-1")).containsOnlyKeys("p1");
    }

    @Test
    void crashedAgentLosesAliveWithinTheTtlAndItsRestartReusesThePoolIds() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1", "p2"));
        discover(a);
        Map<String, PoolSpec> before = pools("node-1");
        a.crash();
        await().atMost(Duration.ofSeconds(4)).until(() -> get(client, layout.alive("node-1")) == null
                && get(client, layout.loop("node-1", "lab")) == null);
        assertThat(Json.decode(get(client, layout.dockSpec("node-1")), DockSpec.class, "spec").stoppedAt()).isNull();

        Agent b = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1", "p2"));
        discover(b);
        Map<String, PoolSpec> after = pools("node-1");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.values()).extracting(PoolSpec::id).containsExactlyElementsOf(
                before.values().stream().map(PoolSpec::id).toList());
        assertThat(after.get("p1").createdAt()).isEqualTo(before.get("p1").createdAt());
    }

    @Test
    void zombieAgentIsFencedAndCannotOverwriteTheNewHolder() throws Exception {
        Agent zombie = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1"));
        discover(zombie);
        // Someone else takes the dock over: the zombie's alive vanishes and a new agent claims it.
        client.getKVClient().delete(EtcdClients.bytes(layout.alive("node-1"))).get();
        Agent fresh = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1"));
        sim(fresh, "lab").setFreeBytes("p1", Capacity.fromGiB(111));
        discover(fresh);
        assertThat(pools("node-1").get("p1").freeCapacity()).isEqualTo(111);

        sim(zombie, "lab").setFreeBytes("p1", Capacity.fromGiB(999));
        CycleResult r = discover(zombie).get(0);
        assertThat(r.published()).isFalse();
        assertThat(zombie.isFenced()).isTrue();
        assertThat(pools("node-1").get("p1").freeCapacity()).isEqualTo(111);
        assertThat(get(client, layout.alive("node-1"))).isNotNull();
    }

    @Test
    void poolsOfABackendNoLongerConfiguredTurnUnavailableAtStart() throws Exception {
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("old", "o1") + Configs.simBackend("lab", "p1"));
        discover(a);
        a.close();
        Agent b = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1"));
        discover(b);
        assertThat(pools("node-1").get("o1").status()).isEqualTo(PoolStatus.UNAVAILABLE);
        assertThat(pools("node-1").get("p1").status()).isEqualTo(PoolStatus.AVAILABLE);
    }

    @Test
    void garbageUnderTheDocksOwnPoolKeyIsReplacedByTheDiscoveredPool() throws Exception {
        String id = PoolIds.poolId("node-1", "lab", "p1");
        client.getKVClient().put(EtcdClients.bytes(layout.pool("node-1", id)), EtcdClients.bytes("{not json")).get();
        Agent a = start("node-1", ON_DEMAND, Configs.simBackend("lab", "p1"));
        discover(a);
        assertThat(new String(get(client, layout.pool("node-1", id)).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).startsWith("{\"id\":\"" + id + "\"");
    }
}

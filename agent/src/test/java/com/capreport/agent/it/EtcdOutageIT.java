package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.testing.Configs;
import com.capreport.model.Capacity;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * etcd going away and coming back, and leases lost under the agent's feet: the agent keeps
 * polling, re-registers, re-publishes, and etcd converges to exactly what it held before.
 */
@Tag("faults")
@Timeout(120)
class EtcdOutageIT {
    private static final String PREFIX = "/capreport/v1";
    private final KeyLayout layout = new KeyLayout(PREFIX);
    private ManagedEtcd etcd;
    private Agent agent;
    private Client client;

    @BeforeEach
    void setUp() throws Exception {
        etcd = ManagedEtcd.start();
        agent = Agent.start(Configs.parse(Configs.yaml(etcd.endpoint(), PREFIX, "node-o",
                "interval: 1s, timeout: 2s, leaseTtl: 2s",
                Configs.simBackend("lab", "p1", "p2") + Configs.simBackend("other", "o1"))));
        agent.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
        client = Client.builder().endpoints(etcd.endpoint()).build();
    }

    @AfterEach
    void tearDown() {
        agent.close();
        client.close();
        etcd.close();
    }

    /** Every key under the prefix with its value; loop statuses reduced to what is stable. */
    private Map<String, String> contents() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue kv : client.getKVClient().get(EtcdClients.bytes(PREFIX + "/"),
                GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs()) {
            String key = kv.getKey().toString(StandardCharsets.UTF_8);
            String value = kv.getValue().toString(StandardCharsets.UTF_8);
            if (key.contains("/loops/")) {
                LoopStatus s = Json.decode(value, LoopStatus.class, key);
                value = s.state() + " pools=" + s.poolCount() + " failures=" + s.consecutiveFailures();
            } else if (key.endsWith("/proof")) {
                // Rewritten with a new time at every claim and period: its presence is what is stable.
                value = "proof of life";
            }
            out.put(key, value);
        }
        return out;
    }

    @Test
    void etcdDownLongerThanTheLeaseTtlThenBackEndsExactlyAsBefore() throws Exception {
        Map<String, String> before = contents();
        assertThat(before).containsKeys(layout.alive("node-o"), layout.loop("node-o", "lab"),
                layout.loop("node-o", "other"), layout.dockSpec("node-o"));

        etcd.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.session().connected());
        long cyclesBefore = agent.loop("lab").orElseThrow().metrics().cycles.get();
        // Down for three TTLs: the agent keeps polling its backends all along.
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .until(() -> agent.loop("lab").orElseThrow().metrics().cycles.get() >= cyclesBefore + 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.session().connected());
        etcd.restart();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(contents()).isEqualTo(before));
        // "connected" turns true with the agent's next successful call (a lease renewal within TTL/3).
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.session().connected());
    }

    @Test
    void etcdFrozenLongerThanTheTtlMakesTheAgentReRegisterAndRepublishExactly() throws Exception {
        // Many loops race to notice the lost lease: the dock must re-register once, never fence itself.
        agent.close();
        client.getKVClient().delete(EtcdClients.bytes(PREFIX + "/"),
                io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get();
        StringBuilder backends = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            backends.append(Configs.simBackend("b" + i, "p" + i));
        }
        agent = Agent.start(Configs.parse(Configs.yaml(etcd.endpoint(), PREFIX, "node-o",
                "interval: 1s, timeout: 2s, leaseTtl: 2s", backends.toString())));
        agent.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
        Map<String, String> before = contents();
        for (int round = 0; round < 3; round++) {
            long generation = agent.session().generation();
            etcd.pause(true);
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
            etcd.pause(false);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(agent.session().generation()).as("re-registered").isGreaterThan(generation);
                assertThat(contents()).isEqualTo(before);
            });
            assertThat(agent.isFenced()).as("an agent never fences itself").isFalse();
        }
    }

    @Test
    void changesDiscoveredDuringTheOutageArePublishedAfterIt() throws Exception {
        etcd.stop();
        ((SimDriver) agent.loop("lab").orElseThrow().driver()).setFreeBytes("p1", Capacity.fromGiB(5));
        long cyclesBefore = agent.loop("lab").orElseThrow().metrics().cycles.get();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> agent.loop("lab").orElseThrow().metrics().cycles.get() >= cyclesBefore + 2);
        assertThat(agent.loop("lab").orElseThrow().status().state().name()).isEqualTo("BACKING_OFF");
        etcd.restart();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PoolSpec p1 = agent.loop("lab").orElseThrow().pools().stream().filter(p -> p.name().equals("p1"))
                    .findFirst().orElseThrow();
            String stored = contents().get(layout.pool("node-o", p1.id()));
            assertThat(stored).isNotNull();
            assertThat(Json.decode(stored, PoolSpec.class, "p1").freeCapacity()).isEqualTo(5);
        });
    }

    @Test
    void leaseRevokedAndKeysWipedFromOutsideAreReGrantedAndRepublished() throws Exception {
        // A long interval: re-publishing must not wait for the next scheduled cycle.
        agent.close();
        client.getKVClient().delete(EtcdClients.bytes(PREFIX + "/"),
                io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get();
        agent = Agent.start(Configs.parse(Configs.yaml(etcd.endpoint(), PREFIX, "node-o",
                "interval: 60s, timeout: 2s, leaseTtl: 2s",
                Configs.simBackend("lab", "p1", "p2") + Configs.simBackend("other", "o1"))));
        agent.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
        Map<String, String> before = contents();
        long lease = client.getKVClient().get(EtcdClients.bytes(layout.alive("node-o"))).get().getKvs().get(0).getLease();
        // As if the lease had expired and someone cleaned up the dock's keys.
        client.getLeaseClient().revoke(lease).get();
        client.getKVClient().delete(EtcdClients.bytes(layout.dockPrefix("node-o")),
                io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get();
        assertThat(contents()).isEmpty();

        await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertThat(contents()).isEqualTo(before));
        long newLease = client.getKVClient().get(EtcdClients.bytes(layout.alive("node-o"))).get().getKvs().get(0).getLease();
        assertThat(newLease).isNotEqualTo(lease);
    }
}

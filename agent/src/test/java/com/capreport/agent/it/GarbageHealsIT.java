package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Garbage heals (issue 13, item 4): whatever someone else writes into a running agent's own keys —
 * a pool, its loop status, its spec, its {@code alive} put without a lease (what {@code etcdctl put}
 * does) — the agent notices by the key's revision or lease and writes its own value again, without
 * a restart and without the pool having changed. Real etcd, a real in-process agent.
 */
@Timeout(60)
class GarbageHealsIT {
    private static final String GARBAGE = "{\"this is\": not a pool";
    private static final int TTL = 3;
    private Client client;
    private KeyLayout layout;
    private String prefix;
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

    private Agent start() throws Exception {
        AgentConfig cfg = Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "node-g",
                "interval: 1s, timeout: 1s, leaseTtl: " + TTL + "s", Configs.simBackend("lab", "p1", "p2")));
        Agent a = Agent.start(cfg);
        agents.add(a);
        return a;
    }

    private Optional<KeyValue> kv(String key) throws Exception {
        List<KeyValue> kvs = client.getKVClient().get(EtcdClients.bytes(key)).get().getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    private String value(String key) throws Exception {
        return kv(key).map(k -> k.getValue().toString(StandardCharsets.UTF_8)).orElse("");
    }

    private void putByHand(String key, String value) throws Exception {
        client.getKVClient().put(EtcdClients.bytes(key), ByteSequence.from(value, StandardCharsets.UTF_8)).get();
    }

    private List<String> poolKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        client.getKVClient().get(EtcdClients.bytes(layout.poolsPrefix("node-g")),
                GetOption.builder().isPrefix(true).withKeysOnly(true).build()).get().getKvs()
                .forEach(k -> keys.add(k.getKey().toString(StandardCharsets.UTF_8)));
        return keys;
    }

    private static boolean parses(String json, Class<?> type) {
        try {
            Json.decode(json.getBytes(StandardCharsets.UTF_8), type, "test");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void garbageInARunningAgentsPoolKeyIsReplacedByThePoolWithinACycle() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(15)).until(() -> poolKeys().size() == 2);
        String key = poolKeys().get(0);
        String original = value(key);

        putByHand(key, GARBAGE);
        long at = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> parses(value(key), PoolSpec.class));
        System.out.printf("garbage pool key healed after %d ms (interval 1 s)%n", (System.nanoTime() - at) / 1_000_000);
        assertThat(value(key)).isEqualTo(original);

        // and a pool key someone deleted comes back too
        client.getKVClient().delete(EtcdClients.bytes(key)).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> value(key).equals(original));
    }

    @Test
    void garbageInTheLoopKeyIsReplacedByTheStatusUnderTheLoopsLease() throws Exception {
        start();
        String loop = layout.loop("node-g", "lab");
        await().atMost(Duration.ofSeconds(15)).until(() -> parses(value(loop), LoopStatus.class));

        putByHand(loop, "garbage"); // no lease: it would never expire on its own
        await().atMost(Duration.ofSeconds(5)).until(() -> parses(value(loop), LoopStatus.class));
        assertThat(kv(loop).orElseThrow().getLease()).as("written again under a lease").isNotZero();
    }

    @Test
    void garbageInTheSpecIsWrittenAgainByTheHeartbeat() throws Exception {
        start();
        String spec = layout.dockSpec("node-g");
        await().atMost(Duration.ofSeconds(15)).until(() -> parses(value(spec), DockSpec.class));
        String original = value(spec);

        putByHand(spec, "[1, 2, 3]");
        await().atMost(Duration.ofSeconds(TTL * 2L)).until(() -> value(spec).equals(original));
    }

    @Test
    void anAliveOverwrittenWithoutALeaseIsReclaimedAndARestartAfterThatIsNotRefused() throws Exception {
        Agent a = start();
        String alive = layout.alive("node-g");
        await().atMost(Duration.ofSeconds(15)).until(() -> kv(alive).isPresent());

        putByHand(alive, "garbage"); // keeps the key's create revision; drops the lease
        await().atMost(Duration.ofSeconds(TTL * 2L)).until(() -> kv(alive).map(k -> k.getLease() != 0
                && parses(k.getValue().toString(StandardCharsets.UTF_8), DockAlive.class)).orElse(false));
        await().atMost(Duration.ofSeconds(5)).until(() -> poolKeys().size() == 2);

        // The agent dies (no graceful stop), then someone writes alive by hand: no lease will ever expire it.
        a.crash();
        await().atMost(Duration.ofSeconds(TTL * 3L)).until(() -> kv(alive).isEmpty());
        putByHand(alive, "{\"host\": \"by-hand\"}");
        start(); // not refused with "wait for its lease to expire"
        assertThat(kv(alive).orElseThrow().getLease()).isNotZero();
        assertThat(parses(value(alive), DockAlive.class)).isTrue();
    }
}

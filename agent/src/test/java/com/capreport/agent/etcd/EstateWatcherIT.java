package com.capreport.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.testing.Configs;
import com.capreport.model.Capacity;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's data source against a real etcd of its own (the tests stop and restart it). */
@Timeout(120)
class EstateWatcherIT {
    private static final String PREFIX = "/capreport/v1";
    private ManagedEtcd etcd;
    private Client client;
    private EstateWatcher watcher;
    private final AtomicInteger changes = new AtomicInteger();
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        etcd = ManagedEtcd.start();
        client = Client.builder().endpoints(etcd.endpoint()).build();
    }

    @AfterEach
    void tearDown() {
        agents.forEach(Agent::close);
        if (watcher != null) {
            watcher.close();
        }
        client.close();
        etcd.close();
    }

    private Agent agent(String dock, String ttl) throws Exception {
        Agent a = Agent.start(Configs.parse(Configs.yaml(etcd.endpoint(), PREFIX, dock,
                "interval: 60s, timeout: 5s, leaseTtl: " + ttl, Configs.simBackend("lab", "p1", "p2"))));
        agents.add(a);
        a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
        return a;
    }

    private EstateWatcher watch() {
        watcher = new EstateWatcher(client, new KeyLayout(PREFIX), changes::incrementAndGet);
        watcher.start();
        await().atMost(Duration.ofSeconds(10)).until(watcher::loaded);
        return watcher;
    }

    @Test
    void listsWhatIsThereThenFollowsChanges() throws Exception {
        Agent a = agent("node-1", "2s");
        EstateWatcher w = watch();
        assertThat(w.estate().pools()).extracting(PoolSpec::name).containsExactly("p1", "p2");
        assertThat(w.connection().connected()).isTrue();

        ((SimDriver) a.loop("lab").orElseThrow().driver()).setFreeBytes("p1", Capacity.fromGiB(7));
        a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> w.estate().pools().get(0).freeCapacity() == 7);
        assertThat(w.connection().revision()).isEqualTo(w.estate().revision());

        agent("node-2", "2s");
        await().atMost(Duration.ofSeconds(5)).until(() -> w.estate().docks().size() == 2);
    }

    @Test
    void aCrashedDockTurnsDeadAndItsPoolsStaleWithAnEvent() throws Exception {
        Agent a = agent("node-1", "2s");
        EstateWatcher w = watch();
        Estate before = w.estate();
        a.crash();
        await().atMost(Duration.ofSeconds(5)).until(() -> w.estate().docks().get(0).liveness() == Estate.Liveness.DEAD);
        Estate after = w.estate();
        assertThat(after.effectiveStatus(after.pools().get(0))).isEqualTo("stale (dock dead)");
        List<EstateEvents.Event> events = EstateEvents.between(before, after, Instant.now());
        assertThat(events).extracting(EstateEvents.Event::kind).containsExactly("dock-dead");
    }

    @Test
    void garbageBecomesAnInvalidEntryAndNothingBreaks() throws Exception {
        agent("node-1", "2s");
        EstateWatcher w = watch();
        client.getKVClient().put(EtcdClients.bytes(PREFIX + "/docks/node-1/pools/broken"),
                EtcdClients.bytes("{\"id\": 42")).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> w.estate().invalid().size() == 1);
        assertThat(w.estate().invalid().get(0).key()).endsWith("/pools/broken");
        assertThat(w.estate().pools()).hasSize(2);
    }

    @Test
    void anOutageIsReportedWithItsStartAndTheCopyReloadsWhenEtcdReturns() throws Exception {
        agent("node-1", "10s");
        EstateWatcher w = watch();
        etcd.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> !w.connection().connected());
        assertThat(w.connection().downSince()).isPresent();
        assertThat(w.estate().pools()).as("the last known copy stays").hasSize(2);
        etcd.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> w.connection().connected());
        client.getKVClient().put(EtcdClients.bytes(PREFIX + "/profiles/gold"),
                EtcdClients.bytes("{\"id\":\"gold\",\"requirements\":{}}")).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> w.estate().profiles().size() == 1);
    }
}

package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.EtcdFill;
import com.capreport.agent.testing.StderrCapture;
import com.capreport.model.Capacity;
import com.capreport.model.Json;
import com.capreport.model.PoolSpec;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * etcd fills up under a running agent (a 16 MiB quota, big values under another prefix) and raises
 * NOSPACE: the agent says so once, {@code docks} says so at the top and exits 1, {@code pools} shows
 * every pool as not current; after compact, defragment and disarm the agent writes again by itself.
 */
@Tag("faults")
@Timeout(150)
class EtcdAlarmIT {
    private static final String PREFIX = "/alarm";
    private static final String REFUSED = "etcd refuses writes: its NOSPACE alarm is raised";
    private static final String AGAIN = "etcd accepts writes again";

    /** Lines the agent's alarm voice wrote for dock node-a containing {@code needle}. */
    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains("AlarmLog - dock node-a: ") && l.contains(needle)).count();
    }

    private static Optional<PoolSpec> pool(Client c, String name) throws Exception {
        for (KeyValue kv : c.getKVClient().get(EtcdClients.bytes(PREFIX + "/docks/node-a/pools/"),
                GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs()) {
            PoolSpec p = Json.decode(kv.getValue().getBytes(), PoolSpec.class, "pool");
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static CliRun cli(ManagedEtcd etcd, String command) {
        return CliRun.of(command, "--etcd", etcd.endpoint(), "--prefix", PREFIX);
    }

    @Test
    void aFullEtcdIsLoggedOnceShownByDocksAndPoolsAndTheAgentWritesAgainAfterRecovery() throws Exception {
        try (StderrCapture log = new StderrCapture();
             ManagedEtcd etcd = EtcdFill.startSmall();
             Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX));
             Agent a = Agent.start(Configs.parse(Configs.yaml(etcd.endpoint(), PREFIX, "node-a",
                     "interval: 1s, timeout: 2s, leaseTtl: 3s",
                     Configs.simBackend("lab", "p1", "p2") + Configs.simBackend("other", "o1"))))) {
            a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
            assertThat(cli(etcd, "docks").exit()).isZero();
            long before = pool(c, "p1").orElseThrow().freeCapacityBytes();

            EtcdFill.fillUntilRefused(c, "/filler");
            long next = 123 * Capacity.GIB;
            ((SimDriver) a.loop("lab").orElseThrow().driver()).setFreeBytes("p1", next);
            await().atMost(Duration.ofSeconds(20)).until(() -> count(log.text(), REFUSED) >= 1);
            // Cycles every second on two loops, heartbeats every second: still one line.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> count(log.text(), REFUSED) == 1);
            assertThat(log.text()).contains("NOSPACE").doesNotContain("cannot write to etcd, will retry")
                    .doesNotContain("dock node-a: etcd unavailable");
            assertThat(a.session().alarm()).contains(com.capreport.agent.etcd.EtcdFailure.NO_SPACE);
            assertThat(pool(c, "p1").orElseThrow().freeCapacityBytes()).as("frozen in etcd").isEqualTo(before);

            CliRun docks = cli(etcd, "docks");
            assertThat(docks.exit()).as(docks.out() + docks.err()).isEqualTo(1);
            assertThat(docks.out().lines().findFirst().orElse("")).startsWith("ETCD ALARM NOSPACE")
                    .contains("refuses writes").contains("may be frozen");
            assertThat(docks.out()).contains("dock node-a: alive");
            CliRun docksJson = CliRun.of("docks", "--json", "--etcd", etcd.endpoint(), "--prefix", PREFIX);
            assertThat(Json.mapper().readTree(docksJson.out()).get("etcdAlarms").get(0).get("alarm").asText())
                    .isEqualTo("NOSPACE");
            CliRun pools = cli(etcd, "pools");
            assertThat(pools.out().lines().filter(l -> l.startsWith("p1") || l.startsWith("p2") || l.startsWith("o1")))
                    .hasSize(3).allMatch(l -> l.contains("not current (etcd alarm)"));

            EtcdFill.recover(c, etcd.endpoint(), "/filler");
            await().atMost(Duration.ofSeconds(20)).until(() -> pool(c, "p1").orElseThrow().freeCapacityBytes() == next);
            await().atMost(Duration.ofSeconds(5)).until(() -> count(log.text(), AGAIN) == 1);
            assertThat(count(log.text(), REFUSED)).isEqualTo(1);
            assertThat(a.session().alarm()).isEmpty();
            CliRun after = cli(etcd, "docks");
            assertThat(after.exit()).as(after.out()).isZero();
            assertThat(after.out()).doesNotContain("ETCD ALARM");
            assertThat(cli(etcd, "pools").out()).doesNotContain("not current").contains("available");
        }
    }
}

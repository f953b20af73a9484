package com.capreport.agent.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigNode;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.exec.CommandRunner;
import com.capreport.model.Capacity;
import com.capreport.model.PoolStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class SimDriverTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String TWO_POOLS = """
            name: lab
            driver: sim
            pools:
              - { name: gold-1, totalCapacity: 2000, freeCapacity: 1500, storageType: block,
                  extras: { DataStorageLineOfService: { ProvisioningPolicy: [Thin] }, advanced: { tier: gold } } }
              - { name: bronze-1, totalCapacity: 100, status: degraded, storageType: file }
            """;

    @TempDir
    Path tmp;

    private Thread lister;

    @AfterEach
    void stopLister() {
        if (lister != null) {
            lister.interrupt();
        }
    }

    @Test
    void listsTheConfiguredPoolsInBytesMarkedAsSimulated() throws Exception {
        SimDriver sim = create(TWO_POOLS);

        List<DiscoveredPool> pools = sim.listPools(TIMEOUT);

        assertThat(sim.driverName()).isEqualTo("sim");
        assertThat(pools).extracting(DiscoveredPool::nativeId).containsExactly("gold-1", "bronze-1");
        DiscoveredPool gold = pools.get(0);
        assertThat(gold.totalBytes()).isEqualTo(2000L * (1L << 30));
        assertThat(gold.freeBytes()).isEqualTo(1500L * (1L << 30));
        assertThat(gold.storageType()).isEqualTo("block");
        assertThat(gold.status()).isEqualTo(PoolStatus.AVAILABLE);
        assertThat(gold.description()).containsIgnoringCase("simulated");
        assertThat(gold.capabilities())
                .containsEntry("DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of("Thin")))
                .containsEntry("advanced", Map.of("tier", "gold", "sim", true));
        DiscoveredPool bronze = pools.get(1);
        assertThat(bronze.totalBytes()).isEqualTo(100L * Capacity.GIB);
        assertThat(bronze.freeBytes()).as("free defaults to total").isEqualTo(100L * Capacity.GIB);
        assertThat(bronze.status()).isEqualTo(PoolStatus.DEGRADED);
        assertThat(bronze.statusReason()).as("a degraded pool says why, even made up").contains("simulated");
        assertThat(gold.statusReason()).isEmpty();
        assertThat(bronze.storageType()).isEqualTo("file");
        assertThat(bronze.capabilities()).containsEntry("advanced", Map.of("sim", true));
    }

    @Test
    void everyPoolIsMarkedSimEvenIfTheConfigSaysOtherwise() throws Exception {
        SimDriver sim = create("""
                name: lab
                pools: [{ name: p, totalCapacity: 10, extras: { advanced: { sim: false } } }]
                """);

        assertThat(sim.listPools(TIMEOUT).get(0).capabilities()).containsEntry("advanced", Map.of("sim", true));
    }

    @Test
    void failModeThrowsWithTheReasonAndOkRecovers() throws Exception {
        SimDriver sim = create(TWO_POOLS);

        sim.setMode(SimDriver.Mode.FAIL, "array controller offline");

        assertThatThrownBy(() -> sim.listPools(TIMEOUT))
                .isInstanceOf(DriverException.class)
                .hasMessage("lab: array controller offline");

        sim.setMode(SimDriver.Mode.OK, null);

        assertThat(sim.listPools(TIMEOUT)).hasSize(2);
    }

    @Test
    void hangModeBlocksUntilTheCallerIsInterruptedAndOkRecovers() throws Exception {
        SimDriver sim = create(TWO_POOLS);
        sim.setMode(SimDriver.Mode.HANG, null);

        AtomicReference<Object> outcome = startListing(sim);

        assertStillBlocked(outcome);
        lister.interrupt();
        await().atMost(Duration.ofSeconds(3)).until(() -> outcome.get() != null);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);

        sim.setMode(SimDriver.Mode.OK, null);
        assertThat(sim.listPools(TIMEOUT)).hasSize(2);
    }

    @Test
    void controlFileSwitchesBetweenFailHangAndOk() throws Exception {
        Path control = tmp.resolve("lab.control");
        SimDriver sim = create(TWO_POOLS + "controlFile: " + control + "\n");
        assertThat(sim.listPools(TIMEOUT)).as("no control file yet").hasSize(2);

        Files.writeString(control, "fail disk on fire\n");
        assertThatThrownBy(() -> sim.listPools(TIMEOUT))
                .isInstanceOf(DriverException.class)
                .hasMessage("lab: disk on fire");

        Files.writeString(control, "hang\n");
        AtomicReference<Object> outcome = startListing(sim);
        assertStillBlocked(outcome);
        lister.interrupt();
        await().atMost(Duration.ofSeconds(3)).until(() -> outcome.get() != null);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);

        Files.writeString(control, "ok\n");
        assertThat(sim.listPools(TIMEOUT)).hasSize(2);
    }

    @Test
    void controlFileFailWithoutReasonStillSaysItIsSimulated() throws Exception {
        Path control = Files.writeString(tmp.resolve("lab.control"), "FAIL");
        SimDriver sim = create(TWO_POOLS + "controlFile: " + control + "\n");

        assertThatThrownBy(() -> sim.listPools(TIMEOUT))
                .isInstanceOf(DriverException.class)
                .hasMessageStartingWith("lab: simulated failure");
    }

    @Test
    void driftMovesFreeCapacityButKeepsItWithinTheTotal() throws Exception {
        SimDriver sim = create("""
                name: lab
                drift: 0.4
                seed: 42
                pools:
                  - { name: nearly-full, totalCapacity: 100, freeCapacity: 1 }
                  - { name: nearly-empty, totalCapacity: 100, freeCapacity: 99 }
                """);
        Set<Long> seen = new HashSet<>();

        for (int i = 0; i < 500; i++) {
            for (DiscoveredPool p : sim.listPools(TIMEOUT)) {
                assertThat(p.freeBytes()).as("%s listing %d", p.nativeId(), i).isBetween(0L, p.totalBytes());
                if (p.nativeId().equals("nearly-full")) {
                    seen.add(p.freeBytes());
                }
            }
        }

        assertThat(seen).as("distinct free values over 500 listings").hasSizeGreaterThan(100)
                .contains(0L, 100L * Capacity.GIB);
    }

    @Test
    void withoutDriftFreeCapacityStaysPut() throws Exception {
        SimDriver sim = create(TWO_POOLS);

        for (int i = 0; i < 20; i++) {
            assertThat(sim.listPools(TIMEOUT).get(0).freeBytes()).isEqualTo(1500L * Capacity.GIB);
        }
    }

    @Test
    void failureRateOneAlwaysFails() throws Exception {
        SimDriver sim = create(TWO_POOLS + "failureRate: 1.0\n");

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> sim.listPools(TIMEOUT))
                    .isInstanceOf(DriverException.class)
                    .hasMessageStartingWith("lab: ")
                    .hasMessageContaining("failureRate");
        }
    }

    @Test
    void setFreeBytesIsReportedByTheNextListingClampedToTheTotal() throws Exception {
        SimDriver sim = create(TWO_POOLS);

        sim.setFreeBytes("gold-1", 12_345L);
        assertThat(sim.listPools(TIMEOUT).get(0).freeBytes()).isEqualTo(12_345L);

        sim.setFreeBytes("gold-1", Long.MAX_VALUE);
        assertThat(sim.listPools(TIMEOUT).get(0).freeBytes()).isEqualTo(2000L * Capacity.GIB);

        sim.setFreeBytes("gold-1", -5);
        assertThat(sim.listPools(TIMEOUT).get(0).freeBytes()).isZero();
    }

    @Test
    void setFreeBytesOfAnUnknownPoolIsRefused() throws Exception {
        SimDriver sim = create(TWO_POOLS);

        assertThatThrownBy(() -> sim.setFreeBytes("platinum", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("platinum");
    }

    @Test
    void latencyDelaysTheListing() throws Exception {
        SimDriver sim = create(TWO_POOLS + "latency: 200ms\n");

        long start = System.nanoTime();
        sim.listPools(TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void constructorWithoutFactoryWorksForTests() throws Exception {
        SimDriver sim = new SimDriver("lab", List.of(new SimDriver.SimPool("p", "block", Capacity.GIB, 0,
                PoolStatus.AVAILABLE, Map.of())), 0, 0, 0, Duration.ZERO, Optional.empty(), 1);

        assertThat(sim.listPools(TIMEOUT)).singleElement()
                .satisfies(p -> assertThat(p.freeBytes()).isZero())
                .satisfies(p -> assertThat(p.totalBytes()).isEqualTo(Capacity.GIB));
    }

    private AtomicReference<Object> startListing(SimDriver sim) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        lister = new Thread(() -> {
            try {
                outcome.set(sim.listPools(TIMEOUT));
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "sim-test-lister");
        lister.start();
        return outcome;
    }

    /** The listing has gone to sleep and stays asleep: it neither returns nor throws on its own. */
    private void assertStillBlocked(AtomicReference<Object> outcome) {
        await().atMost(Duration.ofSeconds(2)).until(() -> lister.getState() == Thread.State.TIMED_WAITING);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> outcome.get() == null && lister.isAlive());
    }

    private static SimDriver create(String backendYaml) throws ConfigException, IOException {
        JsonNode node = YAML.readTree(backendYaml);
        String name = node.path("name").asText("lab");
        return (SimDriver) new SimDriver.Factory().create(new DriverContext(name,
                new ConfigNode("agent.yaml", "backends[0]", node), new CommandRunner(), Clock.systemUTC()));
    }
}

package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.KeyLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code capreport} command line as an admin runs it, against a real etcd and an in-process
 * agent on simulated backends: what {@code pools} and {@code docks} print while the dock is alive,
 * after it stopped and after it died, and how usage and connection errors look.
 */
@Tag("integration")
@Timeout(60)
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static final List<String> POOLS = List.of("gold-1", "silver-1", "bronze-1");

    @TempDir
    Path dir;
    private String prefix;
    private String dockId;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        prefix = TestEtcd.uniquePrefix("cli-" + info.getTestMethod().orElseThrow().getName());
        dockId = "cli-node-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    @Test
    void poolsPrintsATableWithOneLinePerPool() throws Exception {
        startAgent();
        awaitAllPoolsAvailable();

        CliRun run = cli("pools", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(1 + POOLS.size());
        assertThat(lines.get(0)).contains("NAME", "DOCK", "BACKEND", "STATUS");
        for (String pool : POOLS) {
            assertThat(lines).filteredOn(l -> l.startsWith(pool + " "))
                    .singleElement().satisfies(l -> assertThat(l).contains(dockId, "available"));
        }
        assertThat(lines).filteredOn(l -> l.contains(" lab-a ")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.contains(" lab-b ")).hasSize(1);
    }

    @Test
    void poolsJsonHasRevisionPoolsWithEffectiveStatusAndInvalid() throws Exception {
        startAgent();
        awaitAllPoolsAvailable();

        CliRun run = cli("pools", "--json", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);

        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("revision").asLong()).isPositive();
        assertThat(root.get("invalid").isArray()).isTrue();
        assertThat(root.get("invalid")).isEmpty();
        List<String> names = new ArrayList<>();
        for (JsonNode p : root.get("pools")) {
            assertThat(p.get("id").asText()).isNotBlank();
            assertThat(p.get("effectiveStatus").asText()).isEqualTo("available");
            assertThat(p.get("dockId").asText()).isEqualTo(dockId);
            names.add(p.get("name").asText());
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(POOLS);
    }

    @Test
    void docksShowsTheLiveDockWithEveryLoopRunning() throws Exception {
        startAgent();
        awaitAllPoolsAvailable();

        CliRun run = cli("docks", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);

        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("dock " + dockId + ": alive");
        assertThat(lines).filteredOn(l -> l.strip().startsWith("lab-a ")).singleElement()
                .satisfies(l -> assertThat(l).contains("sim", "running"));
        assertThat(lines).filteredOn(l -> l.strip().startsWith("lab-b ")).singleElement()
                .satisfies(l -> assertThat(l).contains("sim", "running"));
    }

    @Test
    void docksJsonReportsLivenessAlive() throws Exception {
        startAgent();
        awaitAllPoolsAvailable();

        JsonNode dock = dockJson();

        assertThat(dock.get("liveness").asText()).isEqualTo("alive");
        assertThat(dock.get("loops")).hasSize(2).allSatisfy(l -> assertThat(l.get("health").asText()).isEqualTo("running"));
    }

    @Test
    void gracefulStopShowsDockStoppedAndItsPoolsStale() throws Exception {
        Agent agent = startAgent();
        awaitAllPoolsAvailable();

        agent.close();

        assertThat(dockJson().get("liveness").asText()).isEqualTo("stopped");
        assertThat(effectiveStatuses()).hasSize(POOLS.size()).containsOnly("stale (dock stopped)");
        CliRun table = cli("pools", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);
        assertThat(table.out().lines().skip(1)).hasSize(POOLS.size())
                .allSatisfy(l -> assertThat(l).contains("stale (dock stopped)"));
    }

    @Test
    void crashShowsDockDeadWithinLeaseTtlAndItsPoolsStale() throws Exception {
        Agent agent = startAgent();
        awaitAllPoolsAvailable();

        agent.crash();

        await().atMost(LEASE_TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(dockJson().get("liveness").asText()).isEqualTo("dead"));
        assertThat(effectiveStatuses()).hasSize(POOLS.size()).containsOnly("stale (dock dead)");
        CliRun docks = cli("docks", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);
        assertThat(docks.out()).contains("dock " + dockId + ": DEAD");
    }

    @Test
    void garbageUnderThePrefixIsListedAsInvalidCountedOnStderrAndExitsOne() throws Exception {
        startAgent();
        awaitAllPoolsAvailable();
        String garbageKey = new KeyLayout(prefix).pool("x", "y");
        try (Client client = TestEtcd.client()) {
            client.getKVClient().put(EtcdClients.bytes(garbageKey), EtcdClients.bytes("{not json"))
                    .get(10, TimeUnit.SECONDS);
        }

        CliRun json = cli("pools", "--json", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);
        CliRun table = cli("pools", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);

        // Issue 13: an entry that could not be read may be a pool; the answer is incomplete, not "fine".
        assertThat(json.exit()).as(json.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertOneLine(json.err());
        assertThat(json.err()).contains("1 invalid entry").contains("'invalid' array");
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.get("invalid")).singleElement()
                .satisfies(i -> assertThat(i.get("key").asText()).isEqualTo(garbageKey));
        assertThat(root.get("pools")).hasSize(POOLS.size());
        assertThat(table.exit()).as(table.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertOneLine(table.err());
        assertThat(table.err()).contains("1 invalid entry");
        assertThat(table.out()).contains("1 invalid entry").contains(garbageKey);
    }

    @Test
    void garbageUnderAnotherDocksKeyDoesNotInventADeadDock() throws Exception {
        startAgent();
        awaitAllPoolsAvailable();
        String garbageKey = new KeyLayout(prefix).pool("x", "y");
        try (Client client = TestEtcd.client()) {
            client.getKVClient().put(EtcdClients.bytes(garbageKey), EtcdClients.bytes("{not json"))
                    .get(10, TimeUnit.SECONDS);
        }

        CliRun run = cli("docks", "--json", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);

        assertThat(run.exit()).as("an entry not read is counted on stderr: %s", run).isEqualTo(ExitCodes.PROBLEM);
        assertThat(run.err()).contains("1 invalid entry");
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("invalid")).singleElement()
                .satisfies(i -> assertThat(i.get("key").asText()).isEqualTo(garbageKey));
        List<String> docks = new ArrayList<>();
        root.get("docks").forEach(d -> docks.add(d.get("id").asText() + " " + d.get("liveness").asText()));
        assertThat(docks).as("an unreadable value is an invalid entry, not evidence of a dock 'x' that died")
                .containsExactly(dockId + " alive");
    }

    @Test
    void unreachableEtcdExitsThreeWithOneLineNamingTheEndpoint() {
        CliRun run = cli("pools", "--etcd", "http://127.0.0.1:1", "--prefix", prefix, "--timeout", "2s");

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertOneLine(run.err());
        assertThat(run.err()).contains("http://127.0.0.1:1");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        CliRun run = cli("pools", "--no-such-option");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err());
        assertThat(run.err()).contains("--no-such-option");
    }

    @Test
    void missingConfigFileIsAUsageErrorNamingTheFile() {
        CliRun run = cli("agent", "--config", "/nonexistent.yaml");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err());
        assertThat(run.err()).contains("config file not found").contains("/nonexistent.yaml");
    }

    @Test
    void unknownDriverIsAUsageErrorNamingTheKeyAndTheAllowedDrivers() throws Exception {
        Path file = dir.resolve("bad-driver.yaml");
        Files.writeString(file, configYaml().replace("driver: sim", "driver: nfs"), StandardCharsets.UTF_8);

        CliRun run = cli("agent", "--config", file.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err());
        assertThat(run.err()).contains(file.toString()).contains("driver").contains("nfs")
                .contains(DriverRegistry.builtIn().names());
    }

    @Test
    void checkOfAValidConfigExitsZero() throws Exception {
        Path file = dir.resolve("good.yaml");
        Files.writeString(file, configYaml(), StandardCharsets.UTF_8);

        CliRun run = cli("agent", "--config", file.toString(), "--check");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void checkPrintsItsVerdictOnTheCommandsOutput() throws Exception {
        Path file = dir.resolve("good.yaml");
        Files.writeString(file, configYaml(), StandardCharsets.UTF_8);

        CliRun run = cli("agent", "--config", file.toString(), "--check");

        assertThat(run.out()).as("the confirmation goes to the writer given to Main.run, like every other command's output")
                .contains(file.toString()).contains("ok");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Two sim backends, three pools; every second a cycle, leases of 3 s. */
    private String configYaml() {
        return "dock: { id: " + dockId + ", availabilityZone: az1, grpc: \"127.0.0.1:0\" }\n"
                + "etcd: { endpoints: [\"" + TestEtcd.endpoint() + "\"], prefix: \"" + prefix + "\" }\n"
                + "discovery: { interval: 1s, timeout: 1s, leaseTtl: " + LEASE_TTL.toSeconds() + "s }\n"
                + "backends:\n"
                + "  - name: lab-a\n"
                + "    driver: sim\n"
                + "    pools:\n"
                + "      - { name: gold-1, totalCapacity: 2000, freeCapacity: 1500 }\n"
                + "      - { name: silver-1, totalCapacity: 1000, freeCapacity: 300 }\n"
                + "  - name: lab-b\n"
                + "    driver: sim\n"
                + "    pools:\n"
                + "      - { name: bronze-1, totalCapacity: 500, freeCapacity: 50 }\n";
    }

    private Agent startAgent() throws Exception {
        Agent a = Agent.start(new ConfigLoader(DriverRegistry.builtIn()).parse("cli-it.yaml", configYaml()));
        agents.add(a);
        return a;
    }

    private void awaitAllPoolsAvailable() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(effectiveStatuses()).hasSize(POOLS.size()).containsOnly("available"));
    }

    private List<String> effectiveStatuses() throws Exception {
        CliRun run = cli("pools", "--json", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);
        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> out = new ArrayList<>();
        JSON.readTree(run.out()).get("pools").forEach(p -> out.add(p.get("effectiveStatus").asText()));
        return out;
    }

    private JsonNode dockJson() throws Exception {
        CliRun run = cli("docks", "--json", "--etcd", TestEtcd.endpoint(), "--prefix", prefix);
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode docks = JSON.readTree(run.out()).get("docks");
        assertThat(docks).as(run.out()).hasSize(1);
        assertThat(docks.get(0).get("id").asText()).isEqualTo(dockId);
        return docks.get(0);
    }

    private static void assertOneLine(String text) {
        CliRun.assertOneLine(text);
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }
}

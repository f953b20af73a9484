package com.capreport.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final String FILE = "agent.yaml";

    /** The DESIGN.md shape, with the built-in drivers (filesystem and sim). */
    private static final String FULL = """
            dock: { id: node-1, availabilityZone: az01, grpc: 127.0.0.1:50051 }
            etcd: { endpoints: [http://127.0.0.1:2379, http://10.0.0.2:2379], prefix: /capreport/v1 }
            discovery: { interval: 30s, timeout: 5s, leaseTtl: 6s }
            backends:
              - name: exports
                driver: filesystem
                paths: [/srv/exports/a, /srv/exports/b]   # one file pool per path
                extras: { IOConnectivityLineOfService: { AccessProtocol: NFS } }
              - name: lab
                driver: sim                              # simulated, for demos and load tests
                interval: 2s
                pools:
                  - { name: gold-1, totalCapacity: 2000, freeCapacity: 1500,
                      extras: { DataStorageLineOfService: { ProvisioningPolicy: [Thin] } } }
                poolExtras:
                  gold-1: { DataProtectionLineOfService: { ReplicaType: [Snapshot] } }
            """;

    /** Just what is required: everything else takes its default. */
    private static final String MINIMAL = """
            dock: { id: node-1 }
            etcd: { endpoints: [http://127.0.0.1:2379] }
            backends:
              - { name: lab, driver: sim, pools: [{ name: p, totalCapacity: 10 }] }
            """;

    private final DriverRegistry drivers = DriverRegistry.builtIn();
    private final ConfigLoader loader = new ConfigLoader(drivers);

    @TempDir
    Path tmp;

    @Test
    void fullDesignShapedConfigParsesWithEveryValue() throws ConfigException {
        AgentConfig c = loader.parse(FILE, FULL);

        assertThat(c.source()).isEqualTo(FILE);
        assertThat(c.dock()).isEqualTo(new AgentConfig.Dock("node-1", "node-1", "az01", "127.0.0.1:50051"));
        assertThat(c.etcd().endpoints()).containsExactly("http://127.0.0.1:2379", "http://10.0.0.2:2379");
        assertThat(c.etcd().prefix()).isEqualTo("/capreport/v1");
        assertThat(c.etcd().tls()).isEmpty();
        assertThat(c.etcd().user()).isEmpty();
        assertThat(c.discovery().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.discovery().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.discovery().leaseTtl()).isEqualTo(Duration.ofSeconds(6));

        assertThat(c.backends()).extracting(AgentConfig.Backend::name).containsExactly("exports", "lab");
        AgentConfig.Backend exports = c.backends().get(0);
        assertThat(exports.driver()).isEqualTo("filesystem");
        assertThat(exports.interval()).as("inherits discovery.interval").isEqualTo(Duration.ofSeconds(30));
        assertThat(exports.timeout()).as("inherits discovery.timeout").isEqualTo(Duration.ofSeconds(5));
        assertThat(exports.extras()).isEqualTo(Map.of("IOConnectivityLineOfService", Map.of("AccessProtocol", "NFS")));
        assertThat(exports.poolExtras()).isEmpty();
        assertThat(exports.options().stringList("paths")).containsExactly("/srv/exports/a", "/srv/exports/b");

        AgentConfig.Backend lab = c.backends().get(1);
        assertThat(lab.driver()).isEqualTo("sim");
        assertThat(lab.interval()).as("per-backend override").isEqualTo(Duration.ofSeconds(2));
        assertThat(lab.extras()).isEmpty();
        assertThat(lab.poolExtras()).containsOnlyKeys("gold-1");
        assertThat(lab.poolExtras().get("gold-1"))
                .isEqualTo(Map.of("DataProtectionLineOfService", Map.of("ReplicaType", List.of("Snapshot"))));
        assertThat(lab.options().path()).isEqualTo("backends[1]");
    }

    @Test
    void everyBackendOfTheFullConfigCreatesItsDriver() throws ConfigException {
        AgentConfig c = loader.parse(FILE, FULL);

        for (AgentConfig.Backend b : c.backends()) {
            try (StorageDriver d = create(b)) {
                assertThat(d.driverName()).isEqualTo(b.driver());
            }
        }
    }

    @Test
    void omittedSettingsTakeTheDocumentedDefaults() throws ConfigException {
        AgentConfig c = loader.parse(FILE, MINIMAL);

        assertThat(c.discovery().interval()).isEqualTo(Duration.ofSeconds(60)).isEqualTo(ConfigLoader.DEFAULT_INTERVAL);
        assertThat(c.discovery().timeout()).isEqualTo(Duration.ofSeconds(20)).isEqualTo(ConfigLoader.DEFAULT_TIMEOUT);
        assertThat(c.discovery().leaseTtl()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(ConfigLoader.DEFAULT_LEASE_TTL);
        assertThat(c.discovery().retention()).isEqualTo(Duration.ofHours(24)).isEqualTo(ConfigLoader.DEFAULT_RETENTION);
        assertThat(c.discovery().capacityThreshold()).isZero();
        assertThat(c.dock().grpc()).isEqualTo("127.0.0.1:0");
        assertThat(c.dock().name()).isEqualTo("node-1");
        assertThat(c.etcd().prefix()).isEqualTo("/capreport/v1");
        AgentConfig.Backend lab = c.backends().get(0);
        assertThat(lab.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(lab.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(lab.extras()).isEmpty();
        assertThat(lab.poolExtras()).isEmpty();
    }

    @Test
    void quotedGrpcOffMeansNoServer() throws ConfigException {
        AgentConfig c = loader.parse(FILE, MINIMAL.replace("dock: { id: node-1 }", "dock: { id: node-1, grpc: \"off\" }"));

        assertThat(c.dock().grpc()).isEmpty();
    }

    /**
     * The loader's own error message tells admins to write {@code off}; written plainly, YAML 1.1
     * reads it as the boolean false, so it must be accepted in that form too.
     */
    @Test
    void unquotedGrpcOffAsTheErrorMessageSuggestsMeansNoServer() throws ConfigException {
        AgentConfig c = loader.parse(FILE, MINIMAL.replace("dock: { id: node-1 }", "dock: { id: node-1, grpc: off }"));

        assertThat(c.dock().grpc()).isEmpty();
    }

    /**
     * YAML reads a plain {@code 0123} as the octal number 83. A dock id is a string (it becomes
     * etcd keys and pool ids), so the loader must keep what was written or refuse it; silently
     * reporting as dock "83" is neither.
     */
    @Test
    void dockIdThatYamlReadsAsANumberIsKeptAsWrittenOrRefused() {
        String yaml = MINIMAL.replace("dock: { id: node-1 }", "dock: { id: 0123 }");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, yaml));

        if (e != null) {
            assertThat(e.getMessage()).startsWith(FILE + ": dock.id: ");
        } else {
            assertThat(parseUnchecked(yaml).dock().id()).isEqualTo("0123");
        }
    }

    @Test
    void grpcPortOutOfRangeIsRejected() {
        String yaml = MINIMAL.replace("dock: { id: node-1 }", "dock: { id: node-1, grpc: 127.0.0.1:99999 }");

        assertConfigError(yaml).startsWith(FILE + ": dock.grpc: ").contains("99999");
    }

    @Test
    void capacityThresholdIsAFractionOfAtMostAHalf() throws ConfigException {
        assertThat(loader.parse(FILE, MINIMAL + "discovery: { capacityThreshold: 0.05 }\n").discovery()
                .capacityThreshold()).isEqualTo(0.05);
        assertConfigError(MINIMAL + "discovery: { capacityThreshold: 0.6 }\n")
                .startsWith(FILE + ": discovery.capacityThreshold: ")
                .contains("between 0");
    }

    /** "1.2.3" looks numeric enough to pass a character check but is no number: never silently 0. */
    @Test
    void capacityThresholdThatIsNotANumberIsRejected() {
        assertConfigError(MINIMAL + "discovery: { capacityThreshold: 1.2.3 }\n")
                .startsWith(FILE + ": discovery.capacityThreshold: ")
                .contains("1.2.3");
    }

    @Test
    void loadReadsTheFileAndNamesItAsTheSource() throws IOException, ConfigException {
        Path file = Files.writeString(tmp.resolve("agent.yaml"), MINIMAL);

        AgentConfig c = loader.load(file);

        assertThat(c.source()).isEqualTo(file.toString());
        assertThat(c.dock().id()).isEqualTo("node-1");
    }

    // --- errors: one line, "FILE: KEY: problem (allowed)" -------------------------------------

    @Test
    void unknownDriverListsTheAllowedDrivers() {
        String yaml = MINIMAL.replace("driver: sim", "driver: zfs");

        assertConfigError(yaml)
                .startsWith(FILE + ": backends[0].driver: ")
                .contains("unknown driver 'zfs'")
                .contains("filesystem", "sim");
    }

    @Test
    void unknownTopLevelKeyListsTheAllowedKeys() {
        assertConfigError(MINIMAL + "dicsovery: { interval: 5s }\n")
                .startsWith(FILE + ": dicsovery: unknown key")
                .contains("backends", "discovery", "dock", "etcd");
    }

    @Test
    void unknownKeyInABackendListsTheCommonKeysAndTheDriversOwn() {
        String yaml = MINIMAL.replace("driver: sim,", "driver: sim, colour: red,");

        assertConfigError(yaml)
                .startsWith(FILE + ": backends[0].colour: unknown key")
                .contains("name", "driver", "extras", "poolExtras", "interval", "timeout")
                .contains("pools", "drift", "failureRate", "controlFile");
    }

    @Test
    void unknownKeyInAFilesystemBackendListsPaths() {
        String yaml = MINIMAL.replace("{ name: lab, driver: sim, pools: [{ name: p, totalCapacity: 10 }] }",
                "{ name: ex, driver: filesystem, path: /srv/a }");

        assertConfigError(yaml)
                .startsWith(FILE + ": backends[0].path: unknown key")
                .contains("paths");
    }

    @Test
    void misspelledDurationNamesTheKeyAndTheAllowedForms() {
        assertConfigError(MINIMAL + "discovery: { interval: 6o s }\n")
                .startsWith(FILE + ": discovery.interval: ")
                .contains("'6o s'")
                .contains("ms, s, m, h or d");
    }

    @Test
    void durationWithoutUnitIsRejected() {
        assertConfigError(MINIMAL + "discovery: { timeout: 20 }\n")
                .startsWith(FILE + ": discovery.timeout: ")
                .contains("'20'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "-5s", "PT-5S"})
    void zeroOrNegativeDurationIsRejected(String written) {
        assertConfigError(MINIMAL + "discovery: { interval: \"" + written + "\" }\n")
                .startsWith(FILE + ": discovery.interval: ")
                .contains(written);
    }

    @Test
    void zeroBackendTimeoutIsRejectedWithTheBackendPath() {
        String yaml = MINIMAL.replace("driver: sim,", "driver: sim, timeout: 0s,");

        assertConfigError(yaml).startsWith(FILE + ": backends[0].timeout: ").contains("positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s", "1500ms", "2500ms", "PT2.5S"})
    void leaseTtlBelowTwoSecondsOrFractionalIsRejected(String written) {
        assertConfigError(MINIMAL + "discovery: { leaseTtl: " + written + " }\n")
                .startsWith(FILE + ": discovery.leaseTtl: ")
                .contains("whole seconds", "at least 2s")
                .contains(written);
    }

    @Test
    void proofPeriodDefaultsToFiveMinutesAndIsBounded() throws ConfigException {
        assertThat(loader.parse(FILE, MINIMAL).discovery().proofPeriod()).isEqualTo(Duration.ofMinutes(5));
        // Unset with a long TTL: as often as the heartbeat can write it, not a refusal of a key nobody wrote.
        assertThat(loader.parse(FILE, MINIMAL + "discovery: { leaseTtl: 1h }\n").discovery().proofPeriod())
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(loader.parse(FILE, MINIMAL + "discovery: { leaseTtl: 3s, proofPeriod: 2s }\n").discovery()
                .proofPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertConfigError(MINIMAL + "discovery: { proofPeriod: 2h }\n").startsWith(FILE + ": discovery.proofPeriod: ");
        assertConfigError(MINIMAL + "discovery: { leaseTtl: 30s, proofPeriod: 5s }\n")
                .startsWith(FILE + ": discovery.proofPeriod: ").contains("at least leaseTtl/3");
    }

    @Test
    void leaseTtlOfTwoSecondsIsTheSmallestAccepted() throws ConfigException {
        AgentConfig c = loader.parse(FILE, MINIMAL + "discovery: { leaseTtl: 2000ms }\n");

        assertThat(c.discovery().leaseTtl()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = tmp.resolve("nope.yaml");

        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertOneLine(e.getMessage()))
                .hasMessageStartingWith(missing + ": ")
                .hasMessageContaining("not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "# only a comment\n"})
    void emptyFileIsAnErrorThatSaysWhatIsNeeded(String text) {
        assertConfigError(text).startsWith(FILE + ": ").contains("empty").contains("dock.id", "backends");
    }

    @Test
    void invalidYamlGivesLineAndColumn() {
        String yaml = """
                dock:
                  id: node-1
                    name: broken
                backends: []
                """;

        assertConfigError(yaml).startsWith(FILE + ": not valid YAML at line 3, column ");
    }

    @Test
    void unclosedFlowMappingIsInvalidYaml() {
        assertConfigError("dock: { id: node-1\nbackends: [\n").startsWith(FILE + ": not valid YAML at line ");
    }

    @Test
    void missingDockIdIsRequired() {
        String yaml = MINIMAL.replace("dock: { id: node-1 }", "dock: { name: first }");

        assertConfigError(yaml).startsWith(FILE + ": dock.id: required");
    }

    @Test
    void missingDockSectionIsRequired() {
        String yaml = MINIMAL.replace("dock: { id: node-1 }\n", "");

        assertConfigError(yaml).startsWith(FILE + ": dock: required");
    }

    @Test
    void dockIdWithASlashCannotBeAKeySegment() {
        String yaml = MINIMAL.replace("id: node-1", "id: rack1/node-1");

        assertConfigError(yaml)
                .startsWith(FILE + ": dock.id: ")
                .contains("'rack1/node-1'")
                .contains("A-Z a-z 0-9");
    }

    @Test
    void duplicateBackendNamesAreRejected() {
        String yaml = MINIMAL + "  - { name: lab, driver: filesystem, paths: [/srv/a] }\n";

        assertConfigError(yaml)
                .startsWith(FILE + ": backends[1].name: ")
                .contains("'lab'", "twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "backends: []\n"})
    void noBackendsIsAnErrorListingTheDrivers(String backends) {
        String yaml = "dock: { id: node-1 }\n" + backends;

        assertConfigError(yaml)
                .startsWith(FILE + ": backends: ")
                .contains("at least one backend")
                .contains("filesystem", "sim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:2379", "ftp://127.0.0.1:2379", "http://127.0.0.1", "127.0.0.1:2379"})
    void badEndpointUrlIsRejected(String endpoint) {
        String yaml = MINIMAL.replace("http://127.0.0.1:2379", endpoint);

        assertConfigError(yaml)
                .startsWith(FILE + ": etcd.endpoints: ")
                .contains("'" + endpoint + "'")
                .contains("http://host:port");
    }

    @Test
    void certWithoutKeyIsRejected() throws IOException {
        Path cert = Files.writeString(tmp.resolve("client.pem"), "cert");
        String yaml = MINIMAL.replace("etcd: { endpoints: [http://127.0.0.1:2379] }",
                "etcd: { endpoints: [https://127.0.0.1:2379], cert: " + cert + " }");

        assertConfigError(yaml).startsWith(FILE + ": etcd.key: ").contains("cert and key go together");
    }

    @Test
    void keyWithoutCertIsRejected() throws IOException {
        Path key = Files.writeString(tmp.resolve("client.key"), "key");
        String yaml = MINIMAL.replace("etcd: { endpoints: [http://127.0.0.1:2379] }",
                "etcd: { endpoints: [https://127.0.0.1:2379], key: " + key + " }");

        assertConfigError(yaml).startsWith(FILE + ": etcd.cert: ").contains("cert and key go together");
    }

    @Test
    void tlsAndUserAreReadWhenComplete() throws IOException, ConfigException {
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "ca");
        Path cert = Files.writeString(tmp.resolve("client.pem"), "cert");
        Path key = Files.writeString(tmp.resolve("client.key"), "key");
        Path pw = Files.writeString(tmp.resolve("pw"), "secret");
        String yaml = MINIMAL.replace("etcd: { endpoints: [http://127.0.0.1:2379] }",
                "etcd: { endpoints: [https://127.0.0.1:2379], cacert: " + ca + ", cert: " + cert + ", key: " + key
                        + ", user: dock-node-1, passwordFile: " + pw + " }");

        AgentConfig c = loader.parse(FILE, yaml);

        assertThat(c.etcd().tls()).contains(new EtcdConnection.Tls(Optional.of(ca),
                Optional.of(cert), Optional.of(key)));
        assertThat(c.etcd().user()).contains("dock-node-1");
        assertThat(c.etcd().passwordFile()).contains(pw);
    }

    @Test
    void passwordFileWithoutUserIsRejected() throws IOException {
        Path pw = Files.writeString(tmp.resolve("pw"), "secret");
        String yaml = MINIMAL.replace("etcd: { endpoints: [http://127.0.0.1:2379] }",
                "etcd: { endpoints: [http://127.0.0.1:2379], passwordFile: " + pw + " }");

        assertConfigError(yaml).startsWith(FILE + ": etcd.user: ").contains("password", "no user");
    }

    @Test
    void passwordEnvWithoutUserIsRejected() {
        String yaml = MINIMAL.replace("etcd: { endpoints: [http://127.0.0.1:2379] }",
                "etcd: { endpoints: [http://127.0.0.1:2379], passwordEnv: ETCD_PW }");

        assertConfigError(yaml).startsWith(FILE + ": etcd.user: ").contains("no user");
    }

    @Test
    void unreadableCacertPathIsRejected() {
        String missing = tmp.resolve("no-such-ca.pem").toString();
        String yaml = MINIMAL.replace("etcd: { endpoints: [http://127.0.0.1:2379] }",
                "etcd: { endpoints: [https://127.0.0.1:2379], cacert: " + missing + " }");

        assertConfigError(yaml).startsWith(FILE + ": etcd.cacert: ").contains("cannot read", missing);
    }

    @Test
    void unknownKeyInADockSectionIsRejected() {
        String yaml = MINIMAL.replace("dock: { id: node-1 }", "dock: { id: node-1, zone: az1 }");

        assertConfigError(yaml)
                .startsWith(FILE + ": dock.zone: unknown key")
                .contains("availabilityZone", "grpc", "id", "name");
    }

    // --- driver options: each driver validates its own at creation ------------------------------

    @Test
    void simPoolWithoutTotalCapacityIsRejected() {
        assertDriverError("{ name: lab, driver: sim, pools: [{ name: p, freeCapacity: 5 }] }")
                .startsWith(FILE + ": backends[0].pools[0].totalCapacity: ")
                .contains("required");
    }

    @Test
    void simFreeCapacityAboveTotalIsRejected() {
        assertDriverError("{ name: lab, driver: sim, pools: [{ name: p, totalCapacity: 100, freeCapacity: 200 }] }")
                .startsWith(FILE + ": backends[0].pools[0].freeCapacity: ")
                .contains("between 0 and 100")
                .contains("200");
    }

    @Test
    void simStatusErrorIsNotAllowed() {
        assertDriverError("{ name: lab, driver: sim, pools: [{ name: p, totalCapacity: 10, status: error }] }")
                .startsWith(FILE + ": backends[0].pools[0].status: ")
                .contains("'error'")
                .contains("available, degraded");
    }

    @Test
    void simWithoutPoolsIsRejected() {
        assertDriverError("{ name: lab, driver: sim }")
                .startsWith(FILE + ": backends[0].pools: ")
                .contains("required");
    }

    @Test
    void simUnknownPoolKeyIsRejected() {
        assertDriverError("{ name: lab, driver: sim, pools: [{ name: p, totalCapacity: 10, size: 3 }] }")
                .startsWith(FILE + ": backends[0].pools[0].size: unknown key")
                .contains("totalCapacity", "freeCapacity", "status");
    }

    @Test
    void simNonNumericCapacityIsRejected() {
        assertDriverError("{ name: lab, driver: sim, pools: [{ name: p, totalCapacity: 2 TiB }] }")
                .startsWith(FILE + ": backends[0].pools[0].totalCapacity: ")
                .contains("whole number");
    }

    @Test
    void filesystemWithoutPathsIsRejected() {
        assertDriverError("{ name: ex, driver: filesystem }")
                .startsWith(FILE + ": backends[0].paths: ")
                .contains("required");
    }

    @Test
    void filesystemRelativePathIsRejected() {
        assertDriverError("{ name: ex, driver: filesystem, paths: [/srv/a, srv/b] }")
                .startsWith(FILE + ": backends[0].paths: ")
                .contains("'srv/b'", "absolute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/a", "/srv/a/", "/srv/x/../a"})
    void filesystemDuplicatedPathIsRejected(String again) {
        assertDriverError("{ name: ex, driver: filesystem, paths: [/srv/a, \"" + again + "\"] }")
                .startsWith(FILE + ": backends[0].paths: ")
                .contains("'" + again + "'", "twice");
    }

    // --- helpers --------------------------------------------------------------------------------

    private AbstractStringAssert<?> assertConfigError(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader.parse(FILE, yaml));
        assertThat(e).as("parsing should fail:%n%s", yaml).isNotNull();
        assertOneLine(e.getMessage());
        return assertThat(e.getMessage());
    }

    /** Parses one backend (valid for the loader) and creates its driver, which must refuse the options. */
    private AbstractStringAssert<?> assertDriverError(String backendFlow) {
        String yaml = "dock: { id: node-1 }\netcd: { endpoints: [http://127.0.0.1:2379] }\nbackends:\n  - "
                + backendFlow + "\n";
        AgentConfig.Backend backend;
        try {
            backend = loader.parse(FILE, yaml).backends().get(0);
        } catch (ConfigException e) {
            throw new AssertionError("the loader itself should accept the backend, but: " + e.getMessage(), e);
        }
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> create(backend).close());
        assertThat(e).as("creating the %s driver should fail for %s", backend.driver(), backendFlow).isNotNull();
        assertOneLine(e.getMessage());
        return assertThat(e.getMessage());
    }

    private AgentConfig parseUnchecked(String yaml) {
        try {
            return loader.parse(FILE, yaml);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private StorageDriver create(AgentConfig.Backend b) throws ConfigException {
        DriverFactory factory = drivers.find(b.driver()).orElseThrow();
        return factory.create(new DriverContext(b.name(), b.options(), new CommandRunner(), Clock.systemUTC()));
    }

    private static void assertOneLine(String message) {
        assertThat(message).isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }
}

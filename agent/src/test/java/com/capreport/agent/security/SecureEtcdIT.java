package com.capreport.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.StderrCapture;
import com.capreport.model.KeyLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.grpc.netty.GrpcSslContexts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The agent and the CLI against an etcd that requires TLS, client certificates and a password
 * (DESIGN.md, security): they work with the right material, fail with exit 3 and one line without
 * it, and never print the password.
 */
@Tag("integration")
@Timeout(120)
class SecureEtcdIT {
    private static final String AGENT_USER = "agent";
    private static final String AGENT_ROLE = "capreport-agent";
    /** Distinctive, so a leak anywhere is found by a plain substring search. */
    private static final String AGENT_PASSWORD = "Pw-" + UUID.randomUUID().toString().replace("-", "");
    private static final String WRONG_PASSWORD = "Wrong-" + UUID.randomUUID().toString().replace("-", "");
    private static final String ROOT_PASSWORD = "Root-" + UUID.randomUUID().toString().replace("-", "");
    /** The agent role may read and write under this base only; every test gets a prefix below it. */
    private static final String BASE = "/capreport-secure";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static ManagedEtcd etcd;
    private static Client admin;
    private static Path passwordFile;
    private static Path wrongPasswordFile;

    private String prefix;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeAll
    static void startEtcdWithTlsClientCertsAndAuth() throws Exception {
        pki = TestPki.create(dir);
        etcd = ManagedEtcd.start(Optional.of(new ManagedEtcd.ServerTls(pki.serverCert(), pki.serverKey(),
                pki.caCert(), true)));
        try (Client setup = tls(Client.builder().endpoints(etcd.endpoint())).build()) {
            Auth auth = setup.getAuthClient();
            ByteSequence from = bytes(BASE + "/");
            done(auth.userAdd(bytes("root"), bytes(ROOT_PASSWORD)));
            done(auth.userGrantRole(bytes("root"), bytes("root")));
            done(auth.roleAdd(bytes(AGENT_ROLE)));
            done(auth.roleGrantPermission(bytes(AGENT_ROLE), from, OptionsUtil.prefixEndOf(from),
                    Permission.Type.READWRITE));
            done(auth.userAdd(bytes(AGENT_USER), bytes(AGENT_PASSWORD)));
            done(auth.userGrantRole(bytes(AGENT_USER), bytes(AGENT_ROLE)));
            done(auth.authEnable());
        }
        admin = tls(Client.builder().endpoints(etcd.endpoint())).user(bytes("root")).password(bytes(ROOT_PASSWORD))
                .build();
        passwordFile = secretFile("agent.password", AGENT_PASSWORD + "\n");
        wrongPasswordFile = secretFile("wrong.password", WRONG_PASSWORD + "\n");
    }

    @AfterAll
    static void stopEtcd() {
        if (admin != null) {
            admin.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void setUp(TestInfo info) {
        prefix = BASE + "/" + info.getTestMethod().orElseThrow().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    @Test
    void agentWithTlsClientCertAndPasswordFileReportsItsSimPools() throws Exception {
        AgentConfig config = config("secure-dock", passwordFile, true);
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            Agent agent = start(config);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(keysUnder(new KeyLayout(prefix).poolsPrefix("secure-dock"))).hasSize(2));
            assertThat(keysUnder(new KeyLayout(prefix).alive("secure-dock"))).hasSize(1);
            agent.close();
            log = stderr.text();
        }

        if (LoggerFactory.getLogger(Agent.class).isInfoEnabled()) {
            assertThat(log).as("the capture saw the agent's own log").contains("dock secure-dock started");
        }
        assertThat(log).as("agent log").doesNotContain(AGENT_PASSWORD);
    }

    @Test
    void cliPoolsOverTlsWithPasswordFileListsThePools() throws Exception {
        start(config("cli-dock", passwordFile, true));
        awaitPools("cli-dock", 2);

        CliRun run = cli("pools", "--json", "--etcd", etcd.endpoint(), "--prefix", prefix, "--cacert",
                pki.caCert().toString(), "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                "--user", AGENT_USER, "--password-file", passwordFile.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode pools = JSON.readTree(run.out()).get("pools");
        List<String> names = new ArrayList<>();
        pools.forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("gold-1", "silver-1");
        pools.forEach(p -> assertThat(p.get("effectiveStatus").asText()).isEqualTo("available"));
    }

    @Test
    void wrongPasswordMakesTheCliExitThreeWithOneLineAboutEtcd() {
        CliRun run = cli("pools", "--etcd", etcd.endpoint(), "--prefix", prefix, "--timeout", "5s", "--cacert",
                pki.caCert().toString(), "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                "--user", AGENT_USER, "--password-file", wrongPasswordFile.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertOneLine(run.err());
        assertThat(run.err()).contains("etcd");
        assertThat(run.out() + run.err()).doesNotContain(WRONG_PASSWORD).doesNotContain(AGENT_PASSWORD);
    }

    @Test
    void wrongPasswordMakesTheAgentRefuseToStartWithOneLine() throws Exception {
        AgentConfig config = config("wrong-pw-dock", wrongPasswordFile, true);
        String log;
        Agent.StartException e;
        try (StderrCapture stderr = new StderrCapture()) {
            e = catchThrowableOfType(Agent.StartException.class, () -> start(config));
            log = stderr.text();
        }

        assertThat(e).as("Agent.start must fail").isNotNull();
        assertThat(e.kind()).isIn(Agent.StartException.Kind.ETCD, Agent.StartException.Kind.CONFIG);
        assertOneLine(e.getMessage());
        assertThat(e.getMessage()).contains("etcd").doesNotContain(WRONG_PASSWORD);
        assertThat(log).doesNotContain(WRONG_PASSWORD).doesNotContain(AGENT_PASSWORD);
    }

    @Test
    void clientCertWithoutCaFailsWithExitThreeAndOneLine() {
        CliRun run = cli("pools", "--etcd", etcd.endpoint(), "--prefix", prefix, "--timeout", "5s",
                "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                "--user", AGENT_USER, "--password-file", passwordFile.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertOneLine(run.err());
        assertThat(run.err()).contains("etcd").contains(etcd.endpoint());
        assertThat(run.out() + run.err()).doesNotContain(AGENT_PASSWORD);
    }

    @Test
    void agentWithoutCaRefusesToStartWithOneLine() throws Exception {
        AgentConfig config = config("no-ca-dock", passwordFile, false);

        Agent.StartException e = catchThrowableOfType(Agent.StartException.class, () -> start(config));

        assertThat(e).as("Agent.start must fail").isNotNull();
        assertThat(e.kind()).isIn(Agent.StartException.Kind.ETCD, Agent.StartException.Kind.CONFIG);
        assertOneLine(e.getMessage());
        assertThat(e.getMessage()).contains("etcd").doesNotContain(AGENT_PASSWORD);
    }

    @Test
    void httpsEndpointWithoutAnyTlsOptionFailsWithOneLine() {
        CliRun run = cli("pools", "--etcd", etcd.endpoint(), "--prefix", prefix, "--timeout", "5s",
                "--user", AGENT_USER, "--password-file", passwordFile.toString());

        assertThat(run.exit()).as(run.toString()).isIn(2, 3);
        assertOneLine(run.err());
        assertThat(run.err()).contains(etcd.endpoint());
        assertThat(run.out() + run.err()).doesNotContain(AGENT_PASSWORD);
    }

    /**
     * An {@code https://} endpoint means TLS even when no CA is given (then the system trust store
     * applies, as with etcdctl); the client must never fall back to plaintext, which etcd logs as
     * a rejected connection whose first record "does not look like a TLS handshake".
     */
    @Test
    void httpsEndpointIsNeverContactedInPlaintext() throws Exception {
        long before = plaintextRejections();

        CliRun run = cli("pools", "--etcd", etcd.endpoint(), "--prefix", prefix, "--timeout", "3s",
                "--user", AGENT_USER, "--password-file", passwordFile.toString());

        assertThat(run.exit()).as(run.toString()).isNotZero();
        assertThat(plaintextRejections() - before)
                .as("connections etcd rejected as plaintext on its TLS port (see %s)", etcd.logFile()).isZero();
    }

    @Test
    void passwordNeverAppearsInCliOutputNorInConnectionOrConfigText() throws Exception {
        AgentConfig config = config("quiet-dock", passwordFile, true);
        start(config);
        awaitPools("quiet-dock", 2);
        String[] common = {"--etcd", etcd.endpoint(), "--prefix", prefix, "--cacert", pki.caCert().toString(),
            "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--user", AGENT_USER,
            "--password-file", passwordFile.toString()};

        List<CliRun> runs = new ArrayList<>();
        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            for (String[] command : List.of(new String[] {"pools"}, new String[] {"pools", "--json"},
                    new String[] {"docks"}, new String[] {"docks", "--json"})) {
                String[] args = new String[command.length + common.length];
                System.arraycopy(command, 0, args, 0, command.length);
                System.arraycopy(common, 0, args, command.length, common.length);
                runs.add(cli(args));
            }
            log = stderr.text();
        }

        assertThat(runs).allSatisfy(r -> {
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).doesNotContain(AGENT_PASSWORD);
            assertThat(r.err()).doesNotContain(AGENT_PASSWORD);
        });
        assertThat(runs.get(0).out()).contains("gold-1");
        assertThat(log).doesNotContain(AGENT_PASSWORD);
        assertThat(config.etcd().toString()).doesNotContain(AGENT_PASSWORD);
        assertThat(config.toString()).doesNotContain(AGENT_PASSWORD);
    }

    @Test
    void userWithoutPasswordFileOrEnvironmentIsAUsageErrorNamingBoth() {
        assumeThat(System.getenv(EtcdConnection.ENV_PASSWORD)).as("this test needs CAPREPORT_ETCD_PASSWORD unset")
                .isNull();

        CliRun run = cli("pools", "--etcd", etcd.endpoint(), "--prefix", prefix, "--cacert", pki.caCert().toString(),
                "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--user", AGENT_USER);

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err());
        assertThat(run.err()).contains("CAPREPORT_ETCD_PASSWORD").contains("--password-file");
    }

    @Test
    void agentWithUserButNoPasswordSourceRefusesToStartNamingTheEnvironmentVariable() throws Exception {
        assumeThat(System.getenv(EtcdConnection.ENV_PASSWORD)).as("this test needs CAPREPORT_ETCD_PASSWORD unset")
                .isNull();

        AgentConfig config = config("no-pw-dock", null, true);

        Agent.StartException e = catchThrowableOfType(Agent.StartException.class, () -> start(config));

        assertThat(e).as("Agent.start must fail").isNotNull();
        assertThat(e.kind()).isEqualTo(Agent.StartException.Kind.CONFIG);
        assertOneLine(e.getMessage());
        assertThat(e.getMessage()).contains("CAPREPORT_ETCD_PASSWORD");
    }

    @Test
    void refusalsArriveTypedWrongPasswordAsAuthAKeyOutsideTheRoleAsPermission() throws Exception {
        try (Client wrong = tls(Client.builder().endpoints(etcd.endpoint())).user(bytes(AGENT_USER))
                .password(bytes(WRONG_PASSWORD)).build()) {
            assertThat(failureOf(wrong.getKVClient().get(bytes(prefix + "/x")))).isEqualTo(EtcdFailure.AUTH);
        }
        try (Client agent = tls(Client.builder().endpoints(etcd.endpoint())).user(bytes(AGENT_USER))
                .password(bytes(AGENT_PASSWORD)).build()) {
            assertThat(failureOf(agent.getKVClient().put(bytes("/elsewhere/x"), bytes("v"))))
                    .isEqualTo(EtcdFailure.PERMISSION);
        }
    }

    /** capreport admin over TLS with client certificates: the login that compares the password uses them too. */
    @Test
    void adminGrantOverTlsIsUnchangedTheSecondTime() throws Exception {
        Path rootPassword = secretFile("root-" + UUID.randomUUID() + ".password", ROOT_PASSWORD + "\n");
        String dock = "tls-" + UUID.randomUUID().toString().substring(0, 6);
        String[] args = {"admin", "grant-dock", dock, "--new-password-file", passwordFile.toString(), "--etcd",
            etcd.endpoint(), "--prefix", prefix, "--cacert", pki.caCert().toString(), "--cert",
            pki.clientCert().toString(), "--key", pki.clientKey().toString(), "--user", "root", "--password-file",
            rootPassword.toString()};

        CliRun first = cli(args);
        CliRun second = cli(args);

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("user capreport-dock-" + dock + ": created");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out().strip()).startsWith("capreport-dock-" + dock + ": unchanged");
        assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(AGENT_PASSWORD)
                .doesNotContain(ROOT_PASSWORD);
        assertThat(cli("admin", "revoke", "capreport-dock-" + dock, "--etcd", etcd.endpoint(), "--cacert",
                pki.caCert().toString(), "--cert", pki.clientCert().toString(), "--key", pki.clientKey().toString(),
                "--user", "root", "--password-file", rootPassword.toString()).exit()).isZero();
    }

    // --- helpers -------------------------------------------------------------------------------

    private static EtcdFailure failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            EtcdClients.await(f, Duration.ofSeconds(15), "call");
        } catch (EtcdUnavailableException e) {
            return e.failure();
        }
        throw new AssertionError("the call succeeded");
    }

    private Agent start(AgentConfig config) throws Agent.StartException, InterruptedException {
        Agent a = Agent.start(config);
        agents.add(a);
        return a;
    }

    /** The YAML an admin would write for a secured etcd, parsed by the real loader. */
    private AgentConfig config(String dockId, Path password, boolean withCa) throws ConfigException {
        String yaml = "dock: { id: " + dockId + ", availabilityZone: az1, grpc: \"off\" }\n"
                + "etcd:\n"
                + "  endpoints: [\"" + etcd.endpoint() + "\"]\n"
                + "  prefix: \"" + prefix + "\"\n"
                + (withCa ? "  cacert: \"" + pki.caCert() + "\"\n" : "")
                + "  cert: \"" + pki.clientCert() + "\"\n"
                + "  key: \"" + pki.clientKey() + "\"\n"
                + "  user: " + AGENT_USER + "\n"
                + (password == null ? "" : "  passwordFile: \"" + password + "\"\n")
                + "discovery: { interval: 1s, timeout: 1s, leaseTtl: 3s }\n"
                + "backends:\n"
                + "  - name: lab\n"
                + "    driver: sim\n"
                + "    pools:\n"
                + "      - { name: gold-1, totalCapacity: 2000, freeCapacity: 1500 }\n"
                + "      - { name: silver-1, totalCapacity: 1000, freeCapacity: 300 }\n";
        return new ConfigLoader(DriverRegistry.builtIn()).parse(dockId + ".yaml", yaml);
    }

    private void awaitPools(String dockId, int count) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(keysUnder(new KeyLayout(prefix).poolsPrefix(dockId))).hasSize(count));
    }

    private static List<String> keysUnder(String keyPrefix) throws Exception {
        List<String> keys = new ArrayList<>();
        admin.getKVClient().get(bytes(keyPrefix), GetOption.builder().isPrefix(true).withKeysOnly(true).build())
                .get(10, TimeUnit.SECONDS).getKvs()
                .forEach(kv -> keys.add(kv.getKey().toString(StandardCharsets.UTF_8)));
        return keys;
    }

    private static long plaintextRejections() throws Exception {
        return Files.readAllLines(etcd.logFile(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("does not look like a TLS handshake")).count();
    }

    private static ClientBuilder tls(ClientBuilder b) throws Exception {
        return b.sslContext(GrpcSslContexts.forClient().trustManager(pki.caCert().toFile())
                .keyManager(pki.clientCert().toFile(), pki.clientKey().toFile()).build());
    }

    private static Path secretFile(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static <T> T done(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void assertOneLine(String text) {
        CliRun.assertOneLine(text);
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }
}

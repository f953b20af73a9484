package com.capreport.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.StderrCapture;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/**
 * {@code capreport admin} against a real etcd with authentication on (issue 14, item 2): what each
 * grant allows is checked by using it (a real agent under the dock's user, the CLI under the reader
 * and the profile admin, and direct reads and writes that etcd must refuse), re-runs say
 * "unchanged", a hand-widened role is brought back, and the {@code --print} lines run by the real
 * etcdctl give the same users and roles.
 */
@Tag("integration")
@Timeout(180)
class AdminRbacIT {
    private static final String ROOT_PASSWORD = "Root-" + UUID.randomUUID().toString().replace("-", "");
    /** Distinctive, so a leak anywhere is found by a plain substring search. */
    private static final String DOCK_PASSWORD = "Dock-" + UUID.randomUUID().toString().replace("-", "");
    private static final String OTHER_PASSWORD = "Other-" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    static Path dir;
    private static ManagedEtcd etcd;
    private static Client root;
    private static Path rootPasswordFile;
    private static Path dockPasswordFile;
    private static Path otherPasswordFile;

    private String prefix;
    private KeyLayout layout;
    /** Unique per test: users and roles are global to etcd, not under the prefix. */
    private String tag;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeAll
    static void startEtcdWithAuthentication() throws Exception {
        etcd = ManagedEtcd.start();
        enableAuth(etcd);
        root = Client.builder().endpoints(etcd.endpoint()).user(bytes("root")).password(bytes(ROOT_PASSWORD)).build();
        rootPasswordFile = secretFile("root.password", ROOT_PASSWORD + "\n");
        dockPasswordFile = secretFile("dock.password", DOCK_PASSWORD + "\n");
        otherPasswordFile = secretFile("other.password", OTHER_PASSWORD + "\n");
    }

    @AfterAll
    static void stopEtcd() {
        if (root != null) {
            root.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void setUp(TestInfo info) {
        tag = UUID.randomUUID().toString().substring(0, 6);
        prefix = "/capreport-admin/" + info.getTestMethod().orElseThrow().getName() + "-" + tag;
        layout = new KeyLayout(prefix);
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    @Test
    void grantDockLetsARealAgentReportAndNothingElse() throws Exception {
        String dock = "a-" + tag;
        String other = "b-" + tag;
        CliRun grant = admin("grant-dock", dock, "--new-password-file", dockPasswordFile.toString());
        assertThat(grant.exit()).as(grant.toString()).isZero();
        assertThat(grant.out()).contains("user capreport-dock-" + dock + ": created")
                .contains("readwrite on prefix " + layout.dockPrefix(dock));
        put(root, layout.pool(other, "theirs"), "{}");
        put(root, layout.profile("gold"), "{}");

        String log;
        try (StderrCapture stderr = new StderrCapture()) {
            Agent agent = Agent.start(config(dock, "capreport-dock-" + dock, dockPasswordFile));
            agents.add(agent);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(keysUnder(layout.poolsPrefix(dock))).hasSize(2));
            assertThat(keysUnder(layout.alive(dock))).hasSize(1);
            agent.close();
            log = stderr.text();
        }
        assertThat(log).as("the agent needed nothing outside its prefix").doesNotContainIgnoringCase("permission denied")
                .doesNotContain(DOCK_PASSWORD);
        assertThat(get(root, layout.dockSpec(dock))).as("the graceful stop was recorded").contains("\"stoppedAt\":\"");
        assertThat(log).doesNotContain("could not record");

        try (Client asDock = as("capreport-dock-" + dock, DOCK_PASSWORD)) {
            assertThat(failureOf(asDock.getKVClient().put(bytes(layout.pool(other, "x")), bytes("{}"))))
                    .as("write into dock B").isEqualTo(EtcdFailure.PERMISSION);
            assertThat(failureOf(asDock.getKVClient().get(bytes(layout.pool(other, "theirs")))))
                    .as("read dock B").isEqualTo(EtcdFailure.PERMISSION);
            assertThat(failureOf(asDock.getKVClient().delete(bytes(layout.pool(other, "theirs")))))
                    .as("delete dock B's pool").isEqualTo(EtcdFailure.PERMISSION);
            assertThat(failureOf(asDock.getKVClient().put(bytes(layout.profile("mine")), bytes("{}"))))
                    .as("write a profile").isEqualTo(EtcdFailure.PERMISSION);
            assertThat(failureOf(asDock.getKVClient().get(bytes(layout.profile("gold")))))
                    .as("read a profile").isEqualTo(EtcdFailure.PERMISSION);
            assertThat(failureOf(asDock.getKVClient().put(bytes(layout.ack("x")), bytes("{}"))))
                    .as("write an acknowledgement").isEqualTo(EtcdFailure.PERMISSION);
            // Its own prefix, for contrast: the refusals above are the role's, not a broken login.
            EtcdClients.await(asDock.getKVClient().put(bytes(layout.dockPrefix(dock) + "probe"), bytes("x")),
                    Duration.ofSeconds(10), "put");
        }
        assertThat(get(root, layout.pool(other, "theirs"))).isEqualTo("{}");
    }

    @Test
    void readerReadsEverythingAndWritesNothingUnlessGivenAcks() throws Exception {
        String dock = "r-" + tag;
        String reader = "dash-" + tag;
        assertThat(admin("grant-dock", dock, "--new-password-file", dockPasswordFile.toString()).exit()).isZero();
        agents.add(Agent.start(config(dock, "capreport-dock-" + dock, dockPasswordFile)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(keysUnder(layout.poolsPrefix(dock))).hasSize(2));
        put(root, layout.profile("gold"), "{\"id\":\"gold\",\"requirements\":{}}");

        CliRun grant = admin("grant-reader", reader, "--new-password-file", otherPasswordFile.toString());
        assertThat(grant.exit()).as(grant.toString()).isZero();

        for (String[] command : List.of(new String[] {"pools"}, new String[] {"docks"}, new String[] {"profiles", "list"})) {
            CliRun run = asUser(reader, otherPasswordFile, command);
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out() + run.err()).doesNotContain(OTHER_PASSWORD);
            if (command[0].equals("pools")) {
                assertThat(run.out()).contains("gold-1").contains("silver-1");
            }
        }
        try (Client asReader = as(reader, OTHER_PASSWORD)) {
            for (String key : List.of(layout.profile("new"), layout.ack("x"), layout.pool(dock, "forged"),
                    layout.alive(dock))) {
                assertThat(failureOf(asReader.getKVClient().put(bytes(key), bytes("{}")))).as("write %s", key)
                        .isEqualTo(EtcdFailure.PERMISSION);
            }
            assertThat(failureOf(asReader.getKVClient().delete(bytes(layout.profile("gold"))))).as("delete a profile")
                    .isEqualTo(EtcdFailure.PERMISSION);
        }

        CliRun withAcks = admin("grant-reader", reader, "--acks");
        assertThat(withAcks.exit()).as(withAcks.toString()).isZero();
        assertThat(withAcks.out()).contains("granted readwrite on prefix " + layout.acksPrefix()).contains("1 change");
        try (Client asReader = as(reader, OTHER_PASSWORD)) {
            EtcdClients.await(asReader.getKVClient().put(bytes(layout.ack("x")), bytes("{}")), Duration.ofSeconds(10),
                    "put ack");
            assertThat(failureOf(asReader.getKVClient().put(bytes(layout.profile("new")), bytes("{}"))))
                    .as("acks do not open profiles").isEqualTo(EtcdFailure.PERMISSION);
        }
    }

    @Test
    void profileAdminAppliesAProfileButCannotTouchADock() throws Exception {
        String name = "padmin-" + tag;
        CliRun grant = admin("grant-profile-admin", name, "--new-password-file", otherPasswordFile.toString());
        assertThat(grant.exit()).as(grant.toString()).isZero();
        Path profile = dir.resolve("gold-" + tag + ".yaml");
        Files.writeString(profile, "id: gold\nrequirements:\n  freeCapacity: \">= 1\"\n", StandardCharsets.UTF_8);

        CliRun apply = asUser(name, otherPasswordFile, "profiles", "apply", "-f", profile.toString());

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("created profile gold");
        assertThat(get(root, layout.profile("gold"))).contains("gold");
        try (Client asAdmin = as(name, OTHER_PASSWORD)) {
            EtcdClients.await(asAdmin.getKVClient().put(bytes(layout.ack("y")), bytes("{}")), Duration.ofSeconds(10),
                    "put ack");
            assertThat(failureOf(asAdmin.getKVClient().put(bytes(layout.pool("some-dock", "p")), bytes("{}"))))
                    .isEqualTo(EtcdFailure.PERMISSION);
        }
    }

    @Test
    void grantingTwiceIsUnchangedAndAHandWidenedRoleIsBroughtBack() throws Exception {
        String dock = "w-" + tag;
        String user = "capreport-dock-" + dock;
        assertThat(admin("grant-dock", dock, "--new-password-file", dockPasswordFile.toString()).exit()).isZero();

        CliRun again = admin("grant-dock", dock, "--new-password-file", dockPasswordFile.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out().strip()).startsWith(user + ": unchanged").doesNotContain("\n");

        // An admin widens it by hand: a second range on the role and a second role on the user.
        Auth auth = root.getAuthClient();
        ByteSequence wide = bytes(prefix + "/");
        done(auth.roleGrantPermission(bytes(user), wide, OptionsUtil.prefixEndOf(wide), Permission.Type.READWRITE));
        done(auth.roleAdd(bytes("extra-" + tag)));
        done(auth.userGrantRole(bytes(user), bytes("extra-" + tag)));

        CliRun fix = admin("grant-dock", dock);
        assertThat(fix.exit()).as(fix.toString()).isZero();
        assertThat(fix.out()).contains("revoked readwrite on prefix " + prefix + "/")
                .contains("revoked role extra-" + tag).contains("2 changes");
        assertThat(done(auth.roleGet(bytes(user))).getPermissions()).singleElement().satisfies(p -> {
            assertThat(p.getKey().toString(StandardCharsets.UTF_8)).isEqualTo(layout.dockPrefix(dock));
            assertThat(p.getPermType()).isEqualTo(Permission.Type.READWRITE);
        });
        assertThat(done(auth.userGet(bytes(user))).getRoles()).containsExactly(user);

        // Another prefix moves the role there; the old prefix is no longer granted.
        String moved = prefix + "-moved";
        CliRun move = CliRun.of(concat(new String[] {"admin", "grant-dock", dock}, rootOptions(moved)));
        assertThat(move.exit()).as(move.toString()).isZero();
        assertThat(move.out()).contains("revoked readwrite on prefix " + layout.dockPrefix(dock))
                .contains("granted readwrite on prefix " + new KeyLayout(moved).dockPrefix(dock));
    }

    @Test
    void aNewPasswordIsSetOnceAndNeverPrinted() throws Exception {
        String dock = "p-" + tag;
        String user = "capreport-dock-" + dock;
        assertThat(admin("grant-dock", dock, "--new-password-file", dockPasswordFile.toString()).exit()).isZero();

        CliRun change = admin("grant-dock", dock, "--new-password-file", otherPasswordFile.toString());
        CliRun same = admin("grant-dock", dock, "--new-password-file", otherPasswordFile.toString());

        assertThat(change.exit()).as(change.toString()).isZero();
        assertThat(change.out()).contains("user " + user + ": password changed").contains("1 change");
        assertThat(same.out().strip()).startsWith(user + ": unchanged");
        try (Client withNew = as(user, OTHER_PASSWORD); Client withOld = as(user, DOCK_PASSWORD)) {
            EtcdClients.await(withNew.getKVClient().put(bytes(layout.dockPrefix(dock) + "probe"), bytes("x")),
                    Duration.ofSeconds(10), "put with the new password");
            assertThat(failureOf(withOld.getKVClient().get(bytes(layout.dockPrefix(dock) + "probe"))))
                    .isEqualTo(EtcdFailure.AUTH);
        }
        for (CliRun r : List.of(change, same)) {
            assertThat(r.out() + r.err()).doesNotContain(OTHER_PASSWORD).doesNotContain(DOCK_PASSWORD)
                    .doesNotContain(ROOT_PASSWORD);
        }
    }

    @Test
    void revokeDeletesUserAndRoleThenTheLoginFails() throws Exception {
        String reader = "gone-" + tag;
        assertThat(admin("grant-reader", reader, "--new-password-file", otherPasswordFile.toString()).exit()).isZero();
        assertThat(asUser(reader, otherPasswordFile, "docks").exit()).isIn(0, 1);

        CliRun revoke = admin("revoke", reader);
        CliRun again = admin("revoke", reader);

        assertThat(revoke.exit()).as(revoke.toString()).isZero();
        assertThat(revoke.out()).contains("user " + reader + ": deleted").contains("role " + reader + ": deleted");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("unchanged");
        CliRun login = asUser(reader, otherPasswordFile, "docks", "--timeout", "5s");
        assertThat(login.exit()).as(login.toString()).isEqualTo(3);
        CliRun.assertOneLine(login.err());
        assertThat(login.err()).contains("refused the credentials");
        assertThat(done(root.getAuthClient().roleList()).getRoles()).doesNotContain(reader);
    }

    @Test
    void refusalsAreOneLineWithTheExitCodeOfTheReadme() throws Exception {
        String dock = "e-" + tag;
        CliRun noRoot = CliRun.of("admin", "grant-dock", dock, "--etcd", etcd.endpoint(), "--prefix", prefix,
                "--new-password-file", dockPasswordFile.toString());
        assertThat(noRoot.exit()).as(noRoot.toString()).isEqualTo(3);
        CliRun.assertOneLine(noRoot.err());
        assertThat(noRoot.err()).contains("--user root");

        assertThat(admin("grant-reader", "weak-" + tag, "--new-password-file", otherPasswordFile.toString()).exit())
                .isZero();
        CliRun notRoot = CliRun.of("admin", "grant-dock", dock, "--etcd", etcd.endpoint(), "--prefix", prefix,
                "--user", "weak-" + tag, "--password-file", otherPasswordFile.toString(),
                "--new-password-file", dockPasswordFile.toString());
        assertThat(notRoot.exit()).as(notRoot.toString()).isEqualTo(3);
        CliRun.assertOneLine(notRoot.err());
        assertThat(notRoot.err()).contains("root role");

        CliRun noPassword = admin("grant-dock", dock);
        assertThat(noPassword.exit()).as(noPassword.toString()).isEqualTo(2);
        CliRun.assertOneLine(noPassword.err());
        assertThat(noPassword.err()).contains("--new-password-file").contains("nothing was changed");
        assertThat(done(root.getAuthClient().roleList()).getRoles()).doesNotContain("capreport-dock-" + dock);

        CliRun rootName = admin("grant-reader", "root", "--new-password-file", otherPasswordFile.toString());
        assertThat(rootName.exit()).isEqualTo(2);
        CliRun.assertOneLine(rootName.err());

        Path empty = secretFile("empty-" + tag, "\n");
        CliRun emptyPassword = admin("grant-dock", dock, "--new-password-file", empty.toString());
        assertThat(emptyPassword.exit()).isEqualTo(2);
        assertThat(emptyPassword.err()).contains("empty");

        CliRun unreachable = CliRun.of("admin", "grant-dock", dock, "--etcd", "http://127.0.0.1:1", "--timeout", "2s",
                "--user", "root", "--password-file", rootPasswordFile.toString(),
                "--new-password-file", dockPasswordFile.toString());
        assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(3);
        CliRun.assertOneLine(unreachable.err());
    }

    @Test
    void onAnEtcdWithoutAuthenticationItSaysSo() {
        String name = "noauth-" + tag;
        CliRun withUser = CliRun.of("admin", "grant-reader", name, "--etcd", TestEtcd.endpoint(), "--user", "root",
                "--password-file", rootPasswordFile.toString(), "--new-password-file", otherPasswordFile.toString());
        assertThat(withUser.exit()).as(withUser.toString()).isEqualTo(3);
        CliRun.assertOneLine(withUser.err());
        assertThat(withUser.err()).contains("authentication is not enabled");

        CliRun without = CliRun.of("admin", "grant-reader", name, "--etcd", TestEtcd.endpoint(),
                "--new-password-file", otherPasswordFile.toString());
        CliRun revoke = CliRun.of("admin", "revoke", name, "--etcd", TestEtcd.endpoint());

        assertThat(without.exit()).as(without.toString()).isZero();
        assertThat(without.out()).contains("user " + name + ": created");
        assertThat(without.err()).contains("authentication is off");
        assertThat(revoke.exit()).as(revoke.toString()).isZero();
    }

    @Test
    void enableAuthMakesRootAndTurnsAuthenticationOnOnce() throws Exception {
        try (ManagedEtcd fresh = ManagedEtcd.start()) {
            CliRun noPassword = CliRun.of("admin", "enable-auth", "--etcd", fresh.endpoint());
            assertThat(noPassword.exit()).as(noPassword.toString()).isEqualTo(2);
            CliRun.assertOneLine(noPassword.err());
            assertThat(noPassword.err()).contains("--root-password-file").contains("nothing was changed");

            CliRun enable = CliRun.of("admin", "enable-auth", "--etcd", fresh.endpoint(), "--root-password-file",
                    rootPasswordFile.toString());
            CliRun again = CliRun.of("admin", "enable-auth", "--etcd", fresh.endpoint());
            CliRun asRoot = CliRun.of("admin", "enable-auth", "--etcd", fresh.endpoint(), "--user", "root",
                    "--password-file", rootPasswordFile.toString());

            assertThat(enable.exit()).as(enable.toString()).isZero();
            assertThat(enable.out()).contains("user root: created").contains("granted role root").contains("enabled");
            assertThat(again.out().strip()).isEqualTo("etcd authentication: unchanged (already on)");
            assertThat(asRoot.out().strip()).isEqualTo("etcd authentication: unchanged (already on)");
            assertThat(enable.out() + enable.err()).doesNotContain(ROOT_PASSWORD);
            try (Client anonymous = Client.builder().endpoints(fresh.endpoint()).build()) {
                assertThat(failureOf(anonymous.getKVClient().put(bytes("/x"), bytes("y"))))
                        .as("authentication is enforced").isNotNull();
                assertThat(failureOf(anonymous.getKVClient().get(bytes("/x")))).isIn(EtcdFailure.AUTH,
                        EtcdFailure.PERMISSION, EtcdFailure.OTHER);
            }
            CliRun grant = CliRun.of("admin", "grant-dock", "n-" + tag, "--etcd", fresh.endpoint(), "--user", "root",
                    "--password-file", rootPasswordFile.toString(), "--new-password-file", dockPasswordFile.toString());
            assertThat(grant.exit()).as(grant.toString()).isZero();
        }
    }

    /**
     * The recipe is the command: the printed lines, run by the etcdctl installed with etcd against a
     * second etcd, leave exactly what the command would have made (the command then says "unchanged"),
     * and the agent runs under that user.
     */
    @Test
    void printedLinesRunByEtcdctlMakeWhatTheCommandMakes() throws Exception {
        Path etcdctl = ManagedEtcd.findBinary().map(b -> b.resolveSibling("etcdctl")).filter(Files::isExecutable)
                .orElse(null);
        assumeThat(etcdctl).as("etcdctl next to the etcd binary").isNotNull();
        String dock = "x-" + tag;
        try (ManagedEtcd second = ManagedEtcd.start()) {
            enableAuth(second);
            String[] connection = {"--etcd", second.endpoint(), "--prefix", prefix, "--user", "root",
                "--password-file", rootPasswordFile.toString()};
            List<CliRun> printed = new ArrayList<>();
            for (String[] command : List.of(
                    new String[] {"admin", "grant-dock", dock, "--new-password-file", dockPasswordFile.toString()},
                    new String[] {"admin", "grant-reader", "dash-" + tag, "--acks", "--new-password-file",
                        otherPasswordFile.toString()},
                    new String[] {"admin", "grant-profile-admin", "padmin-" + tag, "--new-password-file",
                        otherPasswordFile.toString()})) {
                CliRun print = CliRun.of(concat(concat(command, connection), new String[] {"--print"}));
                assertThat(print.exit()).as(print.toString()).isZero();
                assertThat(print.out()).doesNotContain(DOCK_PASSWORD).doesNotContain(OTHER_PASSWORD)
                        .doesNotContain(ROOT_PASSWORD);
                runShell(etcdctl, print.out());
                printed.add(CliRun.of(concat(command, connection)));
            }
            assertThat(printed).allSatisfy(r -> {
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out()).as(r.toString()).contains(": unchanged");
            });

            Agent agent = Agent.start(config(second, dock, "capreport-dock-" + dock, dockPasswordFile));
            agents.add(agent);
            try (Client secondRoot = Client.builder().endpoints(second.endpoint()).user(bytes("root"))
                    .password(bytes(ROOT_PASSWORD)).build()) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(secondRoot.getKVClient()
                        .get(bytes(layout.poolsPrefix(dock)), GetOption.builder().isPrefix(true).build())
                        .get(10, TimeUnit.SECONDS).getKvs()).hasSize(2));
                agent.close();

                CliRun revokePrint = CliRun.of(concat(new String[] {"admin", "revoke", "dash-" + tag, "--print"},
                        connection));
                runShell(etcdctl, revokePrint.out());
                assertThat(done(secondRoot.getAuthClient().userList()).getUsers()).doesNotContain("dash-" + tag);
                assertThat(done(secondRoot.getAuthClient().roleList()).getRoles()).doesNotContain("dash-" + tag);
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void enableAuth(ManagedEtcd e) throws Exception {
        try (Client setup = Client.builder().endpoints(e.endpoint()).build()) {
            Auth auth = setup.getAuthClient();
            done(auth.userAdd(bytes("root"), bytes(ROOT_PASSWORD)));
            done(auth.userGrantRole(bytes("root"), bytes("root")));
            done(auth.authEnable());
        }
    }

    /** Runs a printed script with bash, etcdctl first on the PATH; fails the test unless every line worked. */
    private static void runShell(Path etcdctl, String script) throws Exception {
        Path file = dir.resolve("script-" + UUID.randomUUID() + ".sh");
        Files.writeString(file, "set -e\n" + script, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", etcdctl.getParent() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("etcdctl script:%n%s%noutput:%n%s", script, output).isZero();
    }

    private CliRun admin(String... args) {
        return CliRun.of(concat(concat(new String[] {"admin"}, args), rootOptions(prefix)));
    }

    private static String[] rootOptions(String prefix) {
        return new String[] {"--etcd", etcd.endpoint(), "--prefix", prefix, "--user", "root", "--password-file",
            rootPasswordFile.toString()};
    }

    private CliRun asUser(String user, Path password, String... command) {
        return CliRun.of(concat(command, new String[] {"--etcd", etcd.endpoint(), "--prefix", prefix, "--user", user,
            "--password-file", password.toString()}));
    }

    private AgentConfig config(String dockId, String user, Path password) throws Exception {
        return config(etcd, dockId, user, password);
    }

    private AgentConfig config(ManagedEtcd target, String dockId, String user, Path password) throws Exception {
        String yaml = "dock: { id: " + dockId + ", availabilityZone: az1, grpc: \"off\" }\n"
                + "etcd:\n"
                + "  endpoints: [\"" + target.endpoint() + "\"]\n"
                + "  prefix: \"" + prefix + "\"\n"
                + "  user: " + user + "\n"
                + "  passwordFile: \"" + password + "\"\n"
                + "discovery: { interval: 1s, timeout: 1s, leaseTtl: 3s }\n"
                + "backends:\n"
                + "  - name: lab\n"
                + "    driver: sim\n"
                + "    pools:\n"
                + "      - { name: gold-1, totalCapacity: 2000, freeCapacity: 1500 }\n"
                + "      - { name: silver-1, totalCapacity: 1000, freeCapacity: 300 }\n";
        return new ConfigLoader(DriverRegistry.builtIn()).parse(dockId + ".yaml", yaml);
    }

    private static Client as(String user, String password) {
        return Client.builder().endpoints(etcd.endpoint()).user(bytes(user)).password(bytes(password)).build();
    }

    private static EtcdFailure failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            EtcdClients.await(f, Duration.ofSeconds(15), "call");
        } catch (EtcdUnavailableException e) {
            return e.failure();
        }
        throw new AssertionError("the call succeeded");
    }

    private static List<String> keysUnder(String keyPrefix) throws Exception {
        List<String> keys = new ArrayList<>();
        root.getKVClient().get(bytes(keyPrefix), GetOption.builder().isPrefix(true).withKeysOnly(true).build())
                .get(10, TimeUnit.SECONDS).getKvs()
                .forEach(kv -> keys.add(kv.getKey().toString(StandardCharsets.UTF_8)));
        return keys;
    }

    private static void put(Client c, String key, String value) throws Exception {
        done(c.getKVClient().put(bytes(key), bytes(value)));
    }

    private static String get(Client c, String key) throws Exception {
        var kvs = done(c.getKVClient().get(bytes(key))).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    }

    private static Path secretFile(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static <T> T done(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }
}

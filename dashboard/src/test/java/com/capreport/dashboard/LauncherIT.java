package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.ManagedEtcd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher as a user runs it: a separate JVM, no display, exit codes and one-line errors. */
class LauncherIT {
    static ManagedEtcd etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = ManagedEtcd.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return launch(env, List.of(), args);
    }

    static Run launch(Map<String, String> env, List<String> jvmArgs, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not exit: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(60)
    void withoutADisplayItSaysSoInOneLineAndExits2() throws Exception {
        Run r = launch(Map.of(), "--etcd", etcd.endpoint());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("capreport dashboard: no display (DISPLAY is not set); use --screenshot "
                + "FILE or the CLI (capreport pools|docks)");
    }

    @Test
    @Timeout(60)
    void screenshotRendersTheDocksViewHeadless() throws Exception {
        String prefix = "/launcher-shot";
        try (Agent a = TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                TestEstate.lvmLike("lvm-1"))) {
            Path file = DashboardIT.SHOTS.resolve("launcher-docks.png");
            Files.deleteIfExists(file);
            Run r = launch(Map.of(), "--screenshot", file.toString(), "--view", "docks", "--etcd", etcd.endpoint(),
                    "--prefix", prefix, "--width", "1280", "--height", "500");
            assertThat(r.exit()).as(r.stderr()).isZero();
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img.getWidth()).isEqualTo(1280);
            assertThat(img.getHeight()).isEqualTo(500);
        }
    }

    @Test
    @Timeout(180) // three JVM launches: ~12 s each at load 10
    void screenshotRendersTheGapMatrixHeadless() throws Exception {
        String prefix = "/launcher-gaps";
        try (Agent a = TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                TestEstate.lvmLike("lvm-1"));
             io.etcd.jetcd.Client c = com.capreport.agent.etcd.EtcdClients.connect(
                     com.capreport.agent.etcd.EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            com.capreport.model.ProfileSpec thin = new com.capreport.model.ProfileSpec("thin", "Thin", "", null,
                    Map.of("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin"));
            c.getKVClient().put(com.capreport.agent.etcd.EtcdClients.bytes(new com.capreport.model.KeyLayout(prefix)
                    .profile("thin")), com.capreport.agent.etcd.EtcdClients.bytes(
                    com.capreport.model.Json.encodeString(thin))).get(5, TimeUnit.SECONDS);
            for (String view : List.of("gaps", "profiles", "attention")) {
                Path file = DashboardIT.SHOTS.resolve("launcher-" + view + ".png");
                Files.deleteIfExists(file);
                Run r = launch(Map.of(), "--screenshot", file.toString(), "--view", view, "--etcd", etcd.endpoint(),
                        "--prefix", prefix, "--width", "1280", "--height", "500");
                assertThat(r.exit()).as(r.stderr()).isZero();
                assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(1280);
            }
        }
    }

    @Test
    @Timeout(90)
    void snapshotOptionOpensTheFileReadOnlyAtStartAndACorruptOneExits2WithOneLine() throws Exception {
        String prefix = "/launcher-snapshot";
        Path json = Files.createTempFile("capreport-snapshot", ".json");
        try (Agent a = TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                TestEstate.lvmLike("lvm-1"));
             io.etcd.jetcd.Client c = com.capreport.agent.etcd.EtcdClients.connect(
                     com.capreport.agent.etcd.EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            com.capreport.model.KeyLayout layout = new com.capreport.model.KeyLayout(prefix);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                    com.capreport.agent.etcd.EstateReader.read(c, layout, java.time.Duration.ofSeconds(5)).pools()
                            .size() == 3);
            Files.write(json, com.capreport.model.snapshot.Snapshots.encode(com.capreport.model.snapshot.Snapshots.of(
                    com.capreport.agent.etcd.EstateReader.read(c, layout, java.time.Duration.ofSeconds(5)),
                    List.of(etcd.endpoint()), prefix, java.time.Instant.now())));
            Path file = DashboardIT.SHOTS.resolve("launcher-snapshot.png");
            Files.deleteIfExists(file);
            // The file is shown against an empty prefix: the pools in the picture can only come from it.
            Run r = launch(Map.of(), "--screenshot", file.toString(), "--snapshot", json.toString(), "--view", "pools",
                    "--etcd", etcd.endpoint(), "--prefix", "/launcher-snapshot-empty", "--width", "1280",
                    "--height", "500");
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(1280);

            Path corrupt = Files.createTempFile("capreport-corrupt", ".json");
            Files.writeString(corrupt, "{\"schemaVersion\": 1, \"pools\": [");
            Run bad = launch(Map.of(), "--screenshot", DashboardIT.SHOTS.resolve("never.png").toString(),
                    "--snapshot", corrupt.toString(), "--etcd", etcd.endpoint(), "--prefix", prefix);
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.stderr().strip()).startsWith("capreport dashboard: --snapshot: " + corrupt.getFileName()
                    + ": not valid JSON (truncated or corrupt?): Unexpected end-of-input")
                    .endsWith("(line 1, column 32)").doesNotContain("\n").doesNotContain("REDACTED");
            Files.deleteIfExists(corrupt);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    @Timeout(60)
    void aSnapshotPictureNeedsNoEtcd() throws Exception {
        Path json = Files.createTempFile("capreport-offline", ".json");
        try {
            Files.write(json, com.capreport.model.snapshot.Snapshots.encode(com.capreport.model.snapshot.Snapshots.of(
                    com.capreport.model.Estate.fromEntries(7, Map.of("/capreport/v1/docks/demo-node/pools/x", "{".getBytes(StandardCharsets.UTF_8)), new com.capreport.model.KeyLayout("/capreport/v1")), List.of("http://127.0.0.1:1"), "/capreport/v1",
                    java.time.Instant.now())));
            Path file = DashboardIT.SHOTS.resolve("launcher-snapshot-offline.png");
            Files.deleteIfExists(file);
            // Port 1 is closed, and a snapshot picture must not try it (OfflineSnapshotIT counts the
            // connections on a listening socket); no timing asserted here.
            Run r = launch(Map.of(), "--screenshot", file.toString(), "--snapshot", json.toString(), "--view", "pools",
                    "--etcd", "http://127.0.0.1:1", "--width", "1280", "--height", "720");
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stderr()).doesNotContainIgnoringCase("unreachable").doesNotContain("127.0.0.1:1");
            assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(1280);
            Run missing = launch(Map.of(), "--screenshot", file.toString(), "--snapshot", json + ".missing",
                    "--etcd", "http://127.0.0.1:1");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.stderr().strip()).startsWith("capreport dashboard: --snapshot: ").doesNotContain("\n");
        } finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    @Timeout(60)
    void aDisplayJavaFxCannotOpenIsOneLineAndExit2() throws Exception {
        // A display nobody serves fails in glass as a missing GTK does: UnsupportedOperationException.
        Run r = launch(Map.of("DISPLAY", ":97"), "--etcd", "http://127.0.0.1:1");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip().lines().filter(l -> l.startsWith("capreport dashboard:")).toList())
                .singleElement().asString().contains("JavaFX cannot use the display :97")
                .contains("sudo apt-get install -y libgtk-3-0");
    }

    @Test
    @Timeout(60)
    void screenshotAgainstAnUnreachableEtcdExits3WithOneLine() throws Exception {
        Run r = launch(Map.of(), "--screenshot", DashboardIT.SHOTS.resolve("never.png").toString(),
                "--etcd", "http://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stderr().strip().lines().filter(l -> l.startsWith("capreport dashboard:")).toList())
                .singleElement().asString().contains("cannot reach etcd at http://127.0.0.1:1");
    }

    /** etcd processes whose data dir lies under {@code dir}: only this test's, whatever else runs. */
    private static long etcdProcessesUnder(Path dir) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("--name capreport") && c.contains(dir.toString())).orElse(false)).count();
    }

    @Test
    @Timeout(90)
    void demoRendersItsOwnEstateHeadlessAndStopsItsEtcd() throws Exception {
        Path tmp = Files.createTempDirectory("launcher-demo-");
        Path file = DashboardIT.SHOTS.resolve("demo-pools.png");
        Files.deleteIfExists(file);
        // The demo's private etcd keeps its data under java.io.tmpdir: a directory of our own tells its
        // process apart from any other etcd on the machine (parallel builds run their own).
        Run r = launch(Map.of(), List.of("-Djava.io.tmpdir=" + tmp), "--demo", "--screenshot", file.toString(),
                "--width", "1600", "--height", "860");
        assertThat(r.exit()).as(r.stderr()).isZero();
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo(1600);
        // The demo's private etcd went with it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> etcdProcessesUnder(tmp) == 0);
    }

    @Test
    @Timeout(60)
    void demoWithoutADisplayPointsToTheScreenshotTheTextDemoAndTheCli() throws Exception {
        Run r = launch(Map.of(), "--demo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("capreport demo: no display (DISPLAY is not set); use ./capreport demo "
                + "--screenshot FILE, ./capreport demo --text, or the CLI (capreport pools|docks)");
    }
}

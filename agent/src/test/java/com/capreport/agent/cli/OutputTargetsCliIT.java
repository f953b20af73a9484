package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Fixtures;
import com.capreport.agent.testing.SpecialFiles;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.Snapshots;
import io.etcd.jetcd.Client;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI's output goes, as an admin points it (issue 13, item 1): {@code -o} onto a device,
 * a FIFO, a symbolic link or a dangling one, and standard output on a full device. Device nodes are
 * made in the test's temp directory (never the machine's {@code /dev}); etcd is the shared test one.
 */
@Tag("integration")
@Timeout(60)
class OutputTargetsCliIT {
    @TempDir
    Path dir;
    private String prefix;

    @BeforeEach
    void seedTheFixtureEstate(TestInfo info) throws Exception {
        prefix = TestEtcd.uniquePrefix("out-" + info.getTestMethod().orElseThrow().getName());
        Snapshot fixture = Json.decode(Fixtures.read("match/snapshot.json"), Snapshot.class, "match/snapshot.json");
        try (Client c = TestEtcd.client()) {
            TestEtcd.seed(c, new KeyLayout(prefix), fixture);
            TestEtcd.put(c, new KeyLayout(prefix).profile("gold"),
                    "{\"id\":\"gold\",\"requirements\":{\"freeCapacity\":\">= 100\"}}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void exportOntoACharacterDeviceStreamsIntoItAndLeavesTheDeviceInPlace() throws Exception {
        Path devNull = SpecialFiles.nullDevice(dir.resolve("null"));

        CliRun run = CliRun.against(prefix, "export", "-o", devNull.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(SpecialFiles.type(devNull)).isEqualTo("character device");
        assertThat(listing()).containsExactly(devNull);
    }

    @Test
    void exportOntoAFullDeviceFailsInOneLineWithExitFourAndKeepsTheDevice() throws Exception {
        Path full = SpecialFiles.fullDevice(dir.resolve("full"));

        CliRun run = CliRun.against(prefix, "export", "-o", full.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.OUTPUT);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains(full.toString(), "cannot write", "No space left on device");
        assertThat(SpecialFiles.type(full)).isEqualTo("character device");
        assertThat(listing()).containsExactly(full);
    }

    @Test
    void exportIntoAFifoReachesItsReaderAndTheFifoStays() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("pipe"));
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        CliRun run = CliRun.against(prefix, "export", "-o", fifo.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        Snapshot received = Snapshots.read(reader.get(20, TimeUnit.SECONDS), "fifo");
        assertThat(received.source().prefix()).isEqualTo(prefix);
        assertThat(received.pools()).isNotEmpty();
        assertThat(SpecialFiles.type(fifo)).isEqualTo("fifo");
    }

    @Test
    void exportThroughASymlinkReplacesItsTargetAtomicallyAndTheLinkStaysALink() throws Exception {
        Path target = Files.writeString(dir.resolve("estate.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), Path.of("estate.json"));

        CliRun run = CliRun.against(prefix, "export", "-o", link.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(SpecialFiles.type(link)).isEqualTo("symbolic link");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("estate.json"));
        assertThat(Snapshots.read(Files.readAllBytes(target), target.toString()).source().prefix()).isEqualTo(prefix);
        assertThat(listing()).containsExactlyInAnyOrder(target, link);
    }

    @Test
    void exportToADanglingSymlinkIsRefusedInOneLineAndCreatesNothing() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), Path.of("gone/estate.json"));

        CliRun run = CliRun.against(prefix, "export", "-o", link.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("symbolic link", "gone/estate.json", "does not exist");
        assertThat(SpecialFiles.type(link)).isEqualTo("symbolic link");
        assertThat(listing()).containsExactly(link);
    }

    @Test
    void everyCommandThatPrintsExitsFourInOneLineWhenStandardOutputIsFull() throws Exception {
        Path full = SpecialFiles.fullDevice(dir.resolve("full"));
        Path a = dir.resolve("a.json");
        assertThat(CliRun.against(prefix, "export", "-o", a.toString()).exit()).isZero();
        Path b = withoutOnePool(a, dir.resolve("b.json"));
        String[] etcd = {"--etcd", TestEtcd.endpoint(), "--prefix", prefix};
        List<String[]> commands = List.of(
                cat(new String[] {"pools"}, etcd), cat(new String[] {"pools", "--json"}, etcd),
                cat(new String[] {"docks"}, etcd), cat(new String[] {"profiles", "list"}, etcd),
                cat(new String[] {"profiles", "check"}, etcd), cat(new String[] {"export"}, etcd),
                new String[] {"match", "--snapshot", a.toString()},
                new String[] {"diff", a.toString(), b.toString()}, new String[] {"diff", a.toString(), a.toString()});
        for (String[] command : commands) {
            StringWriter err = new StringWriter();
            int exit;
            try (PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(full.toFile()),
                    StandardCharsets.UTF_8), true)) {
                exit = Main.run(command, out, new PrintWriter(err, true));
            }
            String what = String.join(" ", command);
            assertThat(exit).as("%s: %s", what, err).isEqualTo(ExitCodes.OUTPUT);
            CliRun.assertOneLine(err.toString());
            assertThat(err.toString()).as(what).contains("cannot write to standard output");
        }
        assertThat(SpecialFiles.type(full)).isEqualTo("character device");
    }

    @Test
    void diffToAFullStandardOutputInItsOwnProcessExitsFourNotOne() throws Exception {
        Path full = SpecialFiles.fullDevice(dir.resolve("full"));
        Path a = dir.resolve("a.json");
        assertThat(CliRun.against(prefix, "export", "-o", a.toString()).exit()).isZero();
        Path b = withoutOnePool(a, dir.resolve("b.json"));

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "diff", a.toString(), b.toString())
                .redirectOutput(full.toFile()).redirectError(dir.resolve("stderr").toFile()).start();

        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("stderr"));
        assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.OUTPUT);
        CliRun.assertOneLine(err);
        assertThat(err).startsWith("capreport diff: cannot write to standard output");
        assertThat(SpecialFiles.type(full)).isEqualTo("character device");
    }

    private static Path withoutOnePool(Path from, Path to) throws Exception {
        Snapshot s = Snapshots.read(Files.readAllBytes(from), from.toString());
        Snapshot fewer = s.withPools(s.pools().subList(1, s.pools().size()));
        return Files.write(to, Snapshots.encode(fewer));
    }

    private static String[] cat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}

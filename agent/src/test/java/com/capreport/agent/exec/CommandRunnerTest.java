package com.capreport.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class CommandRunnerTest {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private final CommandRunner runner = new CommandRunner();

    @TempDir
    Path tmp;

    @Test
    void successReturnsStdoutAndExitCodeZero() throws Exception {
        CommandRunner.Result r = runner.run("lvm-1", sh("echo hello; echo world"), GENEROUS);

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("hello\nworld\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.took()).isPositive();
    }

    @Test
    void childRunsWithLcAllC() throws Exception {
        CommandRunner.Result r = runner.run("lvm-1", sh("echo $LC_ALL"), GENEROUS);

        assertThat(r.stdout().strip()).isEqualTo("C");
    }

    @Test
    void extraEnvironmentIsPassedButCannotChangeTheLocale() throws Exception {
        CommandRunner withEnv = new CommandRunner(Map.of("CEPH_ARGS", "--id admin", "LC_ALL", "de_DE.UTF-8"));

        CommandRunner.Result r = withEnv.run("ceph-1", sh("echo \"$CEPH_ARGS|$LC_ALL\""), GENEROUS);

        assertThat(r.stdout().strip()).isEqualTo("--id admin|C");
    }

    @Test
    void nonZeroExitNamesWhatTheCommandTheCodeAndStderrOnOneLine() {
        String script = "printf 'std%s' out; echo 'Volume group \"vg9\" not found' >&2;"
                + " echo '  Cannot process volume group vg9' >&2; exit 5";

        DriverException e = catchThrowableOfType(DriverException.class,
                () -> runner.run("lvm-1", sh(script), GENEROUS));

        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .startsWith("lvm-1: ")
                .contains("sh -c " + script)
                .contains("exited 5")
                .contains("Volume group \"vg9\" not found")
                .contains("Cannot process volume group vg9")
                .doesNotContain("\n")
                .doesNotContain("\r")
                .doesNotContain("stdout");
    }

    @Test
    void nonZeroExitWithoutStderrStillNamesTheExitCode() {
        assertThatThrownBy(() -> runner.run("lvm-1", sh("exit 3"), GENEROUS))
                .isInstanceOf(DriverException.class)
                .hasMessage("lvm-1: sh -c exit 3 exited 3");
    }

    @Test
    void runAllowingFailureReturnsTheNonZeroExit() throws Exception {
        CommandRunner.Result r = runner.runAllowingFailure("lvm-1", sh("echo out; echo err >&2; exit 4"), GENEROUS);

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void longStderrIsCutToItsLastPartInTheMessage() {
        String script = "i=0; while [ $i -lt 300 ]; do echo \"noise line $i\" >&2; i=$((i+1)); done; exit 1";

        DriverException e = catchThrowableOfType(DriverException.class,
                () -> runner.run("lvm-1", sh(script), GENEROUS));

        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .doesNotContain("\n")
                .endsWith("noise line 299")
                .doesNotContain("noise line 0 ");
        assertThat(e.getMessage().length()).isLessThan(("lvm-1: sh -c " + script + " exited 1: ").length() + 450);
    }

    @Test
    void commandOverrunningItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path shPid = tmp.resolve("sh.pid");
        Path bgPid = tmp.resolve("bg.pid");
        String script = "echo $$ > " + shPid + "; sleep 60 & echo $! > " + bgPid + "; sleep 60";
        Duration timeout = Duration.ofMillis(700);

        long start = System.nanoTime();
        DriverException e = catchThrowableOfType(DriverException.class,
                () -> runner.run("ceph-1", sh(script), timeout));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .startsWith("ceph-1: sh -c ")
                .contains("timed out after 700ms")
                .doesNotContain("\n");
        assertThat(took).isBetween(timeout, timeout.plusSeconds(3));
        long child = readPid(shPid);
        long grandchild = readPid(bgPid);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(running(child)).as("the child sh (pid %d)", child).isFalse();
            assertThat(running(grandchild)).as("the background sleep (pid %d)", grandchild).isFalse();
        });
    }

    /**
     * What a hung command said before it hung ("waiting for cluster lock…") is the best clue an
     * admin gets; the class promises stderr goes into the error message.
     */
    @Test
    void timeoutMessageIncludesWhatTheCommandPrintedOnStderr() {
        String script = "echo 'waiting for cluster lock' >&2; sleep 60";

        DriverException e = catchThrowableOfType(DriverException.class,
                () -> runner.run("ceph-1", sh(script), Duration.ofMillis(500)));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("timed out").contains("waiting for cluster lock");
    }

    @Test
    void missingBinarySaysCannotRun() {
        String binary = tmp.resolve("no-such-vgs").toString();

        assertThatThrownBy(() -> runner.run("lvm-1", List.of(binary, "--reportformat", "json"), GENEROUS))
                .isInstanceOf(DriverException.class)
                .hasMessageStartingWith("lvm-1: cannot run " + binary)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
    }

    @Test
    void interruptingTheCallerKillsTheChildAndItsChildren() throws Exception {
        Path shPid = tmp.resolve("sh.pid");
        Path bgPid = tmp.resolve("bg.pid");
        String script = "sleep 60 & echo $! > " + bgPid + "; echo $$ > " + shPid + "; sleep 60";
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run("lvm-1", sh(script), Duration.ofSeconds(60));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "command-runner-test-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> (Files.exists(shPid) && Files.size(shPid) > 0) || !caller.isAlive());
        assertThat(thrown.get()).as("the call failed before the child was running").isNull();
        long child = readPid(shPid);
        long grandchild = readPid(bgPid);

        caller.interrupt();

        await().atMost(Duration.ofSeconds(3)).until(() -> !caller.isAlive());
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(running(child)).as("the child sh (pid %d)", child).isFalse();
            assertThat(running(grandchild)).as("the background sleep (pid %d)", grandchild).isFalse();
        });
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    private static long readPid(Path file) throws IOException {
        assertThat(file).as("pid file written by the script").exists();
        return Long.parseLong(Files.readString(file).strip());
    }

    /** Alive and not a zombie (a killed orphan may wait a moment for its reaper). */
    private static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}

package com.capreport.agent.it;

import static com.capreport.agent.testing.TestEtcd.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.KeyWatch;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.DockSpec;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agent processes ({@code capreport agent --config}) killed with SIGKILL, stopped with
 * SIGTERM, and started twice. Prints the figures the issue asks for (kill -9 → alive DELETE, RSS).
 */
@Tag("faults")
@Timeout(180)
class AgentProcessIT {
    private static final int TTL_SECONDS = 3;
    private Client client;
    private String prefix;
    private KeyLayout layout;
    private Path config;
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Map<Process, Path> stderrs = new java.util.HashMap<>();

    @BeforeEach
    void setUp(TestInfo info, @TempDir Path dir) throws Exception {
        client = TestEtcd.client();
        prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
        exports = Files.createDirectory(dir.resolve("exports"));
        config = dir.resolve("agent.yaml");
        writeConfig(TTL_SECONDS);
    }

    private Path exports;

    private void writeConfig(int ttlSeconds) throws Exception {
        Files.writeString(config, Configs.yaml(TestEtcd.endpoint(), prefix, "node-p",
                "interval: 2s, timeout: 2s, leaseTtl: " + ttlSeconds + "s",
                Configs.simBackend("lab", "p1", "p2") + Configs.simBackend("ceph-like", "rbd1")
                        + "  - name: files\n    driver: filesystem\n    paths: [\"" + exports + "\"]\n"));
    }

    @AfterEach
    void tearDown() {
        processes.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        processes.forEach(Process::destroyForcibly);
        client.close();
    }

    private Process startAgent(Path stderr) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "com.capreport.agent.cli.Main", "agent", "--config", config.toString())
                .redirectErrorStream(false)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        processes.add(p);
        stderrs.put(p, stderr);
        return p;
    }

    private Set<String> poolKeys() throws Exception {
        Set<String> keys = new TreeSet<>();
        client.getKVClient().get(EtcdClients.bytes(layout.poolsPrefix("node-p")), GetOption.builder().isPrefix(true).build())
                .get().getKvs().forEach(kv -> keys.add(kv.getKey().toString(StandardCharsets.UTF_8)));
        return keys;
    }

    private static String readQuietly(Path file) {
        try {
            return file == null ? "(not captured)" : Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitReporting(Process p) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            assertThat(p.isAlive()).as(() -> "agent process alive; it exited " + p.exitValue() + ", stderr: "
                    + readQuietly(stderrs.get(p))).isTrue();
            return get(client, layout.alive("node-p")) != null && poolKeys().size() == 4
                    && get(client, layout.loop("node-p", "files")) != null;
        });
    }

    @Test
    void killMinus9RemovesAliveAndLoopsWithinTheTtlKeepsPoolsAndRestartReusesIds(@TempDir Path logs) throws Exception {
        List<Long> millis = new ArrayList<>();
        Set<String> firstKeys = null;
        for (int run = 0; run < 3; run++) {
            Process p = startAgent(logs.resolve("agent-" + run + ".log"));
            awaitReporting(p);
            Set<String> keys = poolKeys();
            if (firstKeys == null) {
                firstKeys = keys;
            }
            assertThat(keys).as("restart reuses pool ids, no duplicates").isEqualTo(firstKeys);
            try (KeyWatch watch = new KeyWatch(client, layout.dockPrefix("node-p"))) {
                long t0 = System.nanoTime();
                p.destroyForcibly(); // SIGKILL
                await().atMost(Duration.ofSeconds(TTL_SECONDS + 4)).until(() ->
                        watch.count(WatchEvent.EventType.DELETE, "/alive") == 1
                                && watch.count(WatchEvent.EventType.DELETE, "/loops/") == 3);
                long deleteAt = watch.events().stream().filter(e -> e.key().endsWith("/alive")).findFirst()
                        .orElseThrow().nanos();
                millis.add(TimeUnit.NANOSECONDS.toMillis(deleteAt - t0));
                assertThat(watch.count(WatchEvent.EventType.DELETE, "/pools/")).isZero();
            }
            assertThat(poolKeys()).isEqualTo(firstKeys);
            assertThat(Json.decode(get(client, layout.dockSpec("node-p")), DockSpec.class, "spec").stoppedAt())
                    .as("a crash is not a graceful stop").isNull();
        }
        millis.sort(Long::compare);
        System.out.printf("FIGURE kill -9 -> alive DELETE: %s ms (median %d ms, lease TTL %d s)%n", millis,
                millis.get(millis.size() / 2), TTL_SECONDS);
        // etcd checks lease expiry every 500 ms; 2 s of slack keeps a slow CI disk from failing this.
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(TTL_SECONDS * 1000L + 2000));
    }

    @Test
    void restartRightAfterACrashTakesOverItsOwnStaleClaim(@TempDir Path logs) throws Exception {
        // The takeover is seen only if the second JVM claims before the first one's lease expires: a
        // 3 s TTL is shorter than a JVM start on a loaded CI host, so this test uses 30 s.
        writeConfig(30);
        Process first = startAgent(logs.resolve("first.log"));
        awaitReporting(first);
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Process second = startAgent(logs.resolve("second.log"));
        // The old alive key is still there (its lease has not expired) but its pid is gone: taken over.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String alive = get(client, layout.alive("node-p"));
            return alive != null && alive.contains("\"pid\":" + second.pid());
        });
        assertThat(second.isAlive()).isTrue();
        assertThat(Files.readString(logs.resolve("second.log"))).contains("no longer runs: taking over");
    }

    @Test
    void secondAgentProcessWithTheSameDockIdExitsWithOneClearLine(@TempDir Path logs) throws Exception {
        Process first = startAgent(logs.resolve("first.log"));
        awaitReporting(first);
        Process second = startAgent(logs.resolve("second.log"));
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(logs.resolve("second.log")).stream()
                .filter(l -> l.startsWith("capreport")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("dock 'node-p' is already held by host").contains("pid " + first.pid());
        assertThat(Files.readString(logs.resolve("second.log"))).doesNotContain("\tat ");
        assertThat(get(client, layout.alive("node-p"))).contains("\"pid\":" + first.pid());
    }

    @Test
    void sigtermStopsGracefullyAndIsRecordedAsStopped(@TempDir Path logs) throws Exception {
        Process p = startAgent(logs.resolve("agent.log"));
        awaitReporting(p);
        long rssKb = rssKb(p.pid());
        System.out.printf("FIGURE agent RSS with 3 backends (sim, sim, filesystem; -Xmx128m): %d MiB%n", rssKb / 1024);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(get(client, layout.alive("node-p"))).isNull();
        assertThat(get(client, layout.loop("node-p", "lab"))).isNull();
        assertThat(Json.decode(get(client, layout.dockSpec("node-p")), DockSpec.class, "spec").stoppedAt()).isNotNull();
        assertThat(poolKeys()).hasSize(4);
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(new File("/proc/" + pid + "/status").toPath())) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

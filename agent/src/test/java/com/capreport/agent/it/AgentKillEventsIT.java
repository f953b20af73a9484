package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.etcd.EstateFeed;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second agent, a real process, killed with SIGKILL while the dashboard's model (the
 * {@link EstateFeed} with its liveness tracking, and the events the dashboard derives from it)
 * watches: one dead dock, no dead loops — although its loop leases may expire before its process
 * lease.
 */
@Tag("faults")
@Timeout(120)
class AgentKillEventsIT {
    private static final int TTL_SECONDS = 3;
    private final List<Process> processes = new ArrayList<>();
    private EstateFeed feed;

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    void killMinus9OfAnAgentIsOneDeadDockAndNoDeadLoop(TestInfo info, @TempDir Path dir) throws Exception {
        String prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
        Path config = dir.resolve("agent.yaml");
        // Three loops on a short interval: their leases are renewed on their own schedules, as in production.
        Files.writeString(config, Configs.yaml(TestEtcd.endpoint(), prefix, "node-k",
                "interval: 1s, timeout: 1s, leaseTtl: " + TTL_SECONDS + "s",
                Configs.simBackend("lab", "p1", "p2") + Configs.simBackend("lab-2", "q1")
                        + Configs.simBackend("lab-3", "r1")));
        feed = new EstateFeed(EtcdConnection.plain(List.of(TestEtcd.endpoint()), prefix), Clock.systemUTC(), r -> { });
        feed.start(u -> { });
        List<EstateEvents.Event> events = new ArrayList<>();
        Estate[] last = new Estate[1];
        Runnable tick = () -> { // what the dashboard does on each hand-off and every second
            var u = feed.current();
            if (!u.loaded()) {
                return;
            }
            if (last[0] != null && last[0] != u.estate()) {
                events.addAll(EstateEvents.between(last[0], u.estate(), u.at()));
            }
            last[0] = u.estate();
        };

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process agent = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "com.capreport.agent.cli.Main", "agent", "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("stderr").toFile()).start();
        processes.add(agent);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            tick.run();
            return last[0] != null && last[0].dock("node-k").map(d -> d.liveness() == Estate.Liveness.ALIVE
                    && d.loops().size() == 3 && d.loopHealth().values().stream()
                    .allMatch(h -> h == Estate.LoopHealth.RUNNING)).orElse(false);
        });
        events.clear(); // registration news are not what this test is about
        // let a few cycles renew the leases on their own schedules
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> {
            tick.run();
            return true;
        });

        agent.destroyForcibly(); // SIGKILL
        agent.waitFor();
        await().atMost(Duration.ofSeconds(TTL_SECONDS * 3L)).pollInterval(Duration.ofMillis(50)).until(() -> {
            tick.run();
            return last[0].dock("node-k").map(d -> d.liveness() == Estate.Liveness.DEAD).orElse(false);
        });
        // and past the loops' grace: a verdict that came late would show now
        await().pollDelay(Duration.ofSeconds(TTL_SECONDS + 2)).pollInterval(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(TTL_SECONDS + 4)).until(() -> {
                    tick.run();
                    return true;
                });

        assertThat(events).extracting(EstateEvents.Event::kind).as(events.toString()).containsExactly("dock-dead");
        assertThat(last[0].dock("node-k").orElseThrow().loopHealth())
                .allSatisfy((b, h) -> assertThat(h).isEqualTo(Estate.LoopHealth.DOCK_DOWN));
    }
}

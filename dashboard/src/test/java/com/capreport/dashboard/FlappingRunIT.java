package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.events.NotificationBook;
import com.capreport.model.AckTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The figure "notifications shown during a 10-minute flapping run": the real dashboard and a real
 * agent whose backend is the demo's {@code flaky-sim} (failureRate 0.3), accelerated: a 1 s
 * discovery interval instead of the demo's 5 s, so 10 minutes of wall clock hold ~600 cycles.
 * "Before" is what the old code raised: one ControlsFX popup per event. "After" is what the
 * in-window stack shows. Minutes: {@code -Dflapping.minutes=10} (default 10). Not in CI (a figure, not a test: tag "figures"),
 * run it with {@code mvn -B verify -pl dashboard -am -Dtest.excludedGroups=none -Dtest=FlappingRunIT -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("figures")
@ExtendWith(ApplicationExtension.class)
class FlappingRunIT {
    static ManagedEtcd etcd;
    final String prefix = "/flap-" + UUID.randomUUID().toString().substring(0, 8);
    DashboardApp app;

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

    @Start
    void start(Stage stage) {
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), prefix),
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1280, 720, true));
        app.start(stage);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void tenMinutesOfAFlappingBackendShowOneNotification() throws Exception {
        Duration run = Duration.ofMinutes(Long.getLong("flapping.minutes", 10));
        Agent agent = TestEstate.startAgent(etcd, prefix, "demo-node", "interval: 1s, timeout: 3s, leaseTtl: 6s",
                "  - name: flaky-sim\n    driver: sim\n    failureRate: 0.3\n    pools:\n"
                        + "      - { name: scratch-1, totalCapacity: 500, freeCapacity: 420 }\n");
        AckTarget flaky = new AckTarget.Loop("demo-node", "flaky-sim");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.poolsModel().rows().size()) == 1);
            Instant start = Instant.now();
            AtomicInteger maxOnScreen = new AtomicInteger();
            AtomicInteger maxFlaky = new AtomicInteger();
            AtomicLong samples = new AtomicLong();
            await().pollInterval(Duration.ofSeconds(1)).atMost(run.plusMinutes(2)).until(() -> {
                int[] seen = fx(() -> new int[] {app.notificationsModel().cards().size(),
                    (int) app.notificationsModel().cards().stream().filter(c -> c.source().equals(flaky)).count()});
                maxOnScreen.accumulateAndGet(seen[0], Math::max);
                maxFlaky.accumulateAndGet(seen[1], Math::max);
                samples.incrementAndGet();
                return Duration.between(start, Instant.now()).compareTo(run) >= 0;
            });
            long failures = fx(() -> app.eventsModel().events().stream()
                    .filter(e -> e.backend().equals("flaky-sim") && e.kind().equals("backend-error")).count());
            long flakyEvents = fx(() -> app.eventsModel().events().stream()
                    .filter(e -> e.backend().equals("flaky-sim")).count());
            long allEvents = fx(() -> (long) app.eventsModel().events().size());
            String card = fx(() -> app.notificationsModel().cards().stream().filter(c -> c.source().equals(flaky))
                    .findFirst().map(NotificationBook.Card::text).orElse("(none)"));
            long created = fx(() -> app.notificationsModel().created());
            long offered = fx(() -> app.notificationsModel().offered());
            String figure = String.format(java.util.Locale.ROOT,
                    "flapping run: %d min wall clock, flaky-sim failureRate 0.3, interval 1 s (demo: 5 s), %d samples%n"
                    + "events raised: %d (flaky-sim: %d, of which %d failures)%n"
                    + "before (old code, one ControlsFX popup per event): %d popups%n"
                    + "after: %d notification cards created (%d events offered), at most %d on screen at once, "
                    + "at most %d for flaky-sim%n"
                    + "flaky-sim card at the end: %s%n",
                    run.toMinutes(), samples.get(), allEvents, flakyEvents, failures, offered, created, offered,
                    maxOnScreen.get(), maxFlaky.get(), card.replace("\n", " / "));
            System.out.print(figure);
            Path out = Path.of(System.getProperty("screenshots.dir", "target/screenshots")).resolveSibling("flapping-figure.txt");
            Files.writeString(out, figure, StandardCharsets.UTF_8);
            assertThat(failures).isPositive();
            assertThat(maxFlaky.get()).isEqualTo(1);
            assertThat(maxOnScreen.get()).isLessThanOrEqualTo(NotificationBook.CAP);
        } finally {
            agent.close();
            WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        }
    }
}

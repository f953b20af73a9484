package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.attention.AttentionRow;
import com.capreport.dashboard.common.PngExport;
import com.capreport.model.Estate;
import com.capreport.model.attention.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A problem's since survives an etcd pause longer than the lease TTL (the leases expire, the agent
 * re-registers, the dashboard reloads the estate): the Attention row of a failing backend's pool
 * and the Docks view's loop since keep the time the dashboard first saw them. Own etcd (SIGSTOP).
 */
@ExtendWith(ApplicationExtension.class)
class SinceAcrossOutageIT {
    private static final int TTL = 4;
    private ManagedEtcd etcd;
    private Agent agent;
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        etcd = ManagedEtcd.start();
        agent = TestEstate.startAgent(etcd, "/since", "node-1", "interval: 1s, leaseTtl: " + TTL + "s",
                "  - name: flaky-sim\n    driver: sim\n    pools:\n"
                        + "      - { name: scratch-1, totalCapacity: 500, freeCapacity: 250 }\n");
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), "/since"),
                Optional.empty(), Optional.empty(), DashboardOptions.View.ATTENTION, 1280, 720, false));
        app.start(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        etcd.pause(false);
        agent.close();
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        etcd.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private Optional<AttentionRow> poolError() throws Exception {
        return fx(() -> app.attentionModel().rows().stream().filter(r -> r.problem().kind() == Kind.POOL_ERROR)
                .findFirst());
    }

    private Optional<Instant> loopSince() throws Exception {
        return fx(() -> app.docksModel().docks().stream().flatMap(d -> d.loops().stream())
                .filter(l -> l.health() == Estate.LoopHealth.ERROR).findFirst().flatMap(l -> l.since()));
    }

    @Test
    @Tag("faults")
    @Timeout(120)
    void aFailingBackendKeepsItsSinceAcrossAnEtcdPauseLongerThanTheLeaseTtl() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 1);
        ((SimDriver) agent.loop("flaky-sim").orElseThrow().driver()).setMode(SimDriver.Mode.FAIL,
                "simulated failure: controller offline");
        await().atMost(Duration.ofSeconds(15)).until(() -> poolError().flatMap(AttentionRow::noticed).isPresent()
                && loopSince().isPresent());
        Instant noticed = poolError().orElseThrow().noticedAt();
        Instant since = loopSince().orElseThrow();
        // Let the problem age, so a reset would show.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> true);

        etcd.pause(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.headerModel().bannerVisible().get()));
        await().pollDelay(Duration.ofSeconds(TTL * 3L)).atMost(Duration.ofSeconds(TTL * 3L + 2)).until(() -> true);
        etcd.pause(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> !fx(() -> app.headerModel().bannerVisible().get()));
        // The agent re-registers and fails on: the same problem, back in the list.
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.docksModel().docks().stream()
                .allMatch(d -> d.liveness() == Estate.Liveness.ALIVE)) && poolError().isPresent()
                && loopSince().isPresent());
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(poolError().orElseThrow().noticedAt()).as("the Attention row's since").isEqualTo(noticed);
        assertThat(loopSince()).as("the Docks view's loop since").contains(since);
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve("attention-since-after-etcd-pause.png"));
            return null;
        });
    }
}

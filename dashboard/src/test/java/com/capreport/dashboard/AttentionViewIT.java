package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.attention.AttentionRow;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.docks.DockEntry;
import com.capreport.dashboard.pools.PoolRow;
import com.capreport.dashboard.pools.PoolsViewModel;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Target;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Attention home view, the header's problem counts and the worst-first order of Pools and
 * Profiles, against a real etcd and real in-process agents with simulated backends (headless).
 */
@ExtendWith(ApplicationExtension.class)
class AttentionViewIT {
    static ManagedEtcd etcd;

    final String prefix = "/a-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Agent> agents = new ArrayList<>();
    DashboardApp app;
    Stage stage;

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
        this.stage = stage;
        // As the Launcher does by default: the window opens on Attention.
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), prefix),
                Optional.empty(), Optional.empty(), DashboardOptions.View.ATTENTION, 1280, 720, false));
        app.start(stage);
    }

    @AfterEach
    void stopAll() throws Exception {
        agents.forEach(a -> {
            a.loops().forEach(l -> {
                if (l.driver() instanceof SimDriver s) {
                    s.setMode(SimDriver.Mode.OK, null);
                }
            });
            a.close();
        });
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    private Agent agent(String dockId, String backends) throws Exception {
        Agent a = TestEstate.startAgent(etcd, prefix, dockId, "interval: 60s, leaseTtl: 2s", backends);
        agents.add(a);
        return a;
    }

    private void putProfile(ProfileSpec p) throws Exception {
        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            c.getKVClient().put(EtcdClients.bytes(new KeyLayout(prefix).profile(p.id())),
                    EtcdClients.bytes(Json.encodeString(p))).get(5, TimeUnit.SECONDS);
        }
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private List<AttentionRow> rows() throws Exception {
        return fx(() -> List.copyOf(app.attentionModel().rows()));
    }

    private List<Kind> kinds() throws Exception {
        return rows().stream().map(r -> r.problem().kind()).toList();
    }

    /** Saves the whole window at {@code w}×{@code h}, showing {@code view}. */
    private void shot(DashboardOptions.View view, int w, int h, String file) throws Exception {
        fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            app.mainView().show(view);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(5);
        Path out = DashboardIT.SHOTS.resolve(file);
        fx(() -> {
            app.mainView().applyCss();
            app.mainView().layout();
            PngExport.write(stage.getScene().getRoot(), out);
            return null;
        });
        assertThat(out).exists();
    }

    @Test
    @Timeout(90)
    void attentionListsADeadDockADegradedPoolWithItsReasonAndAnUnsatisfiableProfileWorstFirst(FxRobot robot)
            throws Exception {
        agent("node-1", TestEstate.lvmLike("lvm-1") + TestEstate.cephDegraded("ceph-1"));
        Agent doomed = agent("node-2", TestEstate.cephLike("ceph-2"));
        // Nobody offers 3 recoverable sources: the blocker names it, the suggestion relaxes it to 2.
        putProfile(new ProfileSpec("triple", "triple", "three copies", null,
                Map.of("extras.DataStorageLineOfService.RecoverableCapacitySourceCount", ">= 3")));
        putProfile(new ProfileSpec("thin", "thin", "", null,
                Map.of("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin")));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 6);
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.ATTENTION);

        doomed.crash(); // no graceful stop: the alive key expires with its lease

        await().atMost(Duration.ofSeconds(20)).until(() -> kinds().contains(Kind.DOCK_DEAD)
                && kinds().contains(Kind.PROFILE_UNMET));
        assertThat(kinds()).as("worst first").containsExactly(Kind.DOCK_DEAD, Kind.PROFILE_UNMET, Kind.POOL_DEGRADED);
        AttentionRow dead = rows().get(0);
        assertThat(dead.problem().what()).startsWith("dock node-2 on host ").endsWith(" is dead");
        assertThat(dead.problem().why()).contains("alive key expired").contains("1 pool stale");
        assertThat(dead.severityWord()).isEqualTo("error");
        assertThat(dead.noticed()).as("the dashboard saw it die").isPresent();
        assertThat(dead.sinceText(fx(() -> app.attentionModel().now().get()))).startsWith("since ")
                .contains("last report ");
        AttentionRow unmet = rows().get(1);
        assertThat(unmet.problem().what()).isEqualTo("profile triple: no pool serves it");
        assertThat(unmet.problem().why())
                .contains("blocker: extras.DataStorageLineOfService.RecoverableCapacitySourceCount >= 3 keeps")
                .contains("best suggestion: ").contains(" admits ");
        AttentionRow degraded = rows().get(2);
        assertThat(degraded.problem().what()).isEqualTo("pool rbd-archive (node-1/ceph-1) is degraded");
        assertThat(degraded.problem().why()).startsWith("PG_DEGRADED: Degraded data redundancy");
        assertThat(degraded.severityWord()).isEqualTo("warning");
        assertThat(fx(() -> app.attentionModel().headline().get())).startsWith("2 errors, 1 warning");

        shot(DashboardOptions.View.ATTENTION, 1280, 720, "attention-1280x720.png");
        shot(DashboardOptions.View.ATTENTION, 1920, 1080, "attention-1920x1080.png");

        // Show in Docks: the dead dock is selected in its view.
        fx(() -> {
            app.mainView().show(DashboardOptions.View.ATTENTION);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        // The button of the shown row (cells recycled out of the scene keep their old buttons).
        robot.clickOn(robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Button b
                && "Show in Docks".equals(b.getText()) && b.getScene() != null && b.isVisible()
                && b.getParent() != null).<javafx.scene.Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.DOCKS);
        assertThat(fx(() -> app.docksView().tree().getSelectionModel().getSelectedItem().getValue()))
                .isInstanceOfSatisfying(DockEntry.Dock.class, d -> assertThat(d.dockId()).isEqualTo("node-2"));
        // ... and a pool line selects the pool.
        fx(() -> {
            app.attentionModel().open(app.attentionModel().rows().get(2));
            return null;
        });
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.POOLS);
        assertThat(fx(() -> app.poolsModel().selected().get().pool().name())).isEqualTo("rbd-archive");
        assertThat(AttentionViewModelTarget.of(rows().get(1))).isEqualTo(new Target.Profile("triple"));
    }

    @Test
    @Timeout(60)
    void aCleanEstateSaysPlainlyThatNothingNeedsAttention() throws Exception {
        agent("node-1", TestEstate.lvmLike("lvm-1"));
        putProfile(new ProfileSpec("thin", "thin", "", null,
                Map.of("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin")));

        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.attentionModel().headline().get())
                .equals("Nothing needs attention: 1 dock alive, 3 pools reporting, 1 profile met"));
        assertThat(rows()).isEmpty();
        assertThat(fx(() -> app.attentionModel().clear().get())).isTrue();
        shot(DashboardOptions.View.ATTENTION, 1280, 720, "attention-clear-1280x720.png");
    }

    @Test
    @Timeout(90)
    void headerCountsOpenTheFilteredViewsAndPoolsPutTheWorstFirst(FxRobot robot) throws Exception {
        Agent a = agent("node-1", TestEstate.lvmLike("lvm-1") + TestEstate.cephDegraded("ceph-1")
                + "  - name: fail-1\n    driver: sim\n    pools:\n      - { name: flaky, totalCapacity: 500, freeCapacity: 250 }\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 6);
        TestEstate.sim(a, "fail-1").setMode(SimDriver.Mode.FAIL, "controller offline");
        a.loop("fail-1").orElseThrow().discoverNow();
        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            c.getKVClient().put(EtcdClients.bytes(prefix + "/docks/node-1/pools/garbage"), EtcdClients.bytes("{x"))
                    .get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.attentionModel().errorCount().get()) == 1
                && fx(() -> app.attentionModel().invalidCount().get()) == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#headerErrors").queryLabeled().getText()).isEqualTo("1 error");
        assertThat(robot.lookup("#headerDegraded").queryLabeled().getText()).isEqualTo("1 degraded");
        assertThat(robot.lookup("#headerInvalid").queryLabeled().getText()).isEqualTo("1 invalid");
        AttentionRow error = rows().get(0);
        assertThat(error.problem().kind()).isEqualTo(Kind.POOL_ERROR);
        // The loop retries meanwhile: on a loaded host a second failure may already add "(2 failures in a row)".
        assertThat(error.problem().why()).startsWith("backend fail-1 is failing: fail-1: controller offline");
        shot(DashboardOptions.View.ATTENTION, 1280, 720, "attention-problems-1280x720.png");

        // Pools, unfiltered, by default: error, then degraded, then the available ones.
        fx(() -> {
            app.mainView().show(DashboardOptions.View.POOLS);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<PoolStatus> order = fx(() -> app.poolsView().table().getItems().stream().map(r -> r.pool().status())
                .toList());
        assertThat(order.subList(0, 2)).containsExactly(PoolStatus.ERROR, PoolStatus.DEGRADED);
        assertThat(order.subList(2, order.size())).containsOnly(PoolStatus.AVAILABLE);

        // A click on "1 degraded": the Pools view, filtered to the degraded pools.
        fx(() -> {
            app.mainView().show(DashboardOptions.View.ATTENTION);
            return null;
        });
        robot.clickOn("#headerDegraded");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.POOLS);
        assertThat(fx(() -> app.poolsModel().statusFilter().get())).isEqualTo("degraded");
        assertThat(fx(() -> app.poolsView().table().getItems().stream().map(PoolRow::statusWord).toList()))
                .containsExactly("degraded");
        robot.clickOn("#headerErrors");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.poolsView().table().getItems().stream().map(r -> r.pool().name()).toList()))
                .containsExactly("flaky");
        robot.clickOn("#headerInvalid");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.INVALID);
        fx(() -> {
            app.poolsModel().statusFilter().set(PoolsViewModel.ALL);
            return null;
        });
    }

    /** Reads a row's target (keeps the assertion above short). */
    private static final class AttentionViewModelTarget {
        static Target of(AttentionRow r) {
            return r.problem().target();
        }
    }
}

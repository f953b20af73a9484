package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.docks.DockEntry;
import com.capreport.dashboard.pools.PoolRow;
import com.capreport.model.Capacity;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import io.etcd.jetcd.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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
 * The dashboard against a real etcd and real in-process agents with simulated backends, headless
 * (Monocle). Each test has its own key prefix, so tests share one etcd without seeing each other.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardIT {
    static final Path SHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    static ManagedEtcd etcd;

    final String prefix = "/t-" + UUID.randomUUID().toString().substring(0, 8);
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
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), prefix),
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1500, 720, true));
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

    private Agent agent(String dockId, String discovery, String backends) throws Exception {
        Agent a = TestEstate.startAgent(etcd, prefix, dockId, discovery, backends);
        agents.add(a);
        return a;
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private Optional<PoolRow> row(String name) throws Exception {
        return fx(() -> app.poolsModel().rows().stream().filter(r -> r.pool().name().equals(name)).findFirst());
    }

    private Optional<DockEntry.Dock> dock(String id) throws Exception {
        return fx(() -> app.docksModel().docks().stream().filter(d -> d.dockId().equals(id)).findFirst());
    }

    private void screenshot(DashboardOptions.View view, String file) throws Exception {
        // A picture for people: wait for the change highlight to fade so rows show their own colours.
        await().atMost(Duration.ofSeconds(6)).until(() -> fx(() -> app.poolsModel().changed().isEmpty()));
        fx(() -> {
            app.mainView().show(view);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), SHOTS.resolve(file));
            return null;
        });
        assertThat(SHOTS.resolve(file)).exists();
    }

    @Test
    @Timeout(60)
    void poolsAppearAfterAnAgentReportsAndCanBeFiltered(FxRobot robot) throws Exception {
        agent("node-1", "interval: 60s, leaseTtl: 5s", TestEstate.lvmLike("lvm-1"));
        agent("node-2", "interval: 60s, leaseTtl: 5s", TestEstate.cephLike("ceph-1"));

        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 4);
        PoolRow gold = row("vg-gold").orElseThrow();
        assertThat(gold.statusWord()).isEqualTo("available");
        assertThat(gold.provisioning()).isEqualTo("Thin, Fixed");
        assertThat(gold.accessProtocol()).isEqualTo("iSCSI");
        TableView<?> table = robot.lookup("#poolsTable").queryAs(TableView.class);
        assertThat(fx(() -> table.getItems().size())).isEqualTo(4);
        assertThat(fx(() -> app.headerModel().etcd().get())).isEqualTo("etcd ● connected");
        assertThat(fx(() -> app.headerModel().etcdDetail().get())).contains("connected · revision ");
        assertThat(fx(() -> app.headerModel().docksAlive().get())).isEqualTo("2 docks: 2 alive");

        // Select a pool: the details pane follows it.
        fx(() -> {
            app.poolsView().table().getSelectionModel().select(
                    app.poolsView().table().getItems().indexOf(gold));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.poolsModel().selected().get().pool().name())).isEqualTo("vg-gold");
        screenshot(DashboardOptions.View.POOLS, "pools.png");

        // Ctrl+F focuses the filter; typing narrows the table.
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.poolsView().filterField().isFocused())).isTrue();
        robot.write("rbd");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> table.getItems().size())).isEqualTo(1);
        fx(() -> {
            app.poolsModel().textFilter().set("");
            app.poolsModel().statusFilter().set("available");
            app.poolsModel().dockFilter().set("node-1");
            return null;
        });
        assertThat(fx(() -> table.getItems().size())).isEqualTo(3);
    }

    @Test
    @Timeout(60)
    void aCapacityChangeShowsUpAndIsHighlighted(FxRobot robot) throws Exception {
        Agent a = agent("node-1", "interval: 60s, leaseTtl: 5s", TestEstate.lvmLike("lvm-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> row("vg-silver").isPresent());
        String id = row("vg-silver").orElseThrow().id();

        TestEstate.sim(a, "lvm-1").setFreeBytes("vg-silver", Capacity.fromGiB(100));
        a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                row("vg-silver").orElseThrow().pool().freeCapacityBytes() == Capacity.fromGiB(100));
        assertThat(fx(() -> app.poolsModel().changed().containsKey(id))).isTrue();
        // The highlight goes away by itself.
        await().atMost(Duration.ofSeconds(6)).until(() -> !fx(() -> app.poolsModel().changed().containsKey(id)));

        // "Discover now" in the docks view asks the agent over gRPC and shows the outcome.
        TestEstate.sim(a, "lvm-1").setFreeBytes("vg-silver", Capacity.fromGiB(50));
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        fx(() -> {
            app.docksView().tree().getSelectionModel().select(0);
            return null;
        });
        robot.clickOn("#discoverNow");
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.docksModel().discoverResult().get())
                .startsWith("discover now on node-1: lvm-1 ok, 3 pool(s)"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                row("vg-silver").orElseThrow().pool().freeCapacityBytes() == Capacity.fromGiB(50));
    }

    @Test
    @Timeout(60)
    void agentCrashTurnsItsDockDeadAndItsPoolsStale() throws Exception {
        agent("node-1", "interval: 60s, leaseTtl: 2s", TestEstate.lvmLike("lvm-1"));
        Agent doomed = agent("node-2", "interval: 60s, leaseTtl: 2s", TestEstate.cephLike("ceph-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 4);

        doomed.crash();

        await().atMost(Duration.ofSeconds(15)).until(() ->
                dock("node-2").map(d -> d.liveness() == Estate.Liveness.DEAD).orElse(false));
        PoolRow rbd = row("rbd-gold").orElseThrow();
        assertThat(rbd.statusWord()).isEqualTo("stale");
        assertThat(rbd.standing().kind()).isEqualTo(com.capreport.model.PoolStanding.Kind.STALE_DOCK_DEAD);
        assertThat(rbd.statusReason()).isEqualTo("dock node-2 is dead");
        assertThat(rbd.lastReportedAt()).isPresent();
        assertThat(row("vg-gold").orElseThrow().statusWord()).isEqualTo("available");
        assertThat(dock("node-2").orElseThrow().loops()).allMatch(l -> l.health() == Estate.LoopHealth.DOCK_DOWN);
        assertThat(fx(() -> app.headerModel().docksDead().get())).isEqualTo("1 dead");
        assertThat(fx(() -> List.copyOf(app.eventsModel().events()))).extracting(EstateEvents.Event::kind)
                .contains("dock-dead");
        screenshot(DashboardOptions.View.POOLS, "pools-dock-dead.png");
    }

    @Test
    @Timeout(90)
    void aHungLoopShowsAsDeadThread() throws Exception {
        Agent a = agent("node-1", "interval: 60s, timeout: 30s, leaseTtl: 2s",
                TestEstate.lvmLike("lvm-1") + TestEstate.cephLike("ceph-1"));
        Agent other = agent("node-2", "interval: 60s, timeout: 30s, leaseTtl: 2s", "  - name: fail-1\n    driver: sim\n"
                + "    pools:\n      - { name: flaky, totalCapacity: 500, freeCapacity: 250 }\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 5);

        TestEstate.sim(a, "ceph-1").setMode(SimDriver.Mode.HANG, null);
        a.loop("ceph-1").orElseThrow().discoverNow();
        TestEstate.sim(other, "fail-1").setMode(SimDriver.Mode.FAIL, "ceph: HEALTH_ERR 2 osds down");
        other.loop("fail-1").orElseThrow().discoverNow();

        await().atMost(Duration.ofSeconds(20)).until(() -> dock("node-1").orElseThrow().loops().stream()
                .anyMatch(l -> l.backend().equals("ceph-1") && l.health() == Estate.LoopHealth.DEAD_THREAD));
        await().atMost(Duration.ofSeconds(20)).until(() -> dock("node-2").orElseThrow().loops().stream()
                .anyMatch(l -> l.health() == Estate.LoopHealth.ERROR));
        assertThat(dock("node-1").orElseThrow().liveness()).isEqualTo(Estate.Liveness.ALIVE);
        assertThat(row("rbd-gold").orElseThrow().statusWord()).isEqualTo("stale");
        assertThat(row("rbd-gold").orElseThrow().standing().kind())
                .isEqualTo(com.capreport.model.PoolStanding.Kind.STALE_LOOP_DEAD);
        assertThat(fx(() -> List.copyOf(app.eventsModel().events()))).extracting(EstateEvents.Event::kind)
                .contains("loop-dead", "backend-error");
        screenshot(DashboardOptions.View.DOCKS, "docks.png");
        screenshot(DashboardOptions.View.POOLS, "pools-loop-dead.png");
        screenshot(DashboardOptions.View.EVENTS, "events.png");
    }

    @Test
    @Timeout(60)
    void garbageInAPoolKeyShowsInTheInvalidList(FxRobot robot) throws Exception {
        agent("node-1", "interval: 60s, leaseTtl: 5s", TestEstate.cephLike("ceph-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 1);
        String key = prefix + "/docks/node-1/pools/garbage-1";
        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes("{not json")).get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.invalidModel().entries().stream()
                .anyMatch(e -> e.key().equals(key))));
        assertThat(fx(() -> app.poolsModel().rows().size())).isEqualTo(1);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.INVALID);
        assertThat(robot.lookup("#navInvalid").queryLabeled().getText()).isEqualTo("Invalid entries (1)");
        screenshot(DashboardOptions.View.INVALID, "invalid.png");
    }
}

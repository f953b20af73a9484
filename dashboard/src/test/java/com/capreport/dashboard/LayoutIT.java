package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.DemoConfig;
import com.capreport.agent.DemoProfiles;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.testing.EtcdFill;
import com.capreport.dashboard.common.CellTip;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.pools.PoolRow;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Text;
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
 * The demo's estate (its agent config and example profiles, plus one garbage key) at the window
 * sizes admins use: 1280×720 (a laptop, a projector) and 1920×1080. Nothing an admin reads first may
 * be cut off by the details pane, and every view is saved as a picture at both sizes.
 */
@ExtendWith(ApplicationExtension.class)
class LayoutIT {
    static ManagedEtcd etcd;
    static AgentConfig config;
    static Agent agent;
    static final String GARBAGE_KEY = "/capreport/v1/docks/demo-node/pools/garbage-1";

    DashboardApp app;
    Stage stage;

    @BeforeAll
    static void startDemoEstate() throws Exception {
        etcd = ManagedEtcd.start();
        config = new ConfigLoader(DriverRegistry.builtIn()).parse("demo.yaml", DemoConfig.yaml(etcd.endpoint()));
        DemoProfiles.apply(config.etcd(), Duration.ofSeconds(5));
        try (Client c = EtcdClients.connect(config.etcd())) {
            c.getKVClient().put(EtcdClients.bytes(GARBAGE_KEY), EtcdClients.bytes("{\"name\": \"garbage-1\", "))
                    .get(5, TimeUnit.SECONDS);
        }
        agent = Agent.start(config);
    }

    @AfterAll
    static void stopDemoEstate() {
        if (agent != null) {
            agent.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new DashboardApp(new DashboardOptions(config.etcd(), Optional.empty(), Optional.empty(),
                DashboardOptions.View.POOLS, 1600, 860, false));
        app.start(stage);
    }

    @AfterEach
    void stop() throws Exception {
        if (!stopped) {
            WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        }
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void awaitDemoLoaded() {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.poolsModel().rows().size() >= 7
                && app.profilesModel().rows().size() == 3 && !app.invalidModel().entries().isEmpty()));
    }

    private void size(int w, int h) throws Exception {
        fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
    }

    private void show(DashboardOptions.View v) throws Exception {
        fx(() -> {
            app.mainView().show(v);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
    }

    private void selectFirstPool() throws Exception {
        fx(() -> {
            app.poolsView().table().getSelectionModel().select(0);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(2);
    }

    static Bounds scene(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }

    /** The labels under {@code root} that show their text shortened ("…") although they are shown. */
    static List<String> ellipsized(Node root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && CellTip.isCut(l)) {
            out.add(l.getClass().getSimpleName() + " '" + l.getText() + "'");
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    @Test
    @Timeout(90)
    void freeAndTotalColumnsAreFullyShownBesideTheDetailsPaneAt1280x720() throws Exception {
        awaitDemoLoaded();
        // The admin's path: the window opens at the default size, then goes to a 1280x720 screen.
        size(1280, 720);
        show(DashboardOptions.View.POOLS);
        selectFirstPool();
        TableView<PoolRow> table = app.poolsView().table();
        Bounds visible = fx(() -> scene(table));
        Node details = fx(() -> app.poolsView().lookup("#poolDetails"));
        Bounds detailsBounds = fx(() -> scene(details));
        for (String title : List.of("Free", "Total")) {
            TableColumn<PoolRow, ?> column = fx(() -> table.getColumns().stream()
                    .filter(c -> c.getText().equals(title)).findFirst().orElseThrow());
            TableColumnHeader header = fx(() -> table.lookupAll(".column-header").stream()
                    .filter(n -> n instanceof TableColumnHeader h && h.getTableColumn() == column)
                    .map(TableColumnHeader.class::cast).findFirst().orElseThrow());
            Bounds h = fx(() -> scene(header));
            assertThat(h.getMinX()).as(title + " header left edge").isGreaterThanOrEqualTo(visible.getMinX());
            assertThat(h.getMaxX()).as(title + " header right edge within the table").isLessThanOrEqualTo(visible.getMaxX());
            assertThat(h.getMaxX()).as(title + " header left of the details pane").isLessThanOrEqualTo(
                    detailsBounds.getMinX());
            assertThat(fx(() -> ellipsized(header))).as(title + " header text").isEmpty();
            List<TableCell<?, ?>> cells = fx(() -> table.lookupAll(".table-cell").stream()
                    .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() == column && c.isVisible()
                            && c.getText() != null && !c.getText().isEmpty())
                    .<TableCell<?, ?>>map(n -> (TableCell<?, ?>) n).toList());
            assertThat(cells).as(title + " cells").isNotEmpty();
            for (TableCell<?, ?> c : cells) {
                Bounds b = fx(() -> scene(c));
                assertThat(b.getMaxX()).as(title + " cell " + c.getText()).isLessThanOrEqualTo(visible.getMaxX());
                assertThat(fx(() -> ellipsized(c))).as(title + " cell text").isEmpty();
            }
        }
        // Nothing is pushed out of the window either: the laid-out content is no wider than the window.
        assertThat(fx(() -> stage.getScene().getRoot().getLayoutBounds().getWidth())).as("content width")
                .isLessThanOrEqualTo(fx(() -> stage.getScene().getWidth()));
        // No column at all is pushed out of the table: the capability columns too start inside it.
        for (TableColumn<PoolRow, ?> column : fx(() -> List.copyOf(table.getVisibleLeafColumns()))) {
            Bounds h = fx(() -> scene(table.lookupAll(".column-header").stream()
                    .filter(n -> n instanceof TableColumnHeader th && th.getTableColumn() == column)
                    .findFirst().orElseThrow()));
            assertThat(h.getMaxX()).as("column " + column.getText() + " right edge")
                    .isLessThanOrEqualTo(visible.getMaxX());
        }
        // The AZ ("az-demo") reads whole, not "az-d…".
        assertThat(fx(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && "AZ".equals(c.getTableColumn().getText())
                        && CellTip.isCut(c)).count())).isZero();
    }

    @Test
    @Timeout(90)
    void invalidEntriesShowTheErrorBesideTheKeyNotTheKeyTwice() throws Exception {
        awaitDemoLoaded();
        size(1280, 720);
        show(DashboardOptions.View.INVALID);
        TableView<?> table = fx(() -> (TableView<?>) app.mainView().currentView().lookup("#invalidTable"));
        Bounds visible = fx(() -> scene(table));
        List<Text> errors = fx(() -> table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && "Error".equals(c.getTableColumn().getText())
                        && c.getGraphic() instanceof Text)
                .map(n -> (Text) ((TableCell<?, ?>) n).getGraphic()).toList());
        assertThat(errors).singleElement().satisfies(t -> {
            assertThat(t.getText()).startsWith("Unexpected end-of-input").doesNotContain(GARBAGE_KEY);
            Bounds b = scene(t);
            assertThat(b.getMaxX()).isLessThanOrEqualTo(visible.getMaxX());
            assertThat(b.getMaxY()).isLessThanOrEqualTo(visible.getMaxY());
        });
    }

    @Test
    @Timeout(90)
    void gapMatrixHeadersShowWholeProfileNamesAndTheirCellsAreNotCut() throws Exception {
        awaitDemoLoaded();
        size(1280, 720);
        show(DashboardOptions.View.GAPS);
        TableView<?> table = app.gapsView().table();
        List<Labeled> headers = fx(() -> table.getColumns().stream().filter(c -> c.getUserData() instanceof String)
                .map(c -> (Labeled) c.getGraphic()).toList());
        assertThat(fx(() -> headers.stream().map(Labeled::getText).sorted().toList()))
                .containsExactly("NVMe rack-safe", "Replicated block", "Thin iSCSI");
        for (Labeled h : headers) {
            assertThat(fx(() -> CellTip.isCut(h))).as(h.getText()).isFalse();
            assertThat(h.getTooltip().getText()).startsWith(h.getText() + " (demo-");
        }
        assertThat(fx(() -> ellipsized(table))).isEmpty();
    }

    @Test
    @Timeout(90)
    void ctrlFFocusesTheShownViewsFilterAndEscClearsIt(FxRobot robot) throws Exception {
        awaitDemoLoaded();
        show(DashboardOptions.View.GAPS);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("rbd");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> app.gapsView().filterField().getText()).equals("rbd"));
        assertThat(fx(() -> app.gapsModel().visibleRows().size())).isEqualTo(3);
        assertThat(fx(() -> app.poolsView().filterField().getText())).isEmpty();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertThat(fx(() -> app.gapsView().filterField().getText())).isEmpty();

        show(DashboardOptions.View.PROFILES);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("iscsi");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> app.profilesView().table().getItems().size()) == 1);
        assertThat(fx(() -> app.profilesView().table().getItems().get(0).id())).isEqualTo("demo-thin-iscsi");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertThat(fx(() -> app.profilesView().table().getItems().size())).isEqualTo(3);

        // Docks has no filter: Ctrl+F neither jumps to Pools nor types into its filter.
        show(DashboardOptions.View.DOCKS);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("zzz");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.DOCKS);
        assertThat(fx(() -> app.poolsView().filterField().getText())).isEmpty();
        assertThat(fx(() -> app.poolsModel().visibleRows().size())).isEqualTo(fx(() -> app.poolsModel().rows().size()));
    }

    /**
     * The words an admin reads in Pools, Docks and Attention when things go wrong are the long ones: a dock with a
     * long name on a host with a fully qualified name, dead; its pools "stale"; the living dock's pools "not current"
     * while etcd's NOSPACE alarm stands; the notification stack folding what it cannot show. At 1280x720 (with the
     * details pane open) and at 1920x1080 no header, cell, details title or notification line may end in "…" unless
     * its full text is one hover away. Own etcd (16 MiB quota, so that it fills quickly), the demo agent and a second
     * real agent, killed.
     */
    @Test
    @Timeout(180)
    void poolsAndDocksCellsAndHeadersAreNotCutAt1280x720() throws Exception {
        String longHost = "stor-node-17.rack-b.fra1.dc.example.com";
        try (ManagedEtcd small = EtcdFill.startSmall()) {
            AgentConfig demo = new ConfigLoader(DriverRegistry.builtIn()).parse("demo.yaml",
                    DemoConfig.yaml(small.endpoint()));
            DemoProfiles.apply(demo.etcd(), Duration.ofSeconds(5));
            String yaml = "dock: { id: node-17, name: \"Storage node 17, rack B, Frankfurt\", availabilityZone: az-demo, "
                    + "grpc: \"127.0.0.1:0\" }\n"
                    + "etcd: { endpoints: [\"" + small.endpoint() + "\"], prefix: \"" + demo.etcd().prefix() + "\" }\n"
                    + "discovery: { interval: 1s, leaseTtl: 4s }\n"
                    + "backends:\n" + TestEstate.lvmLike("lvm-17") + TestEstate.cephLike("ceph-17")
                    + TestEstate.cephLike("ceph-18") + TestEstate.cephLike("ceph-19");
            Agent demoAgent = Agent.start(demo);
            Agent doomed = Agent.start(new ConfigLoader(DriverRegistry.builtIn()).parse("node-17.yaml", yaml));
            try {
                fx(() -> {
                    app.stop();
                    app = new DashboardApp(new DashboardOptions(demo.etcd(), Optional.empty(), Optional.empty(),
                            DashboardOptions.View.POOLS, 1280, 720, true));
                    app.start(stage);
                    return null;
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.docksModel().docks().size() == 2
                        && app.poolsModel().rows().size() >= 12));
                // Two backends of node-17 fail before it dies: more sources than the stack shows cards for.
                for (String b : List.of("ceph-18", "ceph-19")) {
                    TestEstate.sim(doomed, b).setMode(SimDriver.Mode.FAIL, "simulated failure: monitor quorum lost");
                }
                doomed.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.poolsModel().rows().stream()
                        .filter(r -> r.pool().dockId().equals("node-17") && r.statusWord().equals("error")).count() == 2));
                doomed.crash(); // like kill -9: its leases are left to expire
                // This machine's host name is short ("vm"): the dead dock's persistent spec says it ran on a long one.
                try (Client c = EtcdClients.connect(demo.etcd())) {
                    String key = new KeyLayout(demo.etcd().prefix()).dockSpec("node-17");
                    byte[] raw = c.getKVClient().get(EtcdClients.bytes(key)).get(5, TimeUnit.SECONDS).getKvs().get(0)
                            .getValue().getBytes();
                    DockSpec s = Json.decode(raw, DockSpec.class, key);
                    DockSpec moved = new DockSpec(s.id(), s.name(), longHost, s.endpoint(), s.availabilityZone(),
                            s.backends(), s.agentVersion(), s.startedAt(), s.stoppedAt(), s.createdAt(), s.updatedAt());
                    c.getKVClient().put(EtcdClients.bytes(key), ByteSequence.from(Json.encode(moved)))
                            .get(5, TimeUnit.SECONDS);
                    await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.docksModel().docks().stream()
                            .anyMatch(d -> d.dockId().equals("node-17") && d.liveness() == Estate.Liveness.DEAD
                                    && d.host().equals(longHost))));
                    EtcdFill.fillUntilRefused(c, "/filler");
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.poolsModel().rows().stream()
                        .filter(r -> r.pool().dockId().equals("demo-node")).allMatch(r -> r.statusWord().equals("not current"))
                        && app.poolsModel().rows().stream().filter(r -> r.pool().dockId().equals("node-17"))
                        .allMatch(r -> r.statusWord().equals("stale"))));
                await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.notificationsModel().folded().get()) > 0);
                // Minutes, not seconds, are what a stale pool usually says: wait until its age has two digits.
                await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.poolsModel().rows().stream()
                        .anyMatch(r -> r.staleSince().map(t -> Duration.between(t, app.poolsModel().now().get())
                                .toSeconds() >= 10).orElse(false))));

                List<String> problems = new ArrayList<>();
                for (int[] wh : new int[][] {{1280, 720}, {1920, 1080}}) {
                    size(wh[0], wh[1]);
                    String at = wh[0] + "x" + wh[1];
                    show(DashboardOptions.View.POOLS);
                    // The pool with the longest name and id on the dead dock: the details pane's title and id.
                    fx(() -> {
                        TableView<PoolRow> t = app.poolsView().table();
                        t.getSelectionModel().select(t.getItems().stream().filter(r -> r.pool().dockId().equals("node-17")
                                && r.pool().name().equals("vg-archive")).findFirst().orElseThrow());
                        return null;
                    });
                    WaitForAsyncUtils.waitForFxEvents(3);
                    // The whole window: the header (etcd's alarm state), the view, the notification stack over it.
                    Node root = fx(() -> stage.getScene().getRoot());
                    problems.addAll(fx(() -> prefixed("pools " + at, cutWithoutTip(root))));
                    problems.addAll(fx(() -> prefixed("pools " + at, outside(app.poolsView().table()))));
                    shot("cut-pools-" + at + ".png");
                    show(DashboardOptions.View.DOCKS);
                    problems.addAll(fx(() -> prefixed("docks " + at, cutWithoutTip(root))));
                    // Docks says it all in place: names, hosts, what a lease proves and since when wrap, never "…".
                    problems.addAll(fx(() -> prefixed("docks " + at + " (even with a tooltip)",
                            ellipsized(app.docksView().tree()))));
                    shot("cut-docks-" + at + ".png");
                    show(DashboardOptions.View.ATTENTION);
                    problems.addAll(fx(() -> prefixed("attention " + at, cutWithoutTip(root))));
                    shot("cut-attention-" + at + ".png");
                }
                assertThat(problems).isEmpty();
                // What the test is about is on screen: the long words in the cells that were checked. At 1920 px the
                // status says since when; at 1280 px it may say only what (the tooltip says since when and why).
                show(DashboardOptions.View.POOLS);
                assertThat(statusTexts()).anyMatch(t -> t.startsWith("not current · ")).anyMatch(t -> t.startsWith("stale · "));
                assertThat(capabilityHeaders()).contains("Provisioning");
                size(1280, 720);
                assertThat(statusTexts()).anyMatch(t -> t.startsWith("not current")).anyMatch(t -> t.startsWith("stale"));
                // Beside the details pane the capability headers are short; the full name and path are on hover.
                assertThat(capabilityHeaders()).contains("Prov.", "Proto.", "Src.", "Geo", "Eff.");
                for (TableColumn<PoolRow, ?> c : fx(() -> app.poolsView().table().getColumns().stream()
                        .filter(c -> c.getUserData() instanceof String).toList())) {
                    Labeled h = (Labeled) c.getGraphic();
                    assertThat(fx(() -> {
                        hoverShows(h);
                        return h.getTooltip().getText();
                    })).as(h.getText()).endsWith("(" + c.getUserData() + ")");
                }
                assertThat(fx(() -> ((Labeled) app.notificationStack().lookup("#notificationsMore")).getText()))
                        .matches("\\+\\d+ more — open Events");
                show(DashboardOptions.View.DOCKS);
                List<String> dockTexts = fx(() -> app.docksView().tree().lookupAll(".tree-table-cell").stream()
                        .filter(n -> n.isVisible()).map(n -> (TreeTableCell<?, ?>) n)
                        .map(c -> c.getGraphic() instanceof Text t ? t.getText() : c.getText() == null ? "" : c.getText())
                        .toList());
                assertThat(dockTexts).anyMatch(t -> t.startsWith(longHost)).anyMatch(t -> t.startsWith("dead since "))
                        .anyMatch(t -> t.startsWith("node-17 (Storage node 17, rack B, Frankfurt)"));
            } finally {
                demoAgent.close();
                doomed.close();
                fx(() -> {
                    app.stop();
                    return null;
                });
                stopped = true;
            }
        }
    }

    private boolean stopped;

    private List<String> capabilityHeaders() throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        return fx(() -> app.poolsView().table().getColumns().stream().filter(c -> c.getUserData() instanceof String)
                .map(c -> ((Labeled) c.getGraphic()).getText()).toList());
    }

    private List<String> statusTexts() throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        return fx(() -> app.poolsView().table().lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.isVisible() && c.getTableColumn() != null
                        && "statusColumn".equals(c.getTableColumn().getId()) && c.getGraphic() instanceof Labeled)
                .map(n -> ((Labeled) ((TableCell<?, ?>) n).getGraphic()).getText()).toList());
    }

    private void shot(String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve(file));
            return null;
        });
    }

    private static List<String> prefixed(String where, List<String> found) {
        return found.stream().map(f -> where + ": " + f).toList();
    }

    /**
     * Column headers that end right of the table (pushed out of it, so cut by it). The constrained resize policy
     * rounds each column to whole pixels: the last may end a pixel into the table's border, which hides no text.
     */
    private static List<String> outside(TableView<?> table) {
        Bounds visible = scene(table);
        return table.lookupAll(".column-header").stream()
                .filter(n -> n instanceof TableColumnHeader h && h.getTableColumn() != null && h.isVisible()
                        && scene(h).getMaxX() > visible.getMaxX() + 2)
                .map(n -> "header " + ((TableColumnHeader) n).getTableColumn().getText() + "/"
                        + ((TableColumnHeader) n).getTableColumn().getUserData() + " ends at " + scene(n).getMaxX()
                        + ", right of the table's " + visible.getMaxX())
                .toList();
    }

    /**
     * The shown labels under {@code root} whose text is shortened ("…") and whose full text is not one hover away:
     * the pointer enters the label and each of its ancestors (a {@code CellTip} makes its tooltip then), and one of
     * them must have a tooltip containing the whole text. FX thread.
     */
    static List<String> cutWithoutTip(Node root) {
        List<String> out = new ArrayList<>();
        collectCut(root, out);
        return out;
    }

    private static void collectCut(Node n, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && CellTip.isCut(l) && !hoverShows(l)) {
            out.add(l.getClass().getSimpleName() + " '" + l.getText() + "'");
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collectCut(c, out));
        }
    }

    private static boolean hoverShows(Labeled l) {
        for (Node n = l; n != null; n = n.getParent()) {
            if (n instanceof Control c) {
                Event.fireEvent(c, new MouseEvent(MouseEvent.MOUSE_ENTERED, 1, 1, 1, 1, MouseButton.NONE, 0, false,
                        false, false, false, false, false, false, false, false, false, null));
                Tooltip t = c.getTooltip();
                if (t != null && t.getText() != null && t.getText().contains(l.getText())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @Timeout(120)
    void everyViewIsSavedAtBothSizes() throws Exception {
        awaitDemoLoaded();
        selectFirstPool();
        fx(() -> {
            app.profilesView().table().getSelectionModel().select(0);
            return null;
        });
        StringBuilder report = new StringBuilder();
        for (int[] wh : new int[][] {{1280, 720}, {1920, 1080}}) {
            size(wh[0], wh[1]);
            for (DashboardOptions.View v : DashboardOptions.View.values()) {
                show(v);
                Path file = DashboardIT.SHOTS.resolve("layout-" + v.name().toLowerCase(Locale.ROOT) + "-" + wh[0] + "x"
                        + wh[1] + ".png");
                fx(() -> {
                    PngExport.write(stage.getScene().getRoot(), file);
                    return null;
                });
                assertThat(file).exists();
                List<String> cut = fx(() -> ellipsized(app.mainView().currentView()));
                report.append(v).append(' ').append(wh[0]).append('x').append(wh[1]).append(": ").append(cut).append('\n');
            }
        }
        System.out.println("LAYOUT-REPORT\n" + report);
    }
}

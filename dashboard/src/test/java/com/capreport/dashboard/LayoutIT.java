package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.DemoConfig;
import com.capreport.agent.DemoProfiles;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.CellTip;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.pools.PoolRow;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.KeyCode;
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
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
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

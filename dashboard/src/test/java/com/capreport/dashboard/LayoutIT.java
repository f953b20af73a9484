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
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
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
                DashboardOptions.View.POOLS, 1280, 720, false));
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
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            Text shown = (Text) l.lookup(".text");
            if (shown != null && !shown.getText().equals(l.getText()) && !l.isWrapText()) {
                out.add(l.getClass().getSimpleName() + " '" + l.getText() + "' shown as '" + shown.getText() + "'"
                        + (l.getTooltip() == null ? " (no tooltip)" : ""));
            }
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    @Test
    @Timeout(90)
    void freeAndTotalColumnsAreFullyShownBesideTheDetailsPaneAt1280x720() throws Exception {
        awaitDemoLoaded();
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

package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.pools.PoolRow;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;
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
 * Numbers an admin compares with other tools, at 1280×720: a real agent reports "/" with the
 * filesystem driver (the machine's real statfs), and its reserved blocks show as reserved with
 * df's Use%; the pool is named "node-1/local-fs:/", never "node-1//"; an unsatisfiable profile
 * names what excludes every pool and the closest pools; an invalid one does not contradict itself.
 */
@ExtendWith(ApplicationExtension.class)
class NumbersIT {
    static final Path SHOTS = DashboardIT.SHOTS;
    static final String IOPS = "extras.IOConnectivityLineOfService.MaxIOPS";
    static final String SOURCES = "extras.DataStorageLineOfService.RecoverableCapacitySourceCount";
    static ManagedEtcd etcd;

    final String prefix = "/n-" + UUID.randomUUID().toString().substring(0, 8);
    Agent agent;
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
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1280, 720, false));
        app.start(stage);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (agent != null) {
            agent.close();
        }
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    private void estate() throws Exception {
        agent = TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                "  - name: local-fs\n    driver: filesystem\n    paths: [/]\n" + TestEstate.lvmLike("lvm-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> root().isPresent()
                && fx(() -> app.poolsModel().rows().size()) > 1);
    }

    private Optional<PoolRow> root() throws Exception {
        return fx(() -> app.poolsModel().rows().stream().filter(r -> r.pool().name().equals("/")).findFirst());
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void shot(DashboardOptions.View view, String file) throws Exception {
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

    private void resize(double width, double height) throws Exception {
        fx(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
    }

    private static String df(String column) throws Exception {
        Process p = new ProcessBuilder("df", "--output=" + column, "/").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().skip(1).findFirst().orElseThrow().trim();
    }

    @Test
    @Timeout(60)
    void theRootFileSystemShowsItsReservedBlocksAsReservedAndIsNamedReadably(FxRobot robot) throws Exception {
        estate();
        PoolSpec p = root().orElseThrow().pool();
        fx(() -> {
            app.poolsModel().selected().set(root().orElseThrow());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);

        // The used % is df's Use% (df rounds up), not "everything not free to writers".
        int dfPercent = Integer.parseInt(df("pcent").replace("%", ""));
        Node cell = fx(() -> robot.lookup("#poolsTable .table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getItem() instanceof PoolRow r
                        && r.pool().name().equals("/") && c.getGraphic() != null && c.getGraphic().lookup(".used-bar") != null)
                .findFirst().orElseThrow());
        String pct = fx(() -> ((Label) cell.lookup(".used-pct")).getText());
        assertThat(Integer.parseInt(pct.replace("%", ""))).isBetween(dfPercent - 1, dfPercent);
        if (p.reservedBytes() > 0) {
            // ext4 and friends reserve blocks for root: a reserved stretch in the bar, said in the details.
            assertThat(fx(() -> ((Region) cell.lookup(".reserved")).getWidth())).isPositive();
            assertThat(fx(() -> robot.lookup("#poolDetails").queryAll().stream().flatMap(n -> texts(n).stream())
                    .anyMatch(t -> t.equals("Reserved")))).isTrue();
        }
        assertThat(fx(() -> robot.lookup(".details-title").queryAll().stream().flatMap(n -> texts(n).stream())
                .toList())).contains("node-1/local-fs:/").noneMatch(t -> t.contains("//"));
        await().atMost(Duration.ofSeconds(6)).until(() -> fx(() -> app.poolsModel().changed().isEmpty()));
        shot(DashboardOptions.View.POOLS, "pools-reserved-1280.png");
        resize(1920, 1080);
        shot(DashboardOptions.View.POOLS, "pools-reserved-1920.png");

        // The gap matrix and a profile's lists name it the same way.
        putProfile(new ProfileSpec("any", "Any", "", null, null, reqs("freeCapacity", ">= 0")));
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.gapsModel().rows().stream()
                .anyMatch(l -> l.where().equals("node-1/local-fs:/"))));
        assertThat(fx(() -> app.gapsModel().rows().stream().map(l -> l.where()).toList()))
                .noneMatch(w -> w.contains("//"));
    }

    @Test
    @Timeout(60)
    void anUnsatisfiableProfileNamesWhatExcludesEveryPoolAndAnInvalidOneOnlyThatItIsInvalid(FxRobot robot)
            throws Exception {
        estate();
        putProfile(new ProfileSpec("fast-safe", "Fast and safe", "", null, null,
                reqs(IOPS, ">= 50000", SOURCES, ">= 5")));
        putProfile(new ProfileSpec("broken", "Broken", "", null, null, reqs(IOPS, ">= fast")));
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.profilesModel().rows().size()) == 2);
        fx(() -> {
            app.mainView().show(DashboardOptions.View.PROFILES);
            app.profilesModel().select("fast-safe");
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);

        List<String> lines = fx(() -> texts(robot.lookup("#profileUnsatisfied").query()));
        assertThat(lines).contains("Excludes every usable pool: IOConnectivityLineOfService.MaxIOPS >= 50000 (all "
                + fx(() -> app.poolsModel().rows().size()) + " fail it)");
        assertThat(lines).contains("Closest pools (fewest failing requirements):");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("• node-1/").contains(" lacks: "));
        assertThat(fx(() -> onScreen(robot.lookup("#profileUnsatisfied").query()))).isTrue();
        shot(DashboardOptions.View.PROFILES, "profiles-unsatisfiable-1280.png");
        resize(1920, 1080);
        shot(DashboardOptions.View.PROFILES, "profiles-unsatisfiable-1920.png");
        resize(1280, 720);

        fx(() -> {
            app.profilesModel().select("broken");
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        // Only that it is invalid and why: no table placeholder says every pool (or no pool) serves it.
        List<String> shown = fx(() -> visibleTexts(robot.lookup("#profileDetails").query()));
        assertThat(shown).anySatisfy(t -> assertThat(t).startsWith("Invalid: ").contains("'>=' needs a number"));
        assertThat(shown).noneMatch(t -> t.contains("serves this profile"));
        assertThat(fx(() -> onScreen(robot.lookup("#profileMatches").query())
                || onScreen(robot.lookup("#profileNonMatches").query()))).isFalse();
        assertThat(fx(() -> onScreen(robot.lookup("#profileUnsatisfied").query()))).isFalse();
        shot(DashboardOptions.View.PROFILES, "profiles-invalid-1280.png");
    }

    private void putProfile(ProfileSpec p) throws Exception {
        try (Client client = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            client.getKVClient().put(EtcdClients.bytes(new KeyLayout(prefix).profile(p.id())),
                    EtcdClients.bytes(Json.encodeString(p))).get(5, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> reqs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The node and every parent up to the scene's root are visible. */
    static boolean onScreen(Node n) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (!x.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    /** Every label text under a node. */
    static List<String> texts(Node root) {
        List<String> out = new java.util.ArrayList<>();
        collect(root, out, false);
        return out;
    }

    /** The label texts under a node that are on screen (the node and all its parents visible). */
    static List<String> visibleTexts(Node root) {
        List<String> out = new java.util.ArrayList<>();
        collect(root, out, true);
        return out;
    }

    private static void collect(Node n, List<String> out, boolean visibleOnly) {
        if (visibleOnly && !n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out, visibleOnly));
        }
        if (n instanceof javafx.scene.control.TableView<?> t && t.getPlaceholder() != null) {
            // A placeholder is only on screen when the table is empty.
            if (t.getItems().isEmpty()) {
                collect(t.getPlaceholder(), out, visibleOnly);
            }
        }
    }
}

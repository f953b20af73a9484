package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.attention.AttentionRow;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.pools.PoolRow;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolStanding;
import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Severity;
import com.capreport.model.attention.Target;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 12 item 2 / issue 13 item 5: a dock whose {@code alive} key holds garbage is of unknown
 * liveness, not dead, in every view. A real etcd and two real agents; node-2's agent is killed
 * (like {@code kill -9}) and its alive key overwritten at once by an {@code etcdctl put} without a
 * lease, so nobody heals it and it never expires. 1280×720.
 */
@ExtendWith(ApplicationExtension.class)
class UnreadableAliveIT {
    private static final int TTL = 3;
    private static final String PREFIX = "/unk";
    private ManagedEtcd etcd;
    private final List<Agent> agents = new ArrayList<>();
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        etcd = ManagedEtcd.start();
        for (String dock : List.of("node-1", "node-2")) {
            agents.add(TestEstate.startAgent(etcd, PREFIX, dock, "interval: 1s, leaseTtl: " + TTL + "s",
                    TestEstate.lvmLike("lvm-" + dock.substring(5))));
        }
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX),
                Optional.empty(), Optional.empty(), DashboardOptions.View.DOCKS, 1280, 720, false));
        app.start(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        agents.forEach(Agent::close);
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        etcd.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    /** The texts of the Docks view's row for {@code first} (a dock id or a backend name), cell by cell. */
    private String row(String first) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(2);
        return fx(() -> {
            TreeTableView<?> tree = (TreeTableView<?>) stage.getScene().lookup("#docksTree");
            List<List<String>> rows = new ArrayList<>();
            tree.lookupAll(".tree-table-row-cell").forEach(r -> {
                List<TreeTableCell<?, ?>> cells = new ArrayList<>();
                r.lookupAll(".tree-table-cell").forEach(c -> cells.add((TreeTableCell<?, ?>) c));
                cells.sort((a, b) -> Double.compare(a.localToScene(0, 0).getX(), b.localToScene(0, 0).getX()));
                List<String> texts = cells.stream().map(c -> c.getGraphic() instanceof Text t ? t.getText()
                        : c.getText() == null ? "" : c.getText()).toList();
                if (!texts.isEmpty() && texts.get(0).equals(first)) {
                    rows.add(texts);
                }
            });
            return rows.isEmpty() ? "" : String.join(" | ", rows.get(0));
        });
    }

    private Optional<Estate.Liveness> liveness(String dock) throws Exception {
        return fx(() -> app.docksModel().docks().stream().filter(d -> d.dockId().equals(dock)).findFirst()
                .map(d -> d.liveness()));
    }

    private List<String> kinds() throws Exception {
        return fx(() -> app.eventsModel().events().stream().map(EstateEvents.Event::kind).toList());
    }

    private void shot(DashboardOptions.View view, int w, int h, String file) throws Exception {
        fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            app.mainView().show(view);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(5);
        fx(() -> {
            app.mainView().applyCss();
            app.mainView().layout();
            PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve(file));
            return null;
        });
        assertThat(DashboardIT.SHOTS.resolve(file)).exists();
    }

    @Test
    @Timeout(90)
    void aGarbageAliveIsLivenessUnknownNotDeadInDocksAttentionPoolsHeaderAndEvents() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.docksModel().docks().size() == 2
                && app.docksModel().docks().stream().allMatch(d -> d.liveness() == Estate.Liveness.ALIVE
                && !d.loops().isEmpty() && d.loops().stream().allMatch(l -> l.health() == Estate.LoopHealth.RUNNING))
                && app.poolsModel().rows().size() == 6));
        int before = kinds().size();

        agents.get(1).crash(); // nobody will heal what comes next
        String key = new KeyLayout(PREFIX).alive("node-2");
        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX))) {
            // etcdctl put /unk/docks/node-2/alive 'not json': no lease, so it stays
            c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes("not json")).get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> liveness("node-2").orElse(null) == Estate.Liveness.UNKNOWN);
        // Past the dead agent's loop leases and its alive's TTL, when a death would have shown.
        await().atMost(Duration.ofSeconds(TTL * 4L)).until(() -> fx(() -> app.docksModel().docks().stream()
                .filter(d -> d.dockId().equals("node-2")).flatMap(d -> d.loops().stream())
                .allMatch(l -> l.health() == Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN)));
        await().pollDelay(Duration.ofSeconds(TTL + 2)).atMost(Duration.ofSeconds(TTL + 4)).until(() -> true);
        assertThat(liveness("node-2")).contains(Estate.Liveness.UNKNOWN);

        // Docks: the dock says liveness unknown with the key, its loop no dead thread and no dock down.
        String dock = row("node-2");
        assertThat(dock).contains("unknown since ").contains("alive key unreadable, liveness unknown").contains(key)
                .contains("not known dead").doesNotContain("dead since", "alive key expired", "process or host down");
        assertThat(row("lvm-2")).contains("dock liveness unknown").doesNotContain("dead thread", "dock down");
        assertThat(row("lvm-1")).contains("reporting · lease renewed");

        // Header: not a dead dock.
        assertThat(fx(() -> app.headerModel().docksDead().get())).isEqualTo("0 dead");
        assertThat(fx(() -> app.headerModel().docksUnknown().get())).isEqualTo("1 liveness unknown");
        assertThat(fx(() -> app.headerModel().stale().get())).isEqualTo("3 unknown (dock liveness)");

        // Pools: of unknown standing, not "stale since the dock died", and not available.
        List<PoolRow> pools = fx(() -> app.poolsModel().rows().stream()
                .filter(r -> r.pool().dockId().equals("node-2")).toList());
        assertThat(pools).hasSize(3).allSatisfy(r -> {
            assertThat(r.standing().kind()).isEqualTo(PoolStanding.Kind.DOCK_LIVENESS_UNKNOWN);
            assertThat(r.statusWord()).isEqualTo("unknown");
            assertThat(r.statusReason()).contains("alive key of dock node-2 is unreadable").doesNotContain("dead");
            assertThat(r.standing().usable()).isFalse();
        });

        // Attention: one line for the dock, with the key; no dead dock, no separate invalid entry.
        List<AttentionRow> rows = fx(() -> List.copyOf(app.attentionModel().rows()));
        assertThat(rows).extracting(r -> r.problem().kind()).doesNotContain(Kind.DOCK_DEAD, Kind.LOOP_DEAD,
                Kind.INVALID_ENTRY).contains(Kind.DOCK_LIVENESS_UNKNOWN);
        AttentionRow unknown = rows.stream().filter(r -> r.problem().kind() == Kind.DOCK_LIVENESS_UNKNOWN)
                .findFirst().orElseThrow();
        assertThat(unknown.problem().target()).isEqualTo(new Target.Dock("node-2"));
        assertThat(unknown.problem().what()).contains("dock node-2").endsWith("alive key unreadable, liveness unknown");
        assertThat(unknown.problem().why()).startsWith(key).contains("not known dead").contains("3 pools not current");
        assertThat(unknown.problem().severity()).isEqualTo(Severity.WARNING);

        // Events: one "liveness unknown", no death.
        List<String> news = kinds().subList(0, kinds().size() - before); // newest first
        assertThat(news).as(news.toString()).containsOnlyOnce("dock-liveness-unknown")
                .doesNotContain("dock-dead", "loop-dead");

        // The Events view's open problems (its badge): the dock of unknown liveness, not a dead one.
        List<com.capreport.dashboard.events.Problem> open = fx(() -> app.eventsModel().problems().stream()
                .map(com.capreport.dashboard.events.ProblemRow::problem).toList());
        assertThat(open).extracting(com.capreport.dashboard.events.Problem::kind)
                .contains(com.capreport.dashboard.events.Problem.Kind.DOCK_LIVENESS_UNKNOWN)
                .doesNotContain(com.capreport.dashboard.events.Problem.Kind.DOCK_DEAD,
                        com.capreport.dashboard.events.Problem.Kind.LOOP_DEAD);

        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            String at = size[0] + "x" + size[1] + ".png";
            shot(DashboardOptions.View.DOCKS, size[0], size[1], "docks-liveness-unknown-" + at);
            shot(DashboardOptions.View.ATTENTION, size[0], size[1], "attention-liveness-unknown-" + at);
            shot(DashboardOptions.View.POOLS, size[0], size[1], "pools-liveness-unknown-" + at);
        }
    }
}

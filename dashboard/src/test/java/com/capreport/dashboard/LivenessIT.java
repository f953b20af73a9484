package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Liveness as the admin reads it in the Docks view (issue 12, item 2), from the cells on screen: a
 * running loop says what its lease proves, a crashed dock is "dead since …" with its loops "dock
 * down" (never "dead thread"), and an etcd that hangs (SIGSTOP) for longer than the lease TTL is
 * explained as an outage, not as crashes. Own etcd (the pause must not disturb other tests), real
 * in-process agents, 1280×720.
 */
@ExtendWith(ApplicationExtension.class)
class LivenessIT {
    private static final int TTL = 4;
    private ManagedEtcd etcd;
    private final List<Agent> agents = new ArrayList<>();
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        etcd = ManagedEtcd.start();
        for (String dock : List.of("node-1", "node-2")) {
            agents.add(TestEstate.startAgent(etcd, "/live", dock, "interval: 1s, leaseTtl: " + TTL + "s",
                    TestEstate.lvmLike("lvm-" + dock.substring(5))));
        }
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), "/live"),
                Optional.empty(), Optional.empty(), DashboardOptions.View.DOCKS, 1280, 720, false));
        app.start(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        etcd.pause(false);
        agents.forEach(Agent::close);
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        etcd.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    /** The texts of the Docks view's row for {@code first} (a dock id or a backend name), cell by cell. */
    private List<String> row(String first) throws Exception {
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
            return rows.isEmpty() ? List.of() : rows.get(0);
        });
    }

    private List<String> kinds() throws Exception {
        return fx(() -> app.eventsModel().events().stream().map(EstateEvents.Event::kind).toList());
    }

    private Optional<Estate.Liveness> liveness(String dock) throws Exception {
        return fx(() -> app.docksModel().docks().stream().filter(d -> d.dockId().equals(dock)).findFirst()
                .map(d -> d.liveness()));
    }

    private void allRunning() {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.docksModel().docks().size() == 2
                && app.docksModel().docks().stream().allMatch(d -> d.liveness() == Estate.Liveness.ALIVE
                && !d.loops().isEmpty() && d.loops().stream().allMatch(l -> l.health() == Estate.LoopHealth.RUNNING))));
    }

    private void shoot(String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve(file));
            return null;
        });
    }

    @Test
    @Timeout(90)
    void aRunningLoopSaysWhatItsLeaseProvesAndACrashedDockIsDeadWithItsLoopsDockDown() throws Exception {
        allRunning();
        // A loop that succeeds every second: what its key proves, not a timestamp of its last change.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(row("lvm-1"))
                .contains("reporting · lease renewed ≤ " + TTL + " s ago"));
        assertThat(String.join(" | ", row("lvm-1"))).doesNotContain("last success");
        assertThat(String.join(" | ", row("node-1"))).contains("started ");
        assertThat(kinds()).as("docks that registered are no recoveries").doesNotContain("dock-alive", "loop-recovered");

        agents.get(1).crash(); // like kill -9: its leases are left to expire
        await().atMost(Duration.ofSeconds(TTL * 3L)).until(() -> liveness("node-2").orElse(null) == Estate.Liveness.DEAD);
        // past the loops' grace, when a wrong verdict would show
        await().pollDelay(Duration.ofSeconds(TTL + 2)).atMost(Duration.ofSeconds(TTL + 4)).until(() -> true);

        String dock = String.join(" | ", row("node-2"));
        assertThat(dock).matches(".*dead since \\d\\d:\\d\\d:\\d\\d \\(\\d+ s\\).*")
                .contains("alive key expired: process or host down");
        String loop = String.join(" | ", row("lvm-2"));
        assertThat(loop).contains("dock down since").doesNotContain("dead thread", "not reporting");
        assertThat(kinds()).containsOnlyOnce("dock-dead").doesNotContain("loop-dead");
        // the live dock is untouched
        assertThat(row("lvm-1")).contains("reporting · lease renewed ≤ " + TTL + " s ago");
        shoot("docks-dead-dock-1280.png");
    }

    @Test
    @Tag("faults")
    @Timeout(120)
    void anEtcdPauseLongerThanTheLeaseTtlIsExplainedAsAnOutageNotAsCrashes() throws Exception {
        allRunning();
        int before = kinds().size();

        etcd.pause(true); // SIGSTOP: etcd hangs, connections stay open
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.headerModel().bannerVisible().get()));
        // Keep it hung for three lease TTLs: every lease is overdue when etcd answers again.
        await().pollDelay(Duration.ofSeconds(TTL * 3L)).atMost(Duration.ofSeconds(TTL * 3L + 2)).until(() -> true);
        // What a lease proved is not known while etcd does not answer: no "renewed ≤ 4 s ago" now.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(String.join(" | ", row("lvm-1")))
                .matches(".*last seen reporting \\d\\d:\\d\\d:\\d\\d \\(\\d+ s\\).*")
                .doesNotContain("lease renewed"));
        assertThat(String.join(" | ", row("node-1"))).contains("last seen alive ").doesNotContain("lease renewed");
        shoot("docks-etcd-paused-1280.png");
        etcd.pause(false);

        await().atMost(Duration.ofSeconds(30)).until(() -> kinds().contains("etcd-outage"));
        allRunning(); // the agents re-register on their own
        // and two TTLs later, when a late verdict would show
        await().pollDelay(Duration.ofSeconds(TTL * 2L + 2)).atMost(Duration.ofSeconds(TTL * 2L + 4)).until(() -> true);

        List<EstateEvents.Event> news = fx(() -> List.copyOf(app.eventsModel().events()));
        List<String> newKinds = news.stream().map(EstateEvents.Event::kind).toList()
                .subList(0, news.size() - before); // newest first
        assertThat(newKinds).as(news.toString()).containsOnlyOnce("etcd-outage")
                .doesNotContain("dock-dead", "loop-dead", "dock-alive");
        EstateEvents.Event outage = news.stream().filter(e -> e.kind().equals("etcd-outage")).findFirst()
                .orElseThrow();
        assertThat(outage.message()).matches("etcd unreachable for \\d+ s \\(.*\\); leases expired during the etcd"
                + " outage: .*node-1.*").contains("node-2")
                .contains("not a crash");
        assertThat(fx(() -> app.headerModel().bannerVisible().get())).isFalse();
        assertThat(row("lvm-1")).contains("reporting · lease renewed ≤ " + TTL + " s ago");
        shoot("docks-after-etcd-pause-1280.png");
    }
}

package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeTableCell;
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
 * Issue 14 item 4 on the admin's screen: a dock whose agent died while someone else keeps its
 * process lease alive (etcd does not check keep-alives against roles) still has its {@code alive}
 * key, but no new proof of life: the dashboard says "alive (unverified)", never a green alive, and
 * its pools are not current. A real etcd, a real agent (crashed as by kill -9), a second client
 * renewing the lease. 1280×720 and 1920×1080.
 */
@ExtendWith(ApplicationExtension.class)
class UnverifiedDockIT {
    private static final String PREFIX = "/unverified";
    private ManagedEtcd etcd;
    private Agent healthy;
    private Agent victim;
    private Client intruder;
    private CloseableClient keepAlive;
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        etcd = ManagedEtcd.start();
        healthy = TestEstate.startAgent(etcd, PREFIX, "node-1", "interval: 1s, leaseTtl: 3s, proofPeriod: 2s",
                TestEstate.lvmLike("lvm-1"));
        victim = TestEstate.startAgent(etcd, PREFIX, "node-2", "interval: 1s, leaseTtl: 3s, proofPeriod: 2s",
                TestEstate.lvmLike("lvm-2"));
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX),
                Optional.empty(), Optional.empty(), DashboardOptions.View.DOCKS, 1280, 720, false));
        app.start(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (keepAlive != null) {
            keepAlive.close();
        }
        if (intruder != null) {
            intruder.close();
        }
        healthy.close();
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        etcd.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private String docksText() throws Exception {
        WaitForAsyncUtils.waitForFxEvents(2);
        return fx(() -> String.join("\n", stage.getScene().lookup("#docksTree").lookupAll(".tree-table-cell").stream()
                .map(n -> (TreeTableCell<?, ?>) n)
                .map(c -> c.getGraphic() instanceof Text t ? t.getText() : c.getText() == null ? "" : c.getText())
                .toList()));
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
    }

    @Test
    @Timeout(90)
    void aDeadDockWhoseLeaseSomeoneKeepsAliveIsShownUnverifiedNotAlive() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.docksModel().docks().size() == 2
                && app.poolsModel().rows().size() == 6));
        assertThat(docksText()).doesNotContain("unverified");

        KeyLayout layout = new KeyLayout(PREFIX);
        intruder = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX));
        long lease = intruder.getKVClient().get(EtcdClients.bytes(layout.alive("node-2"))).get(5, TimeUnit.SECONDS)
                .getKvs().get(0).getLease();
        victim.crash(); // as after kill -9: nothing revoked, nobody renews — except the intruder
        keepAlive = intruder.getLeaseClient().keepAlive(lease, new StreamObserver<LeaseKeepAliveResponse>() {
            @Override
            public void onNext(LeaseKeepAliveResponse r) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });

        // Two proof periods (+ slack) later: the key lives, the dock is not called healthy.
        await().atMost(Duration.ofSeconds(30)).until(() -> docksText().contains("alive (unverified)"));
        assertThat(fx(() -> app.docksModel().docks().stream().filter(d -> d.dockId().equals("node-2")).findFirst()
                .orElseThrow().liveness())).isEqualTo(Estate.Liveness.ALIVE);
        // Its loop key expired with its own lease: not a "dead thread" of a live agent — nothing proves the agent lives.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.docksModel().docks().stream()
                .filter(d -> d.dockId().equals("node-2")).flatMap(d -> d.loops().stream())
                .allMatch(l -> l.health() == Estate.LoopHealth.DOCK_LIVENESS_UNKNOWN)));
        assertThat(docksText()).doesNotContain("dead thread");
        // Before the proof is overdue (2 periods + slack) the vanished loop key reads as a dead thread of a
        // live agent (one loop-dead event): nothing else can be known yet. The dock is never called dead.
        assertThat(fx(() -> app.eventsModel().events().stream().map(com.capreport.model.EstateEvents.Event::kind)
                .toList())).doesNotContain("dock-dead");
        assertThat(fx(() -> app.headerModel().docksAlive().get())).isEqualTo("2 docks: 1 alive");
        assertThat(fx(() -> app.headerModel().docksUnknown().get())).isEqualTo("1 alive (unverified)");
        assertThat(fx(() -> app.poolsModel().rows().stream().filter(r -> r.pool().dockId().equals("node-2"))
                .map(r -> r.standing().kind() + " " + r.statusWord()).toList()))
                .hasSize(3).allSatisfy(w -> assertThat(w).startsWith("NOT_CURRENT_DOCK_UNVERIFIED not current"));
        assertThat(fx(() -> app.attentionModel().rows().stream()
                .anyMatch(r -> r.problem().what().contains("node-2") && r.problem().what().contains("unverified"))))
                .isTrue();

        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            for (DashboardOptions.View v : List.of(DashboardOptions.View.DOCKS, DashboardOptions.View.ATTENTION,
                    DashboardOptions.View.POOLS)) {
                shot(v, size[0], size[1], "unverified-" + v.name().toLowerCase(java.util.Locale.ROOT) + "-"
                        + size[0] + "x" + size[1] + ".png");
            }
        }
        Labeled header = fx(() -> (Labeled) stage.getScene().lookup("#docksUnknown"));
        assertThat(fx(header::getText)).contains("unverified");
    }
}

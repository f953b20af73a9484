package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.docks.DockEntry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code --snapshot FILE} with no etcd: the dashboard shows the file offline. A listening socket
 * stands where etcd would be, so any connection attempt is seen; none may come before Back to live.
 */
@ExtendWith(ApplicationExtension.class)
class OfflineSnapshotIT {
    private static final Instant TAKEN = Instant.parse("2026-11-26T10:01:30.250Z");
    private ServerSocket fakeEtcd;
    private final AtomicInteger attempts = new AtomicInteger();
    private Thread acceptor;
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        fakeEtcd = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!fakeEtcd.isClosed()) {
                try (Socket s = fakeEtcd.accept()) {
                    attempts.incrementAndGet();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "fake-etcd-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        Path file = Files.createTempFile("offline-snapshot", ".json");
        try (InputStream in = OfflineSnapshotIT.class.getResourceAsStream("/fixtures/offline-snapshot.json")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of("http://127.0.0.1:"
                + fakeEtcd.getLocalPort()), "/capreport/v1"), Optional.empty(), Optional.empty(),
                DashboardOptions.View.DOCKS, 1280, 720, false, Optional.of(file)));
        app.start(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        fakeEtcd.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(60)
    void aSnapshotOpenedAtStartIsShownOfflineWithAgesAsOfItsTakenAt() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.headerModel().sourceProperty().get())
                instanceof HeaderViewModel.Source.OfflineSnapshot);
        HeaderViewModel.Source.OfflineSnapshot src = (HeaderViewModel.Source.OfflineSnapshot) fx(() ->
                app.headerModel().sourceProperty().get());
        assertThat(src.takenAt()).contains(TAKEN);
        assertThat(src.revision()).isEqualTo(918273);
        // Longer than the watcher needs to declare an outage (it does within a few seconds of a refused connection).
        Thread.sleep(6000);
        assertThat(attempts.get()).as("connections to the etcd endpoint").isZero();
        assertThat(fx(() -> app.liveStarted())).isFalse();
        assertThat(fx(() -> app.headerModel().bannerVisible().get())).isFalse();
        String etcdText = fx(() -> ((Labeled) stage.getScene().lookup("#etcdStatus")).getText());
        assertThat(etcdText).startsWith("snapshot taken 2026-11-26").endsWith(" · offline").doesNotContain("connecting").doesNotContain("unreachable");
        assertThat(fx(() -> app.headerModel().docksDead().get())).isEqualTo("1 dead");

        // Ages count to the moment the snapshot was taken, not to today (9 days later), and the dead dock's
        // time is its last report, never "before the dashboard started".
        assertThat(fx(() -> app.docksModel().now().get())).isEqualTo(TAKEN);
        DockEntry.Dock dead = fx(() -> app.docksModel().docks().stream()
                .filter(d -> d.dockId().equals("node-c3")).findFirst().orElseThrow());
        assertThat(dead.since()).isPresent();
        String since = fx(() -> com.capreport.dashboard.common.Formats.since(dead.since().orElseThrow(),
                app.docksModel().now().get()));
        assertThat(since).isEqualTo("since after its last report "
                + com.capreport.dashboard.common.Formats.clockAndAge(Instant.parse("2026-11-26T07:41:13.008Z"), TAKEN))
                .contains("(2 h before the snapshot)").doesNotContain("dashboard");
        assertThat(fx(() -> app.poolsModel().now().get())).isEqualTo(TAKEN);
        assertThat(fx(() -> app.attentionModel().now().get())).isEqualTo(TAKEN);

        for (DashboardOptions.View v : List.of(DashboardOptions.View.DOCKS, DashboardOptions.View.POOLS,
                DashboardOptions.View.ATTENTION)) {
            Path shot = DashboardIT.SHOTS.resolve("offline-snapshot-" + v.name().toLowerCase(java.util.Locale.ROOT)
                    + "-1280x720.png");
            fx(() -> {
                app.mainView().show(v);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents(3);
            fx(() -> {
                PngExport.write(stage.getScene().getRoot(), shot);
                return null;
            });
        }

        // What the admin reads on screen says what the ages count back from: no "ago" in the Docks view.
        fx(() -> {
            app.mainView().show(DashboardOptions.View.DOCKS);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        String docksText = fx(() -> stage.getScene().lookup("#docksTree").lookupAll(".tree-table-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.Labeled l && l.getText() != null)
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).collect(java.util.stream.Collectors.joining("\n")));
        assertThat(docksText).contains("before the snapshot").doesNotContain(" ago");

        // Back to live: only now does the dashboard connect to etcd.
        fx(() -> {
            app.snapshotsModel().backToLive();
            return null;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> attempts.get() > 0);
        assertThat(fx(() -> app.headerModel().sourceProperty().get())).isInstanceOf(HeaderViewModel.Source.Live.class);
        assertThat(com.capreport.dashboard.common.Formats.ageBasis()).isEqualTo(com.capreport.dashboard.common.Formats.AgeBasis.NOW);
    }
}

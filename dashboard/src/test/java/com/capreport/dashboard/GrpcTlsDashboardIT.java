package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.grpc.GrpcTls;
import com.capreport.agent.testing.GrpcPki;
import com.capreport.dashboard.common.PngExport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Discover now" from the dashboard to two docks whose gRPC requires mutual TLS (certificates made
 * with openssl), and the one line a dashboard without --grpc-cacert shows for such a dock.
 */
@ExtendWith(ApplicationExtension.class)
class GrpcTlsDashboardIT {
    static final Path SHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    static ManagedEtcd etcd;
    @TempDir
    static Path dir;
    static GrpcPki pki;

    final String prefix = "/t-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Agent> agents = new ArrayList<>();
    DashboardApp app;
    Stage stage;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = ManagedEtcd.start();
        pki = GrpcPki.create(dir);
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
        app = new DashboardApp(options(GrpcTls.Client.of(pki.caCert(), pki.clientCert(), pki.clientKey())));
        app.start(stage);
    }

    private DashboardOptions options(Optional<GrpcTls.Client> tls) {
        return new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), prefix), Optional.empty(),
                Optional.empty(), DashboardOptions.View.DOCKS, 1280, 720, true).withGrpcTls(tls);
    }

    @AfterEach
    void stopAll() throws Exception {
        agents.forEach(Agent::close);
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    private void mtlsAgent(String dockId, String backends) throws Exception {
        String yaml = "dock: { id: " + dockId + ", availabilityZone: az1, grpc: { listen: \"127.0.0.1:0\", cert: \""
                + pki.serverCert() + "\", key: \"" + pki.serverKey() + "\", clientCa: \"" + pki.caCert() + "\" } }\n"
                + "etcd: { endpoints: [\"" + etcd.endpoint() + "\"], prefix: \"" + prefix + "\" }\n"
                + "discovery: { interval: 60s, leaseTtl: 5s }\n"
                + "backends:\n" + backends;
        agents.add(Agent.start(new ConfigLoader(DriverRegistry.builtIn()).parse(dockId + ".yaml", yaml)));
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private String discoverNow(FxRobot robot, String dockId) throws Exception {
        fx(() -> {
            app.docksView().select(dockId);
            return null;
        });
        robot.clickOn("#discoverNow");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> !app.docksModel().discovering().get()
                && !app.docksModel().discoverResult().get().startsWith("discovering")
                && !app.docksModel().discoverResult().get().isEmpty()));
        return fx(() -> app.docksModel().discoverResult().get());
    }

    private void shots(String name) throws Exception {
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            fx(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents(3);
            Path file = SHOTS.resolve(name + "-" + size[0] + "x" + size[1] + ".png");
            fx(() -> {
                PngExport.write(stage.getScene().getRoot(), file);
                return null;
            });
            assertThat(file).exists();
        }
    }

    @Test
    @Timeout(90)
    void discoverNowReachesBothStorageNodesOverMutualTls(FxRobot robot) throws Exception {
        mtlsAgent("lvm-node", TestEstate.lvmLike("lvm-1"));
        mtlsAgent("ceph-node", TestEstate.cephLike("ceph-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.docksModel().docks().size()) == 2);

        assertThat(discoverNow(robot, "lvm-node")).startsWith("discover now on lvm-node: lvm-1 ok, 3 pool(s)");
        assertThat(discoverNow(robot, "ceph-node")).startsWith("discover now on ceph-node: ceph-1 ok");
        shots("docks-discover-mtls");
    }

    @Test
    @Timeout(90)
    void withoutGrpcOptionsAPlainCallToATlsDockIsOneClearLine(FxRobot robot) throws Exception {
        // The same dashboard started without --grpc-cacert/--grpc-cert/--grpc-key.
        fx(() -> {
            app.stop();
            app = new DashboardApp(options(Optional.empty()));
            app.start(stage);
            return null;
        });
        mtlsAgent("lvm-node", TestEstate.lvmLike("lvm-1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.docksModel().docks().size()) == 1);

        String line = discoverNow(robot, "lvm-node");
        assertThat(line).startsWith("discover now on lvm-node failed: UNAVAILABLE at 127.0.0.1:")
                .contains("this agent requires TLS: give --grpc-cacert");
        assertThat(line.lines().count()).isEqualTo(1);
        assertThat(line).doesNotContain("Exception").doesNotContain("\tat ");
        shots("docks-discover-plain-to-tls");
    }
}

package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** etcd going away under the dashboard: a banner says since when; it recovers by itself. Own etcd. */
@ExtendWith(ApplicationExtension.class)
class EtcdOutageBannerIT {
    private ManagedEtcd etcd;
    private Agent agent;
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        etcd = ManagedEtcd.start();
        agent = TestEstate.startAgent(etcd, "/outage", "node-1", "interval: 60s, leaseTtl: 10s", TestEstate.lvmLike("lvm-1"));
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), "/outage"),
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1500, 720, false));
        app.start(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        agent.close();
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
        etcd.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(90)
    void anOutageShowsABannerWithItsDurationAndTheDashboardRecoversByItself() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.poolsModel().rows().size()) > 0);
        int pools = fx(() -> app.poolsModel().rows().size());
        etcd.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.headerModel().bannerVisible().get()));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> app.headerModel().banner().get()).matches(".*\\d+ s.*"));
        assertThat(fx(() -> app.headerModel().banner().get())).contains("unreachable");
        assertThat(fx(() -> app.poolsModel().rows().size())).as("the last known estate stays on screen").isEqualTo(pools);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve("etcd-down-banner.png"));
            return null;
        });
        etcd.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> !fx(() -> app.headerModel().bannerVisible().get()));
        assertThat(fx(() -> app.headerModel().etcd().get())).contains("connected");
    }
}

package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.testing.EtcdFill;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.pools.PoolRow;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * etcd full under the dashboard (a 16 MiB quota filled until NOSPACE): etcd still answers, so the
 * outage banner must not show; the alarm banner says that etcd refuses writes and how to recover, the
 * header says ALARM, every pool is "not current" instead of "available"; after the admin's recovery
 * (compact, defragment, disarm) all of it clears by itself. Own etcd, real agent, 1280×720.
 */
@Tag("faults")
@ExtendWith(ApplicationExtension.class)
class EtcdAlarmBannerIT {
    private static final String PREFIX = "/alarmfx";
    private ManagedEtcd etcd;
    private Agent agent;
    private DashboardApp app;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        etcd = EtcdFill.startSmall();
        agent = TestEstate.startAgent(etcd, PREFIX, "node-1", "interval: 1s, leaseTtl: 4s", TestEstate.lvmLike("lvm-1"));
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX),
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1280, 720, false));
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

    private List<String> statusWords() throws Exception {
        return fx(() -> app.poolsModel().rows().stream().map(PoolRow::statusWord).toList());
    }

    @Test
    @Timeout(120)
    void aFullEtcdRaisesTheAlarmBannerMarksPoolsNotCurrentAndClearsAfterRecovery() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.poolsModel().rows().size()) > 0);
        assertThat(statusWords()).allMatch("available"::equals);
        assertThat(fx(() -> app.headerModel().bannerVisible().get())).isFalse();

        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX))) {
            EtcdFill.fillUntilRefused(c, "/filler");
            await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> app.headerModel().bannerVisible().get()));
            String banner = fx(() -> app.headerModel().banner().get());
            assertThat(banner).startsWith("etcd refuses writes: alarm NOSPACE").contains("compact, defragment")
                    .contains("etcdctl alarm disarm").doesNotContain("unreachable");
            assertThat(fx(() -> app.headerModel().etcd().get())).contains("ALARM, refuses writes");
            await().atMost(Duration.ofSeconds(10)).until(() -> statusWords().stream().allMatch("not current"::equals));
            assertThat(fx(() -> app.poolsModel().rows().get(0).statusReason())).contains("NOSPACE");
            await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> app.headerModel().stale().get()).equals("3 not current"));
            fx(() -> {
                PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve("etcd-alarm-banner-1280.png"));
                return null;
            });

            EtcdFill.recover(c, etcd.endpoint(), "/filler");
            await().atMost(Duration.ofSeconds(30)).until(() -> !fx(() -> app.headerModel().bannerVisible().get()));
            assertThat(fx(() -> app.headerModel().etcd().get())).contains("connected").doesNotContain("ALARM");
            await().atMost(Duration.ofSeconds(10)).until(() -> statusWords().stream().allMatch("available"::equals));
            assertThat(fx(() -> app.headerModel().stale().get())).isEmpty();
        }
    }
}
